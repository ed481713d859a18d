"""The run-once record: which scripts and include-once URLs completed, and where a run was stopped.

It lives in ``/var/lib/oscmd-init`` (``ROOT/var/lib/oscmd-init`` with
``--root``), a directory only its owner can read (0700), made when first
needed; a record directory owned by another user is refused.  A script that
exited 0 is recorded by a digest of its content and of how many identical
scripts came before it in the run, an ``x-include-once-url`` URL whose
document was processed without a failure by a digest of the URL; a second
decode skips both and says so.  A script that failed, or was stopped, is not
recorded and runs again.  When a run is stopped by a signal, the file
``stopped`` says during what and when; the next run reports and clears it.
``oscmd ami make`` images should be cleaned with the ``cleaner`` resource,
which removes the record.  Standard library only.
"""

import hashlib
import os
import stat
import time

from .fsroot import PathError, Tree

RECORD_DIR = "/var/lib/oscmd-init"
STOPPED = "stopped"


class RecordError(Exception):
    """The record cannot be opened or trusted; the message is one line."""


class Record:
    """The run-once record of one decode (read-only in a dry run: nothing is made or written)."""

    def __init__(self, tree: "Tree", dry_run: "bool" = False, rerun: "bool" = False) -> None:
        self.tree = tree
        self.dry_run = dry_run
        self.rerun = rerun
        self.parts = tree.components(RECORD_DIR)
        self.where = tree.display(self.parts)
        self._fd: int | None = None
        self._seen: dict[str, int] = {}

    def open(self) -> None:
        """Open (and unless a dry run, make) the record directory; raises :class:`RecordError`."""
        try:
            self._fd = self._open()
        except (OSError, PathError) as exc:
            raise RecordError(f"cannot keep the run-once record in {self.where}: {_reason(exc)}") from None
        if self._fd is None:
            return
        info = os.fstat(self._fd)
        if info.st_uid != os.geteuid():
            self.close()
            raise RecordError(f"the run-once record {self.where} belongs to uid {info.st_uid}, not to this user: "
                              "refused")
        if stat.S_IMODE(info.st_mode) != 0o700 and not self.dry_run:
            os.fchmod(self._fd, 0o700)

    def _open(self) -> "int | None":
        parent = self.tree.open_dir(self.parts[:-1], create=not self.dry_run)
        if parent is None:
            return None
        name = self.parts[-1]
        try:
            if not self.dry_run:
                try:
                    os.mkdir(name, 0o700, dir_fd=parent)
                except FileExistsError:
                    pass
            try:
                return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
            except FileNotFoundError:
                if self.dry_run:
                    return None
                raise
        finally:
            os.close(parent)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    # ------------------------------------------------------------ keys
    def script_key(self, payload: "bytes") -> "str":
        """The key of the next script with this content (the second identical script has its own)."""
        digest = hashlib.sha256(payload).hexdigest()
        count = self._seen.get(digest, 0) + 1
        self._seen[digest] = count
        return f"script-{digest}" if count == 1 else f"script-{digest}-{count}"

    @staticmethod
    def include_key(url: "str") -> "str":
        return "include-once-" + hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()

    # ------------------------------------------------------ read, write
    def completed(self, key: "str") -> "str | None":
        """When the item ``key`` completed (as recorded), else None (always None with ``rerun``)."""
        if self.rerun or self._fd is None:
            return None
        text = self._read(key)
        if text is None:
            return None
        return text.split(" ", 1)[0] or "earlier"

    def mark(self, key: "str", label: "str") -> "str | None":
        """Record ``key`` as completed; None, or why it could not be recorded."""
        return self._write(key, f"{_now()} {label}\n")

    def mark_stopped(self, label: "str", signal_name: "str") -> "str | None":
        """Record that the run was stopped by ``signal_name`` during ``label``; None, or why it was not."""
        return self._write(STOPPED, f"{_now()} {signal_name} {label}\n")

    def take_stopped(self) -> "str | None":
        """The ``stopped`` note of the previous run (then removed), else None."""
        text = self._read(STOPPED)
        if text is None or self._fd is None:
            return None
        if not self.dry_run:
            try:
                os.unlink(STOPPED, dir_fd=self._fd)
            except OSError:
                pass
        return text.strip()

    def _read(self, name: "str") -> "str | None":
        if self._fd is None:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=self._fd)
        except OSError:
            return None
        try:
            return os.read(fd, 4096).decode("utf-8", "replace")
        finally:
            os.close(fd)

    def _write(self, name: "str", text: "str") -> "str | None":
        if self.dry_run or self._fd is None:
            return None
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600, dir_fd=self._fd)
            try:
                os.write(fd, text.encode("utf-8", "replace"))
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            return f"the run-once record {self.where} was not updated: {_reason(exc)}"
        return None


def _now() -> "str":
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _reason(exc: "BaseException") -> "str":
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
