"""Run oscmd's interactive shell on a pseudo-terminal and time it to its first prompt.

:func:`pty_session` forks the child onto a fresh pty (80x24, ``TERM=xterm-256color``
and ``PROMPT_TOOLKIT_NO_CPR=1`` so prompt_toolkit never waits for a cursor
position report), reads everything it draws, strips the escape sequences, and
notes the moment the prompt text (``oscmd REGION>``) first appears.  While the
shell sits at its prompt an optional callback can wait for something (a cache
file) and the child's ``VmRSS``/``VmHWM`` are read from ``/proc``; then the
shell is asked to ``exit`` and, failing that, killed.  Every wait has a deadline.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

PROMPT = re.compile(r"oscmd [^\n>]*>")
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[>=78]")


@dataclass
class PtyRun:
    """What one shell session on a pty showed and measured."""

    prompt_after: float | None
    output: str
    status: int | None
    rss_kib: int | None = None
    hwm_kib: int | None = None

    def tail(self, lines: int = 3) -> str:
        rows = [r.strip() for r in self.output.replace("\r", "\n").splitlines() if r.strip()]
        return " | ".join(rows[-lines:]) or "(no output)"


def visible(raw: bytes) -> str:
    """The text of terminal output without escape sequences."""
    return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")


def memory(pid: int) -> tuple[int | None, int | None]:
    """(VmRSS, VmHWM) of a live process, in KiB."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
    except OSError:
        return None, None
    return values.get("VmRSS"), values.get("VmHWM")


def pty_session(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    pattern: re.Pattern[str] = PROMPT,
    timeout: float = 20.0,
    at_prompt: Callable[[int], None] | None = None,
    exit_text: str = "exit\r",
    cwd: str | None = None,
) -> PtyRun:
    """Start ``argv`` on a pty, time it to ``pattern``, run ``at_prompt(pid)``, then make it exit."""
    environ = {**env, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "80", "LINES": "24"}
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program
        try:
            if cwd:
                os.chdir(cwd)
            os.execve(argv[0], list(argv), environ)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    raw = bytearray()
    prompt_after: float | None = None
    rss = hwm = None
    status: int | None = None
    try:
        deadline = start + timeout
        while prompt_after is None and time.perf_counter() < deadline:
            if not _read(fd, raw, deadline - time.perf_counter()):
                break
            if pattern.search(visible(bytes(raw))):
                prompt_after = time.perf_counter() - start
        if prompt_after is not None:
            if at_prompt is not None:
                at_prompt(pid)
                _drain(fd, raw, 0.05)
            rss, hwm = memory(pid)
            os.write(fd, exit_text.encode())
        status = _finish(pid, fd, raw, 10.0)
    finally:
        if status is None:
            status = _finish(pid, fd, raw, 0.0)
        os.close(fd)
    return PtyRun(prompt_after, visible(bytes(raw)), status, rss, hwm)


def _read(fd: int, raw: bytearray, wait: float) -> bool:
    """Read what is there within ``wait`` seconds; False at end of output."""
    ready, _, _ = select.select([fd], [], [], max(0.0, wait))
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    raw.extend(chunk)
    return True


def _drain(fd: int, raw: bytearray, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        if not _read(fd, raw, end - time.perf_counter()):
            return


def _finish(pid: int, fd: int, raw: bytearray, grace: float) -> int:
    """Wait up to ``grace`` seconds for the child to exit (reading its output), then kill it."""
    end = time.perf_counter() + grace
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.perf_counter() >= end:
            break
        if not _read(fd, raw, min(0.05, end - time.perf_counter())):
            time.sleep(0.01)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)
