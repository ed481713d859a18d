"""``instance ping``: the system ping when present, a TCP probe of the SSH port otherwise."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from oscmd_shell.errors import UsageError
from oscmd_shell.ssh.probe import ping
from tests.ssh.harness import SshServer, free_port

pytestmark = pytest.mark.ssh


def test_tcp_probe_answers_with_connect_times(sshd: SshServer) -> None:
    out = io.StringIO()
    assert ping(sshd.host, 3, out=out, port=sshd.port, icmp=False, interval=0.1) == 0
    lines = out.getvalue().splitlines()
    answers = [line for line in lines if line.startswith("connected to")]
    assert len(answers) == 3
    assert all(re.search(r"try=\d time=\d+\.\d ms$", line) for line in answers)
    assert lines[-1].endswith("3 tries, 3 answered, 0% lost")


def test_tcp_probe_of_a_closed_port_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no ping program: the TCP probe is the fallback
    port = free_port()
    out = io.StringIO()
    assert ping("127.0.0.1", 2, out=out, port=port, interval=0.05) == 1
    assert out.getvalue().count(f"no answer from 127.0.0.1 port {port}") == 2


def fake_ping(directory: Path, script: str) -> None:
    directory.mkdir()
    program = directory / "ping"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)


def test_system_ping_is_used_when_present(system_ping: str) -> None:
    out = io.StringIO()
    assert ping("127.0.0.1", 2, out=out, port=free_port(), options=("-i", "0.2")) == 0
    text = out.getvalue()
    assert text.startswith("PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"), text
    assert "2 packets transmitted, 2 received, 0% packet loss" in text
    assert "TCP" not in text  # the port given is closed: an answer can only have come from ICMP


def test_system_ping_gets_the_host_after_a_double_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sshd: SshServer
) -> None:
    fake_ping(tmp_path / "bin", 'echo "64 bytes from $4: icmp_seq=1 args=$*"\nexit 0\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    out = io.StringIO()
    assert ping("10.9.8.7", 2, out=out, port=sshd.port) == 0
    assert out.getvalue() == "64 bytes from 10.9.8.7: icmp_seq=1 args=-c 2 -- 10.9.8.7\n"


# The stand-in pings below play what loopback cannot: a ping that may not send, a host that never answers.


def test_ping_that_cannot_run_falls_back_to_tcp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sshd: SshServer
) -> None:
    fake_ping(tmp_path / "bin", 'echo "ping: socket: Operation not permitted" >&2\nexit 2\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    out = io.StringIO()
    assert ping(sshd.host, 1, out=out, port=sshd.port) == 0
    text = out.getvalue()
    assert "Operation not permitted" in text and f"probing TCP port {sshd.port}" in text
    assert f"connected to {sshd.host} port {sshd.port}" in text


def test_silent_icmp_is_reported_as_no_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_ping(tmp_path / "bin", 'echo "2 packets transmitted, 0 received, 100% packet loss"\nexit 1\n')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert ping("10.9.8.7", 2, out=io.StringIO()) == 1


@pytest.mark.parametrize("host", ["-f", "-c1000000", "--", "a b"])
def test_ping_refuses_a_host_that_is_not_one_and_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    fake_ping(tmp_path / "bin", f"touch {tmp_path / 'ran'}\nexit 0\n")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(UsageError, match="is not an IP address or a host name; nothing was run"):
        ping(host, 1, out=io.StringIO())
    assert not (tmp_path / "ran").exists()
