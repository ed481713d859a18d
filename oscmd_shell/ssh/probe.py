"""Check whether an instance answers, for ``instance ping``.

ICMP echo goes through the system ``ping`` program when there is one (raw
ICMP sockets need privileges that a Python process usually lacks); without it,
or when it cannot send, each try is a TCP connection to the SSH port, reported
one line per try with the time the connection took.  The result is 0 when at
least one try was answered.  The host must be an IP address or a DNS name,
and reaches ``ping`` after ``--``, never where an option could be read.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from typing import TextIO

from oscmd_shell.errors import Interrupted, UsageError

from .address import is_host

# iputils and BSD ping exit 0 when something answered and 1 when nothing did;
# any other status means ping itself could not run (no privilege, bad name...).
_PING_ANSWERED = 0
_PING_SILENT = 1


def ping(
    host: str,
    count: int,
    *,
    out: TextIO,
    port: int = 22,
    icmp: bool = True,
    interval: float = 1.0,
    timeout: float = 2.0,
    options: Sequence[str] = (),
) -> int:
    """Probe ``host`` ``count`` times, printing one line per try; return 0 if anything answered, else 1.

    ``icmp=False`` skips the system ``ping`` and probes TCP ``port`` directly.
    ``options`` are extra arguments for the system ``ping`` (the TCP probe ignores them).
    """
    if not is_host(host):  # the caller checked it; this gate keeps an option-like word away from ping anyway
        raise UsageError(f"'{host}' is not an IP address or a host name; nothing was run")
    count = max(1, count)
    program = shutil.which("ping") if icmp else None
    try:
        if program is not None:
            status = _icmp(program, host, count, out, options)
            if status in (_PING_ANSWERED, _PING_SILENT):
                return status
            out.write(f"ping could not run (status {status}); probing TCP port {port} instead\n")
        elif options:
            out.write(f"probing TCP port {port}; the ping options {' '.join(options)} are not used\n")
        return _tcp(host, port, count, out, interval, timeout)
    except KeyboardInterrupt as exc:
        raise Interrupted(f"stopped pinging {host}") from exc


def _icmp(program: str, host: str, count: int, out: TextIO, options: Sequence[str] = ()) -> int:
    with subprocess.Popen(
        [program, "-c", str(count), *options, "--", host],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        try:
            for line in process.stdout:
                out.write(line)
                out.flush()
        except KeyboardInterrupt:
            process.terminate()
            raise
        return process.wait()


def _tcp(host: str, port: int, count: int, out: TextIO, interval: float, timeout: float) -> int:
    out.write(f"TCP PING {host} port {port}\n")
    answered = 0
    for attempt in range(1, count + 1):
        started = time.monotonic()
        try:
            with socket.create_connection((host, port), timeout=timeout):
                elapsed = (time.monotonic() - started) * 1000
            answered += 1
            out.write(f"connected to {host} port {port}: try={attempt} time={elapsed:.1f} ms\n")
        except OSError as exc:
            reason = "timed out" if isinstance(exc, TimeoutError) else exc.strerror or str(exc)
            out.write(f"no answer from {host} port {port}: try={attempt} ({reason})\n")
        out.flush()
        if attempt < count:
            time.sleep(max(0.0, started + interval - time.monotonic()))
    lost = 100 * (count - answered) // count
    out.write(f"--- {host} port {port}: {count} tries, {answered} answered, {lost}% lost\n")
    out.flush()
    return 0 if answered else 1
