"""Remote commands and SFTP uploads over a real sshd."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from oscmd_shell.errors import ApiError, ConnectionFailure
from oscmd_shell.ssh.client import Connection, SshTarget, connect
from oscmd_shell.ssh.hostkeys import HostKeyPolicy, KnownHosts
from oscmd_shell.ssh.remote import run, upload
from tests.ssh.harness import SshServer
from tests.support.hostile import plant, through

pytestmark = pytest.mark.ssh


@pytest.fixture
def client(sshd: SshServer, tmp_path: Path) -> Iterator[Connection]:
    target = SshTarget(sshd.host, sshd.port, sshd.user, str(sshd.client_key))
    known = KnownHosts(tmp_path / "known_hosts", policy=HostKeyPolicy.ACCEPT_NEW)
    connected = connect(target, known_hosts=known, out=io.StringIO())
    try:
        yield connected
    finally:
        connected.close()


def test_stdout_stderr_and_exit_status(client: Connection) -> None:
    out, err = io.BytesIO(), io.BytesIO()
    assert run(client, "echo out; echo err >&2; exit 3", stdout=out, stderr=err) == 3
    assert out.getvalue() == b"out\n"
    assert err.getvalue() == b"err\n"
    text_out, text_err = io.StringIO(), io.StringIO()
    assert run(client, "true", stdout=text_out, stderr=text_err) == 0
    assert text_out.getvalue() == text_err.getvalue() == ""


def test_text_streams_get_whole_characters(client: Connection) -> None:
    out = io.StringIO()
    status = run(client, "for i in $(seq 1 20000); do printf 'café-'; done", stdout=out, stderr=io.StringIO())
    assert status == 0
    assert out.getvalue() == "café-" * 20000


def test_stdin_is_fed_and_large_streams_do_not_deadlock(client: Connection) -> None:
    payload = bytes(range(256)) * 16384  # 4 MiB, more than both SSH windows
    out = io.BytesIO()
    assert run(client, "cat; cat /dev/null >&2", stdout=out, stderr=io.BytesIO(), stdin=payload) == 0
    assert out.getvalue() == payload
    count = io.BytesIO()
    assert run(client, "wc -c", stdout=count, stderr=io.BytesIO()) == 0
    assert count.getvalue().strip() == b"0"  # no stdin: end-of-file at once


class Releasing(io.BytesIO):
    """Creates a flag file once the first line has arrived, which lets the remote side go on."""

    def __init__(self, flag: Path) -> None:
        super().__init__()
        self.flag = flag

    def write(self, data: bytes) -> int:  # type: ignore[override]
        written = super().write(data)
        if b"first" in self.getvalue():
            self.flag.touch()
        return written


def test_output_is_streamed_as_it_arrives(client: Connection, tmp_path: Path) -> None:
    # The remote side prints "second" only after the client has received "first": with output
    # held back until the command ends, it would wait out its 30 s and print "held" instead.
    flag = tmp_path / "first-arrived"
    out = Releasing(flag)
    command = (
        f"echo first; i=0; while [ ! -e {flag} ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; "
        f"if [ -e {flag} ]; then echo second; else echo held; fi"
    )
    assert run(client, command, stdout=out, stderr=io.BytesIO()) == 0
    assert out.getvalue() == b"first\nsecond\n"


def test_pty_and_signals(client: Connection) -> None:
    out = io.BytesIO()
    assert run(client, "tty", stdout=out, stderr=io.BytesIO(), get_pty=True) == 0
    assert out.getvalue().startswith(b"/dev/pts/")
    assert run(client, "kill -9 $$", stdout=io.BytesIO(), stderr=io.BytesIO()) == 255


def test_a_dropped_connection_is_a_connection_failure(sshd: SshServer, client: Connection) -> None:
    # $PPID of the remote shell is the sshd process serving this connection.
    with pytest.raises(ConnectionFailure, match=f"connection to {sshd.host} port {sshd.port} failed running kill"):
        run(client, "kill -9 $PPID; sleep 5", stdout=io.BytesIO(), stderr=io.BytesIO())


def test_upload_then_run(client: Connection, tmp_path: Path) -> None:
    script = tmp_path / "remote" / "setup.sh"
    script.parent.mkdir()
    content = b'#!/bin/sh\necho "uploaded $1"\nexit 4\n'
    assert upload(client, content, str(script)) == len(content)
    assert script.read_bytes() == content
    assert script.stat().st_mode & 0o777 == 0o700
    out = io.BytesIO()
    assert run(client, f"{script} ok", stdout=out, stderr=io.BytesIO()) == 4
    assert out.getvalue() == b"uploaded ok\n"

    local = tmp_path / "data.bin"
    local.write_bytes(b"\x00\x01" * 100000)
    upload(client, local, str(tmp_path / "remote" / "data.bin"), mode=0o600)
    copied = tmp_path / "remote" / "data.bin"
    assert copied.read_bytes() == local.read_bytes()
    assert copied.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("planted", ["file", "link", "dangling link"])
def test_upload_never_replaces_nor_writes_through_what_is_there(
    client: Connection, tmp_path: Path, planted: str,
) -> None:
    remote_dir = tmp_path / "remote"
    remote_dir.mkdir()
    target, victim = remote_dir / "oscmd-init.pyz", tmp_path / "victim"
    victim.write_bytes(b"keep\n")
    plant(target, planted, victim)
    with pytest.raises(ApiError, match=f"{target} .*refused: something already exists there"):
        upload(client, b"#!/bin/sh\necho pwned\n", str(target), mode=0o600)
    assert victim.read_bytes() == b"keep\n" and not through(victim).exists()
    if planted == "file":
        assert target.read_bytes() == b"old\n"
    else:
        assert target.is_symlink()


def test_upload_failure_names_the_path(client: Connection, tmp_path: Path) -> None:
    missing_dir = tmp_path / "no" / "such" / "dir" / "x.sh"
    with pytest.raises(ApiError, match=str(missing_dir)):
        upload(client, b"x", str(missing_dir))
