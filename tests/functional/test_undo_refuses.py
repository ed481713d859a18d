"""What ``undo`` refuses, and how it asks: irreversible changes, a world that moved on, no terminal.

Irreversible verbs exit 2 and change nothing (the server's state, read with
boto3, is the same before and after the attempt).  A world that no longer
matches the journal refuses the whole undo with the difference; a step already
done is skipped.  Confirmation works like a destructive verb's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.runner import Oscmd
from tests.support.seed import run_named, volume
from tests.support.world import world


def _instance(ec2: Any) -> dict[str, str]:
    return {"iid": run_named(ec2, "web1")[0]}


def _released(ec2: Any) -> dict[str, str]:
    return {"ip": ec2.allocate_address(Domain="vpc")["PublicIp"]}


def _image(ec2: Any) -> dict[str, str]:
    iid = run_named(ec2, "web1")[0]
    return {"image": ec2.create_image(InstanceId=iid, Name="base")["ImageId"]}


def _group(ec2: Any) -> dict[str, str]:
    return {"gid": ec2.create_security_group(GroupName="old", Description="old")["GroupId"]}


def _volume(ec2: Any) -> dict[str, str]:
    return {"vid": volume(ec2, "data")}


def _snapshot(ec2: Any) -> dict[str, str]:
    return {"sid": ec2.create_snapshot(VolumeId=volume(ec2, "data"))["SnapshotId"]}


def _key(ec2: Any) -> dict[str, str]:
    ec2.create_key_pair(KeyName="old")
    return {}


def _purged(ec2: Any) -> dict[str, str]:
    iid = run_named(ec2, "web1", BlockDeviceMappings=[
        {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 2, "DeleteOnTermination": False}}])[0]
    address = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=iid)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": address["PublicIp"]}])
    return {"iid": iid}


IRREVERSIBLE = [
    ("instance terminate", _instance, ("instance", "-n", "web1", "terminate"), "TerminateInstances"),
    ("instance terminate -p", _purged, ("instance", "-n", "web1", "terminate", "-p"), "ReleaseAddress"),
    ("instance reboot", _instance, ("instance", "-n", "web1", "reboot"), "a reboot cannot be taken back"),
    ("volume delete", _volume, ("volume", "-n", "data", "delete"), "DeleteVolume"),
    ("snapshot delete", _snapshot, ("snapshot", "-i", "{sid}", "delete"), "DeleteSnapshot"),
    ("ami delete", _image, ("ami", "-i", "{image}", "delete", "-d"), "DeregisterImage"),
    ("keypair delete", _key, ("keypair", "-n", "old", "delete"), "DeleteKeyPair"),
    ("eip release", _released, ("eip", "-i", "{ip}", "release"), "ReleaseAddress"),
    ("securitygroup delete", _group, ("securitygroup", "-n", "old", "delete"), "DeleteSecurityGroup"),
]


@pytest.fixture
def cfg(home: Path) -> str:
    path = home / "oscmd.cfg"
    path.write_text("[oscmd]\npoll_interval = 0.05\n")
    return str(path)


@pytest.mark.parametrize(("name", "seed", "argv", "why"), IRREVERSIBLE, ids=[c[0] for c in IRREVERSIBLE])
def test_irreversible_changes_are_refused_with_exit_2(oscmd: Oscmd, ec2: Any, cfg: str, name: str, seed: Any,
                                                      argv: tuple[str, ...], why: str) -> None:
    ids = seed(ec2)
    r = oscmd("-c", cfg, "-y", *(a.format(**ids) for a in argv))
    assert r.status == 0, r.err
    after = world(ec2)
    r = oscmd("-c", cfg, "-y", "undo")
    assert r.status == 2
    assert "cannot be undone" in r.err and why in r.err and "nothing was done" in r.err
    assert r.err.count("\n") == 1 and r.out == ""
    assert world(ec2) == after
    shown = oscmd("journal", "show", "1")
    assert "cannot be undone" in shown.out


def test_a_world_that_moved_on_refuses_with_the_difference(oscmd: Oscmd, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    assert oscmd("volume", "create", "-s", "1", "-n", "scratch").status == 0
    [vid] = [v["VolumeId"] for v in ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["scratch"]}])[
        "Volumes"]]
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdk")  # someone used it since
    before = world(ec2)
    r = oscmd("-y", "undo")
    assert r.status == 2
    assert f"{vid} is attached to {iid} now" in r.err and "nothing was done" in r.err
    assert world(ec2) == before


def test_a_tag_changed_since_refuses(oscmd: Oscmd, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    assert oscmd("eip", "-i", ip, "associate", "-n", "web1").status == 0
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": "198.51.100.7"}])
    before = world(ec2)
    r = oscmd("-y", "undo")
    assert r.status == 2
    assert f"the tag EIP of {iid} is '198.51.100.7' now, not '{ip}'" in r.err
    assert world(ec2) == before


def test_a_key_pair_of_the_same_name_is_not_the_one_created(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    assert oscmd("keypair", "create", "-n", "deploy").status == 0
    ec2.delete_key_pair(KeyName="deploy")
    other = ec2.create_key_pair(KeyName="deploy")["KeyPairId"]
    r = oscmd("-y", "undo")
    assert r.status == 2 and f"is {other} now" in r.err
    assert [k["KeyPairId"] for k in ec2.describe_key_pairs()["KeyPairs"]] == [other]
    # A cloud that answers without key pair ids (older EC2-compatible APIs): the fingerprint tells them apart.
    journal = home / ".local" / "state" / "oscmd" / "journal.jsonl"
    journal.write_text(re.sub(r'"key_pair_id":"[^"]*",?', "", journal.read_text()))
    assert "key_pair_id" not in journal.read_text() and '"fingerprint":' in journal.read_text()
    r = oscmd("-y", "undo", "1")
    assert r.status == 2 and "has another fingerprint now" in r.err
    assert [k["KeyPairId"] for k in ec2.describe_key_pairs()["KeyPairs"]] == [other]


def test_what_is_already_undone_is_skipped(oscmd: Oscmd, ec2: Any) -> None:
    assert oscmd("volume", "create", "-s", "1").status == 0
    [vid] = [v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]]
    ec2.delete_volume(VolumeId=vid)
    r = oscmd("-y", "undo")
    assert r.status == 0, r.err
    assert r.out.startswith("nothing to undo: change 1") and f"{vid} is already deleted" in r.out


def test_undo_asks_like_a_destructive_verb(oscmd: Oscmd, ec2: Any) -> None:
    assert oscmd("eip", "allocate").status == 0
    allocated = world(ec2)
    r = oscmd("undo")  # no terminal, no -y
    assert r.status == 4
    assert "confirm with -y/--yes" in r.err and "release address" in r.err
    r = oscmd("undo", tty=True, answer="n")
    assert r.status == 4 and "not confirmed; nothing was done" in r.err
    assert "1. release address" in r.out  # the plan was shown before the question
    r = oscmd("undo", "--dry-run")
    assert r.status == 0 and r.out.startswith("dry run: undo change 1") and "nothing was done" in r.out
    r = oscmd("--dry-run", "undo")
    assert r.status == 0 and "dry run" in r.out
    assert world(ec2) == allocated
    r = oscmd("undo", tty=True, answer="y")
    assert r.status == 0, r.err
    assert ec2.describe_addresses()["Addresses"] == []


def test_undo_n_and_the_default_of_this_connection(oscmd: Oscmd, ec2: Any, server: Any) -> None:
    assert oscmd("volume", "create", "-s", "1", "-n", "east").status == 0
    assert oscmd("-r", "us-west-2", "volume", "create", "-s", "1", "-n", "west", "-z", "us-west-2a").status == 0
    west = server.client(region="us-west-2")
    r = oscmd("-y", "undo")  # this connection is us-east-1: change 1, not the later one in us-west-2
    assert r.status == 0, r.err
    assert ec2.describe_volumes()["Volumes"] == [] and len(west.describe_volumes()["Volumes"]) == 1
    r = oscmd("-y", "undo", "2")
    assert r.status == 2 and "was made in us-west-2" in r.err and "-r REGION" in r.err
    for several in (("-r", "us-west-2,us-east-1"), ("-r", "all")):  # one connection, never the first of a list
        r = oscmd(*several, "-y", "undo", "2")
        assert r.status == 2 and "several regions are for the read verbs only; nothing was done" in r.err
    assert len(west.describe_volumes()["Volumes"]) == 1
    r = oscmd("-r", "us-west-2", "-y", "undo", "2")
    assert r.status == 0, r.err
    assert west.describe_volumes()["Volumes"] == []
    for bad in ("9", "0", "x"):
        r = oscmd("undo", bad)
        assert r.status == 2 and "no change" in r.err


def test_nothing_to_undo_yet(oscmd: Oscmd) -> None:
    r = oscmd("-y", "undo")
    assert r.status == 2 and "the journal has no change made in us-east-1" in r.err
    r = oscmd("journal")
    assert r.status == 0 and r.out.startswith("no change recorded")


def test_a_change_another_process_is_still_making_is_not_undone(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    import subprocess

    from oscmd_shell.journal.store import append, host, process_start

    vid = volume(ec2, "scratch")
    writer = subprocess.Popen(["sleep", "60"])
    try:
        path = home / ".local" / "state" / "oscmd" / "journal.jsonl"
        intent = {"kind": "intent", "change": "c1", "pid": writer.pid, "pid_start": process_start(writer.pid),
                  "host": host(), "time": "2026-11-25T10:00:00Z", "object": "volume", "verb": "create",
                  "line": "volume create -s 8", "region": "us-east-1", "endpoint": oscmd.endpoint, "profile": None}
        append(path, intent)
        append(path, {"kind": "call", "change": "c1", "seq": 1, "op": "CreateVolume", "params": {"Size": 8}})
        append(path, {"kind": "result", "change": "c1", "seq": 1, "state": "ok",
                      "created": [{"type": "volume", "id": vid}]})
        assert "running" in oscmd("journal").out
        r = oscmd("-y", "undo")
        assert r.status == 2 and f"is still running (process {writer.pid})" in r.err
        assert len(ec2.describe_volumes()["Volumes"]) == 1
    finally:
        writer.kill()
        writer.wait()
    assert "interrupted" in oscmd("journal").out  # its writer is gone: it was cut short
    r = oscmd("-y", "undo")
    assert r.status == 0, r.err
    assert ec2.describe_volumes()["Volumes"] == []
