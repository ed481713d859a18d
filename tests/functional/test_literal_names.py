"""Names are literal: ``-n`` selects only the object named exactly so, never one a wildcard would match.

EC2 filters read ``*`` and ``?`` as wildcards (and moto also reads ``[...]``
classes), so every name below has decoys a pattern reading would select.
Each test acts on the local EC2 server and checks with boto3 that the decoys
(the wrong objects) still exist and only the named object changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.support.runner import Oscmd
from tests.support.seed import IMAGE, run_named, volume

# A literal name, and names a pattern reading of it would select (image names need 3 characters).
CASES = [
    ("wdb?", ["wdb1", "wdb"]),
    ("wprod*", ["wprod-key", "wprod"]),
    ("db[12]", ["db1", "db2"]),
    ("back\\slash", ["backslash"]),
    ("***", ["star-decoy"]),
    ("[ab]*?\\", ["axy\\", "bcd\\"]),
    ("Web", ["web", "WEB"]),  # a name differing only in case is another name
]


def _tags(name: str, rtype: str) -> list[dict[str, Any]]:
    return [{"ResourceType": rtype, "Tags": [{"Key": "Name", "Value": name}]}]


def _instance(ec2: Any, name: str) -> str:
    return run_named(ec2, name)[0]


def _volume(ec2: Any, name: str) -> str:
    return volume(ec2, name)


def _snapshot(ec2: Any, name: str) -> str:
    vid = volume(ec2)
    return str(ec2.create_snapshot(VolumeId=vid, TagSpecifications=_tags(name, "snapshot"))["SnapshotId"])


def _keypair(ec2: Any, name: str) -> str:
    ec2.create_key_pair(KeyName=name)
    return name


def _group(ec2: Any, name: str) -> str:
    return str(ec2.create_security_group(GroupName=name, Description="d")["GroupId"])


def _image(ec2: Any, name: str) -> str:
    source = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["image-source"]}])["Reservations"]
    iid = source[0]["Instances"][0]["InstanceId"] if source else run_named(ec2, "image-source")[0]
    return str(ec2.create_image(InstanceId=iid, Name=name)["ImageId"])


def _exists(ec2: Any, kind: str, ident: str) -> bool:
    try:
        if kind == "instance":
            found = ec2.describe_instances(InstanceIds=[ident])["Reservations"][0]["Instances"][0]
            return bool(found["State"]["Name"] != "terminated")
        if kind == "volume":
            return bool(ec2.describe_volumes(VolumeIds=[ident])["Volumes"])
        if kind == "snapshot":
            return bool(ec2.describe_snapshots(SnapshotIds=[ident])["Snapshots"])
        if kind == "keypair":
            return bool(ec2.describe_key_pairs(KeyNames=[ident])["KeyPairs"])
        if kind == "securitygroup":
            return bool(ec2.describe_security_groups(GroupIds=[ident])["SecurityGroups"])
        return bool(ec2.describe_images(ImageIds=[ident])["Images"])
    except ClientError:
        return False


# object -> (maker, destructive verb)
OBJECTS: dict[str, tuple[Callable[[Any, str], str], str]] = {
    "instance": (_instance, "terminate"),
    "volume": (_volume, "delete"),
    "snapshot": (_snapshot, "delete"),
    "keypair": (_keypair, "delete"),
    "securitygroup": (_group, "delete"),
    "ami": (_image, "delete"),
}


@pytest.mark.parametrize("obj", sorted(OBJECTS))
def test_a_name_never_selects_another_object(oscmd: Oscmd, ec2: Any, obj: str) -> None:
    make, destroy = OBJECTS[obj]
    decoys = {d: make(ec2, d) for _, names in CASES for d in names}
    # only the decoys exist: every literal name is not found, and nothing is touched
    for literal, _ in CASES:
        r = oscmd(obj, "-n", literal, "exist")
        assert r.status == 1, (literal, r.err)
        r = oscmd("--yes", obj, "-n", literal, destroy)
        assert r.status == 1, (literal, r.out, r.err)
        assert "Traceback" not in r.err
    assert all(_exists(ec2, "ami" if obj == "ami" else obj, i) for i in decoys.values())
    # with the literal objects too, each name selects exactly its own object
    literals = {literal: make(ec2, literal) for literal, _ in CASES}
    for literal, ident in literals.items():
        r = oscmd(obj, "-n", literal, "exist")
        assert (r.status, r.err) == (0, ""), literal
        r = oscmd(obj, "-n", literal, "list", "-p", "%(id)s" if obj != "keypair" else "%(name)s")
        assert r.lines == [ident], (literal, r.err)
    for literal, ident in literals.items():
        r = oscmd("--yes", obj, "-n", literal, destroy)
        assert r.status == 0, (literal, r.err)
        assert not _exists(ec2, obj, ident), literal
    assert all(_exists(ec2, obj, i) for i in decoys.values())


def test_the_issue_examples(oscmd: Oscmd, ec2: Any) -> None:
    wdb1 = run_named(ec2, "wdb1")[0]
    ec2.create_key_pair(KeyName="wprod-key")
    r = oscmd("-y", "instance", "-n", "wdb?", "terminate")
    assert r.status == 1 and "wdb?" in r.err
    assert _exists(ec2, "instance", wdb1)
    r = oscmd("-y", "keypair", "-n", "wprod*", "delete")
    assert r.status == 1 and "wprod*" in r.err
    assert _exists(ec2, "keypair", "wprod-key")
    assert oscmd("instance", "-n", "wdb?", "exist").status == 1
    assert oscmd("keypair", "-n", "wprod*", "exist").status == 1


def test_names_given_to_verbs_are_literal_too(oscmd: Oscmd, ec2: Any) -> None:
    db1 = run_named(ec2, "db1", Placement={"AvailabilityZone": "us-east-1a"})[0]
    starred = run_named(ec2, "db*", Placement={"AvailabilityZone": "us-east-1a"})[0]
    data1 = volume(ec2, "data1")
    marked = volume(ec2, "data?")
    # volume attach -n INSTANCE, instance attach -n VOLUME
    r = oscmd("volume", "-n", "data?", "attach", "-n", "db*")
    assert r.status == 0, r.err
    attached = ec2.describe_volumes(VolumeIds=[marked])["Volumes"][0]["Attachments"]
    assert [a["InstanceId"] for a in attached] == [starred]
    assert not ec2.describe_volumes(VolumeIds=[data1])["Volumes"][0]["Attachments"]
    assert oscmd("instance", "-n", "db?", "attach", "-n", "data1").status == 1
    r = oscmd("instance", "-n", "db1", "attach", "-n", "data1")
    assert r.status == 0, r.err
    assert ec2.describe_volumes(VolumeIds=[data1])["Volumes"][0]["Attachments"][0]["InstanceId"] == db1
    # eip associate -n INSTANCE
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    r = oscmd("eip", "-i", ip, "associate", "-n", "db?")
    assert r.status == 1
    assert not ec2.describe_addresses(PublicIps=[ip])["Addresses"][0].get("InstanceId")
    # snapshot create -v VOLUME
    r = oscmd("snapshot", "create", "-v", "data*")
    assert r.status == 1
    assert not [s for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"] if s.get("VolumeId") == data1]


def test_security_group_names_are_literal(oscmd: Oscmd, ec2: Any) -> None:
    web = ec2.create_security_group(GroupName="web", Description="d")["GroupId"]
    star = ec2.create_security_group(GroupName="w*", Description="d")["GroupId"]
    target = ec2.create_security_group(GroupName="target", Description="d")["GroupId"]
    r = oscmd("securitygroup", "-n", "target", "add_rule", "-p", "tcp", "-f", "22", "-s", "w?b")
    assert r.status == 1, r.err
    r = oscmd("securitygroup", "-n", "target", "add_rule", "-p", "tcp", "-f", "22", "-s", "w*")
    assert r.status == 0, r.err
    rules = ec2.describe_security_groups(GroupIds=[target])["SecurityGroups"][0]["IpPermissions"]
    sources = [pair["GroupId"] for rule in rules for pair in rule.get("UserIdGroupPairs", [])]
    assert sources == [star] and web not in sources


def test_ami_run_resolves_groups_snapshots_and_duplicates_literally(oscmd: Oscmd, ec2: Any) -> None:
    ec2.create_security_group(GroupName="web", Description="d")
    star = ec2.create_security_group(GroupName="w*", Description="d")["GroupId"]
    snap1 = ec2.create_snapshot(VolumeId=volume(ec2), TagSpecifications=_tags("snap1", "snapshot"))["SnapshotId"]
    marked = ec2.create_snapshot(VolumeId=volume(ec2), TagSpecifications=_tags("snap?", "snapshot"))["SnapshotId"]
    run_named(ec2, "web1")
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web?", "-S", "w*", "-i", "snap?", "-N")
    assert r.status == 0, r.err  # 'web1' is not a duplicate of 'web?'
    [launched] = [i for res in ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["web\\?"]}])[
        "Reservations"] for i in res["Instances"] if {"Key": "Name", "Value": "web?"} in i["Tags"]]
    assert [g["GroupId"] for g in launched["SecurityGroups"]] == [star]
    vids = [m["Ebs"]["VolumeId"] for m in launched["BlockDeviceMappings"] if m["DeviceName"] != "/dev/xvda"]
    sources = {v["SnapshotId"] for v in ec2.describe_volumes(VolumeIds=vids)["Volumes"]}
    assert marked in sources and snap1 not in sources
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web?", "-N")
    assert r.status == 3 and "duplicate name" in r.err  # the literal name is a duplicate
