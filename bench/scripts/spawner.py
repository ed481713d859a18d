"""A small, long-lived process that starts the benchmark's children and measures them.

On Linux a child's ``ru_maxrss`` starts at the peak RSS of the process that
forked it, so children forked by the harness (which holds megabytes of
captured XML) would all report the harness's size.  The harness therefore
forks nothing it measures: it sends this process one JSON request per line
(argv, env, cwd, file paths for the standard streams, a time limit) and gets
back one JSON line with the exit status, the wall time from spawn to reap and
the child's peak RSS in KiB.  This process stays at the size of a bare
interpreter, which is below every measured child.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from typing import Any


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run(request: dict[str, Any]) -> dict[str, Any]:
    fds = [os.open(request["stdin"], os.O_RDONLY),
           os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
           os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    actions = [(os.POSIX_SPAWN_DUP2, fd, i) for i, fd in enumerate(fds)]
    cwd = os.getcwd()
    os.chdir(request["cwd"])
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(request["argv"][0], request["argv"], request["env"], file_actions=actions)
    finally:
        os.chdir(cwd)
        for fd in fds:
            os.close(fd)
    timer = threading.Timer(float(request["timeout"]), _kill, (pid,))
    timer.start()
    try:
        _, status, usage = os.wait4(pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - start
    return {"status": os.waitstatus_to_exitcode(status), "wall": wall, "maxrss_kib": usage.ru_maxrss}


def main() -> int:
    for line in sys.stdin:
        try:
            answer = run(json.loads(line))
        except Exception as exc:
            answer = {"error": f"{exc.__class__.__name__}: {exc}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
