"""Connecting to a real sshd: host-key policies, authentication, jump hosts, failures, waiting for a port."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from oscmd_shell.errors import ConnectionFailure, UsageError
from oscmd_shell.ssh.client import Connection, SshTarget, connect, load_private_key, parse_jump, wait_for_port
from oscmd_shell.ssh.hostkeys import HostKeyPolicy, KnownHosts, read_known_hosts
from oscmd_shell.ssh.remote import run
from tests.ssh.harness import SshServer, free_port

pytestmark = pytest.mark.ssh


def target(server: SshServer, **changes: object) -> SshTarget:
    fields: dict[str, object] = {
        "host": server.host,
        "port": server.port,
        "user": server.user,
        "key_file": str(server.client_key),
    }
    fields.update(changes)
    return SshTarget(**fields)  # type: ignore[arg-type]


def whoami(client: Connection) -> str:
    out = io.BytesIO()
    assert run(client, "id -un", stdout=out, stderr=io.BytesIO()) == 0
    return out.getvalue().decode().strip()


def test_accept_new_records_announces_then_is_silent(sshd: SshServer, known_hosts: KnownHosts) -> None:
    said = io.StringIO()
    client = connect(target(sshd), known_hosts=known_hosts, out=said)
    try:
        assert whoami(client) == sshd.user
    finally:
        client.close()
    announcement = said.getvalue()
    assert sshd.host_key_fingerprint in announcement
    assert f"{sshd.host} port {sshd.port}" in announcement
    path = known_hosts.path
    assert path.read_text() == f"[{sshd.host}]:{sshd.port} {sshd.public_key_line()}\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700

    again = io.StringIO()
    connect(target(sshd), known_hosts=known_hosts, out=again).close()
    assert again.getvalue() == ""
    assert len(read_known_hosts(path)) == 1


def test_strict_refuses_an_unknown_host(sshd: SshServer, known_hosts: KnownHosts) -> None:
    strict = KnownHosts(known_hosts.path, policy=HostKeyPolicy.STRICT)
    with pytest.raises(ConnectionFailure) as caught:
        connect(target(sshd), known_hosts=strict, out=io.StringIO())
    message = str(caught.value)
    assert f"{sshd.host} port {sshd.port}" in message and "strict" in message
    assert sshd.host_key_fingerprint in message
    assert not strict.path.exists()


def test_strict_trusts_a_hashed_entry_of_the_users_known_hosts(sshd: SshServer, tmp_path: Path) -> None:
    user_file = tmp_path / "ssh_known_hosts"
    user_file.write_text(f"[{sshd.host}]:{sshd.port} {sshd.public_key_line()}\n")
    subprocess.run(["ssh-keygen", "-q", "-H", "-f", str(user_file)], check=True, capture_output=True)
    own = tmp_path / "oscmd_known_hosts"
    strict = KnownHosts(own, read_only=[user_file], policy=HostKeyPolicy.STRICT)
    said = io.StringIO()
    connect(target(sshd), known_hosts=strict, out=said).close()
    assert said.getvalue() == "" and not own.exists()


def test_the_recorded_key_type_is_asked_for_first(sshd: SshServer, tmp_path: Path) -> None:
    # sshd has an ED25519 and an ECDSA host key; only the ECDSA one is recorded.  Without
    # asking for ECDSA first, the server would show its ED25519 key and look "changed".
    recorded = tmp_path / "known_hosts"
    recorded.write_text(f"[{sshd.host}]:{sshd.port} {sshd.public_key_line(sshd.ecdsa_host_key)}\n")
    strict = KnownHosts(recorded, policy=HostKeyPolicy.STRICT)
    said = io.StringIO()
    client = connect(target(sshd), known_hosts=strict, out=said)
    try:
        transport = client.get_transport()
        assert transport is not None
        assert transport.get_remote_server_key().get_name() == "ecdsa-sha2-nistp256"
    finally:
        client.close()
    assert said.getvalue() == ""


def test_off_connects_and_records_nothing(sshd: SshServer, known_hosts: KnownHosts) -> None:
    off = KnownHosts(known_hosts.path, policy=HostKeyPolicy.OFF)
    said = io.StringIO()
    client = connect(target(sshd), known_hosts=off, out=said)
    try:
        assert whoami(client) == sshd.user
    finally:
        client.close()
    assert said.getvalue() == "" and not off.path.exists()


def test_console_fingerprints_accept_the_right_key_and_refuse_a_wrong_one(
    sshd: SshServer, known_hosts: KnownHosts
) -> None:
    wrong = known_hosts.with_expected({"SHA256:" + "A" * 43})
    with pytest.raises(ConnectionFailure, match="console output") as caught:
        connect(target(sshd), known_hosts=wrong, out=io.StringIO())
    assert sshd.host_key_fingerprint in str(caught.value)
    assert not known_hosts.path.exists()

    right = known_hosts.with_expected({sshd.host_key_fingerprint, "SHA256:" + "A" * 43})
    said = io.StringIO()
    connect(target(sshd), known_hosts=right, out=said).close()
    assert sshd.host_key_fingerprint in said.getvalue() and "console" in said.getvalue()
    assert len(read_known_hosts(known_hosts.path)) == 1


def test_changed_host_key_is_refused_with_both_fingerprints(sshd: SshServer, tmp_path: Path) -> None:
    known = KnownHosts(tmp_path / "known_hosts")
    connect(target(sshd), known_hosts=known, out=io.StringIO()).close()
    old = sshd.host_key_fingerprint
    new = sshd.swap_host_key()
    assert new != old

    with pytest.raises(ConnectionFailure) as caught:
        connect(target(sshd), known_hosts=known, out=io.StringIO())
    message = str(caught.value)
    assert f"{sshd.host} port {sshd.port}" in message and "changed" in message
    assert old in message and new in message
    assert f"{known.path} line 1" in message
    assert caught.value.hint is not None and "ssh-keygen -R" in caught.value.hint
    with pytest.raises(ConnectionFailure, match="changed"):
        connect(target(sshd), known_hosts=KnownHosts(known.path, policy=HostKeyPolicy.STRICT))

    warned = io.StringIO()
    connect(target(sshd), known_hosts=KnownHosts(known.path, policy=HostKeyPolicy.OFF), out=warned).close()
    assert "changed" in warned.getvalue() and old in warned.getvalue() and new in warned.getvalue()
    assert [key.fingerprint for key in read_known_hosts(known.path)] == [old]


@pytest.mark.parametrize("kind", ["ed25519", "ecdsa", "rsa-pem"])
def test_logs_in_with_each_supported_key_type(sshd: SshServer, known_hosts: KnownHosts, kind: str) -> None:
    client = connect(target(sshd, key_file=str(sshd.client_keys[kind])), known_hosts=known_hosts, out=io.StringIO())
    try:
        assert whoami(client) == sshd.user
    finally:
        client.close()


def test_without_a_key_file_the_default_key_is_used(sshd: SshServer, known_hosts: KnownHosts) -> None:
    ssh_dir = Path(os.environ["HOME"]) / ".ssh"
    ssh_dir.mkdir(mode=0o700)
    shutil.copy(sshd.client_key, ssh_dir / "id_ed25519")
    client = connect(target(sshd, key_file=None), known_hosts=known_hosts, out=io.StringIO())
    client.close()


@pytest.fixture
def agent(sshd: SshServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    agent_bin = shutil.which("ssh-agent")
    if agent_bin is None:
        pytest.fail("ssh-agent is missing: install openssh-client")
    sock = tmp_path / "agent.sock"
    process = subprocess.Popen([agent_bin, "-D", "-a", str(sock)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 5
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        monkeypatch.setenv("SSH_AUTH_SOCK", str(sock))
        subprocess.run(["ssh-add", "-q", str(sshd.client_keys["ecdsa"])], check=True, capture_output=True)
        yield
    finally:
        process.terminate()
        process.wait(timeout=5)


@pytest.mark.usefixtures("agent")
def test_without_a_key_file_the_agent_is_used(sshd: SshServer, known_hosts: KnownHosts) -> None:
    client = connect(target(sshd, key_file=None), known_hosts=known_hosts, out=io.StringIO())
    client.close()


def test_wrong_key_is_an_authentication_failure(sshd: SshServer, known_hosts: KnownHosts) -> None:
    with pytest.raises(ConnectionFailure) as caught:
        connect(target(sshd, key_file=str(sshd.stranger_key)), known_hosts=known_hosts, out=io.StringIO())
    message = str(caught.value)
    assert "authentication" in message and sshd.user in message and f"port {sshd.port}" in message


def test_no_key_at_all_is_an_authentication_failure(sshd: SshServer, known_hosts: KnownHosts) -> None:
    with pytest.raises(ConnectionFailure, match=r"authentication.*ssh-agent"):
        connect(target(sshd, key_file=None), known_hosts=known_hosts, out=io.StringIO())


def test_unusable_key_files_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no accessible private key file"):
        load_private_key(tmp_path / "missing")
    garbage = tmp_path / "garbage"
    garbage.write_text("not a key\n")
    with pytest.raises(UsageError, match="not a private key"):
        load_private_key(garbage)
    encrypted = tmp_path / "encrypted"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret-pass", "-f", str(encrypted)],
        check=True,
        capture_output=True,
    )
    with pytest.raises(UsageError, match="encrypted and no passphrase"):
        load_private_key(encrypted)
    with pytest.raises(UsageError, match="cannot decrypt"):
        load_private_key(encrypted, "wrong-pass")
    assert load_private_key(encrypted, "s3cret-pass").get_name() == "ssh-ed25519"
    with pytest.raises(UsageError, match="encrypted"):
        connect(SshTarget("127.0.0.1", key_file=str(encrypted)), known_hosts=KnownHosts(tmp_path / "kh"))
    dsa = tmp_path / "dsa"
    made = subprocess.run(["ssh-keygen", "-q", "-t", "dsa", "-N", "", "-f", str(dsa)], capture_output=True)
    if made.returncode == 0:  # OpenSSH builds without DSA cannot make one
        with pytest.raises(UsageError, match="key type"):
            load_private_key(dsa)


def test_closed_port_is_a_connection_failure(known_hosts: KnownHosts) -> None:
    port = free_port()
    with pytest.raises(ConnectionFailure, match=f"127.0.0.1 port {port} refused"):
        connect(SshTarget("127.0.0.1", port), known_hosts=known_hosts, out=io.StringIO())


def test_silent_server_times_out(known_hosts: KnownHosts) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(ConnectionFailure, match=f"127.0.0.1 port {port}"):
            connect(SshTarget("127.0.0.1", port), known_hosts=known_hosts, timeout=0.5, out=io.StringIO())
        assert time.monotonic() - started < 3


def test_jump_host(sshd: SshServer, known_hosts: KnownHosts) -> None:
    said = io.StringIO()
    hop = target(sshd, host="localhost", jump=f"{sshd.user}@{sshd.host}:{sshd.port}")
    client = connect(hop, known_hosts=known_hosts, out=said)
    try:
        transport = client.get_transport()
        assert transport is not None
        assert isinstance(transport.sock, paramiko.Channel)  # really tunnelled
        assert whoami(client) == sshd.user
        jump_client = getattr(client, "jump", None)
        assert jump_client is not None
    finally:
        client.close()
    jump_transport = jump_client.get_transport()
    assert jump_transport is None or not jump_transport.is_active()
    # both hops went through the host-key check and were recorded under their own names
    names = sorted(key.hosts for key in read_known_hosts(known_hosts.path))
    assert names == sorted([f"[{sshd.host}]:{sshd.port}", f"[localhost]:{sshd.port}"])
    assert said.getvalue().count(sshd.host_key_fingerprint) == 2


def test_jump_host_key_is_checked_too(sshd: SshServer, known_hosts: KnownHosts) -> None:
    strict = KnownHosts(known_hosts.path, policy=HostKeyPolicy.STRICT)
    hop = target(sshd, host="localhost", jump=f"{sshd.host}:{sshd.port}")
    with pytest.raises(ConnectionFailure, match=f"{sshd.host} port {sshd.port} .*strict"):
        connect(hop, known_hosts=strict, out=io.StringIO())


def test_jump_host_that_cannot_reach_the_target(sshd: SshServer, known_hosts: KnownHosts) -> None:
    closed = free_port()
    hop = target(sshd, port=closed, jump=f"{sshd.host}:{sshd.port}")
    with pytest.raises(ConnectionFailure) as caught:
        connect(hop, known_hosts=known_hosts, out=io.StringIO())
    message = str(caught.value)
    assert f"jump host {sshd.host} port {sshd.port}" in message and f"port {closed}" in message


def test_parse_jump() -> None:
    assert parse_jump("bastion", user="ec2-user") == SshTarget("bastion", 22, "ec2-user")
    assert parse_jump("admin@10.0.0.1:2200", user="root", key_file="k") == SshTarget("10.0.0.1", 2200, "admin", "k")
    assert parse_jump("[2001:db8::1]:2222", user="root") == SshTarget("2001:db8::1", 2222, "root")
    assert parse_jump("2001:db8::1", user="root") == SshTarget("2001:db8::1", 22, "root")
    for bad in ("", "user@", "host:port", "host:70000", "[::1]x"):
        with pytest.raises(UsageError, match="jump host"):
            parse_jump(bad, user="root")


def test_wait_for_port_times_out_within_the_deadline() -> None:
    port = free_port()
    ticks: list[float] = []
    started = time.monotonic()
    with pytest.raises(ConnectionFailure, match=f"127.0.0.1 port {port} did not answer within 1 s"):
        wait_for_port("127.0.0.1", port, 1.0, interval=0.2, progress=ticks.append)
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 3.0  # the deadline, plus at most one connect attempt on a loaded machine
    assert 3 <= len(ticks) <= 7 and ticks == sorted(ticks)  # one try per interval, not a busy loop


def test_wait_for_port_returns_once_the_port_opens() -> None:
    port = free_port()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)

    def open_later() -> None:
        time.sleep(0.5)
        listener.bind(("127.0.0.1", port))
        listener.listen()

    opener = threading.Thread(target=open_later)
    opener.start()
    try:
        waited = wait_for_port("127.0.0.1", port, 5.0, interval=0.1)
    finally:
        opener.join()
        listener.close()
    assert 0.4 < waited < 2.0
