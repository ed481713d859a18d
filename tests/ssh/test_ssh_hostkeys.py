"""Host-key trust decisions and known_hosts parsing, without a server."""

from __future__ import annotations

import base64
import os
import struct
import subprocess
from pathlib import Path

import pytest

from oscmd_shell.errors import ConnectionFailure, UsageError
from oscmd_shell.ssh.hostkeys import (
    HostKeyPolicy,
    KnownHosts,
    host_key_name,
    md5_fingerprint,
    parse_console_fingerprints,
    read_known_hosts,
    sha256_fingerprint,
)


def blob(seed: int, key_type: str = "ssh-ed25519") -> bytes:
    name = key_type.encode()
    body = bytes((seed + i) % 256 for i in range(32))
    return struct.pack(">I", len(name)) + name + struct.pack(">I", len(body)) + body


def line(name: str, key: bytes) -> str:
    key_type = key[4 : 4 + struct.unpack(">I", key[:4])[0]].decode()
    return f"{name} {key_type} {base64.b64encode(key).decode()}\n"


class Messages(list[str]):
    def __call__(self, message: str) -> None:
        self.append(message)


CONSOLE = """\
[   10.123456] cloud-init[812]: Generating public/private ed25519 key pair.
ci-info: no authorized SSH keys fingerprints found for user ec2-user.
<14>Nov 25 08:00:01 cloud-init: #############################################################
<14>Nov 25 08:00:01 cloud-init: -----BEGIN SSH HOST KEY FINGERPRINTS-----
<14>Nov 25 08:00:01 cloud-init: 256 SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU root@ip-172-31-1-2 (ECDSA)
<14>Nov 25 08:00:01 cloud-init: 256 SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s root@ip-172-31-1-2 (ED25519)
<14>Nov 25 08:00:01 cloud-init: -----END SSH HOST KEY FINGERPRINTS-----
SHA256:z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5 outside any block
ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----
ec2: 2048 0F:1E:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0 /etc/ssh/ssh_host_rsa_key.pub (RSA)
ec2: -----END SSH HOST KEY FINGERPRINTS-----
"""


def test_console_fingerprints_from_the_last_block_only() -> None:
    assert parse_console_fingerprints(CONSOLE) == {"MD5:0f:1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0"}
    first_boot = CONSOLE[: CONSOLE.index("SHA256:z4Ph")]
    assert parse_console_fingerprints(first_boot) == {
        "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
        "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
    }


def test_console_without_a_block_gives_nothing() -> None:
    assert parse_console_fingerprints("Linux version 6.1\nlogin: \n") == set()


def test_host_key_name_follows_openssh() -> None:
    assert host_key_name("Example.COM", 22) == "example.com"
    assert host_key_name("10.0.0.5", 2222) == "[10.0.0.5]:2222"


def test_accept_new_records_with_private_permissions_then_stays_silent(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "oscmd" / "known_hosts"
    known = KnownHosts(path)
    said = Messages()
    key = blob(1)
    known.verify("10.0.0.5", 2222, key, announce=said)
    assert len(said) == 1
    assert sha256_fingerprint(key) in said[0] and "10.0.0.5 port 2222" in said[0]
    assert path.read_text() == line("[10.0.0.5]:2222", key)
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    known.verify("10.0.0.5", 2222, key, announce=said)
    assert len(said) == 1
    # the same address on port 22 is another host for known_hosts
    known.verify("10.0.0.5", 22, key, announce=said)
    assert path.read_text().splitlines()[1].startswith("10.0.0.5 ssh-ed25519 ")


def test_changed_key_is_refused_with_both_fingerprints_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text("# comment\n" + line("other", blob(9)) + line("[h]:2222", blob(1)))
    for policy in (HostKeyPolicy.ACCEPT_NEW, HostKeyPolicy.STRICT):
        with pytest.raises(ConnectionFailure) as caught:
            KnownHosts(path, policy=policy).verify("h", 2222, blob(2), announce=Messages())
        message = str(caught.value)
        assert "h port 2222" in message and "changed" in message
        assert sha256_fingerprint(blob(1)) in message and sha256_fingerprint(blob(2)) in message
        assert f"{path} line 3" in message
        assert caught.value.hint is not None and "ssh-keygen -R '[h]:2222'" in caught.value.hint


def test_off_accepts_a_changed_key_with_a_warning_and_records_nothing(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(line("h", blob(1)))
    said = Messages()
    KnownHosts(path, policy=HostKeyPolicy.OFF).verify("h", 22, blob(2), announce=said)
    assert len(said) == 1 and "changed" in said[0]
    assert sha256_fingerprint(blob(1)) in said[0] and sha256_fingerprint(blob(2)) in said[0]
    KnownHosts(path, policy=HostKeyPolicy.OFF).verify("new", 22, blob(3), announce=said)
    assert len(said) == 1
    assert path.read_text() == line("h", blob(1))


def test_strict_refuses_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    with pytest.raises(ConnectionFailure, match=r"h port 22 .*unknown.*strict"):
        KnownHosts(path, policy=HostKeyPolicy.STRICT).verify("h", 22, blob(1), announce=Messages())
    assert not path.exists()


def test_read_only_file_with_hashed_names_and_patterns(tmp_path: Path) -> None:
    user_file = tmp_path / "ssh_known_hosts"
    user_file.write_text(line("[10.1.2.3]:2222", blob(1)) + line("*.internal,!bad.internal", blob(2)))
    subprocess.run(["ssh-keygen", "-q", "-H", "-f", str(user_file)], check=True, capture_output=True)
    assert "10.1.2.3" not in user_file.read_text()  # really hashed by OpenSSH
    own = tmp_path / "own"
    known = KnownHosts(own, read_only=[user_file], policy=HostKeyPolicy.STRICT)
    known.verify("10.1.2.3", 2222, blob(1), announce=Messages())
    known.verify("db.internal", 22, blob(2), announce=Messages())
    with pytest.raises(ConnectionFailure):
        known.verify("10.1.2.3", 22, blob(1), announce=Messages())
    with pytest.raises(ConnectionFailure):
        known.verify("bad.internal", 22, blob(2), announce=Messages())
    with pytest.raises(ConnectionFailure, match="changed"):
        known.verify("10.1.2.3", 2222, blob(3), announce=Messages())
    assert not own.exists()


def test_expected_fingerprints_gate_new_keys(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    said = Messages()
    known = KnownHosts(path).with_expected({sha256_fingerprint(blob(1)) + "="})
    with pytest.raises(ConnectionFailure, match="console output") as caught:
        known.verify("h", 22, blob(2), announce=said)
    assert sha256_fingerprint(blob(2)) in str(caught.value)
    assert not path.exists()
    known.verify("h", 22, blob(1), announce=said)
    assert "console" in said[-1]
    legacy = KnownHosts(tmp_path / "legacy", expected_fingerprints=frozenset({md5_fingerprint(blob(4))}))
    legacy.verify("h", 22, blob(4), announce=said)
    with pytest.raises(ConnectionFailure, match="no fingerprints at all"):
        KnownHosts(path).with_expected(set()).verify("other", 22, blob(5), announce=said)


def test_revoked_key_is_refused_even_when_off(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text("@revoked * " + line("", blob(1)).split(" ", 1)[1])
    with pytest.raises(ConnectionFailure, match="revoked"):
        KnownHosts(path, policy=HostKeyPolicy.OFF).verify("h", 22, blob(1), announce=Messages())


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("host-only\n", "expected"),
        ("h ssh-ed25519 not*base64\n", "base64"),
        ("h ssh-rsa " + base64.b64encode(blob(1)).decode() + "\n", "ssh-ed25519"),
        ("@weird h ssh-ed25519 AAAA\n", "marker"),
        ("|1|###|###= ssh-ed25519 " + base64.b64encode(blob(1)).decode() + "\n", "base64"),
    ],
)
def test_malformed_lines_name_the_file_and_line(tmp_path: Path, content: str, why: str) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(line("good", blob(1)) + content)
    with pytest.raises(UsageError, match=why) as caught:
        read_known_hosts(path)
    assert f"{path} line 2" in str(caught.value)


def test_unreadable_file_is_a_usage_error(tmp_path: Path) -> None:
    directory = tmp_path / "known_hosts"
    directory.mkdir()
    with pytest.raises(UsageError, match=str(directory)):
        read_known_hosts(directory)


def test_preferred_algorithms_come_from_recorded_keys(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(line("h", blob(1, "ssh-rsa")) + line("h", blob(2)))
    assert KnownHosts(path).preferred_algorithms("h", 22) == [
        "rsa-sha2-512",
        "rsa-sha2-256",
        "ssh-rsa",
        "ssh-ed25519",
    ]
    assert KnownHosts(path).preferred_algorithms("elsewhere", 22) == []


def test_an_entry_cut_short_does_not_swallow_the_next(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(line("a", blob(1)).rstrip("\n"))
    os.chmod(path, 0o644)
    KnownHosts(path).verify("b", 22, blob(2), announce=Messages())
    assert [key.line for key in read_known_hosts(path)] == [1, 2]
    assert path.stat().st_mode & 0o777 == 0o600


def test_policy_names() -> None:
    assert HostKeyPolicy.parse("accept-new") is HostKeyPolicy.ACCEPT_NEW
    assert HostKeyPolicy.parse("Strict") is HostKeyPolicy.STRICT
    assert HostKeyPolicy.parse("no") is HostKeyPolicy.OFF
    with pytest.raises(UsageError, match="strict, accept-new, off"):
        HostKeyPolicy.parse("maybe")
