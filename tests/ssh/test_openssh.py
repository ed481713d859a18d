"""``instance ssh --openssh``: the system's OpenSSH client logs in, with oscmd's choices and host-key trust.

The real ``ssh`` logs in to the real sshd of ``tests/ssh/conftest.py`` (a command's output and
status, and an interactive session on a terminal, are checked with both clients in
``test_instance_verbs.py``).  oscmd
first judges the host key itself (a key exchange, no login) and records it in
its known_hosts; ``ssh`` is then run with that file as its only
``UserKnownHostsFile`` and ``StrictHostKeyChecking=yes``, so a login that
succeeds proves OpenSSH found the key where oscmd put it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from oscmd_shell.ssh.client import SshTarget
from oscmd_shell.ssh.hostkeys import HostKeyPolicy, KnownHosts
from oscmd_shell.ssh.openssh import command_line
from tests.ssh.harness import SshServer
from tests.support.runner import Oscmd

pytestmark = pytest.mark.ssh


@pytest.fixture(autouse=True)
def _openssh_client() -> None:
    assert shutil.which("ssh"), "the OpenSSH client is needed (tests/setup.sh installs openssh-client)"


def args(server: SshServer, *extra: str, host: str | None = None) -> list[str]:
    return ["instance", "-n", "web1", "ssh", "--openssh", "--host", host or server.host, "--port", str(server.port),
            "-u", server.user, "-f", str(server.client_key), *extra]


def known_hosts_file(home: Path) -> Path:
    return home / ".config" / "oscmd" / "known_hosts"


def test_a_changed_host_key_is_refused_before_ssh_runs(
    oscmd: Oscmd, web1: str, own_sshd: SshServer, home: Path
) -> None:
    assert oscmd(*args(own_sshd, "--", "true")).status == 0
    own_sshd.swap_host_key()
    refused = oscmd(*args(own_sshd, "--", "echo should-not-run"))
    assert refused.status == 5 and "has changed" in refused.err
    assert "should-not-run" not in refused.out


def test_openssh_refuses_a_key_oscmd_did_not_accept(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    # The policy "off" lets oscmd's check pass without recording: OpenSSH is then told not to check either.
    off = oscmd(*args(sshd, "--host-key-policy", "off", "--", "echo off"))
    assert (off.status, off.out) == (0, "off\n"), off.err
    assert not known_hosts_file(home).exists()
    # With oscmd's checks, ssh trusts only oscmd's files: a key found nowhere else is refused by ssh itself.
    target = SshTarget(sshd.host, sshd.port, sshd.user, str(sshd.client_key))
    known = KnownHosts(home / "empty_known_hosts", policy=HostKeyPolicy.STRICT)
    import subprocess

    proc = subprocess.run(command_line(target, known, name=sshd.host, command="true", config_file="/dev/null"),
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert proc.returncode == 255 and "Host key verification failed" in proc.stderr


def test_through_a_jump_host(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    before = sshd.log.read_text(errors="replace").count("Accepted publickey")
    result = oscmd(*args(sshd, "-J", f"{sshd.user}@{sshd.host}:{sshd.port}", "--", "echo via-jump",
                         host="localhost"))
    assert (result.status, result.out) == (0, "via-jump\n"), result.err
    recorded = known_hosts_file(home).read_text()
    assert f"[{sshd.host}]:{sshd.port} ssh-ed25519" in recorded and f"[localhost]:{sshd.port} ssh-ed25519" in recorded
    after = sshd.log.read_text(errors="replace").count("Accepted publickey")
    assert after - before >= 3  # the checking tunnel, then the session's tunnel and login


def test_openssh_from_config_and_a_missing_client(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path, tmp_path: Path
) -> None:
    config = tmp_path / "oscmd.cfg"
    config.write_text("[ssh]\nopenssh = yes\n")
    plain = [a for a in args(sshd, "--", "echo from-config") if a != "--openssh"]
    result = oscmd(*plain, environ={"OSCONFIG": str(config), "PATH": str(tmp_path / "no-bin")})
    assert result.status == 2 and "the OpenSSH client 'ssh' is not installed" in result.err
    result = oscmd(*plain, environ={"OSCONFIG": str(config)})
    assert (result.status, result.out) == (0, "from-config\n"), result.err
