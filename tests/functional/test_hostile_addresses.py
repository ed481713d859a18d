"""Addresses and key pair names from a hostile endpoint never become options or paths.

A crafted EC2 endpoint answers instances whose public IP, private IP or DNS
name is an option-like word (``-f``, ``-c1000000``, ``--help``): ``instance
ping`` never runs ``ping`` (a stand-in on PATH records every call) and
``instance ssh`` never connects -- exit 3 and one line.  A good address reaches
``ping`` after ``--``.  A key pair name that is not a plain file name
(``../x``, ``a/b``) never becomes ``~/.ssh/NAME.pem``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.crafted import CraftedEC2, Instance
from tests.support.runner import Oscmd

IID = "i-0c0ffee0c0ffee000"
HOSTILE = ("-f", "-c1000000", "--help", "-oProxyCommand=touch${IFS}pwned", "127.0.0.1 -f", "a..b")


@pytest.fixture
def stand_in_ping(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """A ``ping`` first on PATH that records its arguments, one per line, and answers."""
    directory = tmp_path / "bin"
    directory.mkdir()
    log = tmp_path / "ping.log"
    script = directory / "ping"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{log}'\necho 'PING answered'\nexit 0\n")
    script.chmod(0o755)
    return {"PATH": f"{directory}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"}, log


def crafted(**fields: str | None) -> CraftedEC2:
    return CraftedEC2([Instance(**fields)])  # type: ignore[arg-type]


@pytest.fixture
def endpoint_with() -> Iterator[list[CraftedEC2]]:
    servers: list[CraftedEC2] = []
    yield servers
    for server in servers:
        server.stop()


def test_a_good_address_reaches_ping_after_the_end_of_options(
    oscmd_offline: Oscmd, stand_in_ping: tuple[dict[str, str], Path], endpoint_with: list[CraftedEC2]
) -> None:
    environ, log = stand_in_ping
    server = crafted(public_ip="127.0.0.1")
    endpoint_with.append(server)
    r = oscmd_offline.subprocess("-e", server.url, "instance", "-i", IID, "ping", "-c", "1", environ=environ)
    assert r.status == 0, r.err
    assert "PING answered" in r.out
    assert log.read_text().splitlines() == ["-c", "1", "--", "127.0.0.1"]


@pytest.mark.parametrize("field", ["public_ip", "public_dns", "private_ip"])
@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_address_never_runs_ping(
    oscmd_offline: Oscmd, stand_in_ping: tuple[dict[str, str], Path], endpoint_with: list[CraftedEC2],
    field: str, value: str,
) -> None:
    environ, log = stand_in_ping
    fields = {"public_ip": "127.0.0.1", field: value}
    server = crafted(**fields)
    endpoint_with.append(server)
    args = ["--private"] if field == "private_ip" else []
    r = oscmd_offline.subprocess("-e", server.url, "instance", "-i", IID, "ping", "-c", "1", *args, environ=environ)
    assert r.status == 3, r.err
    assert r.out == "" and len(r.err.splitlines()) == 1, r.err
    assert r.err.startswith(f"oscmd: the endpoint gave the instance {IID} (web1) a ") and "not an address" in r.err
    assert not log.exists(), log.read_text()


@pytest.mark.parametrize("host", ["-f", "-c1000000", "host name"])
def test_a_host_option_that_is_not_a_host_is_exit_2(
    oscmd_offline: Oscmd, stand_in_ping: tuple[dict[str, str], Path], endpoint_with: list[CraftedEC2], host: str
) -> None:
    environ, log = stand_in_ping
    server = crafted(public_ip="127.0.0.1")
    endpoint_with.append(server)
    r = oscmd_offline.subprocess("-e", server.url, "instance", "-i", IID, "ping", "--host", host, environ=environ)
    assert r.status == 2
    assert r.err == f"oscmd: --host '{host}' is not an IP address or a host name\n"
    assert not log.exists()


@pytest.mark.parametrize("value", HOSTILE[:3])
def test_a_hostile_address_never_reaches_ssh(
    oscmd_offline: Oscmd, endpoint_with: list[CraftedEC2], home: Path, value: str
) -> None:
    server = crafted(public_ip=value)
    endpoint_with.append(server)
    for client in ([], ["--openssh"]):
        r = oscmd_offline("-e", server.url, "instance", "-i", IID, "ssh", "-u", "root", *client, "--", "true")
        assert r.status == 3 and len(r.err.splitlines()) == 1, r.err
        assert "is not an address" in r.err
    assert not (home / ".config" / "oscmd" / "known_hosts").exists()


# -- key pair names --------------------------------------------------------------------------------------
@pytest.mark.parametrize("key_name", ["../outside", "sub/key", ".."])
def test_getwinpass_never_builds_a_path_from_a_key_name_that_is_not_a_file_name(
    oscmd_offline: Oscmd, endpoint_with: list[CraftedEC2], home: Path, key_name: str
) -> None:
    server = crafted(key_name=key_name)
    endpoint_with.append(server)
    (home / "outside.pem").write_text("-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----\n")
    (home / ".ssh" / "sub").mkdir(parents=True)
    (home / ".ssh" / "sub" / "key.pem").write_text("not a key either\n")
    r = oscmd_offline("-e", server.url, "instance", "-i", IID, "getwinpass")
    assert r.status == 2
    assert r.err == (f"oscmd: {IID} was launched with the key pair '{key_name}', which is not a plain file name: "
                     "give the private key with -f FILE\n")
    assert server.actions() == ["DescribeInstances"]  # no password was even asked for
