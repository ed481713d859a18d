"""Run the decoder's scripts and installers, each in a process group of its own, and stop them whole.

A script runs in a new session (so in a new process group) with no standard
input; its output goes straight to the decoder's.  When the decoder is told
to stop (Ctrl-C, SIGTERM, SIGHUP) while a script runs, the script's whole
process group is sent SIGTERM, given :data:`GRACE_SECONDS` to end, then
SIGKILL: nothing it started is left running.  :func:`catch_signals` turns
SIGTERM and SIGHUP into :class:`Stopped` so the decoder can record where it
stopped.  Standard library only.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping

GRACE_SECONDS = 5.0


class Stopped(BaseException):
    """The decoder received SIGTERM or SIGHUP (SIGINT is :class:`KeyboardInterrupt`)."""

    def __init__(self, signum: "int") -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: "int", _frame: "object") -> None:
    raise Stopped(signum)


def catch_signals() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Stopped` (unless they were ignored when the decoder started)."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) != signal.SIG_IGN:
            signal.signal(signum, _raise_stopped)


def signal_name(signum: "int") -> "str":
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def script_command(content_type: "str", path: "str", payload: "bytes") -> "list[str]":
    """The command running the script file ``path`` of ``content_type``."""
    if content_type == "text/x-shellscript":
        return ["/bin/sh", path]
    if payload.startswith((b"#!", b"\x7fELF")):
        return [path]
    if content_type == "text/x-python":
        return [sys.executable, path]
    return ["/bin/sh", path]


def interpreter(payload: "bytes") -> "list[str] | None":
    """The interpreter and its one argument from a ``#!`` line, as the kernel would read them."""
    if not payload.startswith(b"#!"):
        return None
    line = payload[2:].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if not line:
        return None
    return line.split(None, 1)


def run(command: "list[str]", cwd: "str", env: "Mapping[str, str]") -> "int":
    """Run ``command`` in a process group of its own; its status (negative: killed by that signal).

    Any exception while it runs (Ctrl-C, :class:`Stopped`) stops the whole group first.
    """
    process = subprocess.Popen(command, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        return process.wait()
    except BaseException:
        stop_group(process)
        raise


def stop_group(process: "subprocess.Popen[bytes]", grace: "float" = GRACE_SECONDS) -> None:
    """SIGTERM to the process group of ``process``, then SIGKILL to whatever is left after ``grace`` seconds."""
    group = process.pid
    try:
        _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            process.poll()
            if not _group_alive(group):
                break
            time.sleep(0.05)
    finally:
        _signal_group(group, signal.SIGKILL)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass


def _signal_group(group: "int", signum: "int") -> None:
    try:
        os.killpg(group, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(group: "int") -> "bool":
    """True while a process of ``group`` runs (zombies, which an init may never reap, do not count)."""
    try:
        entries = os.listdir("/proc")
    except OSError:
        entries = []
    if not entries:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and fields[2] == str(group).encode() and fields[0] != b"Z":
            return True
    return False
