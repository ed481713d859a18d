"""Programs a line hands work to: ``!command`` and the ``COMMAND`` after ``|``, run by ``/bin/sh -c``.

They are the one explicit escape hatch to a shell.  When oscmd's streams are
the process's own (the shell on a terminal, a script run from one), the
program inherits them: its output streams as it comes and interactive
programs (``!ssh host``, ``!vim f``, ``!less f``, ``| less``) work.  Otherwise
(oscmd embedded with other streams) its output is collected and written to
them.  Ctrl-C belongs to the program while it runs, as in a shell: oscmd
waits for it to end and reports a status other than 0 as one line.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from ..env import Env
from ..errors import Exit
from ..output.results import Outcome

SH = "/bin/sh"


def owns_streams(env: Env) -> bool:
    """Whether ``env``'s stdout and stderr are this process's own (so a program can inherit them)."""
    try:
        return env.stdout.fileno() == sys.stdout.fileno() and env.stderr.fileno() == sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):
        return False


def wait(proc: subprocess.Popen[bytes]) -> int:
    """Wait for ``proc`` to end; Ctrl-C is the program's to act on (it got the SIGINT too)."""
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            continue


def status_outcome(command: str, status: int, env: Env) -> Outcome:
    """The outcome of a program that ended with ``status`` (negative: killed by that signal)."""
    if status == 0:
        return Outcome()
    if status == -signal.SIGINT:
        if env.stderr_isatty:
            env.stderr.write("\n")  # after the ^C the terminal echoed
        return Outcome(Exit.INTERRUPTED, "interrupted")
    shown = status if status > 0 else 128 - status
    exit_status = status if 0 < status < 128 else Exit.API
    return Outcome(exit_status, f"'{command}' exited with status {shown}")


class Collector:
    """Reads a program's output pipe on a thread (so it never fills and blocks), for writing later."""

    def __init__(self, pipe: IO[bytes] | None) -> None:
        self.chunks: list[bytes] = []
        self._thread: threading.Thread | None = None
        if pipe is not None:
            self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
            self._thread.start()

    def _read(self, pipe: IO[bytes]) -> None:
        with pipe:
            for chunk in iter(lambda: pipe.read1(65536) if hasattr(pipe, "read1") else pipe.read(65536), b""):
                self.chunks.append(chunk)

    def text(self) -> str:
        if self._thread is not None:
            self._thread.join()
        return b"".join(self.chunks).decode("utf-8", errors="replace")


def spawn(command: str, env: Env, **streams: Any) -> tuple[subprocess.Popen[bytes], Callable[[], None]]:
    """Start ``sh -c command`` with ``env``'s streams; return it and the function that copies collected output."""
    env.stdout.flush()
    env.stderr.flush()
    if owns_streams(env):
        return subprocess.Popen([SH, "-c", command], **streams), lambda: None
    proc = subprocess.Popen([SH, "-c", command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=streams.get("stdin", subprocess.DEVNULL))
    out, err = Collector(proc.stdout), Collector(proc.stderr)

    def copy() -> None:
        env.stdout.write(out.text())
        env.stderr.write(err.text())
        env.stdout.flush()
        env.stderr.flush()

    return proc, copy


def run_attached(command: str, env: Env) -> Outcome:
    """``!command``: run it on the terminal as it is, wait, and report its exit status."""
    if not command:
        return Outcome(Exit.USAGE, "'!' needs a command after it")
    try:
        proc, copy = spawn(command, env)
    except OSError as exc:
        return Outcome(Exit.USAGE, f"cannot run {SH}: {exc.strerror or exc}")
    status = wait(proc)
    copy()
    return status_outcome(command, status, env)
