"""Fixtures for the SSH tests: a real sshd for the session, fresh known_hosts files, no user keys.

A missing ``/usr/sbin/sshd`` fails the tests instead of skipping them: CI must
install openssh-server (see tests/setup.sh).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from oscmd_shell.ssh.hostkeys import HostKeyPolicy, KnownHosts
from tests.ssh.harness import SSH_KEYGEN, SSHD, SshServer


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
    server = SshServer(tmp_path_factory.mktemp("sshd"))
    server.prepare()
    server.start()
    try:
        yield server
    finally:
        server.stop()


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
