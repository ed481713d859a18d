"""``instance ssh`` honours ``~/.ssh/config`` and waits for sshd only when that can help.

``~/.ssh/config`` (under the test's HOME) maps names to the real sshd of
``tests/ssh/conftest.py``: ``HostName``, ``Port``, ``User``, ``IdentityFile``,
``ProxyJump`` (the sshd is its own jump host), ``UserKnownHostsFile`` and
``StrictHostKeyChecking``, with ``Include``; the command line wins over it.
An instance that has been running for an hour (its LaunchTime moved back in
moto) and a closed port fail at once; ``--connect-timeout`` waits.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.aws.lookup import Resolved
from oscmd_shell.kinds import KINDS
from oscmd_shell.objects.instance import sshtarget
from oscmd_shell.ssh.sshconfig import lookup
from tests.ssh.harness import SshServer, free_port
from tests.support.runner import Oscmd

pytestmark = pytest.mark.ssh


def ssh_config(home: Path, text: str, name: str = "config") -> Path:
    path = home / ".ssh" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def block(name: str, server: SshServer, **extra: object) -> str:
    """A Host block that points ``name`` at ``server`` with its user and key."""
    settings = {"HostName": server.host, "Port": server.port, "User": server.user,
                "IdentityFile": server.client_key, **extra}
    return f"Host {name}\n" + "".join(f"    {key} {value}\n" for key, value in settings.items())


def logins(server: SshServer) -> int:
    return server.log.read_text(errors="replace").count("Accepted publickey")


def known_hosts_file(home: Path) -> Path:
    return home / ".config" / "oscmd" / "known_hosts"


# -- ~/.ssh/config --------------------------------------------------------------------------
def test_host_name_port_user_and_key_come_from_ssh_config(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path
) -> None:
    ssh_config(home, block("web1.test", sshd))
    result = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "id -un")
    assert (result.status, result.out) == (0, f"{sshd.user}\n"), result.err
    # The host key is recorded under the address connected to, as OpenSSH records it.
    assert f"[{sshd.host}]:{sshd.port} ssh-ed25519" in known_hosts_file(home).read_text()


def test_the_command_line_wins_over_ssh_config(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    ssh_config(home, block("web1.test", sshd, User="nosuchuser"))
    wrong_user = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "true")
    assert wrong_user.status == 5 and "authentication as nosuchuser" in wrong_user.err
    right = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "-u", sshd.user, "--", "echo ok")
    assert (right.status, right.out) == (0, "ok\n"), right.err
    closed = free_port()
    port = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "-u", sshd.user, "--port", str(closed),
                 "--connect-timeout", "0.5", "--", "true")
    assert port.status == 5 and f"port {closed} did not answer" in port.err


def test_ssh_config_wins_over_oscmds_config(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path, tmp_path: Path
) -> None:
    ssh_config(home, block("web1.test", sshd))
    config = tmp_path / "oscmd.cfg"
    config.write_text(f"[Credentials]\nuser = nosuchuser\n\n[ssh]\nport = {free_port()}\n")
    result = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "id -un",
                   environ={"OSCONFIG": str(config)})
    assert (result.status, result.out) == (0, f"{sshd.user}\n"), result.err


def test_included_files_are_read(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    ssh_config(home, "Include config.d/*\n")
    ssh_config(home, block("web1.test", sshd), "config.d/web")
    result = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "echo included")
    assert (result.status, result.out) == (0, "included\n"), result.err


def test_strict_host_key_checking_and_user_known_hosts_file(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path
) -> None:
    known = home / "fleet_known_hosts"
    ssh_config(home, block("web1.test", sshd, StrictHostKeyChecking="yes", UserKnownHostsFile=known))
    refused = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "true")
    assert refused.status == 5 and "policy is strict" in refused.err
    public = sshd.host_key.with_name(sshd.host_key.name + ".pub").read_text().split()
    known.write_text(f"[{sshd.host}]:{sshd.port} {public[0]} {public[1]}\n")
    accepted = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "echo trusted")
    assert (accepted.status, accepted.out) == (0, "trusted\n"), accepted.err
    assert not known_hosts_file(home).exists()  # the key was found in the file ~/.ssh/config names
    # The command line still wins over StrictHostKeyChecking.
    known.write_text("")
    again = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--host-key-policy", "accept-new",
                  "--", "true")
    assert again.status == 0 and "added host key" in again.err


def test_no_checking_with_a_null_known_hosts_file(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    ssh_config(home, block("web1.test", sshd, StrictHostKeyChecking="no", UserKnownHostsFile="/dev/null"))
    result = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "echo unchecked")
    assert (result.status, result.out) == (0, "unchecked\n"), result.err
    assert not known_hosts_file(home).exists()


def test_proxy_jump_from_ssh_config(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    # The target's HostName is resolved by the jump host; the jump host has its own block.
    ssh_config(home, block("bastion", sshd) + block("web1.internal", sshd, HostName="localhost",
                                                    ProxyJump="bastion"))
    before = logins(sshd)
    result = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.internal", "--", "echo via-bastion")
    assert (result.status, result.out) == (0, "via-bastion\n"), result.err
    deadline = time.monotonic() + 5
    while logins(sshd) < before + 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert logins(sshd) == before + 2  # one login on the jump host, one on the target
    assert f"[localhost]:{sshd.port} ssh-ed25519" in known_hosts_file(home).read_text()


def test_a_chain_of_jump_hosts_is_refused_clearly(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    ssh_config(home, block("web1.test", sshd, ProxyJump="first,second"))
    result = oscmd("instance", "-n", "web1", "ssh", "--host", "web1.test", "--", "true")
    assert result.status == 2 and "oscmd goes through one jump host, not a chain" in result.err


def test_an_unusable_ssh_config_is_a_warning(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    (home / ".ssh" / "config").mkdir(parents=True)
    result = oscmd("instance", "-n", "web1", "ssh", "--host", sshd.host, "--port", str(sshd.port), "-u", sshd.user,
                   "-f", str(sshd.client_key), "--", "echo still-works")
    assert (result.status, result.out) == (0, "still-works\n"), result.err
    assert "warning: " in result.err and "config cannot be read" in result.err


def test_a_fifo_as_ssh_config_is_a_warning_at_once_and_an_included_one_is_skipped(home: Path) -> None:
    def lookup_within(path: Path) -> tuple[Any, list[str]]:
        box: dict[str, tuple[Any, list[str]]] = {}
        reader = threading.Thread(target=lambda: box.update(answer=lookup(path, "web1", home)), daemon=True)
        reader.start()
        reader.join(5)
        assert "answer" in box, "reading ~/.ssh/config blocked on a FIFO"
        return box["answer"]

    (home / ".ssh").mkdir(exist_ok=True)
    os.mkfifo(home / ".ssh" / "planted")
    found, notes = lookup_within(ssh_config(home, "Include planted\nHost web1\n    User bob\n"))
    assert (found.user, notes) == ("bob", [])
    found, notes = lookup_within(home / ".ssh" / "planted")
    assert found.user is None and len(notes) == 1 and "is a FIFO, not a regular file" in notes[0], notes


def test_lookup_follows_openssh_rules(home: Path) -> None:
    path = ssh_config(home, "Host web*\n    Port 2200\n    IdentityFile ~/.ssh/a\n"
                            "Host *\n    Port 22\n    User alice\n    IdentityFile %d/b\n    ProxyJump none\n"
                            "    UserKnownHostsFile ~/kh1 '/x y/kh2'\n")
    found, notes = lookup(path, "web1", home)
    assert notes == []
    assert (found.hostname, found.port, found.user) == ("web1", 2200, "alice")  # the first value wins
    assert found.identity_files == (str(home / ".ssh/a"), str(home / "b"))  # IdentityFile lines add up
    assert found.proxy_jump is None
    assert found.known_hosts_files == (str(home / "kh1"), "/x y/kh2")
    assert lookup(home / "missing", "web1", home) == (type(found)(hostname="web1"), [])


# -- waiting for sshd ---------------------------------------------------------------------------
def launched(iid: str, ago: timedelta) -> None:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ec2.models import ec2_backends

    instance = ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].get_instance(iid)
    instance.launch_time = instance.launch_time - ago


def test_a_refused_port_fails_at_once_on_an_instance_up_for_an_hour(
    oscmd: Oscmd, ec2: Any, web1: str, sshd: SshServer
) -> None:
    launched(web1, timedelta(hours=1))
    closed = free_port()
    start = time.monotonic()
    result = oscmd("instance", "-n", "web1", "ssh", "--host", sshd.host, "--port", str(closed), "-u", sshd.user,
                   "-f", str(sshd.client_key), "--", "true")
    assert time.monotonic() - start < 5
    assert result.status == 5
    lines = result.err.splitlines()
    assert lines[0].startswith(f"oscmd: {sshd.host} port {closed} does not answer (Connection refused); "
                               "the instance has been running for 6"), result.err
    assert lines[1] == "oscmd: hint: to wait for sshd to start, give --connect-timeout SECONDS"


def test_connect_timeout_waits_even_on_an_old_instance(oscmd: Oscmd, ec2: Any, web1: str, sshd: SshServer) -> None:
    launched(web1, timedelta(hours=1))
    closed = free_port()
    start = time.monotonic()
    result = oscmd("instance", "-n", "web1", "ssh", "--host", sshd.host, "--port", str(closed),
                   "--connect-timeout", "1.5", "--", "true")
    assert time.monotonic() - start >= 1.5
    assert result.status == 5 and f"port {closed} did not answer within 1.5 s" in result.err


def test_the_wait_depends_on_how_long_the_instance_has_run() -> None:
    def instance(launch: datetime | None) -> Resolved:
        raw = {"InstanceId": "i-1", "LaunchTime": launch.isoformat().replace("+00:00", "Z") if launch else None}
        return Resolved(KINDS["instance"], raw, {"launch_time": raw["LaunchTime"]})

    class Inv:
        args: dict[str, Any] = {}

    now = datetime.now(timezone.utc)
    assert sshtarget.ssh_wait(Inv(), instance(now - timedelta(minutes=2))) == 300  # type: ignore[arg-type]
    assert sshtarget.ssh_wait(Inv(), instance(now - timedelta(minutes=30))) == 0  # type: ignore[arg-type]
    assert sshtarget.ssh_wait(Inv(), instance(None)) == 300  # type: ignore[arg-type]
    Inv.args = {"connect_timeout": 7.0}
    assert sshtarget.ssh_wait(Inv(), instance(now - timedelta(days=3))) == 7.0  # type: ignore[arg-type]
