"""The one way oscmd writes and reads its local files: new, atomic, never through a link.

Every file oscmd writes (private keys, saved scripts, the cache, the history,
known_hosts) goes through this module.  :func:`write_file` writes a complete new
file under a temporary name nobody can predict or pre-link
(``O_CREAT|O_EXCL|O_NOFOLLOW``, final mode from the first byte), syncs it, then
gives it its name: exclusively (an existing file or link is never replaced) or
by an atomic rename that replaces the old file only once the new one is whole.
:func:`append_record` adds one record with one ``write`` under an exclusive lock,
refusing a link.  :func:`read_regular` reads a file only if it is a regular file,
opened non-blocking and without following a link, so a FIFO or a device planted
where a cache file should be can neither hang nor feed oscmd.  Stdlib only.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class LinkRefused(OSError):
    """The target is a symbolic link: oscmd never writes through one."""


def private_dir(path: Path, *, tighten: bool = True) -> Path:
    """Create ``path`` (and parents) with mode 0700 and return it.

    With ``tighten`` (the default) a directory that already exists is set to
    0700 too; without it, an existing directory keeps its mode.
    """
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if tighten or not existed:
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass
    return path


def _temp_name(path: Path) -> Path:
    # short enough that a target name of up to 255 bytes still has a valid temporary name
    stem = path.name[:200]
    return path.with_name(f".{stem}.{secrets.token_hex(6)}.tmp")


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
        raise LinkRefused(errno.ELOOP, "is a symbolic link; oscmd never writes through one", str(path))


def write_file(path: Path, data: bytes, *, mode: int = 0o600, replace: bool = False) -> None:
    """Write ``data`` as the complete new file ``path``, with ``mode`` from the first byte.

    Without ``replace`` an existing name (file or link) is never touched:
    :class:`FileExistsError`.  With ``replace`` an existing regular file is
    replaced atomically, so a reader sees the old file or the new one and a full
    disk leaves the old one intact; a symbolic link at ``path`` is refused
    (:class:`LinkRefused`).  The directory must exist.
    """
    if replace:
        refuse_link(path)
    elif os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    tmp = _temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
    try:
        try:
            os.fchmod(fd, mode)  # the umask may have narrowed it; never widened beyond `mode`
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path, data, mode)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(path.parent)


def _link_new(tmp: Path, path: Path, data: bytes, mode: int) -> None:
    """Give the complete ``tmp`` file the name ``path`` unless that name exists."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        # No hard links on this filesystem: create the name exclusively instead.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            os.unlink(path)
            raise
    os.unlink(tmp)


def write_private(path: Path, data: bytes, *, exclusive: bool = False, tighten_dir: bool = True) -> None:
    """Write ``data`` to ``path`` with mode 0600 in a 0700 directory (see :func:`write_file`).

    With ``exclusive`` an existing ``path`` is never replaced (:class:`FileExistsError`).
    ``tighten_dir`` is passed to :func:`private_dir` for the parent directory.
    """
    private_dir(path.parent, tighten=tighten_dir)
    write_file(path, data, mode=0o600, replace=not exclusive)


def append_record(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Append ``data`` to ``path`` with one ``write`` under an exclusive lock; never through a link.

    The file is created with ``mode`` when missing.  Concurrent writers (two
    shells, a script) never interleave records.
    """
    import fcntl

    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _CLOEXEC, mode)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def read_regular(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a link, FIFO or device).

    Opened non-blocking and without following a link, so nothing planted at
    ``path`` can hang the reader.  Raises :class:`OSError` otherwise
    (``ELOOP`` for a link, ``EINVAL`` for anything that is not a regular file),
    and ``EFBIG`` when the file is larger than ``limit`` bytes.
    """
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _NOFOLLOW | _CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if limit is not None and info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            if limit is not None and total > limit:
                raise OSError(errno.EFBIG, f"larger than {limit} bytes", str(path))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
