"""``keypair create`` interrupted once EC2 has created the key: nothing is left that nobody holds the key of.

A loopback proxy in front of the local EC2 server lets CreateKeyPair happen
and holds its answer back; the test sends SIGINT, SIGTERM or SIGHUP to a real
``oscmd`` process at that moment and asks the server with boto3 what is left.
The same proxy lets a link appear at the target while EC2 answers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.faults import FaultProxy
from tests.support.runner import REPO, Oscmd, one_line
from tests.support.seed import keys

LATE = 3.0  # seconds the answer to CreateKeyPair is held back


@pytest.fixture
def proxy(server: LocalEC2) -> Iterator[FaultProxy]:
    front = FaultProxy(server.url)
    front.plan.add("late", action="CreateKeyPair", seconds=LATE)
    yield front
    front.stop()


def _signals_as_usual() -> None:
    """Undo what the test runner's own launch may have done to SIGTERM and SIGHUP (nohup).

    Not to SIGINT: oscmd restores it itself when it starts ignored (as under
    ``trap '' INT`` or in a background job), and the SIGINT cases check that.
    """
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def start_create(oscmd: Oscmd, proxy: FaultProxy, *args: str) -> subprocess.Popen[str]:
    env = {**oscmd.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "oscmd_shell", "--endpoint", proxy.url, "keypair", "create", "-n", "deploy", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_signals_as_usual,
    )


def left_in(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_after_ec2_created_the_key_deletes_it_again(
    oscmd: Oscmd, ec2: Any, home: Path, proxy: FaultProxy, signum: int,
) -> None:
    proc = start_create(oscmd, proxy)
    try:
        assert proxy.plan.wait_answered("CreateKeyPair", 60), "oscmd never asked EC2 for the key pair"
        assert "deploy" in keys(ec2)  # EC2 has created it; its private key is still on the way
        started = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    name = signal.Signals(signum).name
    assert proc.returncode == 130, err
    one_line(err)
    assert f"interrupted by {name}: the new key pair 'deploy' was deleted again; no file was written" in err
    assert keys(ec2) == {}
    assert left_in(home / ".ssh") == []
    assert "PRIVATE" not in out + err
    assert time.monotonic() - started < LATE + 30  # waited for the answer, then undid: no hang


def test_a_signal_while_ec2_refuses_leaves_the_existing_key_pair_alone(
    oscmd: Oscmd, ec2: Any, home: Path, proxy: FaultProxy,
) -> None:
    existing = ec2.create_key_pair(KeyName="deploy")["KeyPairId"]  # someone's key pair of that name
    proc = start_create(oscmd, proxy)
    try:
        assert proxy.plan.wait_answered("CreateKeyPair", 60)
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    one_line(err)
    assert "interrupted by SIGTERM; creating the key pair 'deploy' failed: " in err and "Duplicate" in err
    assert keys(ec2)["deploy"]["KeyPairId"] == existing  # never deleted: it was not ours
    assert left_in(home / ".ssh") == []


def test_a_second_signal_stops_at_once_and_says_what_may_be_left(
    oscmd: Oscmd, ec2: Any, home: Path, proxy: FaultProxy,
) -> None:
    proc = start_create(oscmd, proxy)
    try:
        assert proxy.plan.wait_answered("CreateKeyPair", 60)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert time.monotonic() - started < LATE  # did not wait for the answer
    assert proc.returncode == 130, err
    one_line(err)
    assert "interrupted again while EC2 was creating the key pair 'deploy': it may exist" in err
    assert out == ""
    assert "'oscmd -y keypair -i deploy delete'" in err
    assert "deploy" in keys(ec2) and left_in(home / ".ssh") == []  # what the message warned about
    cleanup = oscmd("-y", "keypair", "-i", "deploy", "delete")
    assert cleanup.status == 0 and keys(ec2) == {}


def test_a_signal_while_the_key_file_is_written_removes_both(
    oscmd: Oscmd, ec2: Any, home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from oscmd_shell.objects.keypair import handlers

    real = handlers.write_private

    def write_then_hang_up(path: Path, data: bytes, **options: Any) -> None:
        real(path, data, **options)
        os.kill(os.getpid(), signal.SIGHUP)  # the terminal goes away just as the key is saved

    monkeypatch.setattr(handlers, "write_private", write_then_hang_up)
    caught: list[int] = []

    def ours(signum: int, _frame: Any) -> None:
        caught.append(signum)

    previous = signal.signal(signal.SIGHUP, ours)
    try:
        r = oscmd("keypair", "create", "-n", "deploy")
        restored = signal.getsignal(signal.SIGHUP)
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert r.status == 130
    one_line(r.err)
    path = home / ".ssh" / "deploy.pem"
    assert f"interrupted by SIGHUP: the new key pair 'deploy' was deleted again and {path} removed" in r.err
    assert keys(ec2) == {} and left_in(home / ".ssh") == []
    assert restored is ours and caught == []  # the handler is back; the signal was handled, not passed on


def test_a_link_planted_while_ec2_answers_is_not_written_through(
    oscmd: Oscmd, ec2: Any, home: Path, proxy: FaultProxy,
) -> None:
    ssh = home / ".ssh"
    ssh.mkdir(mode=0o700)
    victim = home / "victim"
    victim.write_text("keep\n")

    def plant() -> None:
        if proxy.plan.wait_answered("CreateKeyPair", 60):
            (ssh / "deploy.pem").symlink_to(victim)  # after oscmd checked the target, before it writes

    attacker = threading.Thread(target=plant, daemon=True)
    attacker.start()
    runner = Oscmd(proxy.url, home)
    r = runner("keypair", "create", "-n", "deploy")
    attacker.join(10)
    assert r.status == 3
    one_line(r.err)
    assert "the file appeared meanwhile; the new key pair 'deploy' was deleted again" in r.err
    assert keys(ec2) == {}
    assert victim.read_text() == "keep\n"
    assert left_in(ssh) == ["deploy.pem"] and (ssh / "deploy.pem").is_symlink()
