"""Where the decoder writes: paths confined to ``--root``, links not followed, modes and owners that fail closed.

A path is turned into components once (``..`` resolved by name: an absolute
name stops at the top, a relative one that climbs out of ``--root`` is
refused) and every directory is then opened one component at a time from
the top, each relative to the one before.  Under ``--root`` no component is
ever a symbolic link that is followed (``O_NOFOLLOW``), so no link inside the
root can send a write outside it; without a root the system's own links
(``/var/run``, ``/bin``...) are followed as usual.  A file is written to a
short temporary name beside its target (names up to 255 bytes work), given
its owner, then its mode (a chown clears setuid bits), flushed and renamed
over the target.  ``X-Mode`` reads 3 or 4 octal digits and ``X-Owner``
``USER[:GROUP]`` (names or numbers); anything else refuses the part, and
setuid/setgid bits are refused unless the decoder was told to allow them.
Standard library only.
"""

import errno
import os
import posixpath
import re
import secrets
import stat

_MODE_RE = re.compile(r"[0-7]{3,4}")
_ID_MAX = 2**32 - 2
SETID_BITS = stat.S_ISUID | stat.S_ISGID
DIR_MODE = 0o755


class PathError(ValueError):
    """A path cannot be written where it asks (outside the root, through a link, not a directory)."""


def parse_mode(value: "object", allow_setid: "bool") -> "int":
    """The mode an ``X-Mode`` header asks for; raises :class:`ValueError` saying why it is refused."""
    text = str(value).strip()
    if not _MODE_RE.fullmatch(text):
        raise ValueError(f"invalid mode {text!r}: 3 or 4 octal digits are expected, such as 0640")
    mode = int(text, 8)
    if mode & SETID_BITS and not allow_setid:
        raise ValueError(f"mode {text} sets setuid or setgid: refused (oscmd-init decode --allow-setid allows it)")
    return mode


def parse_owner(value: "object") -> "tuple[int, int]":
    """(uid, gid) of an ``X-Owner`` header (-1: unchanged); raises :class:`ValueError` when it does not resolve."""
    text = str(value).strip()
    user, _, group = text.partition(":")
    if not user and not group:
        raise ValueError(f"invalid owner {text!r}: USER, USER:GROUP or :GROUP is expected")
    try:
        uid = _user_id(user) if user else -1
        gid = _group_id(group) if group else -1
    except (KeyError, ValueError):
        raise ValueError(f"invalid owner {text!r}: no such user or group on this system") from None
    return uid, gid


def _user_id(user: "str") -> "int":
    import pwd  # POSIX only: imported when needed so the constants here load anywhere

    return _number(user) if user.isdigit() else pwd.getpwnam(user).pw_uid


def _group_id(group: "str") -> "int":
    import grp

    return _number(group) if group.isdigit() else grp.getgrnam(group).gr_gid


def _number(text: "str") -> "int":
    number = int(text)
    if number > _ID_MAX:
        raise ValueError(text)
    return number


class Tree:
    """The file system the decoder writes to: ``/``, or ``root`` when given."""

    def __init__(self, root: "str | None" = None) -> None:
        self.root = os.path.abspath(root) if root else None

    # ------------------------------------------------------------- naming
    def components(self, path: "str", base: "list[str] | None" = None) -> "list[str]":
        """The components of ``path`` below the top; a relative ``path`` is read from ``base``."""
        parts = [] if posixpath.isabs(path) or base is None else list(base)
        for name in path.split("/"):
            if name in ("", "."):
                continue
            if name != "..":
                parts.append(name)
            elif parts:
                parts.pop()
            elif not posixpath.isabs(path) and self.root is not None:
                raise PathError(f"{path} is outside {self.root}")
        return parts

    def display(self, parts: "list[str]") -> "str":
        """How the path of ``parts`` is printed (under the root when there is one)."""
        return (self.root or "") + "/" + "/".join(parts)

    def split(self, path: "str") -> "list[str]":
        """The components of ``path``, an absolute path seen through the root (such as the workdir)."""
        if self.root is not None and (path == self.root or path.startswith(self.root + "/")):
            path = path[len(self.root):]
        return self.components("/" + path.lstrip("/"))

    # ----------------------------------------------------------- opening
    def open_dir(self, parts: "list[str]", create: "bool") -> "int | None":
        """A descriptor of the directory ``parts``, made on the way when ``create``; None when missing."""
        no_follow = os.O_NOFOLLOW if self.root is not None else 0
        flags = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.root or "/", flags)
        except FileNotFoundError:
            if create:
                raise
            return None
        try:
            for index, name in enumerate(parts):
                try:
                    child = os.open(name, flags | no_follow, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        os.close(fd)
                        return None
                    try:
                        os.mkdir(name, DIR_MODE, dir_fd=fd)
                    except FileExistsError:
                        pass
                    child = os.open(name, flags | no_follow, dir_fd=fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                        where = self.display(parts[: index + 1])
                        kind = "a symbolic link (not followed under --root)" if _is_link(name, fd) \
                            else "not a directory"
                        raise PathError(f"{where} is {kind}") from None
                    raise
                os.close(fd)
                fd = child
        except BaseException:
            os.close(fd)
            raise
        return fd

    def lstat(self, parts: "list[str]") -> "os.stat_result | None":
        """The status of ``parts`` itself (a link is not followed), None when it does not exist."""
        fd = self.open_dir(parts[:-1], create=False)
        if fd is None:
            return None
        try:
            return os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        finally:
            os.close(fd)

    def make_temp_dir(self, parts: "list[str]", prefix: "str") -> "list[str]":
        """A new private directory (0700) with a random name in the directory ``parts``; its components."""
        fd = self.open_dir(parts, create=True)
        assert fd is not None
        try:
            while True:
                name = prefix + secrets.token_hex(4)
                try:
                    os.mkdir(name, 0o700, dir_fd=fd)
                    return [*parts, name]
                except FileExistsError:
                    continue
        finally:
            os.close(fd)

    # ----------------------------------------------------------- writing
    def write(self, parts: "list[str]", data: "bytes", mode: "int", owner: "tuple[int, int] | None") -> None:
        """Write ``data`` to ``parts`` atomically: temporary file, owner, then mode, fsync, rename."""
        if not parts:
            raise PathError(f"{self.display(parts)} is a directory")
        fd = self.open_dir(parts[:-1], create=True)
        assert fd is not None
        try:
            _replace(fd, parts[-1], data, mode, owner)
        finally:
            os.close(fd)


def _replace(dir_fd: "int", name: "str", data: "bytes", mode: "int", owner: "tuple[int, int] | None") -> None:
    temp = f".oscmd-init.{secrets.token_hex(6)}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(temp, flags, 0o600, dir_fd=dir_fd)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            if owner is not None:
                os.fchown(fd, owner[0], owner[1])
            os.fchmod(fd, mode)  # after the owner: chown clears setuid and setgid
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(temp, dir_fd=dir_fd)
        except OSError:
            pass
        raise


def _is_link(name: "str", dir_fd: "int") -> "bool":
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False

