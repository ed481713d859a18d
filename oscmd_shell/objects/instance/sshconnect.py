"""Reach the instance a :class:`~.sshtarget.Route` describes: wait for sshd, check host keys, log in.

:func:`open_connection` waits for the port only right after a launch or a
start (or with ``--connect-timeout``), with progress, and otherwise tries it
once so a closed port fails at once; it then logs in with oscmd's SSH client.
:func:`check_host_keys` does the same waiting and judges the host keys
without logging in, for ``--openssh``.  Remote output is streamed as events
by :mod:`oscmd_shell.ssh.events`.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Generator
from typing import TYPE_CHECKING

from ...context import Invocation
from ...errors import ConnectionFailure, Interrupted, OscmdError
from ...output.results import Event, Progress, Warning_
from .sshtarget import Route, launched_ago

if TYPE_CHECKING:
    from ...ssh.client import Connection

LOGIN_TIMEOUT = 30.0  # TCP connect, banner and authentication, once the port answers
PROBE_INTERVAL = 1.0


def probe_port(host: str, port: int, timeout: float) -> str | None:
    """``None`` when ``host``:``port`` accepts a TCP connection, else why not."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except TimeoutError:
        return "no answer"
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


def wait_for_port(inv: Invocation, host: str, port: int, timeout: float) -> Generator[Progress, None, None]:
    """Wait until ``host``:``port`` accepts TCP connections, with progress; give up after ``timeout`` seconds."""
    env = inv.ctx.env
    start = env.clock()
    try:
        while True:
            elapsed = env.clock() - start
            why = probe_port(host, port, max(0.5, min(5.0, timeout - elapsed)))
            if why is None:
                return
            elapsed = env.clock() - start
            if elapsed >= timeout:
                raise ConnectionFailure(
                    f"{host} port {port} did not answer within {timeout:g} s ({why})",
                    hint="raise --connect-timeout to wait longer",
                )
            yield Progress(f"waiting for ssh on {host} port {port}: {why} ({int(elapsed)}s)")
            env.sleep(min(PROBE_INTERVAL, max(0.05, timeout - elapsed)))
    except KeyboardInterrupt:
        raise Interrupted(f"stopped waiting for {host} port {port}") from None


def reachable(inv: Invocation, route: Route) -> Generator[Event, None, None]:
    """Announce the ``~/.ssh/config`` warnings, then wait for the SSH port (not through a jump host).

    Right after a launch or start (or with ``--connect-timeout``) the port is
    waited for; otherwise it is tried once, and a port that does not answer
    fails at once instead of after minutes.
    """
    yield from (Warning_(note) for note in route.notes)
    target = route.target
    if target.jump is not None:
        return
    if route.wait > 0:
        yield from wait_for_port(inv, target.host, target.port, route.wait)
        return
    why = probe_port(target.host, target.port, min(LOGIN_TIMEOUT, 10.0))
    if why is not None:
        age = launched_ago(route.instance)
        running = f"; the instance has been running for {_duration(age)}" if age is not None else ""
        raise ConnectionFailure(f"{target.host} port {target.port} does not answer ({why}){running}",
                                hint="to wait for sshd to start, give --connect-timeout SECONDS")


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 120:
        return f"{minutes} min"
    hours = minutes // 60
    return f"{hours} h" if hours < 48 else f"{hours // 24} days"


def open_connection(inv: Invocation, route: Route) -> Generator[Event, None, Connection]:
    """Wait for the SSH port when that makes sense, log in, and announce new host keys."""
    from ...ssh.client import connect

    yield from reachable(inv, route)
    notes = io.StringIO()
    timeout = min(route.wait, LOGIN_TIMEOUT) if route.wait > 0 else LOGIN_TIMEOUT
    try:
        client = connect(route.target, known_hosts=route.known_hosts, timeout=timeout, out=notes,
                         jump_known_hosts=route.jump_known_hosts)
    except OscmdError:
        yield from (Warning_(line) for line in notes.getvalue().splitlines())
        raise
    yield from (Warning_(line) for line in notes.getvalue().splitlines())
    return client


def check_host_keys(inv: Invocation, route: Route) -> Generator[Event, None, None]:
    """Wait for the port as :func:`open_connection` does, then judge the host keys without logging in.

    For ``--openssh``: the jump host's key directly, the target's through an
    ``ssh -W`` tunnel; a new key is recorded in oscmd's known_hosts, where
    OpenSSH will find it.
    """
    from ...ssh.client import check_host_key
    from ...ssh.openssh import config_file, jump_command

    yield from reachable(inv, route)
    target = route.target
    notes = io.StringIO()
    timeout = min(route.wait, LOGIN_TIMEOUT) if route.wait > 0 else LOGIN_TIMEOUT
    try:
        jump = target.jump_target()
        tunnel = None
        if jump is not None:
            jump_known = route.jump_known_hosts or route.known_hosts.with_expected(None)
            check_host_key(jump, known_hosts=jump_known, timeout=timeout, out=notes)
            tunnel = jump_command(jump, jump_known, f"{target.host}:{target.port}",
                                  config_file=config_file(inv.ctx.env.home))
        check_host_key(target, known_hosts=route.known_hosts, timeout=timeout, out=notes, proxy_command=tunnel)
    except OscmdError:
        yield from (Warning_(line) for line in notes.getvalue().splitlines())
        raise
    yield from (Warning_(line) for line in notes.getvalue().splitlines())
