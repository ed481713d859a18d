"""A real OpenSSH sshd for the SSH tests, run in the foreground on a loopback port.

:class:`SshServer` writes an sshd_config into a temp directory, generates a
host key for the run and client keys of every supported type (one more key is
left out of authorized_keys on purpose), starts ``/usr/sbin/sshd -D -e -f
CONFIG`` on 127.0.0.1 and a free port, waits for its banner, and can restart it
with a new host key.  SFTP and TCP forwarding are on, so the server can be its
own jump host.
"""

from __future__ import annotations

import contextlib
import getpass
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

SSHD = Path("/usr/sbin/sshd")
SSH_KEYGEN = "ssh-keygen"
START_TIMEOUT = 10.0


def _keygen(path: Path, key_type: str, *extra: str) -> None:
    if path.exists():
        path.unlink()
        path.with_name(path.name + ".pub").unlink(missing_ok=True)
    subprocess.run(
        [SSH_KEYGEN, "-q", "-t", key_type, "-N", "", "-C", f"oscmd-test-{key_type}", *extra, "-f", str(path)],
        check=True,
        capture_output=True,
    )


def _fingerprint(public_key: Path) -> str:
    result = subprocess.run(
        [SSH_KEYGEN, "-l", "-E", "sha256", "-f", str(public_key)], check=True, capture_output=True, text=True
    )
    return result.stdout.split()[1]


def free_port() -> int:
    """A loopback TCP port that nothing listens on (at the time of the call)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SshServer:
    """A running sshd and what a test needs to log in to it."""

    directory: Path
    host: str = "127.0.0.1"
    port: int = 0
    user: str = field(default_factory=getpass.getuser)
    client_key: Path = field(init=False)
    client_keys: dict[str, Path] = field(default_factory=dict)  # "ed25519", "ecdsa", "rsa-pem"
    stranger_key: Path = field(init=False)  # a valid key that is NOT authorized
    host_key: Path = field(init=False)  # ED25519, what clients get by default
    ecdsa_host_key: Path = field(init=False)  # a second host key, offered only when asked for
    host_key_fingerprint: str = ""
    process: subprocess.Popen[bytes] | None = None
    generation: int = 0
    extra_config: list[str] = field(default_factory=list)  # more sshd_config lines (SetEnv...)
    wrapper: list[str] = field(default_factory=list)  # a command sshd runs under (unshare...)

    def __post_init__(self) -> None:
        self.client_key = self.directory / "client_ed25519"
        self.stranger_key = self.directory / "stranger_ed25519"
        self.host_key = self.directory / "host_ed25519"
        self.ecdsa_host_key = self.directory / "host_ecdsa"

    @property
    def log(self) -> Path:
        return self.directory / "sshd.log"

    def prepare(self) -> None:
        try:
            Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # sshd's privilege separation directory
        except PermissionError:
            pass  # not root: sshd will say what it misses, and the log is shown below
        self.client_keys = {
            "ed25519": self.client_key,
            "ecdsa": self.directory / "client_ecdsa",
            "rsa-pem": self.directory / "client_rsa.pem",
        }
        _keygen(self.client_keys["ed25519"], "ed25519")
        _keygen(self.client_keys["ecdsa"], "ecdsa", "-b", "256")
        _keygen(self.client_keys["rsa-pem"], "rsa", "-b", "2048", "-m", "PEM")
        _keygen(self.stranger_key, "ed25519")
        authorized = self.directory / "authorized_keys"
        authorized.write_text(
            "".join(key.with_name(key.name + ".pub").read_text() for key in self.client_keys.values())
        )
        authorized.chmod(0o644)  # read as the target user, not by root
        _keygen(self.host_key, "ed25519")
        _keygen(self.ecdsa_host_key, "ecdsa", "-b", "256")
        self.host_key_fingerprint = _fingerprint(self.host_key.with_name(self.host_key.name + ".pub"))

    def config(self) -> Path:
        path = self.directory / "sshd_config"
        path.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    f"ListenAddress {self.host}",
                    f"HostKey {self.host_key}",
                    f"HostKey {self.ecdsa_host_key}",
                    f"PidFile {self.directory / 'sshd.pid'}",
                    f"AuthorizedKeysFile {self.directory / 'authorized_keys'}",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PubkeyAuthentication yes",
                    "PermitRootLogin prohibit-password",
                    "UsePAM no",
                    "StrictModes no",
                    "UseDNS no",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "AllowTcpForwarding yes",
                    "PermitOpen any",
                    "MaxStartups 50:30:100",
                    "Subsystem sftp internal-sftp",
                    *self.extra_config,
                    "",
                ]
            )
        )
        return path

    def start(self) -> None:
        """Start sshd on a free port (or on the current one after :meth:`stop`) and wait until it answers."""
        keep_port = self.port != 0
        last_log = ""
        for _ in range(5):
            if not keep_port:
                self.port = free_port()
            config = self.config()
            check = subprocess.run([str(SSHD), "-t", "-f", str(config)], capture_output=True, text=True)
            if check.returncode != 0:
                pytest.fail(f"sshd rejects the test configuration {config}:\n{check.stderr}")
            with self.log.open("ab") as log:
                self.process = subprocess.Popen(
                    [*self.wrapper, str(SSHD), "-D", "-e", "-f", str(config)],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                )
            if self._wait_for_banner():
                return
            self.stop()
            last_log = self.log.read_text(errors="replace")[-3000:]
        pytest.fail(f"sshd did not start on {self.host}; its log ends with:\n{last_log}")

    def _wait_for_banner(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as conn:
                    if conn.recv(64).startswith(b"SSH-2.0-"):
                        return True
            except OSError:
                pass
            time.sleep(0.02)
        return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def swap_host_key(self) -> str:
        """Restart sshd on the same port with a brand-new host key; return its fingerprint."""
        self.stop()
        self.generation += 1
        self.host_key = self.directory / f"host_ed25519_{self.generation}"
        _keygen(self.host_key, "ed25519")
        self.host_key_fingerprint = _fingerprint(self.host_key.with_name(self.host_key.name + ".pub"))
        self.start()
        return self.host_key_fingerprint

    def public_key_line(self, key: Path | None = None) -> str:
        """The ``type base64`` part of a host key's public half (the current ED25519 one by default)."""
        key = key or self.host_key
        fields = key.with_name(key.name + ".pub").read_text().split()
        return f"{fields[0]} {fields[1]}"


@contextlib.contextmanager
def running(directory: Path, **options: Any) -> Iterator[SshServer]:
    """An sshd with its keys in ``directory`` (``options``: more :class:`SshServer` fields), stopped on the way out."""
    server = SshServer(directory, **options)
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()
