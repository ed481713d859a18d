"""The decoder's run: its state, the working directory, and how a command runs there.

:class:`Workspace` holds what one decode run carries from part to part (the
confined file tree, the environment scripts inherit, the run-once record, the
size budget, the counts) and runs commands: a script or an installer runs in
the working directory, made on first use (under ``ROOT/tmp`` with a root),
with the decoder's environment, and a failure is reported and counted.
Standard library only.
"""

import os
import posixpath
import re
import tempfile
from collections.abc import Callable, Mapping
from email.message import Message
from typing import TextIO

from . import runner
from .fetch import include_entity
from .fsroot import Tree
from .limits import Budget
from .report import Reporter
from .runonce import Record

DEFAULT_MAX_DEPTH = 5  # nested includes
SAFE_NAME_RE = re.compile(r"[^A-Za-z0-9._-]+")


class Workspace(Reporter):
    """The state of one decode run and the commands it runs.

    ``env`` is the environment the scripts and installers inherit (the
    decoder's own by default); ``fetch`` turns an include URL into a MIME
    entity and exists so tests can replace it; ``record`` is the run-once
    record (an unopened one records nothing); ``allow_setid`` lets ``X-Mode``
    set setuid and setgid bits.
    """

    def __init__(
        self,
        root: "str | None" = None,
        dry_run: "bool" = False,
        max_depth: "int" = DEFAULT_MAX_DEPTH,
        env: "Mapping[str, str] | None" = None,
        out: "TextIO | None" = None,
        err: "TextIO | None" = None,
        fetch: "Callable[[str, Mapping[str, str], int], Message] | None" = None,
        record: "Record | None" = None,
        allow_setid: "bool" = False,
    ) -> None:
        self.tree = Tree(root)
        self.root = self.tree.root
        self.dry_run = dry_run
        self.max_depth = max_depth
        self.env = dict(os.environ if env is None else env)
        if self.root:
            self.env["OSCMD_ROOT"] = self.root
        super().__init__(out, err)
        self.fetch = fetch if fetch is not None else include_entity
        self.record = record if record is not None else Record(self.tree, dry_run)
        self.allow_setid = allow_setid
        self.budget = Budget()
        self.leaves = 0
        self.fetches = 0
        self.current: str | None = None
        self._workdir: str | None = None

    def finish(self) -> "int":
        """Remove the working directory if nothing was left in it; the exit status (0 or 1)."""
        if self._workdir is not None:
            try:
                os.rmdir(self._workdir)
            except OSError:
                pass
        self.record.close()
        return 1 if self.failures else 0

    def stopped(self, signal_name: "str") -> None:
        """Report (and record) that the run was stopped by ``signal_name`` during the current action."""
        if self.current is None:
            self.say(self.err, f"stopped by {signal_name}")
            return
        self.say(self.err, f"stopped by {signal_name} during {self.current}: it is not recorded as completed "
                              "and runs again on the next decode")
        note = self.record.mark_stopped(self.current, signal_name)
        if note:
            self.warn(note)

    def _payload(self, part: "Message", label: "str") -> "bytes":
        """The part's content, transfer encoding and gzip undone, counted against the limits."""
        data = part.get_payload(decode=True)
        payload = bytes(data) if isinstance(data, (bytes, bytearray)) else b""
        if (part.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
            payload = self.budget.gunzip(payload)
        self.budget.take(len(payload), label)
        return payload

    def _execute(self, command: "list[str]", what: "str", payload: "bytes" = b"") -> "bool":
        try:
            return self.run_command(command, what)
        except PermissionError:
            # A working directory on a noexec file system: run the interpreter line by hand.
            interpreter = runner.interpreter(payload)
            if interpreter is None:
                raise
            return self.run_command(interpreter + command[-1:], what)

    def run_command(self, command: "list[str]", what: "str", extra_env: "Mapping[str, str] | None" = None) -> "bool":
        """Run ``command`` (``what`` names it: ``script NAME``); True when it exited 0."""
        env = dict(self.env)
        env.update(extra_env or {})
        self.out.flush()
        self.err.flush()
        self.current = what
        status = runner.run(command, self.workdir(), env)
        self.current = None
        if status == 0:
            return True
        label = what.split(" ", 1)[-1]
        if status < 0:
            self.fail(f"execution of {label} failed: killed by {runner.signal_name(-status)}")
        else:
            self.fail(f"execution of {label} failed with status {status}")
        return False

    # ------------------------------------------------------------------ paths
    def workdir(self) -> "str":
        """The scripts' working directory, made on first use (under ``ROOT/tmp`` with a root).

        It is made again if a script removed it (a cleaner emptying /tmp).
        """
        if self._workdir is None or not os.path.isdir(self._workdir):
            if self.root is None:
                self._workdir = tempfile.mkdtemp(prefix="oscmd-init.")
            else:
                self._workdir = self.tree.display(self.tree.make_temp_dir(["tmp"], "oscmd-init."))
        return self._workdir

    def temp_file(self, label: "str", data: "bytes", mode: "int", suffix: "str" = "") -> "str":
        prefix = (SAFE_NAME_RE.sub("_", posixpath.basename(label)).strip("._") or "part")[:40] + "."
        fd, path = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=self.workdir())
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(path, mode)
        except OSError:
            unlink(path)
            raise
        return path


def unlink(path: "str") -> None:
    """Remove the file ``path`` if it is there."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def reason(exc: "BaseException") -> "str":
    """One line saying why ``exc`` happened."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)
