"""Fixtures for the SSH tests: real sshds, fresh known_hosts files, no user keys, oscmd's home, an instance.

A missing ``/usr/sbin/sshd`` fails the tests instead of skipping them: CI must
install openssh-server (see tests/setup.sh).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.ssh.hostkeys import HostKeyPolicy, KnownHosts
from tests.ssh.harness import SSH_KEYGEN, SSHD, SshServer, running
from tests.support.seed import run_named


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    """A real OpenSSH server for the whole session."""
    if not SSHD.exists():
        pytest.fail(
            f"{SSHD} is missing: the SSH tests need a real OpenSSH server (apt-get install openssh-server)",
            pytrace=False,
        )
    if shutil.which(SSH_KEYGEN) is None:
        pytest.fail("ssh-keygen is missing: install openssh-client", pytrace=False)
    with running(tmp_path_factory.mktemp("sshd")) as server:
        yield server


@pytest.fixture
def known_hosts(tmp_path: Path) -> KnownHosts:
    """Host-key settings with a fresh, not yet existing, oscmd known_hosts file."""
    return KnownHosts(tmp_path / "config" / "oscmd" / "known_hosts", policy=HostKeyPolicy.ACCEPT_NEW)


@pytest.fixture(autouse=True)
def _no_user_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the tests away from the real ssh-agent and ~/.ssh of whoever runs them."""
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir(exist_ok=True)


@pytest.fixture
def own_sshd(tmp_path: Path) -> Iterator[SshServer]:
    """An sshd of this test alone (its host key is swapped, or it plays a second machine)."""
    directory = tmp_path / "own-sshd"
    directory.mkdir()
    with running(directory) as server:
        yield server


@pytest.fixture(scope="session")
def system_ping() -> str:
    """The system ping, where it may send ICMP echo to 127.0.0.1 (a skip saying why where it may not)."""
    program = shutil.which("ping")
    if program is None:
        pytest.fail("no ping program: install iputils-ping (tests/setup.sh does)", pytrace=False)
    probe = subprocess.run([program, "-c", "1", "-W", "2", "127.0.0.1"], capture_output=True, text=True, timeout=10,
                           check=False)
    if probe.returncode != 0:
        pytest.skip(f"ICMP echo to 127.0.0.1 is not allowed here: {(probe.stderr or probe.stdout).strip()}")
    return program


@pytest.fixture
def web1(ec2: Any) -> str:
    """A running instance named web1 on the local EC2 server."""
    return run_named(ec2, "web1")[0]
