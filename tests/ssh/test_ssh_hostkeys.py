"""Host-key trust decisions and known_hosts parsing, without a server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.errors import ConnectionFailure, UsageError
from oscmd_shell.fileio import LinkRefused
from oscmd_shell.ssh import hostkeys
from oscmd_shell.ssh.hostkeys import (
    HostKeyPolicy,
    KnownHosts,
    host_key_name,
    md5_fingerprint,
    parse_console_fingerprints,
    read_known_hosts,
    sha256_fingerprint,
)


def ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def blob(seed: int, key_type: str = "ssh-ed25519") -> bytes:
    """A public-key blob with the fields of ``key_type`` (ed25519 or rsa) and made-up values."""
    body = bytes((seed + i) % 256 for i in range(32))
    fields = [b"\x01\x00\x01", b"\x00\xc1" + body * 8] if key_type == "ssh-rsa" else [body]
    return b"".join(ssh_string(f) for f in [key_type.encode(), *fields])


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


# -- the user's ~/.ssh/known_hosts: what OpenSSH skips, oscmd skips ----------------------------
def hashed(name: str, salt: bytes) -> str:
    """An OpenSSH ``|1|salt|hash`` host field (HMAC-SHA1 of the name keyed by the salt)."""
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# Lines OpenSSH (hostfile.c) skips, each mentioning the host "h": none may count as a key of h.
SKIPPED = [
    "# a comment h ssh-ed25519 " + b64(blob(7)),
    "   ",
    "@weird h ssh-ed25519 " + b64(blob(7)),
    "@revoked",
    "h",
    "h ssh-ed25519",
    "garbage line with words",
    "h ssh-foo " + b64(ssh_string(b"ssh-foo") + ssh_string(b"x" * 32)),
    "h ssh-ed25519 not*base64",
    "h ssh-rsa " + b64(blob(7)),  # the blob is an ed25519 key
    "h ssh-ed25519 " + b64(ssh_string(b"ssh-ed25519")),  # cut after its type
    "h ssh-ed25519 " + b64(blob(7)[:-5]),
    "h ssh-ed25519 " + b64(blob(7) + b"\0"),  # one byte too many
    "h ssh-rsa " + b64(ssh_string(b"ssh-rsa") + ssh_string(b"\x01\x00\x01")),  # no modulus
    "h ecdsa-sha2-nistp256 " + b64(ssh_string(b"ecdsa-sha2-nistp256") + ssh_string(b"nistp384")
                                   + ssh_string(b"\x04" + b"x" * 64)),  # the wrong curve
    "|1|###|###= ssh-ed25519 " + b64(blob(7)),
    "|1|" + b64(b"short") + "|" + b64(b"x" * 20) + " ssh-ed25519 " + b64(blob(7)),
    "|2|" + b64(b"s" * 20) + "|" + b64(b"x" * 20) + " ssh-ed25519 " + b64(blob(7)),
    "@cert-authority h ssh-ed25519 " + b64(blob(8)),  # certificates are not used by oscmd
    "\x00\xff\x1b[2J binary garbage",
]


def test_lines_openssh_skips_are_skipped_in_the_users_file(tmp_path: Path) -> None:
    user_file = tmp_path / "ssh_known_hosts"
    good = [hashed("h", b"s" * 20) + " ssh-ed25519 " + b64(blob(1)), "other " + line("", blob(2)).strip()]
    user_file.write_text("\n".join([*SKIPPED[:10], good[0], *SKIPPED[10:], good[1]]) + "\n")
    keys = read_known_hosts(user_file, lenient=True)
    assert [(k.line, k.blob) for k in keys] == [(11, blob(1)), (len(SKIPPED) + 2, blob(2))]
    with pytest.raises(UsageError, match="line 3"):  # oscmd's own file is oscmd's: it stays strict
        read_known_hosts(user_file)
    own = tmp_path / "own"
    strict = KnownHosts(own, read_only=[user_file], policy=HostKeyPolicy.STRICT)
    strict.verify("h", 22, blob(1), announce=Messages())  # the hashed entry matches, as in OpenSSH
    with pytest.raises(ConnectionFailure, match="changed"):
        strict.verify("h", 22, blob(3), announce=Messages())
    assert not own.exists()


def test_a_host_mentioned_only_by_skipped_lines_is_new(tmp_path: Path) -> None:
    user_file = tmp_path / "ssh_known_hosts"
    user_file.write_text("\n".join(SKIPPED) + "\n")
    said = Messages()
    known = KnownHosts(tmp_path / "own", read_only=[user_file], policy=HostKeyPolicy.ACCEPT_NEW)
    known.verify("h", 22, blob(1), announce=said)
    assert len(said) == 1 and "added host key" in said[0]
    assert [k.blob for k in read_known_hosts(tmp_path / "own")] == [blob(1)]


@pytest.mark.parametrize("index", range(len(SKIPPED)))
def test_each_skipped_line_is_an_error_in_oscmds_own_file(tmp_path: Path, index: int) -> None:
    own = tmp_path / "own"
    own.write_text(line("good", blob(1)) + SKIPPED[index] + "\n")
    if SKIPPED[index].strip() == "" or SKIPPED[index].startswith(("#", "@cert-authority")):
        assert [k.line for k in read_known_hosts(own)] == [1]
        return
    with pytest.raises(UsageError) as caught:
        read_known_hosts(own)
    assert f"{own} line 2" in caught.value.message and caught.value.message.count("\n") == 0


def test_hashed_names_match_for_ports_too(tmp_path: Path) -> None:
    user_file = tmp_path / "ssh_known_hosts"
    user_file.write_text(hashed("[10.0.0.9]:2222", os.urandom(20)) + " ssh-ed25519 " + b64(blob(4)) + "\n")
    known = KnownHosts(tmp_path / "own", read_only=[user_file], policy=HostKeyPolicy.STRICT)
    known.verify("10.0.0.9", 2222, blob(4), announce=Messages())
    with pytest.raises(ConnectionFailure, match="strict"):
        known.verify("10.0.0.9", 22, blob(4), announce=Messages())


def test_a_linked_user_file_is_read_but_oscmds_own_file_is_never_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "known_hosts"
    real.parent.mkdir()
    real.write_text(line("h", blob(1)))
    user_file = tmp_path / "ssh_known_hosts"
    user_file.symlink_to(real)
    assert [k.blob for k in read_known_hosts(user_file, lenient=True)] == [blob(1)]
    own = tmp_path / "own"
    own.symlink_to(real)
    with pytest.raises(UsageError, match="symbolic link"):
        KnownHosts(own).verify("new", 22, blob(2), announce=Messages())
    assert real.read_text() == line("h", blob(1))


def test_recording_never_writes_through_a_link_planted_after_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    own, victim = tmp_path / "cfg" / "known_hosts", tmp_path / "victim"
    victim.write_text("keep\n")
    known = KnownHosts(own)
    original = read_known_hosts

    def plant_after_reading(path: Path, *, lenient: bool = False) -> list[Any]:
        keys = original(path, lenient=lenient)
        if path == own and not own.is_symlink():
            own.parent.mkdir(exist_ok=True)
            own.symlink_to(victim)
        return keys

    monkeypatch.setattr(hostkeys, "read_known_hosts", plant_after_reading)
    with pytest.raises(UsageError, match=r"cannot write known_hosts file .*symbolic link") as caught:
        known.verify("new", 22, blob(2), announce=Messages())
    assert isinstance(caught.value.__cause__, LinkRefused)
    assert victim.read_text() == "keep\n"


def test_a_fifo_in_place_of_known_hosts_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "known_hosts"
    os.mkfifo(fifo)
    for lenient in (False, True):
        with pytest.raises(UsageError, match="FIFO"):
            read_known_hosts(fifo, lenient=lenient)
