"""Host-key fingerprints read from a console: only a whole, well-formed block counts, and the last one wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from oscmd_shell.errors import ConnectionFailure
from oscmd_shell.ssh.hostkeys import KnownHosts, parse_console_fingerprints, sha256_fingerprint

REAL = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
REAL2 = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"
FORGED = "SHA256:z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5"

BLOCK = f"""\
<14>Nov 25 08:00:01 cloud-init: -----BEGIN SSH HOST KEY FINGERPRINTS-----
<14>Nov 25 08:00:01 cloud-init: 256 {REAL} root@ip-172-31-1-2 (ECDSA)
<14>Nov 25 08:00:02 cloud-init: 256 {REAL2} no comment (ED25519)
<14>Nov 25 08:00:02 cloud-init: -----END SSH HOST KEY FINGERPRINTS-----
"""


def test_forged_lines_after_the_real_block_count_for_nothing() -> None:
    # The attack the issue describes: lines that merely contain the markers, after the real block.
    forged = (f"sshd[900]: Invalid user -----BEGIN SSH HOST KEY FINGERPRINTS----- from 10.0.0.9\n"
              f"login: 256 {FORGED} evil (ED25519) -----END SSH HOST KEY FINGERPRINTS-----\n")
    assert parse_console_fingerprints(BLOCK + forged) == {REAL, REAL2}


def test_markers_must_start_the_line() -> None:
    mid_line = BLOCK.replace("cloud-init: -----BEGIN", "cloud-init: note -----BEGIN")
    assert parse_console_fingerprints(mid_line) == set()
    other_tag = BLOCK.replace("cloud-init:", "attacker:")
    assert parse_console_fingerprints(other_tag) == set()


def test_the_last_well_formed_block_wins() -> None:
    second = BLOCK.replace(REAL, FORGED).replace(REAL2, "")
    second = "\n".join(line for line in second.splitlines() if "no comment" not in line) + "\n"
    assert parse_console_fingerprints(BLOCK + second) == {FORGED}
    assert parse_console_fingerprints(second + BLOCK) == {REAL, REAL2}


@pytest.mark.parametrize(
    "tail",
    [
        # unclosed: a BEGIN and keys, never an END
        f"ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\nec2: 256 {FORGED} x (ED25519)\n",
        # a line of the block's writer that is not a key
        f"ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\nec2: 256 {FORGED} x (ED25519)\nec2: hello\n"
        "ec2: -----END SSH HOST KEY FINGERPRINTS-----\n",
        f"-----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 {FORGED} x (ED25519)\nhello\n"
        "-----END SSH HOST KEY FINGERPRINTS-----\n",
        # keys written under another tag than the block's
        f"ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\ncloud-init: 256 {FORGED} x (ED25519)\n"
        "ec2: -----END SSH HOST KEY FINGERPRINTS-----\n",
        # a Unicode line separator (str.splitlines would cut there) cannot start a line
        f"boot\u2028ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\nec2: 256 {FORGED} x (ED25519)\n"
        "ec2: -----END SSH HOST KEY FINGERPRINTS-----\n",
        # an empty block
        "ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\nec2: -----END SSH HOST KEY FINGERPRINTS-----\n",
    ],
)
def test_malformed_or_unclosed_blocks_count_for_nothing(tail: str) -> None:
    assert parse_console_fingerprints(tail) == set()
    assert parse_console_fingerprints(BLOCK + tail) == {REAL, REAL2}


def test_other_writers_lines_in_the_middle_of_a_block_are_passed_over() -> None:
    # the kernel prints when it likes (a remote peer can make it log a SYN flood): that must not void the check
    kernel = "[  312.604127] TCP: request_sock_TCP: Possible SYN flooding on port 22. Sending cookies.\n"
    tagged = ("ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\n" + kernel + f"ec2: 256 {REAL} root@h (ECDSA)\n"
              "random: crng init done\n" + f"cloud-init: 256 {FORGED} x (ED25519)\n"
              "ec2: -----END SSH HOST KEY FINGERPRINTS-----\n")
    assert parse_console_fingerprints(tagged) == {REAL}  # the other writers' lines add nothing either
    untagged = ("-----BEGIN SSH HOST KEY FINGERPRINTS-----\n" + f"256 {REAL} root@h (ECDSA)\n" + kernel
                + "-----END SSH HOST KEY FINGERPRINTS-----\n")
    assert parse_console_fingerprints(untagged) == {REAL}


def test_old_md5_block_with_crlf_line_ends() -> None:
    console = ("ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\r\n"
               "ec2: 2048 0F:1E:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0 /etc/ssh/ssh_host_rsa_key.pub (RSA)\r\n"
               "ec2: -----END SSH HOST KEY FINGERPRINTS-----\r\n")
    assert parse_console_fingerprints(console) == {"MD5:0f:1e:2d:3c:4b:5a:69:78:87:96:a5:b4:c3:d2:e1:f0"}


def test_a_forged_tail_no_longer_makes_an_attackers_key_match(tmp_path: Path) -> None:
    attacker = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(range(32))
    forged = sha256_fingerprint(attacker)
    tail = (f"x -----BEGIN SSH HOST KEY FINGERPRINTS-----\n256 {forged} evil (ED25519)\n"
            "-----END SSH HOST KEY FINGERPRINTS-----\n")
    expected = parse_console_fingerprints(BLOCK + tail)
    assert forged not in expected
    known = KnownHosts(tmp_path / "known_hosts").with_expected(expected)
    with pytest.raises(ConnectionFailure, match="console output"):
        known.verify("10.0.0.5", 22, attacker, announce=lambda message: None)
    assert not (tmp_path / "known_hosts").exists()
