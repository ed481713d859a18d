"""list, dump, exist and identification against the local EC2 server."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from tests.support.runner import Oscmd
from tests.support.seed import run_named, volume


def test_instance_list_default_and_pattern(oscmd: Oscmd, ec2: Any) -> None:
    web1 = run_named(ec2, "web1")[0]
    db1 = run_named(ec2, "db1", itype="m7i.large")[0]
    r = oscmd("instance", "list")
    assert r.status == 0, r.err
    assert sorted(r.lines) == sorted([f"{web1} web1", f"{db1} db1"])
    r = oscmd("instance", "list", "-p", r"%(name)s\t%(state)s\t%(type)s\t%(zone)s")
    assert "db1\trunning\tm7i.large\tus-east-1a" in r.lines
    r = oscmd("instance", "-n", "web1", "list", "-p", "%(id)s")
    assert r.lines == [web1]


def test_list_show_attributes_and_bad_key(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd("instance", "list", "-s")
    keys = [k.strip() for k in r.out.split(", ")]
    for key in ("id", "name", "state", "zone (placement)", "type (instance_type)", "tags", "public_ip (ip_address)"):
        assert key in keys
    r = oscmd("instance", "list", "-p", "%(stat)s")
    assert r.status == 2
    assert "unknown attribute 'stat'" in r.err and "state" in r.err
    assert r.out == ""


def test_dump_one_and_all(oscmd: Oscmd, ec2: Any) -> None:
    a = run_named(ec2, "web1")[0]
    b = run_named(ec2, "web2")[0]
    r = oscmd("instance", "-n", "web1", "dump")
    assert r.status == 0
    assert r.out.startswith(f"==== {a} ====\n")
    assert "    state: running\n" in r.out and "            Name: web1\n" in r.out
    r = oscmd("instance", "dump")
    assert f"==== {a} ====" in r.out and f"==== {b} ====" in r.out
    r = oscmd("instance", "dump", b)
    assert f"==== {b} ====" in r.out and a not in r.out


def test_not_found_and_ambiguous_are_distinct(oscmd: Oscmd, ec2: Any) -> None:
    ids = run_named(ec2, "twin", count=2)
    r = oscmd("instance", "-n", "nobody", "dump")
    assert r.status == 1
    assert r.err.strip() == "oscmd: the instance 'nobody' does not exist"
    r = oscmd("instance", "-n", "twin", "dump")
    assert r.status == 1
    assert "matches 2 objects" in r.err and ids[0] in r.err and ids[1] in r.err
    r = oscmd("instance", "-i", "i-0123456789abcdef0", "dump")
    assert r.status == 1
    assert "InvalidInstanceID.NotFound" in r.err


def test_terminated_instances_do_not_match_names(oscmd: Oscmd, ec2: Any) -> None:
    old = run_named(ec2, "web1")[0]
    ec2.terminate_instances(InstanceIds=[old])
    new = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-n", "web1", "list", "-p", "%(id)s")
    assert r.lines == [new]


def test_exist(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    assert oscmd("instance", "-n", "web1", "exist").status == 0
    r = oscmd("instance", "-n", "web9", "exist")
    assert (r.status, r.out, r.err) == (1, "", "")
    group = ec2.create_security_group(GroupName="web", Description="d")["GroupId"]
    assert oscmd("securitygroup", "-n", "web", "exist").status == 0
    assert oscmd("securitygroup", "-i", group, "exist").status == 0
    assert oscmd("securitygroup", "-n", "nope", "exist").status == 1
    assert oscmd("instance", "exist").status == 2


def test_volume_snapshot_eip_group_keypair_reads(oscmd: Oscmd, ec2: Any) -> None:
    vol = volume(ec2, "data1", size=20)
    snap = ec2.create_snapshot(VolumeId=vol, TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "nightly"}]}])["SnapshotId"]
    addr = ec2.allocate_address(Domain="vpc")["PublicIp"]
    group = ec2.create_security_group(GroupName="web", Description="web servers")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    ec2.create_key_pair(KeyName="deploy")

    assert f"{vol} data1" in oscmd("volume", "list").lines
    r = oscmd("volume", "-n", "data1", "dump")
    assert f"==== {vol} ====" in r.out and "    size: 20" in r.out and "    status: available" in r.out
    assert f"{snap} nightly" in oscmd("snapshot", "list").lines  # moto adds snapshots of its catalogue AMIs
    assert "    volume_id: " + vol in oscmd("snapshot", "-n", "nightly", "dump").out
    r = oscmd("eip", "list")
    assert r.lines == [f"{addr:>15s} "]
    assert oscmd("eip", "-i", addr, "dump").out.startswith(f"{addr} -> ")
    assert f"{group} web" in oscmd("securitygroup", "list").lines
    r = oscmd("securitygroup", "list", "-p", "%(name)s %(rules)s")
    assert "web tcp/22:10.0.0.0/8" in r.lines
    assert oscmd("keypair", "list", "-p", "%(name)s").lines == ["deploy"]


def test_output_formats(oscmd: Oscmd, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    rows = json.loads(oscmd("--output", "json", "instance", "list").out)
    assert rows[0]["id"] == iid and rows[0]["tags"] == {"Name": "web1"}
    data = yaml.safe_load(oscmd("--output", "yaml", "instance", "-n", "web1", "dump").out)
    assert data[0]["id"] == iid and data[0]["raw"]["InstanceId"] == iid  # list's view, plus the API record
    table = oscmd("--output", "table", "instance", "list").lines
    assert table[0].split()[:3] == ["ID", "NAME", "STATE"]
    assert table[2].split()[:3] == [iid, "web1", "running"]


def test_pagination_lists_everything(oscmd: Oscmd, ec2: Any) -> None:
    # moto pages DescribeInstances by reservation: 1,200 reservations need several pages.
    for _ in range(12):
        ec2.run_instances(ImageId="ami-0a1b2c3d4e5f60001", MinCount=100, MaxCount=100)
    r = oscmd("instance", "list", "-p", "%(id)s")
    assert r.status == 0
    assert len(set(r.lines)) == 1200


def test_listzone(oscmd: Oscmd) -> None:
    r = oscmd("-L")
    assert r.status == 0
    assert "us-east-1:us-east-1a" in r.lines
    assert all(line.startswith("us-east-1:") for line in r.lines)
    r = oscmd("-r", "eu-west-2", "-L")
    assert "eu-west-2:eu-west-2a" in r.lines


def test_instance_dump_shows_each_volumes_size_and_snapshot_with_one_call(
    oscmd: Oscmd, ec2: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moto.ec2.responses.elastic_block_store import ElasticBlockStore

    web1, web2 = run_named(ec2, "web1")[0], run_named(ec2, "web2")[0]
    source = volume(ec2, size=3)
    snap = ec2.create_snapshot(VolumeId=source)["SnapshotId"]
    data = ec2.create_volume(SnapshotId=snap, Size=30, AvailabilityZone="us-east-1a")["VolumeId"]
    ec2.attach_volume(VolumeId=data, InstanceId=web2, Device="/dev/sdf")
    calls: list[str] = []
    original = ElasticBlockStore.describe_volumes

    def counting(self: Any) -> Any:
        calls.append("DescribeVolumes")
        return original(self)

    monkeypatch.setattr(ElasticBlockStore, "describe_volumes", counting)
    r = oscmd("instance", "dump")
    assert r.status == 0, r.err
    assert calls == ["DescribeVolumes"]
    raw = {i["InstanceId"]: i for res in ec2.describe_instances()["Reservations"] for i in res["Instances"]}
    root = {iid: raw[iid]["BlockDeviceMappings"][0]["Ebs"]["VolumeId"] for iid in (web1, web2)}
    sizes = {v["VolumeId"]: v["Size"] for v in ec2.describe_volumes()["Volumes"]}
    block = r.out.split(f"==== {web2} ====\n", 1)[1]
    assert ("    block_device_mapping = \n"
            "        /dev/sda1:\n"
            f"            size: {sizes[root[web2]]}\n"
            f"            volume_id: {root[web2]}\n"
            "            snapshot_id: \n"
            "            delete_on_termination: True\n"
            "        /dev/sdf:\n"
            "            size: 30\n"
            f"            volume_id: {data}\n"
            f"            snapshot_id: {snap}\n"
            "            delete_on_termination: False\n") in block
    assert f"            size: {sizes[root[web1]]}\n            volume_id: {root[web1]}\n" in r.out
    r = oscmd("--output", "json", "instance", "-n", "web2", "dump")
    [record] = json.loads(r.out)
    assert "related" not in record and "Size" not in json.dumps(record)  # JSON stays EC2's own record

