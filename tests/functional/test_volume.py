"""volume summary/create/attach/detach/delete against the local EC2 server, checked with boto3."""

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
from tests.support.seed import run_named, volume


def tags(vol: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in vol.get("Tags", [])}


def volumes(ec2: Any) -> list[dict[str, Any]]:
    return list(ec2.describe_volumes()["Volumes"])


def one_volume(ec2: Any, vid: str) -> dict[str, Any]:
    return dict(ec2.describe_volumes(VolumeIds=[vid])["Volumes"][0])


@pytest.fixture
def backend(server: Any) -> Any:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ec2.models import ec2_backends

    return ec2_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]


class SlowCreate:
    """New volumes stay 'creating' for ``delay`` seconds (for ever when None), like on a real cloud."""

    def __init__(self) -> None:
        self.made: list[str] = []
        self.delay: float | None = 0.3
        self.timers: list[threading.Timer] = []
        self.creating: set[str] = set()


@pytest.fixture
def slow_create(backend: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowCreate]:
    from moto.ec2.models.elastic_block_store import Volume

    cls = type(backend)
    original = cls.create_volume
    real_status = Volume.status
    slow = SlowCreate()

    # moto's new volumes are available at once; EC2's are 'creating' for a while.
    def create_volume(self: Any, *args: Any, **kwargs: Any) -> Any:
        vol = original(self, *args, **kwargs)
        slow.made.append(vol.id)
        slow.creating.add(vol.id)
        if slow.delay is not None:
            timer = threading.Timer(slow.delay, slow.creating.discard, (vol.id,))
            slow.timers.append(timer)
            timer.start()
        return vol

    def status(vol: Any) -> str:
        return "creating" if vol.id in slow.creating else str(real_status.fget(vol))

    monkeypatch.setattr(cls, "create_volume", create_volume)
    monkeypatch.setattr(Volume, "status", property(status))
    yield slow
    for timer in slow.timers:
        timer.cancel()


# -- summary ----------------------------------------------------------------------------
def test_summary_counts_and_sizes_per_state(oscmd: Any, ec2: Any) -> None:
    a = volume(ec2, "a", size=8)
    volume(ec2, "b", size=10)
    iid = run_named(ec2, "web1")[0]
    ec2.attach_volume(VolumeId=a, InstanceId=iid, Device="/dev/sdf")
    root = sum(v["Size"] for v in volumes(ec2)) - 18  # the instance's own root volume
    r = oscmd("volume", "summary")
    assert r.status == 0, r.err
    assert r.lines == [f"volumes: 3, {18 + root} GiB", "  available: 1, 10 GiB", f"  in-use: 2, {8 + root} GiB"]
    data = json.loads(oscmd("--output", "json", "volume", "summary").out)
    assert data["count"] == 3 and data["size_gib"] == 18 + root
    assert data["states"]["in-use"] == {"count": 2, "size_gib": 8 + root}


def test_summary_needs_no_object_and_handles_none(oscmd: Any, ec2: Any) -> None:
    r = oscmd("volume", "summary")
    assert (r.status, r.out) == (0, "volumes: 0, 0 GiB\n")


# -- create -----------------------------------------------------------------------------
def test_create_names_tags_and_uses_first_zone(oscmd: Any, ec2: Any) -> None:
    r = oscmd("volume", "create", "-s", "5", "-n", "data2")
    assert r.status == 0, r.err
    [vol] = volumes(ec2)
    assert r.out == f"created volume {vol['VolumeId']} (5 GiB {vol['VolumeType']} in us-east-1a)\n"
    assert vol["Size"] == 5 and vol["AvailabilityZone"] == "us-east-1a"
    assert tags(vol)["Name"] == "data2"
    assert tags(vol)["creator"]


def test_create_zone_type_iops_throughput_encrypted(oscmd: Any, ec2: Any) -> None:
    r = oscmd("-z", "us-east-1b", "volume", "create", "-s", "20", "-t", "gp3", "--iops", "4000",
              "--throughput", "250", "--encrypted")
    assert r.status == 0, r.err
    [vol] = volumes(ec2)
    assert (vol["AvailabilityZone"], vol["VolumeType"], vol["Iops"], vol["Encrypted"]) == (
        "us-east-1b", "gp3", 4000, True)
    assert vol["Throughput"] == 250
    r = oscmd("-z", "us-east-1b", "volume", "create", "-s", "1", "-z", "us-east-1c")
    assert r.status == 0, r.err
    assert {v["AvailabilityZone"] for v in volumes(ec2)} == {"us-east-1b", "us-east-1c"}


def test_create_type_from_config(oscmd: Any, ec2: Any, home: Path) -> None:
    cfg = home / "vol.cfg"
    cfg.write_text("[volume]\ntype = st1\n")
    r = oscmd("-c", str(cfg), "volume", "create", "-s", "500")
    assert r.status == 0, r.err
    r = oscmd("-c", str(cfg), "volume", "create", "-s", "500", "-t", "sc1")
    assert r.status == 0, r.err
    assert sorted(v["VolumeType"] for v in volumes(ec2)) == ["sc1", "st1"]


def test_create_from_snapshot_by_name(oscmd: Any, ec2: Any) -> None:
    src = volume(ec2, "src", size=12)
    snap = ec2.create_snapshot(VolumeId=src, TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "golden"}]}])["SnapshotId"]
    r = oscmd("volume", "create", "--snapshot", "golden")
    assert r.status == 0, r.err
    new = [v for v in volumes(ec2) if v["VolumeId"] != src]
    assert [(v["SnapshotId"], v["Size"]) for v in new] == [(snap, 12)]


def test_create_json_gives_the_id(oscmd: Any, ec2: Any) -> None:
    r = oscmd("--output", "json", "volume", "create", "-s", "3")
    assert r.status == 0, r.err
    data = json.loads(r.out)
    assert data["volume_id"] == volumes(ec2)[0]["VolumeId"]
    assert data["size"] == 3


def test_create_without_size_is_a_usage_error(oscmd: Any, ec2: Any) -> None:
    r = oscmd("volume", "create", "-n", "x")
    assert r.status == 2
    assert "-s" in r.err and "Traceback" not in r.err
    assert volumes(ec2) == []


def test_create_unknown_snapshot_is_not_found(oscmd: Any, ec2: Any) -> None:
    r = oscmd("volume", "create", "--snapshot", "snap-00000000000000000")
    assert r.status == 1
    assert volumes(ec2) == []


def test_create_dry_run_changes_nothing(oscmd: Any, ec2: Any) -> None:
    r = oscmd("--dry-run", "volume", "create", "-s", "5", "-n", "x")
    assert r.status == 0, r.err
    assert "dry run" in r.out
    assert volumes(ec2) == []


def test_create_api_error_is_one_line(oscmd: Any, ec2: Any) -> None:
    r = oscmd("volume", "create", "-s", "5", "-t", "io1")
    assert r.status == 3
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err


def test_create_wait_until_available(oscmd: Any, ec2: Any, fast: str, slow_create: SlowCreate) -> None:
    began = time.monotonic()
    r = oscmd("-c", fast, "volume", "create", "-s", "4", "-w")
    assert r.status == 0, r.err
    assert time.monotonic() - began >= 0.25
    [vid] = slow_create.made
    assert r.lines == [f"created volume {vid} (4 GiB gp2 in us-east-1a)", f"{vid} available"]
    assert one_volume(ec2, vid)["State"] == "available"


def test_create_wait_times_out_naming_the_state(oscmd: Any, ec2: Any, fast: str,
                                                slow_create: SlowCreate) -> None:
    slow_create.delay = None
    r = oscmd("-c", fast, "--timeout", "0.3", "volume", "create", "-s", "4", "-w")
    assert r.status == 3
    [vid] = slow_create.made
    assert f"created volume {vid}" in r.out
    assert "timed out" in r.err and vid in r.err and "creating" in r.err


def test_create_wait_interrupted_names_the_state(server: Any, ec2: Any, home: Path,
                                                 slow_create: SlowCreate) -> None:
    slow_create.delay = None

    def ctrl_c(_seconds: float) -> None:
        raise KeyboardInterrupt

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=base_environ(home), sleep=ctrl_c)
    status = run(["--endpoint", server.url, "volume", "create", "-s", "4", "-w"], env)
    [vid] = slow_create.made
    assert status == 130
    assert out.getvalue() == f"created volume {vid} (4 GiB gp2 in us-east-1a)\n"
    assert f"stopped waiting for {vid} to be available; it was creating" in err.getvalue()


# -- attach -----------------------------------------------------------------------------
def test_attach_picks_next_free_device(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    a, b = volume(ec2, "d1"), volume(ec2, "d2")
    r = oscmd("volume", "-n", "d1", "attach", "-n", "web1")
    assert (r.status, r.out) == (0, "attached as /dev/sdf\n"), r.err
    r = oscmd("volume", "-i", b, "attach", "-i", iid)
    assert (r.status, r.out) == (0, "attached as /dev/sdg\n"), r.err
    att = {v["VolumeId"]: v["Attachments"][0] for v in volumes(ec2) if v["Attachments"]}
    assert att[a]["InstanceId"] == iid and att[a]["Device"] == "/dev/sdf"
    assert att[b]["Device"] == "/dev/sdg"


def test_attach_with_device_and_wait(oscmd: Any, ec2: Any, fast: str) -> None:
    iid = run_named(ec2, "web1")[0]
    vid = volume(ec2, "d1")
    r = oscmd("-c", fast, "volume", "-n", "d1", "attach", "-n", "web1", "-d", "sdk", "-w")
    assert r.status == 0, r.err
    assert r.lines == ["attached as /dev/sdk", f"{vid} attached to {iid}"]
    assert one_volume(ec2, vid)["Attachments"][0]["Device"] == "/dev/sdk"


def test_attach_unknown_instance_is_not_found(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "d1")
    r = oscmd("volume", "-n", "d1", "attach", "-n", "nosuch")
    assert r.status == 1
    assert "nosuch" in r.err
    assert one_volume(ec2, vid)["Attachments"] == []


def test_attach_without_instance_is_a_usage_error(oscmd: Any, ec2: Any) -> None:
    volume(ec2, "d1")
    r = oscmd("volume", "-n", "d1", "attach")
    assert (r.status, r.err) == (2, "oscmd: volume attach: give the instance with -i ID or -n NAME\n")
    assert ec2.describe_volumes()["Volumes"][0]["State"] == "available"


def test_attach_dry_run(oscmd: Any, ec2: Any) -> None:
    run_named(ec2, "web1")
    vid = volume(ec2, "d1")
    r = oscmd("--dry-run", "volume", "-n", "d1", "attach", "-n", "web1")
    assert r.status == 0 and "dry run" in r.out
    assert one_volume(ec2, vid)["Attachments"] == []


# -- detach -----------------------------------------------------------------------------
def test_detach(oscmd: Any, ec2: Any, fast: str) -> None:
    iid = run_named(ec2, "web1")[0]
    vid = volume(ec2, "d1")
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    r = oscmd("-c", fast, "volume", "-n", "d1", "detach", "-w")
    assert r.status == 0, r.err
    assert r.lines == [f"{vid} detached", f"{vid} available"]
    assert one_volume(ec2, vid)["State"] == "available"


def test_detach_forced_json(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    vid = volume(ec2, "d1")
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    r = oscmd("--output", "json", "volume", "-i", vid, "detach", "-f")
    assert r.status == 0, r.err
    assert json.loads(r.out) == {"volume_id": vid, "instance_id": iid, "device": "/dev/sdf", "forced": True}
    assert one_volume(ec2, vid)["Attachments"] == []


def test_detach_unattached_volume_fails(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "d1")
    r = oscmd("volume", "-n", "d1", "detach")
    assert r.status == 3
    assert f"{vid} is not attached" in r.err


def test_detach_dry_run(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    vid = volume(ec2, "d1")
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    r = oscmd("--dry-run", "volume", "-n", "d1", "detach")
    assert r.status == 0 and "dry run" in r.out
    assert one_volume(ec2, vid)["Attachments"][0]["InstanceId"] == iid


# -- delete -----------------------------------------------------------------------------
def test_delete_refused_without_yes(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "d1")
    r = oscmd("volume", "-n", "d1", "delete")
    assert r.status == 4
    assert "--yes" in r.err
    assert [v["VolumeId"] for v in volumes(ec2)] == [vid]


def test_delete_answered_no_keeps_it(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "d1")
    r = oscmd("volume", "-n", "d1", "delete", answer="n")
    assert r.status == 4
    assert [v["VolumeId"] for v in volumes(ec2)] == [vid]


def test_delete_confirmed(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "d1")
    keep = volume(ec2, "d2")
    r = oscmd("volume", "-n", "d1", "delete", answer="y")
    assert (r.status, r.out) == (0, f"{vid} deleted\n"), r.err
    assert [v["VolumeId"] for v in volumes(ec2)] == [keep]


def test_delete_with_yes(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "d1")
    r = oscmd("--yes", "volume", "-i", vid, "delete")
    assert (r.status, r.out) == (0, f"{vid} deleted\n"), r.err
    assert volumes(ec2) == []


def test_delete_attached_volume_is_one_api_error_line(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    vid = volume(ec2, "d1")
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    r = oscmd("--yes", "volume", "-n", "d1", "delete")
    assert r.status == 3
    assert r.out == ""
    [line] = r.err.strip().splitlines()
    assert "VolumeInUse" in line
    assert one_volume(ec2, vid)["State"] == "in-use"


def test_delete_not_found(oscmd: Any, ec2: Any) -> None:
    keep = volume(ec2, "d1")
    r = oscmd("--yes", "volume", "-n", "nosuch", "delete")
    assert r.status == 1
    assert "nosuch" in r.err
    assert [v["VolumeId"] for v in volumes(ec2)] == [keep]


def test_delete_dry_run(oscmd: Any, ec2: Any) -> None:
    vid = volume(ec2, "d1")
    r = oscmd("--dry-run", "volume", "-n", "d1", "delete")
    assert r.status == 0 and "dry run" in r.out
    assert [v["VolumeId"] for v in volumes(ec2)] == [vid]
