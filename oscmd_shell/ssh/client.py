"""Open authenticated SSH connections to instances, directly or through a jump host.

:func:`connect` returns a paramiko client whose server was checked by
:class:`~oscmd_shell.ssh.hostkeys.KnownHosts` (never blindly added) and which
logged in with the given private key, or else with the ssh-agent and the
default ``~/.ssh/id_*`` keys.  :func:`wait_for_port` waits, with a deadline,
until a freshly booted instance accepts TCP connections.  Every failure comes
out as an oscmd error naming the host and port.
"""

from __future__ import annotations

import logging
import shlex
import socket
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeAlias

import paramiko

from oscmd_shell.errors import ConnectionFailure, Interrupted, UsageError
from oscmd_shell.ssh.hostkeys import KnownHosts

if TYPE_CHECKING:
    from paramiko.transport import _SocketLike

# paramiko logs handshake failures at ERROR level; oscmd reports them itself.
logging.getLogger("paramiko").addHandler(logging.NullHandler())

#: The type of an open connection, for annotations outside this package (import it
#: under ``TYPE_CHECKING`` to keep paramiko off the start-up path).
Connection: TypeAlias = paramiko.SSHClient  # noqa: TID251


@dataclass(frozen=True)
class SshTarget:
    """Where to log in: host, port, user, private keys and an optional jump host.

    ``key_file`` is the key given to oscmd (it must load); ``more_keys`` are
    further key files tried after it, skipped when they cannot be used, as
    OpenSSH skips an unusable ``IdentityFile``.  With neither, the ssh-agent
    and the default ``~/.ssh/id_*`` keys are tried.  ``jump`` is a
    ``[user@]host[:port]`` spec or an already resolved target.
    """

    host: str
    port: int = 22
    user: str = "root"
    key_file: str | None = None
    jump: str | SshTarget | None = None
    more_keys: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``user@host`` with ``:port`` off port 22 (IPv6 addresses in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.user}@{host}" + (f":{self.port}" if self.port != 22 else "")

    def jump_target(self) -> SshTarget | None:
        """The jump host as a target (a spec logs in as this target's user, with its keys)."""
        if self.jump is None or isinstance(self.jump, SshTarget):
            return self.jump
        jump = parse_jump(self.jump, user=self.user, key_file=self.key_file)
        return replace(jump, more_keys=self.more_keys)


def parse_jump(spec: str, *, user: str, key_file: str | None = None) -> SshTarget:
    """Read a ``[user@]host[:port]`` jump-host spec; the user defaults to ``user``.

    IPv6 addresses are written in brackets (``[2001:db8::1]:2222``).  The jump
    host is logged into with the same ``key_file`` as the final target.
    """
    text = spec.strip()
    jump_user = user
    if "@" in text:
        jump_user, _, text = text.rpartition("@")
    port_text = ""
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise UsageError(f"bad jump host {spec!r}: expected [user@]host[:port]")
        port_text = rest[1:]
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host = text
    if not host or not jump_user or (port_text and not port_text.isdigit()):
        raise UsageError(f"bad jump host {spec!r}: expected [user@]host[:port]")
    port = int(port_text) if port_text else 22
    if not 0 < port < 65536:
        raise UsageError(f"bad jump host {spec!r}: port {port} is out of range")
    return SshTarget(host=host, port=port, user=jump_user, key_file=key_file)


def load_private_key(path: str | Path, passphrase: str | None = None) -> paramiko.PKey:
    """Load an RSA, ECDSA or Ed25519 private key (OpenSSH or PEM format)."""
    # cryptography, which paramiko hands the passphrase to, wants bytes (the stubs say str).
    secret = passphrase.encode("utf-8") if passphrase is not None else None
    try:
        with warnings.catch_warnings():
            # DSA keys are refused below; cryptography's deprecation notice would only add noise.
            warnings.filterwarnings("ignore", message=".*DSA keys are deprecated")
            return paramiko.PKey.from_path(Path(path).expanduser(), secret)  # type: ignore[arg-type]
    except FileNotFoundError as exc:
        raise UsageError(f"no accessible private key file: '{path}'") from exc
    except OSError as exc:
        raise UsageError(f"cannot read private key file '{path}': {exc.strerror or exc}") from exc
    except (TypeError, paramiko.PasswordRequiredException) as exc:
        raise UsageError(
            f"private key file '{path}' is encrypted and no passphrase was given",
            hint="give its passphrase, or use a key that has none",
        ) from exc
    except paramiko.pkey.UnknownKeyType as exc:
        raise UsageError(
            f"private key file '{path}' holds a key type oscmd does not support (use RSA, ECDSA or Ed25519)"
        ) from exc
    except (ValueError, paramiko.SSHException) as exc:
        if passphrase is not None:
            raise UsageError(
                f"cannot decrypt private key file '{path}': wrong passphrase, or not an RSA, ECDSA or Ed25519 key"
            ) from exc
        raise UsageError(
            f"'{path}' is not a private key oscmd can read (RSA, ECDSA or Ed25519, OpenSSH or PEM format)"
        ) from exc


class _Client(paramiko.SSHClient):  # noqa: TID251
    """An SSH client that also closes the jump-host connection it travels through."""

    def __init__(self) -> None:
        super().__init__()
        self.jump: Connection | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.jump is not None:
                self.jump.close()
                self.jump = None


class _HostKeyCheck(paramiko.MissingHostKeyPolicy):
    """Hands every server key to :meth:`KnownHosts.verify`.

    The paramiko client is given no host keys of its own, so paramiko calls
    this policy for every connection and the whole decision stays in oscmd.
    """

    def __init__(self, known_hosts: KnownHosts, host: str, port: int, announce: Callable[[str], None]):
        self._known_hosts = known_hosts
        self._host = host
        self._port = port
        self._announce = announce

    def missing_host_key(
        self,
        client: Connection,
        hostname: str,
        key: paramiko.PKey,
    ) -> None:
        self._known_hosts.verify(self._host, self._port, key.asbytes(), announce=self._announce)


class _TransportFactory:
    """Builds the transport, asking first for the host-key types already recorded for the server.

    Like OpenSSH, this keeps a server that has several host keys from showing
    an unrecorded one, which would otherwise look like a changed key.
    """

    def __init__(self, preferred: Sequence[str]):
        self._preferred = list(preferred)

    def __call__(
        self,
        sock: _SocketLike,
        /,
        *,
        gss_kex: bool = False,
        gss_deleg_creds: bool = True,
        disabled_algorithms: Mapping[str, Iterable[str]] | None = None,
    ) -> paramiko.Transport:
        transport = paramiko.Transport(sock, disabled_algorithms=disabled_algorithms)
        options = transport.get_security_options()
        offered = list(options.key_types)
        first = [name for name in self._preferred if name in offered]
        if first:
            options.key_types = first + [name for name in offered if name not in first]
        return transport


def _announcer(out: TextIO | None) -> Callable[[str], None]:
    stream = out if out is not None else sys.stderr

    def announce(message: str) -> None:
        stream.write(message + "\n")
        stream.flush()

    return announce


def connect(
    target: SshTarget,
    *,
    known_hosts: KnownHosts,
    timeout: float = 10,
    out: TextIO | None = None,
    passphrase: str | None = None,
    jump_known_hosts: KnownHosts | None = None,
) -> Connection:
    """Log in to ``target`` and return the connected client (close it when done).

    The server's host key is checked by ``known_hosts``; new keys and warnings
    are announced on ``out`` (standard error by default).  With a jump host,
    the jump host is logged into first, under ``jump_known_hosts`` (by default
    the same files and policy, without the target's expected console
    fingerprints), and the target is reached through a ``direct-tcpip``
    channel opened there.  ``timeout`` bounds the TCP connect, the SSH banner
    and authentication.
    """
    announce = _announcer(out)
    pkey = load_private_key(target.key_file, passphrase) if target.key_file else None
    jump = target.jump_target()
    if jump is None:
        return _login(target, pkey, None, known_hosts, timeout, announce)
    jump_pkey = pkey if jump.key_file == target.key_file else (
        load_private_key(jump.key_file, passphrase) if jump.key_file else None)
    # The console's fingerprints describe the target, never the jump host.
    jump_known = jump_known_hosts if jump_known_hosts is not None else known_hosts.with_expected(None)
    jump_client = _login(jump, jump_pkey, None, jump_known, timeout, announce)
    try:
        channel = _tunnel(jump_client, jump, target, timeout)
        client = _login(target, pkey, channel, known_hosts, timeout, announce, via=jump)
    except BaseException:
        jump_client.close()
        raise
    client.jump = jump_client
    return client


def check_host_key(
    target: SshTarget,
    *,
    known_hosts: KnownHosts,
    timeout: float = 10,
    out: TextIO | None = None,
    proxy_command: Sequence[str] | None = None,
) -> None:
    """Judge ``target``'s host key with ``known_hosts`` after a key exchange alone: no login.

    A new key is recorded (or refused) as :func:`connect` would.  With
    ``proxy_command`` (an argv such as ``ssh -W HOST:PORT JUMP``) the server
    is reached through that command's standard input and output.
    """
    announce = _announcer(out)
    where = f"{target.host} port {target.port}"
    sock: socket.socket | paramiko.ProxyCommand | None = None
    transport: paramiko.Transport | None = None
    try:
        if proxy_command is not None:
            sock = paramiko.ProxyCommand(shlex.join(proxy_command))
        else:
            sock = socket.create_connection((target.host, target.port), timeout=timeout)
        transport = _TransportFactory(known_hosts.preferred_algorithms(target.host, target.port))(sock)
        transport.banner_timeout = timeout
        transport.start_client(timeout=timeout)
        key = transport.get_remote_server_key()
        known_hosts.verify(target.host, target.port, key.asbytes(), announce=announce)
    except BaseException as exc:
        raise _translate(exc, target, where, None) from exc
    finally:
        if transport is not None:
            transport.close()
        elif sock is not None:
            sock.close()


def _tunnel(jump_client: _Client, jump: SshTarget, target: SshTarget, timeout: float) -> paramiko.Channel:
    transport = jump_client.get_transport()
    if transport is None or not transport.is_active():
        raise ConnectionFailure(f"the connection to jump host {jump.host} port {jump.port} was lost")
    try:
        return transport.open_channel("direct-tcpip", (target.host, target.port), ("127.0.0.1", 0), timeout=timeout)
    except KeyboardInterrupt as exc:
        raise Interrupted(f"interrupted while connecting to {target.host} port {target.port}") from exc
    except (paramiko.SSHException, OSError, EOFError) as exc:
        reason = str(exc) or type(exc).__name__
        raise ConnectionFailure(
            f"jump host {jump.host} port {jump.port} could not open a connection to "
            f"{target.host} port {target.port}: {reason}"
        ) from exc


def _login(
    target: SshTarget,
    pkey: paramiko.PKey | None,
    sock: paramiko.Channel | None,
    known_hosts: KnownHosts,
    timeout: float,
    announce: Callable[[str], None],
    *,
    via: SshTarget | None = None,
) -> _Client:
    where = f"{target.host} port {target.port}"
    if via is not None:
        where += f" (through jump host {via.host} port {via.port})"
    client = _Client()
    client.set_missing_host_key_policy(_HostKeyCheck(known_hosts, target.host, target.port, announce))
    try:
        client.connect(
            target.host,
            target.port,
            username=target.user,
            pkey=pkey,
            timeout=timeout,
            banner_timeout=timeout,
            auth_timeout=timeout,
            key_filename=list(target.more_keys) or None,  # type: ignore[arg-type]  # paramiko takes a list too
            allow_agent=pkey is None,
            look_for_keys=pkey is None and not target.more_keys,
            sock=sock,
            transport_factory=_TransportFactory(known_hosts.preferred_algorithms(target.host, target.port)),
        )
    except BaseException as exc:
        client.close()
        raise _translate(exc, target, where, pkey) from exc
    return client


def _translate(exc: BaseException, target: SshTarget, where: str, pkey: paramiko.PKey | None) -> BaseException:
    """The oscmd error to raise for an exception out of paramiko's connect."""
    if isinstance(exc, (ConnectionFailure, UsageError)):
        return exc
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted(f"interrupted while connecting to {where}")
    no_methods = isinstance(exc, paramiko.SSHException) and "No authentication methods" in str(exc)
    if isinstance(exc, paramiko.AuthenticationException) or no_methods:
        files = ([target.key_file] if pkey is not None and target.key_file else []) + list(target.more_keys)
        tried = ", ".join(f"key file '{f}'" for f in files) if files else "the ssh-agent and ~/.ssh/id_* keys"
        if pkey is None and target.more_keys:
            tried += " and the ssh-agent"
        return ConnectionFailure(
            f"authentication as {target.user} to {where} failed (tried {tried})",
            hint="check the user name and that the key is the instance's key pair",
        )
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return ConnectionFailure(f"timed out connecting to {where}")
    if isinstance(exc, socket.gaierror):
        return ConnectionFailure(f"cannot resolve host name {target.host!r}: {exc.strerror or exc}")
    if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError):
        return ConnectionFailure(f"{where} refused the connection")
    if isinstance(exc, OSError):
        return ConnectionFailure(f"cannot connect to {where}: {exc.strerror or exc}")
    if isinstance(exc, (paramiko.SSHException, EOFError)):
        reason = str(exc) or "the server closed the connection"
        return ConnectionFailure(f"SSH handshake with {where} failed: {reason}")
    return exc


def wait_for_port(
    host: str,
    port: int,
    timeout: float,
    *,
    interval: float = 1.0,
    progress: Callable[[float], None] | None = None,
) -> float:
    """Try TCP connections to ``host``:``port`` until one succeeds; return the seconds waited.

    A try starts every ``interval`` seconds; ``progress`` is called with the
    time elapsed after each failed try.  Raises :class:`ConnectionFailure` once
    ``timeout`` seconds have passed, and :class:`Interrupted` on Ctrl-C.
    """
    start = time.monotonic()
    deadline = start + timeout
    last_error = "no answer"
    try:
        while True:
            attempt = time.monotonic()
            remaining = deadline - attempt
            if remaining <= 0:
                break
            try:
                with socket.create_connection((host, port), timeout=min(remaining, max(interval, 2.0))):
                    return time.monotonic() - start
            except OSError as exc:
                last_error = exc.strerror or str(exc) or type(exc).__name__
            now = time.monotonic()
            if progress is not None:
                progress(now - start)
            pause = min(attempt + interval, deadline) - now
            if pause > 0:
                time.sleep(pause)
    except KeyboardInterrupt as exc:
        raise Interrupted(f"stopped waiting for {host} port {port}") from exc
    raise ConnectionFailure(f"{host} port {port} did not answer within {timeout:g} s ({last_error})")
