"""The interactive session, driven through a real pseudo-terminal against a real sshd."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from tests.ssh.harness import SshServer

pytestmark = [pytest.mark.ssh, pytest.mark.terminal]

REPO = Path(__file__).resolve().parents[2]

DRIVER = """
import sys, termios
from pathlib import Path
from oscmd_shell.ssh.client import SshTarget, connect
from oscmd_shell.ssh.hostkeys import KnownHosts
from oscmd_shell.ssh.remote import interactive_shell

host, port, user, key, known = sys.argv[1:6]
command = sys.argv[6] if len(sys.argv) > 6 else None
client = connect(SshTarget(host, int(port), user, key), known_hosts=KnownHosts(Path(known)))
before = termios.tcgetattr(0) if sys.stdin.isatty() else None
try:
    status = interactive_shell(client, command=command)
finally:
    client.close()
restored = before is None or termios.tcgetattr(0) == before
print(f"local-status={status} restored={restored}", flush=True)
raise SystemExit(status)
"""


def spawn(sshd: SshServer, tmp_path: Path, *extra: str) -> pexpect.spawn:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "TERM": "xterm",
        "PYTHONPATH": str(REPO),
    }
    args = ["-c", DRIVER, sshd.host, str(sshd.port), sshd.user, str(sshd.client_key)]
    args += [str(tmp_path / "known_hosts"), *extra]
    return pexpect.spawn(
        sys.executable, args, env=env, cwd=str(REPO), dimensions=(24, 80), encoding="utf-8", timeout=10
    )


def test_interactive_shell_on_a_real_terminal(sshd: SshServer, tmp_path: Path) -> None:
    child = spawn(sshd, tmp_path)
    try:
        child.expect("added host key")
        child.send("stty size\r")
        child.expect(r"[\r\n]24 80\r\n")  # the remote pty got the local size
        child.setwinsize(30, 100)  # SIGWINCH -> window-change request
        child.send("stty size\r")
        child.expect(r"[\r\n]30 100\r\n")

        child.send("echo start-$((2+3)); sleep 30; echo not-interrupted\r")
        child.expect("start-5")
        time.sleep(0.3)
        child.send("\x03")  # Ctrl-C goes to the remote sleep, not to the local process
        child.send("echo after=$((1+1))\r")
        child.expect("after=2", timeout=5)
        assert child.isalive()

        child.send("echo answer=$((6*7)); exit 7\r")
        child.expect("answer=42")
        child.expect("local-status=7 restored=True")
        child.expect(pexpect.EOF)
        assert "not-interrupted" not in (child.before or "")
    finally:
        child.close(force=True)
    assert child.exitstatus == 7


def test_interactive_command(sshd: SshServer, tmp_path: Path) -> None:
    child = spawn(sshd, tmp_path, "read line; echo got=$line; tty; exit 5")
    try:
        child.send("hello\r")
        child.expect("got=hello")
        child.expect("/dev/pts/")
        child.expect("local-status=5 restored=True")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 5


def test_without_a_terminal_input_is_piped(sshd: SshServer, tmp_path: Path) -> None:
    args = ["-c", DRIVER, sshd.host, str(sshd.port), sshd.user, str(sshd.client_key)]
    args += [str(tmp_path / "known_hosts"), "cat; echo err >&2; exit 2"]
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, *args], input=b"piped\n", capture_output=True, env=env, cwd=str(REPO), timeout=20
    )
    assert result.returncode == 2
    assert result.stdout == b"piped\nlocal-status=2 restored=True\n"
    assert b"err\n" in result.stderr
