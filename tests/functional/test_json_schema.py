"""Every object's JSON and YAML against the documented schema ('oscmd help json'), and the 2017 aliases.

One object of each kind is made with boto3; ``list`` and ``dump`` of each are
printed as JSON (and YAML) and checked row by row against the attribute
tables: the same keys in the same order, each value of its declared type,
lists as arrays.  The boto 2 names of the 2017 tool work in ``-p`` patterns
and ``--sort`` for every object, and never appear in the document.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from oscmd_shell import registry
from oscmd_shell.kinds import KINDS
from oscmd_shell.objects import attrs
from oscmd_shell.output import schema
from tests.support.runner import Oscmd
from tests.support.seed import run_named

OBJECTS = [o.name for o in registry.OBJECTS]


@pytest.fixture
def everything(ec2: Any) -> dict[str, str]:
    """One object of every kind, tagged, related to each other where EC2 relates them."""
    group = ec2.create_security_group(GroupName="web", Description="web servers")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    ec2.create_key_pair(KeyName="deploy")
    iid = run_named(ec2, "web1", KeyName="deploy", SecurityGroupIds=[group])[0]
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "env", "Value": "prod"}])
    vol = ec2.create_volume(Size=2, AvailabilityZone="us-east-1a", TagSpecifications=[
        {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}])["VolumeId"]
    ec2.attach_volume(VolumeId=vol, InstanceId=iid, Device="/dev/sdf")
    snap = ec2.create_snapshot(VolumeId=vol, TagSpecifications=[
        {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": "data-snap"}]}])["SnapshotId"]
    image = ec2.create_image(InstanceId=iid, Name="web-image")["ImageId"]
    address = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=iid)
    return {"instance": iid, "volume": vol, "snapshot": snap, "ami": image, "eip": address["PublicIp"],
            "securitygroup": group, "keypair": "deploy"}


@pytest.mark.parametrize("obj", OBJECTS)
def test_list_and_dump_follow_the_schema(oscmd: Oscmd, everything: dict[str, str], obj: str) -> None:
    for verb, dump in (("list", False), ("dump", True)):
        r = oscmd("-o", "json", obj, verb)
        assert r.status == 0, r.err
        rows = json.loads(r.out)
        assert isinstance(rows, list) and rows, f"{obj} {verb}: {r.out[:200]}"
        assert everything[obj] in [row["id"] for row in rows]
        for row in rows:
            assert schema.problems(obj, row, dump=dump) == []
            assert row["region"] == "us-east-1" and row["profile"] is None
        assert yaml.safe_load(oscmd("-o", "yaml", obj, verb).out) == rows  # YAML holds the same document


def test_lists_are_arrays_and_dump_keeps_the_api_record(oscmd: Oscmd, everything: dict[str, str], ec2: Any) -> None:
    (row,) = json.loads(oscmd("-o", "json", "instance", "-n", "web1", "dump").out)
    raw = ec2.describe_instances(InstanceIds=[everything["instance"]])["Reservations"][0]["Instances"][0]
    assert row["security_groups"] == ["web"] and row["security_group_ids"] == [everything["securitygroup"]]
    assert everything["volume"] in row["volumes"] and row["raw"]["InstanceId"] == raw["InstanceId"]
    assert row["raw"]["BlockDeviceMappings"][0]["DeviceName"] == raw["BlockDeviceMappings"][0]["DeviceName"]
    (group,) = json.loads(oscmd("-o", "json", "securitygroup", "-n", "web", "dump").out)
    assert group["rules"] == ["tcp/22:10.0.0.0/8"] and group["used_by"] == [everything["instance"]]
    (image,) = json.loads(oscmd("-o", "json", "ami", "-n", "web-image", "list").out)
    assert image["snapshots"] and all(s.startswith("snap-") for s in image["snapshots"])


@pytest.mark.parametrize("obj", OBJECTS)
def test_every_2017_name_works_in_patterns_and_stays_out_of_json(oscmd: Oscmd, everything: dict[str, str],
                                                                 obj: str) -> None:
    kind = KINDS[registry.get_object(obj).kind]  # type: ignore[union-attr]
    row = json.loads(oscmd("-o", "json", obj, "list").out)[0]
    for alias, name in attrs.aliases(kind).items():
        assert alias not in row
        ident = ["-i", everything[obj]]
        modern = oscmd(obj, *ident, "list", "-p", f"%({name})s")
        old = oscmd(obj, *ident, "list", "-p", f"%({alias})s")
        assert old.status == 0 and old.out == modern.out, (alias, old.err)
        assert oscmd(obj, "list", "--sort", alias).status == 0
    shown = oscmd(obj, "list", "-s").out.strip().split(", ")
    for attr in attrs.attributes(kind):
        assert (f"{attr.name} ({'/'.join(attr.aliases)})" if attr.aliases else attr.name) in shown


def test_the_2017_names_of_the_original_objects(oscmd: Oscmd, everything: dict[str, str], ec2: Any) -> None:
    iid = everything["instance"]
    raw = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    r = oscmd("instance", "-i", iid, "list", "-p",
              "%(private_ip_address)s %(ip_address)s %(public_dns_name)s %(private_dns_name)s %(instance_type)s "
              "%(placement)s")
    assert r.lines == [f"{raw['PrivateIpAddress']} {raw['PublicIpAddress']} {raw['PublicDnsName']} "
                       f"{raw['PrivateDnsName']} {raw['InstanceType']} {raw['Placement']['AvailabilityZone']}"]
    r = oscmd("ami", "-i", everything["ami"], "list", "-p", "%(ownerId)s %(is_public)s %(type)s")
    assert r.lines == ["123456789012 False machine"]
    r = oscmd("eip", "-i", everything["eip"], "list", "-p", "%(public_ip)s %(instance_id)s %(private_ip_address)s")
    assert r.lines[0].startswith(f"{everything['eip']} {iid} ")
    types = json.loads(oscmd("-o", "json", "instance", "list", "-s").out)
    assert {"name": "zone", "type": "string", "aliases": ["placement"]} in types


def test_a_verb_prints_one_document_whatever_its_flags(oscmd: Oscmd, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ec2.stop_instances(InstanceIds=[iid])
    r = oscmd("-o", "json", "instance", "-n", "web1", "start", "-w")
    assert r.status == 0, r.err
    document = json.loads(r.out)
    assert document == {"instance_id": iid, "previous_state": "stopped", "state": "running"}
    r = oscmd("-o", "yaml", "volume", "create", "-s", "1", "-w")
    assert yaml.safe_load(r.out)["state"] == "available"


def test_empty_listings_are_empty_arrays(oscmd: Oscmd, ec2: Any) -> None:
    assert json.loads(oscmd("-o", "json", "volume", "list").out) == []
    assert yaml.safe_load(oscmd("-o", "yaml", "volume", "list").out) == []
    assert json.loads(oscmd("-o", "json", "volume", "dump").out) == []


def test_help_json_lists_every_attribute() -> None:
    from oscmd_shell.output import topics

    text = topics.render(["json"])
    for obj in registry.OBJECTS:
        assert f"\n{obj.name} (list and dump)\n" in text
        for attr in attrs.attributes(KINDS[obj.kind]):
            assert f"  {attr.name}" in text
    assert all(len(line) <= 100 for line in text.splitlines())
