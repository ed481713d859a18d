"""``ami run`` killed between two steps: the journal shows an interrupted change with what exists, and
``undo`` removes exactly that.

A loopback proxy in front of the local EC2 server lets AssociateAddress be done
and holds its answer back (or never lets AllocateAddress through); the test
kills the real ``oscmd`` process with SIGKILL at that moment (no handler, no
last word), then reads the journal and undoes the change, asking the server
with boto3 what is left.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.faults import FaultProxy
from tests.support.runner import REPO, Oscmd
from tests.support.seed import IMAGE, run_named
from tests.support.world import world


@pytest.fixture
def proxy(server: LocalEC2) -> Iterator[FaultProxy]:
    front = FaultProxy(server.url)
    yield front
    front.stop()


def launch(oscmd: Oscmd, proxy: FaultProxy, home: Path) -> subprocess.Popen[str]:
    cfg = home / "fast.cfg"
    cfg.write_text("[oscmd]\npoll_interval = 0.05\nread_timeout = 60\n")
    env = {**oscmd.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "oscmd_shell", "-c", str(cfg), "--endpoint", proxy.url, "ami", "-i", IMAGE, "run",
         "-n", "web2", "-e", "-s", "2", "-N", "-w"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def kill_when(proc: subprocess.Popen[str], ready: Any) -> None:
    try:
        assert ready(), "oscmd never reached the held call"
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL


def test_a_kill_after_association_leaves_an_interrupted_record_and_undo_removes_it(
        oscmd: Oscmd, ec2: Any, home: Path, proxy: FaultProxy) -> None:
    run_named(ec2, "web1")
    before = world(ec2)
    proxy.plan.add("late", action="AssociateAddress", seconds=30)
    proc = launch(oscmd, proxy, home)
    kill_when(proc, lambda: proxy.plan.wait_answered("AssociateAddress", 60))
    [instance] = [i for i in world(ec2)["instances"] if i not in before["instances"]]
    [address] = ec2.describe_addresses()["Addresses"]
    assert address["InstanceId"] == instance  # done upstream: the answer never reached oscmd

    listed = oscmd("--endpoint", proxy.url, "journal", endpoint=False)
    assert listed.status == 0
    [line] = listed.lines
    assert "interrupted" in line and instance in line and address["AllocationId"] in line
    assert "AssociateAddress got no answer" in line
    shown = oscmd("--endpoint", proxy.url, "journal", "show", "1", endpoint=False).out
    assert "AssociateAddress  sent, no answer" in shown and "outcome  none recorded" in shown
    data = json.loads(oscmd("-o", "json", "journal", "show", "1").out)
    assert data["status"] == "interrupted" and data["outcome"] is None

    r = oscmd("--endpoint", proxy.url, "-y", "undo", endpoint=False)
    assert r.status == 0, r.err
    assert f"{address['AllocationId']} disassociated from {instance}" in r.out
    assert f"{instance} terminated; deleted vol-" in r.out
    assert world(ec2) == before
    assert ec2.describe_addresses()["Addresses"] == []


def test_a_kill_while_an_address_is_asked_for_notes_what_the_journal_cannot_know(
        oscmd: Oscmd, ec2: Any, home: Path, proxy: FaultProxy) -> None:
    before = world(ec2)
    proxy.plan.add("blackhole", action="AllocateAddress", seconds=30)
    proc = launch(oscmd, proxy, home)

    def held() -> bool:
        deadline = time.monotonic() + 60
        while proxy.plan.hits["AllocateAddress"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        return proxy.plan.hits["AllocateAddress"] > 0

    kill_when(proc, held)
    r = oscmd("--endpoint", proxy.url, "-y", "undo", endpoint=False)
    assert r.status == 0, r.err
    assert "terminated; deleted vol-" in r.out
    assert "AllocateAddress was sent but no answer came" in r.out
    assert world(ec2) == before  # the held request never reached the server: nothing else exists
