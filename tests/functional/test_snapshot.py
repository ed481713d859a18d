"""snapshot summary/create/delete against the local EC2 server, checked with boto3."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.cli import run
from oscmd_shell.env import Env
from tests.support.runner import base_environ
from tests.support.seed import volume


def snapshots(ec2: Any) -> list[dict[str, Any]]:
    """The account's snapshots, except the ones moto makes for its built-in images."""
    return [s for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
            if not str(s.get("Description", "")).startswith("Auto-created snapshot for AMI")]


def tags(item: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in item.get("Tags", [])}


class SlowSnapshots:
    """New snapshots stay 'pending' at 40% for ``delay`` seconds (for ever when None)."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.delay: float | None = 0.3
        self.timers: list[threading.Timer] = []


@pytest.fixture
def slow(server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowSnapshots]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.elastic_block_store import Snapshot

    cls = type(ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"])
    original = cls.create_snapshot
    state = SlowSnapshots()

    # moto completes a snapshot at once (and says 100%); EC2 takes a while: pending at 40% for ``delay`` s.
    def create_snapshot(self: Any, *args: Any, **kwargs: Any) -> Any:
        snap = original(self, *args, **kwargs)
        snap.status = "pending"
        state.made.append(snap.id)
        if state.delay is not None:
            timer = threading.Timer(state.delay, setattr, (snap, "status", "completed"))
            state.timers.append(timer)
            timer.start()
        return snap

    monkeypatch.setattr(cls, "create_snapshot", create_snapshot)
    monkeypatch.setattr(Snapshot, "progress", property(lambda s: "100%" if s.status == "completed" else "40%"))
    yield state
    for timer in state.timers:
        timer.cancel()


def test_summary_counts_own_snapshots(oscmd: Any, ec2: Any) -> None:
    everything = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]  # moto's own, for its images
    n, size = len(everything), sum(s["VolumeSize"] for s in everything)
    a = volume(ec2, "a", size=8)
    b = volume(ec2, "b", size=20)
    ec2.create_snapshot(VolumeId=a)
    ec2.create_snapshot(VolumeId=b)
    ec2.create_snapshot(VolumeId=b)
    r = oscmd("snapshot", "summary")
    assert r.status == 0, r.err
    assert r.lines == [f"snapshots: {n + 3}, {size + 48} GiB", f"  completed: {n + 3}, {size + 48} GiB"]
    data = json.loads(oscmd("-o", "json", "snapshot", "summary").out)
    assert (data["count"], data["size_gib"]) == (n + 3, size + 48)


def test_create_by_volume_name_with_tags(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "data1", size=6)
    r = oscmd("snapshot", "create", "-v", "data1", "-n", "nightly", "-d", "before upgrade")
    assert r.status == 0, r.err
    [snap] = snapshots(ec2)
    assert r.out == f"created snapshot {snap['SnapshotId']} of {vid} (data1)\n"
    assert snap["VolumeId"] == vid and snap["Description"] == "before upgrade"
    assert tags(snap)["Name"] == "nightly" and tags(snap)["creator"]


def test_create_by_volume_id_json(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, size=6)
    r = oscmd("-o", "json", "snapshot", "create", "-v", vid)
    assert r.status == 0, r.err
    data = json.loads(r.out)
    assert data["snapshot_id"] == snapshots(ec2)[0]["SnapshotId"]
    assert (data["volume_id"], data["size"]) == (vid, 6)


def test_create_needs_a_volume(oscmd: Any, ec2: Any) -> None:
    r = oscmd("snapshot", "create", "-n", "x")
    assert r.status == 2
    assert "--volume" in r.err
    assert snapshots(ec2) == []


def test_create_unknown_volume_is_not_found(oscmd: Any, ec2: Any) -> None:
    r = oscmd("snapshot", "create", "-v", "nosuch")
    assert r.status == 1
    assert "nosuch" in r.err
    assert snapshots(ec2) == []


def test_create_dry_run(oscmd: Any, ec2: Any) -> None:
    volume(ec2, "data1")
    r = oscmd("--dry-run", "snapshot", "create", "-v", "data1")
    assert r.status == 0 and "dry run" in r.out
    assert snapshots(ec2) == []


def test_create_wait_shows_progress_until_completed(server: Any, ec2: Any, home: Path, fast: str,
                                                     slow: SlowSnapshots) -> None:
    volume(ec2, "data1")
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=base_environ(home), stderr_isatty=True)
    began = time.monotonic()
    status = run(["--endpoint", server.url, "-c", fast, "snapshot", "create", "-v", "data1", "-w"], env)
    assert status == 0, err.getvalue()
    assert time.monotonic() - began >= 0.25
    [sid] = slow.made
    assert out.getvalue().splitlines() == [f"created snapshot {sid} of {snapshots(ec2)[0]['VolumeId']} (data1)",
                                           f"{sid} completed"]
    assert f"waiting for {sid} to be completed: pending 40%" in err.getvalue()
    assert snapshots(ec2)[0]["State"] == "completed"


def test_create_wait_times_out(oscmd: Any, ec2: Any, fast: str, slow: SlowSnapshots) -> None:
    slow.delay = None
    volume(ec2, "data1")
    r = oscmd("-c", fast, "--timeout", "0.3", "snapshot", "create", "-v", "data1", "-w")
    assert r.status == 3
    [sid] = slow.made
    assert f"created snapshot {sid}" in r.out
    assert "timed out" in r.err and sid in r.err and "pending 40%" in r.err


def test_delete_refused_then_confirmed(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "data1")
    sid = ec2.create_snapshot(VolumeId=vid)["SnapshotId"]
    keep = ec2.create_snapshot(VolumeId=vid)["SnapshotId"]
    r = oscmd("snapshot", "-i", sid, "delete")
    assert r.status == 4
    assert {s["SnapshotId"] for s in snapshots(ec2)} == {sid, keep}
    r = oscmd("snapshot", "-i", sid, "delete", answer="y")
    assert (r.status, r.out) == (0, f"{sid} deleted\n"), r.err
    assert [s["SnapshotId"] for s in snapshots(ec2)] == [keep]


def test_delete_by_name_with_yes(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "data1")
    sid = ec2.create_snapshot(VolumeId=vid, TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "old"}]}])["SnapshotId"]
    r = oscmd("--yes", "snapshot", "-n", "old", "delete")
    assert (r.status, r.out) == (0, f"{sid} deleted\n"), r.err
    assert snapshots(ec2) == []


def test_delete_not_found_and_dry_run(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "data1")
    sid = ec2.create_snapshot(VolumeId=vid)["SnapshotId"]
    r = oscmd("--yes", "snapshot", "-n", "nosuch", "delete")
    assert r.status == 1
    r = oscmd("--dry-run", "snapshot", "-i", sid, "delete")
    assert r.status == 0 and "dry run" in r.out
    assert [s["SnapshotId"] for s in snapshots(ec2)] == [sid]


def test_delete_snapshot_in_use_is_one_api_error_line(oscmd: Any, ec2: Any) -> None:
    behind_image = [s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
                    if s.get("Description", "").startswith("Auto-created snapshot for AMI")]
    sid = behind_image[0]
    r = oscmd("--yes", "snapshot", "-i", sid, "delete")
    assert r.status == 3
    assert r.out == ""
    [line] = r.err.strip().splitlines()
    assert "InvalidSnapshot.InUse" in line
    assert sid in {s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]}
