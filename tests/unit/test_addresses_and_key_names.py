"""The two gates between what an endpoint names and what oscmd runs or opens.

:func:`oscmd_shell.ssh.address.is_host` lets only IP addresses and DNS names
reach ``ping``, ``ssh`` and a TCP connection; :func:`oscmd_shell.keyfiles.key_path`
turns only a plain file name into ``DIR/NAME.pem``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oscmd_shell.errors import ApiError
from oscmd_shell.keyfiles import guessed_key, key_path, plain_name
from oscmd_shell.ssh.address import is_host, pick


@pytest.mark.parametrize("host", [
    "10.0.0.1", "54.214.1.2", "::1", "fe80::1%eth0", "ec2-54-214-1-2.compute-1.amazonaws.com",
    "ip-10-0-0-1.ec2.internal", "localhost", "host.example.org.", "a", "_srv.example.org", "x" * 63,
])
def test_addresses_and_names_are_hosts(host: str) -> None:
    assert is_host(host)


@pytest.mark.parametrize("text", [
    "", "-f", "-c1000000", "--help", "-oProxyCommand=x", "a..b", ".a", "a b", "a\nb", "a/b", "a@b", "a:b",
    "host;rm", "é.example", "x" * 64, ".".join(["a" * 60] * 5), "-", "a-.b", "1.2.3.4 -f",
])
def test_anything_else_is_not(text: str) -> None:
    assert not is_host(text)


def test_pick_checks_every_address_it_may_choose() -> None:
    def never(_name: str) -> bool:
        return False

    assert pick("i-1", "ec2.example", "1.2.3.4", "10.0.0.1", resolve=never) == "1.2.3.4"
    assert pick("i-1", "ec2.example", "1.2.3.4", "10.0.0.1", resolve=lambda _n: True) == "ec2.example"
    assert pick("i-1", None, None, None, resolve=never) is None
    with pytest.raises(ApiError, match=r"the endpoint gave the instance i-1 a private IP address that is not an "
                                       r"address: '-f'; nothing was run"):
        pick("i-1", "", "1.2.3.4", "-f", resolve=never)


@pytest.mark.parametrize(("name", "plain"), [
    ("deploy", True), ("my key.v2", True), ("-dash", True), ("é", True),
    ("", False), (".", False), ("..", False), ("../x", False), ("a/b", False), ("a\0b", False), ("a\nb", False),
    ("a\x1b[2Jb", False), ("a\u202eb", False), ("a\x85b", False), ("x" * 252, False),
])
def test_only_plain_file_names_become_key_paths(tmp_path: Path, name: str, plain: bool) -> None:
    assert plain_name(name) is plain
    assert key_path(tmp_path, name) == (tmp_path / f"{name}.pem" if plain else None)


def test_the_guess_is_a_file_in_dot_ssh(tmp_path: Path) -> None:
    (tmp_path / ".ssh").mkdir()
    (tmp_path / "outside.pem").write_text("key")
    (tmp_path / ".ssh" / "deploy.pem").write_text("key")
    assert guessed_key(tmp_path, "deploy") == tmp_path / ".ssh" / "deploy.pem"
    assert guessed_key(tmp_path, "../outside") is None
    assert guessed_key(tmp_path, "missing") is None
    assert guessed_key(tmp_path, None) is None
