"""The one way oscmd writes and reads its local files: new, atomic, never through a link.

Every file oscmd writes (private keys, saved scripts, the cache, the history,
known_hosts) goes through this module.  :func:`write_file` writes a complete new
file under a temporary name nobody can predict or pre-link
(``O_CREAT|O_EXCL|O_NOFOLLOW``, its mode from the first byte), syncs it, then
gives it its name: exclusively (an existing file or link is never replaced) or
by an atomic rename that replaces the old file only once the new one is whole.
:func:`append_record` adds one record with one ``write`` under an exclusive
lock, refusing a link or anything but a regular file of the user's, cuts a
record that a full disk left half-written, and can keep the file bounded by
setting it aside once full (:class:`Rotation`).  :func:`open_regular` and
:func:`read_regular` read a file only if it is a regular file, opened
non-blocking (and by default without following a link), so a FIFO or a device
planted where a cache file should be can neither hang nor feed oscmd.
:func:`write_output` is where a line's ``> FILE`` and ``>> FILE`` go.
:func:`private_dir` makes and checks oscmd's own directories (0700, the
user's).  Stdlib only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_TEMP_TRIES = 8
_TEMP_STEM_BYTES = 100  # ".{stem}.{12 hex}.tmp" stays far below NAME_MAX (255 bytes)
# os.link failing with these means "no hard links here", not "the name exists".
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS})


class LinkRefused(OSError):
    """The target is a symbolic link: oscmd never writes (or reads its own files) through one."""


class NotRegular(OSError):
    """The path is a FIFO, a directory, a socket or a device where a regular file was expected."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


def _refused_link(path: Path, what: str) -> LinkRefused:
    return LinkRefused(errno.ELOOP, f"is a symbolic link; oscmd never {what} through one", str(path))


def _not_regular(path: Path, mode: int) -> NotRegular:
    return NotRegular(errno.EINVAL, f"is {_kind(mode)}, not a regular file", str(path))


def _not_ours(path: Path) -> PermissionError:
    return PermissionError(errno.EPERM, "belongs to another user", str(path))


def private_dir(path: Path, *, tighten: bool = True) -> Path:
    """Create ``path`` and its missing parents with mode 0700 and return it.

    With ``tighten`` (the default, for oscmd's own directories) an existing
    directory must belong to the user (:class:`PermissionError` otherwise, so a
    directory planted by someone else in a shared place is never used) and is
    set to 0700.  Without it (a directory the user named, such as
    ``keypair create -o DIR``) an existing directory is used as it is.
    """
    missing: list[Path] = []
    probe = path
    while not probe.is_dir():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for directory in reversed(missing):
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            if not directory.is_dir():
                raise
            continue
        with contextlib.suppress(OSError):
            os.chmod(directory, 0o700)  # the umask may have narrowed it below what oscmd needs
    if tighten and path not in missing:
        info = os.stat(path)
        if info.st_uid != os.geteuid():
            raise _not_ours(path)
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(path, 0o700)
    return path


def _temp_name(path: Path) -> Path:
    stem = os.fsencode(path.name)[:_TEMP_STEM_BYTES].decode("utf-8", "ignore")
    return path.with_name(f".{stem}.{secrets.token_hex(6)}.tmp")


def _create_temp(path: Path, mode: int) -> tuple[Path, int]:
    """A new, empty, exclusively created file beside ``path`` and its descriptor."""
    tries = 0
    while True:
        tmp = _temp_name(path)
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
        except FileExistsError:  # a name planted in advance (or a 1 in 2**48 chance): draw another
            tries += 1
            if tries == _TEMP_TRIES:
                raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | _CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refuse_link(path: Path) -> None:
    """Raise :class:`LinkRefused` when ``path`` is a symbolic link."""
    if path.is_symlink():
        raise _refused_link(path, "writes")


def write_file(path: Path, data: bytes, *, mode: int = 0o600, replace: bool = False,
               keep_mode: bool = False) -> None:
    """Write ``data`` as the complete new file ``path``, with ``mode`` (less the umask) from the first byte.

    Without ``replace`` an existing name (file, link, FIFO, directory) is never
    touched: :class:`FileExistsError`.  With ``replace`` an existing regular
    file is replaced atomically, so a reader sees the old file or the new one
    and a full disk leaves the old one intact; a symbolic link at ``path`` is
    refused (:class:`LinkRefused`) and, as rename never follows one, a link
    planted after that check is replaced, not written through.  With
    ``keep_mode`` the new file takes the permission bits of the file it
    replaces (``mode`` applies when there is none).  The directory must
    exist.  Whatever fails, no temporary file is left behind.
    """
    exact: int | None = None
    if replace:
        refuse_link(path)
        if keep_mode:
            with contextlib.suppress(FileNotFoundError):
                exact = stat.S_IMODE(os.lstat(path).st_mode)
    elif os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    tmp, fd = _create_temp(path, mode if exact is None else exact)
    try:
        try:
            if exact is not None:
                os.fchmod(fd, exact)  # the old file's bits exactly, whatever the umask
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path, data, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _link_new(tmp: Path, path: Path, data: bytes, mode: int) -> None:
    """Give the complete ``tmp`` file the name ``path`` unless that name exists."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINKS:
            raise
        # No hard links on this filesystem: create the name exclusively instead.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
    # The file has its name now: failing to drop the temporary name must not undo that.
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def write_private(path: Path, data: bytes, *, exclusive: bool = False, tighten_dir: bool = True) -> None:
    """Write ``data`` to ``path`` with mode 0600 in a 0700 directory (see :func:`write_file`).

    With ``exclusive`` an existing ``path`` is never replaced (:class:`FileExistsError`).
    ``tighten_dir`` is passed to :func:`private_dir` for the parent directory.
    """
    private_dir(path.parent, tighten=tighten_dir)
    write_file(path, data, mode=0o600, replace=not exclusive)


@dataclass(frozen=True)
class Rotation:
    """How an appended file is kept bounded: once it holds ``limit`` bytes, it becomes ``previous``
    (replacing the one before) and a new file takes its name, starting with ``start(its bytes)``."""

    limit: int
    previous: Path
    start: Callable[[bytes], bytes]


def append_record(path: Path, data: bytes, *, mode: int = 0o600, rotation: Rotation | None = None) -> None:
    """Append ``data`` to ``path`` with one ``write`` under an exclusive lock.

    The file is created with ``mode`` when missing; an existing one must be a
    regular file of the user's (a link, a FIFO, a directory or another user's
    file is refused) and is narrowed to ``mode`` if it allows more.  Records
    are lines: if the file does not end with a newline (cut short by hand or by
    an older program), one is written first.  Concurrent writers (two shells, a
    script) never interleave records, and a write that fails half-way (a full
    disk) is cut off again, so the file never holds half a record.  Empty
    ``data`` only creates and checks the file.  With ``rotation``, a file
    that has reached its limit is set aside first, under the same lock, and the
    name never goes missing meanwhile; a writer that was waiting for the lock
    of the file set aside appends to the new one.
    """
    for _ in range(_TEMP_TRIES):
        fd = _open_append(path, mode)
        try:
            info = os.fstat(fd)
            if info.st_uid != os.geteuid():
                raise _not_ours(path)
            if stat.S_IMODE(info.st_mode) & ~mode:
                os.fchmod(fd, stat.S_IMODE(info.st_mode) & mode)
            if not data:
                return
            with _locked(fd):
                if not _still_named(path, fd):
                    continue  # set aside while this writer waited: append to the file now at path
                if rotation is not None and os.fstat(fd).st_size >= rotation.limit:
                    _set_aside(path, fd, mode, rotation)
                    continue
                _append_held(fd, data, lines=True)
                return
        finally:
            os.close(fd)
    raise OSError(errno.EAGAIN, "was replaced each time oscmd tried to append to it", str(path))


def _still_named(path: Path, fd: int) -> bool:
    """Whether ``path`` still names the file open as ``fd``."""
    try:
        named = os.lstat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _set_aside(path: Path, fd: int, mode: int, rotation: Rotation) -> None:
    """Make the full file at ``path`` (open as ``fd``, locked) ``rotation.previous``; a new file takes ``path``.

    The full file is linked as ``previous`` before the new one replaces it, so
    ``path`` always names a file: a writer opening it meanwhile finds the full
    one, waits for its lock, sees it was set aside and opens the new one.
    """
    size = os.fstat(fd).st_size
    old = b"".join(_chunks(fd, size))
    tmp, out = _create_temp(path, mode)
    try:
        try:
            _write_all(out, rotation.start(old))
            os.fsync(out)
        finally:
            os.close(out)
        alias = _temp_name(path)
        try:
            os.link(path, alias, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            os.replace(path, rotation.previous)  # no hard links here: the name is missing for an instant
        else:
            try:
                os.replace(alias, rotation.previous)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(alias)
                raise
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _chunks(fd: int, size: int) -> Iterator[bytes]:
    offset = 0
    while offset < size:
        chunk = os.pread(fd, min(size - offset, 1 << 20), offset)
        if not chunk:
            return
        offset += len(chunk)
        yield chunk


def _open_append(path: Path, mode: int) -> int:
    """``path`` opened to append (created with ``mode`` when missing): never through a link, regular files only."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP and path.is_symlink():
            raise _refused_link(path, "writes") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, info.st_mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def _locked(fd: int) -> Iterator[None]:
    """An exclusive lock on the open file ``fd`` while the block runs."""
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _append_held(fd: int, data: bytes, *, lines: bool) -> None:
    """Append ``data`` with one write (the lock held); a failed write is cut off again.

    With ``lines``, a newline is written first when the file does not end with one.
    """
    size = os.fstat(fd).st_size
    if lines and size and data.endswith(b"\n") and os.pread(fd, 1, size - 1) != b"\n":
        data = b"\n" + data
    try:
        _write_all(fd, data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
        raise


def check_output(path: Path) -> None:
    """Raise the error :func:`write_output` would raise for ``path`` before the output exists, if any.

    A line's ``> FILE`` is checked before the line runs, so a command that
    changes something is not run only to find that its output cannot be kept.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, "no such directory", str(path.parent)) from None
        return
    if stat.S_ISLNK(info.st_mode):
        raise _refused_link(path, "writes")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISCHR(info.st_mode)):
        raise _not_regular(path, info.st_mode)


def write_output(path: Path, data: bytes, *, append: bool = False) -> None:
    """Write a line's output to ``path``: ``> FILE`` (``append`` false) or ``>> FILE``.

    ``>`` writes the whole output as a new file that replaces the old one
    atomically (a reader never sees half of it; the old file keeps its place
    until the new one is complete) and keeps the old file's permission bits;
    a new file gets 0666 less the umask, as a shell would give it.  ``>>``
    adds the output to the end with one ``write`` under an exclusive lock.  A
    symbolic link is refused (:class:`LinkRefused`) and so is anything but a
    regular file (:class:`NotRegular`), except a character device such as
    ``/dev/null``, which is written in place.
    """
    check_output(path)
    if path.exists() and stat.S_ISCHR(os.lstat(path).st_mode):
        fd = os.open(path, os.O_WRONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NOCTTY", 0))
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        return
    if not append:
        write_file(path, data, mode=0o666, replace=True, keep_mode=True)
        return
    fd = _open_append(path, 0o666)
    try:
        with _locked(fd):
            _append_held(fd, data, lines=False)
    finally:
        os.close(fd)


def open_regular(path: Path, *, follow: bool = False, pipe: bool = False) -> BinaryIO:
    """``path`` opened for reading, if it is a regular file.

    The file is opened non-blocking, so nothing planted at ``path`` can hang
    the reader, and without following a symbolic link unless ``follow``
    (:class:`LinkRefused`).  A FIFO, a directory, a socket or a device raises
    :class:`NotRegular`; a missing file :class:`FileNotFoundError`.  With
    ``pipe`` a FIFO is accepted too, for a pipe the user named on purpose
    (``-c <(...)``), never for a file oscmd looks for by itself: it is read
    until its writers close it, and what a writer already gone left in it is
    read too; a named FIFO whose writer has not opened it yet reads as empty,
    so nothing waits for a writer that may never come.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC | (0 if follow else _NOFOLLOW))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow and path.is_symlink():
            raise _refused_link(path, "reads its own files") from None
        raise
    try:
        info = os.fstat(fd)
        if pipe and stat.S_ISFIFO(info.st_mode):
            # Read until its writers are gone; with none yet (a FIFO nobody writes to) that is at once.
            os.set_blocking(fd, True)
        elif not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, info.st_mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, *, limit: int | None = None, follow: bool = False, pipe: bool = False) -> bytes:
    """The bytes of ``path`` if it is a regular file (or, with ``pipe``, a FIFO; see :func:`open_regular`).

    Raises ``OSError(EFBIG)`` when the file holds more than ``limit`` bytes.
    """
    with open_regular(path, follow=follow, pipe=pipe) as handle:
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise OSError(errno.EFBIG, f"is larger than {limit} bytes", str(path))
    return data
