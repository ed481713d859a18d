"""``ami run`` against the local EC2 server: what gets launched, tagged and sent, and what is refused."""

from __future__ import annotations

import base64
import email
import json
import os
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from tests.support.launches import existing, instances, nothing_launched, only, tags, user_data_parts, volumes_of
from tests.support.runner import Oscmd
from tests.support.seed import IMAGE, run_named

DEBIAN = "ami-0a1b2c3d4e5f60002"


def test_launch_with_type_groups_tags_and_volumes(oscmd: Oscmd, ec2: Any, fast: str) -> None:
    web = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    ssh = ec2.create_security_group(GroupName="ssh", Description="ssh")["GroupId"]
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-t", "m5.large", "-S", "web", "-S", ssh,
              "-p", "us-east-1b", "-s", "10", "-s", "1T,type=gp3,encrypted,delete_on_termination=yes",
              "-k", "deploy", "-w", "-N")
    assert r.status == 0, r.err
    instance = only(ec2, "web1")
    assert r.out.startswith(f"new instance {instance['InstanceId']} (web1) launched: running\n")
    # moto's public DNS names do not resolve here, so the hint gives the public address
    assert f"connect with\n  ssh ec2-user@{instance['PublicIpAddress']}\n" in r.out
    assert instance["InstanceType"] == "m5.large"
    assert instance["ImageId"] == IMAGE
    assert instance["KeyName"] == "deploy"
    assert instance["Placement"]["AvailabilityZone"] == "us-east-1b"
    assert sorted(g["GroupId"] for g in instance["SecurityGroups"]) == sorted([web, ssh])
    assert tags(instance)["Name"] == "web1"
    assert tags(instance)["creator"]
    volumes = volumes_of(ec2, instance)
    assert volumes["/dev/sdf"]["Size"] == 10
    assert volumes["/dev/sdg"]["Size"] == 1024
    assert volumes["/dev/sdg"]["VolumeType"] == "gp3"
    assert volumes["/dev/sdg"]["Encrypted"] is True
    mappings = {m["DeviceName"]: m["Ebs"] for m in instance["BlockDeviceMappings"]}
    assert mappings["/dev/sdf"]["DeleteOnTermination"] is False
    assert mappings["/dev/sdg"]["DeleteOnTermination"] is True
    assert tags(volumes["/dev/sdf"])["Name"] == "web1/sdf"
    assert tags(volumes["/dev/sdg"])["Name"] == "web1/sdg"
    assert tags(volumes["/dev/sdg"])["creator"] == tags(instance)["creator"]
    parts = user_data_parts(ec2, instance["InstanceId"])
    assert [p.get_content_type() for p in parts] == ["text/properties"]
    assert parts[0].get_payload(decode=True) == b"volumes: /dev/sdf /dev/sdg\n"


def test_user_data_parts_in_order(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    resources = tmp_path / "res"
    resources.mkdir()
    (resources / "hello.py").write_text("print('hello')\n")
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-N", "-s", "10", "-V", "puppetmaster=pm:8141",
              "-V", "query=a=b", "-H", "web1.example.com", "-F", "role", "web", "-F", "role", "db",
              "-U", "https://config.example/boot", "-r", "wrapvols", "-r", "hello.py", "-R", str(resources))
    assert r.status == 0, r.err
    parts = user_data_parts(ec2, only(ec2, "web1")["InstanceId"])
    assert [p.get_content_type() for p in parts] == [
        "text/properties", "text/x-executable", "application/facter-yaml", "text/x-oscmd-include-url",
        "text/x-executable", "text/x-python",
    ]
    props = parts[0].get_payload(decode=True)
    assert props == b"volumes: /dev/sdf\npuppetmaster: pm:8141\nquery: a=b\n"
    assert b"web1.example.com" in parts[1].get_payload(decode=True)
    assert parts[2].get_filename() == "localfacts.yaml"
    assert parts[2]["Content-Transfer-Encoding"] == "base64"
    assert b"role: web,db" in parts[2].get_payload(decode=True)
    assert parts[3].get_payload(decode=True) == b"https://config.example/boot\n"
    assert parts[4]["Content-Description"] == "wrapvols"
    assert parts[5].get_payload(decode=True) == b"print('hello')\n"


def test_template_rules(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    web = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    db = ec2.create_security_group(GroupName="db", Description="db")["GroupId"]
    template = tmp_path / "server.yaml"
    template.write_text(
        "ami_name: al2023-ami-2023.6-x86_64\nami_owner: '137112412989'\ninstance_type: m5.large\n"
        "security_groups: web\n"
        "volume_size: [20]\nembedded_commands: wrapvols\nlocal_facts:\n  role: web\n  env: prod\n"
        "tag:project: apollo\nrun_instances:\n  Monitoring: {Enabled: true}\n"
        "instance_initiated_shutdown_behavior: terminate\n"
    )
    r = oscmd("ami", "run", "-T", str(template), "-n", "web1", "-t", "t3.small", "-F", "role", "db", "-N")
    assert r.status == 0, r.err
    instance = only(ec2, "web1")
    assert instance["ImageId"] == IMAGE  # from ami_name, among the images of ami_owner
    assert instance["InstanceType"] == "t3.small"  # the command line wins
    assert [g["GroupId"] for g in instance["SecurityGroups"]] == [web]  # scalar -> list
    assert tags(instance)["project"] == "apollo"
    assert instance["Monitoring"]["State"] == "enabled"  # run_instances pass-through
    attribute = ec2.describe_instance_attribute(
        InstanceId=instance["InstanceId"], Attribute="instanceInitiatedShutdownBehavior")
    assert attribute["InstanceInitiatedShutdownBehavior"]["Value"] == "terminate"  # a 2017 pass-through key
    assert volumes_of(ec2, instance)["/dev/sdf"]["Size"] == 20
    parts = user_data_parts(ec2, instance["InstanceId"])
    assert [p.get_content_type() for p in parts] == ["text/properties", "application/facter-yaml",
                                                     "text/x-executable"]
    facts = parts[1].get_payload(decode=True)
    assert b"role: db" in facts and b"env: prod" in facts  # -F overrides its key only
    assert parts[2]["Content-Description"] == "wrapvols"
    r = oscmd("ami", "run", "-T", str(template), "-n", "web2", "-S", "db", "-N")
    assert r.status == 0, r.err
    assert [g["GroupId"] for g in only(ec2, "web2")["SecurityGroups"]] == [db]


def test_template_unknown_key_is_a_clear_error(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    template = tmp_path / "bad.yaml"
    template.write_text("ami_id: ami-0a1b2c3d4e5f60001\nsecurity_group: web\n")
    r = oscmd("ami", "run", "-T", str(template), "-n", "web1", "-N")
    assert r.status == 2
    assert r.err == (f"oscmd: template {template}: unknown key 'security_group' "
                     "(did you mean 'security_groups'?)\n")
    nothing_launched(ec2)


def test_a_template_interface_never_overrides_the_subnet_and_groups_given(oscmd: Oscmd, ec2: Any,
                                                                          tmp_path: Path) -> None:
    subnets = ec2.describe_subnets()["Subnets"]
    mine, theirs = subnets[0]["SubnetId"], subnets[1]["SubnetId"]
    wide = ec2.create_security_group(GroupName="wide-open", Description="x", VpcId=subnets[1]["VpcId"])["GroupId"]
    ec2.create_security_group(GroupName="office", Description="x", VpcId=subnets[0]["VpcId"])
    template = tmp_path / "web.yaml"
    template.write_text(f"ami_id: {IMAGE}\nrun_instances:\n  NetworkInterfaces:\n"
                        f"    - {{DeviceIndex: 0, SubnetId: {theirs}, Groups: [{wide}],"
                        " AssociatePublicIpAddress: true}\n")
    r = oscmd("ami", "run", "-T", str(template), "-n", "app1", "--subnet-id", mine, "-N")
    assert r.status == 2 and f"NetworkInterfaces gives SubnetId '{theirs}'" in r.err, r.err
    r = oscmd("ami", "run", "-T", str(template), "-n", "app1", "-S", "office", "-N")
    assert r.status == 2 and "NetworkInterfaces gives Groups" in r.err, r.err
    nothing_launched(ec2)


def test_a_user_that_is_not_a_user_name_is_refused_and_the_hint_is_quoted(oscmd: Oscmd, ec2: Any,
                                                                          tmp_path: Path) -> None:
    template = tmp_path / "web.yaml"
    template.write_text(f"ami_id: {IMAGE}\nuser: \"ec2-user -oProxyCommand='touch {tmp_path}/owned' x\"\n")
    r = oscmd("ami", "run", "-T", str(template), "-n", "app1", "-N")
    assert r.status == 2 and "is not a user name" in r.err, r.err
    nothing_launched(ec2)
    key = tmp_path / "my keys" / "deploy.pem"
    key.parent.mkdir()
    key.write_text("not used\n")
    r = oscmd("-o", "json", "ami", "-i", IMAGE, "run", "-n", "app2", "-N", "-f", str(key))
    assert r.status == 0, r.err
    assert json.loads(r.out)["ssh"].startswith(f"ssh -i '{key}' ec2-user@")  # one word each when pasted


def test_a_fifo_template_and_a_huge_resource_are_refused_at_once(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "web.yaml"
    os.mkfifo(fifo)
    r = oscmd("ami", "run", "-T", str(fifo), "-n", "app1", "-N")  # would block for ever on open
    assert r.status == 2 and f"template {fifo}: cannot read it" in r.err, r.err
    huge = tmp_path / "res" / "huge.sh"
    huge.parent.mkdir()
    with huge.open("wb") as handle:
        handle.truncate(3 << 30)  # sparse: 3 GiB read whole took gigabytes of memory
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "app1", "-N", "-r", "huge.sh", "-R", str(huge.parent))
    assert r.status == 2 and "cannot read resource huge.sh" in r.err and "larger than" in r.err, r.err
    nothing_launched(ec2)


def test_template_malformed_yaml(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    template = tmp_path / "bad.yaml"
    template.write_text("ami_id: ami-0a1b2c3d4e5f60001\nname: [web\n")
    r = oscmd("ami", "run", "-T", str(template), "-N")
    assert r.status == 2
    assert r.err.startswith(f"oscmd: template {template}:3: malformed YAML")
    assert r.err.count("\n") == 1
    nothing_launched(ec2)


def test_template_ami_id(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(f"ami_id: {DEBIAN}\n")
    r = oscmd("ami", "run", "-T", str(template), "-n", "deb", "-N", "-w")
    assert r.status == 0, r.err
    assert only(ec2, "deb")["ImageId"] == DEBIAN
    assert "admin@" in r.out  # the login user guessed from the Debian image


# -- images resolve among trusted owners only (the catalogue's images belong to other accounts) -----
DEBIAN_NAME = "debian-12-amd64-20261101"
UBUNTU, UBUNTU_NAME, CANONICAL = "ami-0a1b2c3d4e5f60003", "ubuntu-noble-24.04-amd64-server-20261101", "099720109477"


def own_image_named(ec2: Any, name: str) -> str:
    source = run_named(ec2, f"source-of-{name}")[0]
    return str(ec2.create_image(InstanceId=source, Name=name)["ImageId"])


def test_a_name_launches_your_own_image_not_a_public_namesake(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    mine = own_image_named(ec2, DEBIAN_NAME)  # a public image of another account carries this name too
    r = oscmd("ami", "-n", DEBIAN_NAME, "run", "-n", "web1", "-N")
    assert r.status == 0, r.err
    assert only(ec2, "web1")["ImageId"] == mine
    template = tmp_path / "t.yaml"
    template.write_text(f"ami_name: {DEBIAN_NAME}\n")
    r = oscmd("ami", "run", "-T", str(template), "-n", "web2", "-N")
    assert r.status == 0, r.err
    assert only(ec2, "web2")["ImageId"] == mine


def test_only_public_images_of_other_owners_launch_nothing(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    before = existing(ec2)
    template = tmp_path / "t.yaml"
    template.write_text(f"ami_name: {UBUNTU_NAME}\n")
    for argv in (("ami", "-n", UBUNTU_NAME, "run", "-n", "web1", "-s", "10", "-e", "-N"),
                 ("ami", "run", "-T", str(template), "-n", "web1", "-N")):
        r = oscmd(*argv)
        assert (r.status, r.out) == (1, ""), r.err
        assert r.err.count("\n") == 1 and "Traceback" not in r.err
        assert f"{UBUNTU} (owner {CANONICAL})" in r.err
        assert f"oscmd ami -o {CANONICAL} -n {UBUNTU_NAME}" in r.err
        nothing_launched(ec2, before)
    for verb in ("exist", "dump", "list"):
        assert oscmd("ami", "-n", UBUNTU_NAME, verb).status == 1


def test_trusting_an_owner_explicitly(oscmd: Oscmd, ec2: Any, tmp_path: Path, fast: str) -> None:
    r = oscmd("ami", "-o", CANONICAL, "-n", UBUNTU_NAME, "run", "-n", "web1", "-N")
    assert r.status == 0, r.err
    assert only(ec2, "web1")["ImageId"] == UBUNTU
    config = Path(fast)
    config.write_text(config.read_text() + f"[ami]\nowner = {CANONICAL}\n")
    r = oscmd("-c", fast, "ami", "-n", UBUNTU_NAME, "run", "-n", "web2", "-N")
    assert r.status == 0, r.err
    assert only(ec2, "web2")["ImageId"] == UBUNTU
    # your own image and a trusted owner's with the same name: ambiguous, nothing launched
    mine = own_image_named(ec2, UBUNTU_NAME)
    before = existing(ec2)
    r = oscmd("-c", fast, "ami", "-n", UBUNTU_NAME, "run", "-n", "web3", "-N")
    assert r.status == 1
    assert f"{mine} (owner 123456789012)" in r.err and f"{UBUNTU} (owner {CANONICAL})" in r.err
    nothing_launched(ec2, before)
    # an explicit -o narrows to that owner alone, and a template's ami_owner too; the command line wins
    r = oscmd("-c", fast, "ami", "-o", "self", "-n", UBUNTU_NAME, "run", "-n", "web3", "-N")
    assert r.status == 0, r.err
    assert only(ec2, "web3")["ImageId"] == mine
    template = tmp_path / "t.yaml"
    template.write_text(f"ami_name: {UBUNTU_NAME}\nami_owner: '{CANONICAL}'\n")
    r = oscmd("-c", fast, "ami", "run", "-T", str(template), "-n", "web4", "-N")
    assert r.status == 0, r.err
    assert only(ec2, "web4")["ImageId"] == UBUNTU
    r = oscmd("-c", fast, "ami", "-o", "self", "run", "-T", str(template), "-n", "web5", "-N")
    assert r.status == 0, r.err
    assert only(ec2, "web5")["ImageId"] == mine


def test_no_image_is_a_usage_error(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "run", "-n", "web1", "-N")
    assert r.status == 2
    assert "which image?" in r.err
    nothing_launched(ec2)


def test_no_name_is_a_usage_error(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-N")
    assert r.status == 2
    assert "needs a name" in r.err
    nothing_launched(ec2)


def test_hostname_names_the_instance(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-H", "db1", "-N")
    assert r.status == 0, r.err
    assert tags(only(ec2, "db1"))["Name"] == "db1"


def test_duplicate_name_is_refused_with_nothing_created(oscmd: Oscmd, ec2: Any) -> None:
    [first] = run_named(ec2, "web1")
    before = existing(ec2)
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-s", "10", "-e", "-N")
    assert r.status == 3
    assert r.err == (f"oscmd: duplicate name: an instance named 'web1' already exists: {first} (running); "
                     "nothing was launched\n")
    nothing_launched(ec2, before)


def test_a_terminated_namesake_does_not_count(oscmd: Oscmd, ec2: Any) -> None:
    [old] = run_named(ec2, "web1")
    ec2.terminate_instances(InstanceIds=[old])
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-N")
    assert r.status == 0, r.err
    assert len(instances(ec2, "web1")) == 2


def test_a_wildcard_namesake_does_not_count(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web10")
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1*", "-N")
    assert r.status == 0, r.err
    launched = [i for i in instances(ec2) if tags(i)["Name"] == "web1*"]  # EC2 reads the name as a pattern
    assert len(launched) == 1 and len(instances(ec2)) == 2
    assert r.out.startswith(f"new instance {launched[0]['InstanceId']} (web1*) launched: running")


def test_missing_resource_launches_nothing(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-r", "nosuchthing", "-s", "10", "-N")
    assert r.status == 2
    assert r.err.startswith("oscmd: resource not found: nosuchthing")
    nothing_launched(ec2)


def test_bad_volume_spec_launches_nothing(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-s", "500M", "-N")
    assert r.status == 2
    assert "under 1 GiB" in r.err
    nothing_launched(ec2)


def test_show_user_data_launches_nothing(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-s", "10", "-r", "wrapvols", "--show-user-data")
    assert r.status == 0, r.err
    document = email.message_from_string(r.out)
    parts = [p for p in document.get_payload() if isinstance(p, Message)]
    assert [p.get_content_type() for p in parts] == ["text/properties", "text/x-executable"]
    assert r.err.splitlines()[0].startswith("part 1: text/properties (properties), ")
    assert r.err.splitlines()[1].startswith("part 2: text/x-executable (wrapvols), ")
    assert r.err.splitlines()[2].startswith("user data: ")
    nothing_launched(ec2)


def test_show_user_data_needs_no_endpoint(oscmd_offline: Oscmd) -> None:
    r = oscmd_offline("ami", "-n", "some-image", "run", "-H", "web1", "--show-user-data")
    assert r.status == 0, r.err
    assert "Content-Type: text/x-executable" in r.out
    r = oscmd_offline("ami", "run", "--show-user-data")
    assert (r.status, r.out) == (0, "")
    assert "no user data" in r.err


def test_dry_run_launches_nothing(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("--dry-run", "ami", "-i", IMAGE, "run", "-n", "web1", "-s", "10", "-e", "-N")
    assert r.status == 0, r.err
    assert r.out == "dry run: the request would have succeeded\n"
    nothing_launched(ec2)


def test_dry_run_still_validates(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd("--dry-run", "ami", "-i", IMAGE, "run", "-n", "web1", "-N")
    assert r.status == 3
    assert "duplicate name" in r.err


def test_private_ip_with_group_names_resolved(oscmd: Oscmd, ec2: Any) -> None:
    subnet = ec2.describe_subnets()["Subnets"][0]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=subnet["VpcId"])["GroupId"]
    address = subnet["CidrBlock"].rsplit(".", 2)[0] + ".0.50"
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-I", address, "-S", "web",
              "--subnet-id", subnet["SubnetId"], "-N")
    assert r.status == 0, r.err
    instance = only(ec2, "web1")
    assert instance["PrivateIpAddress"] == address
    assert instance["SubnetId"] == subnet["SubnetId"]
    [interface] = ec2.describe_network_interfaces(
        Filters=[{"Name": "attachment.instance-id", "Values": [instance["InstanceId"]]}])["NetworkInterfaces"]
    assert [g["GroupId"] for g in interface["Groups"]] == [group]
    assert tags({"Tags": interface.get("TagSet")})["creator"]


def test_private_ip_outside_the_subnet(oscmd: Oscmd, ec2: Any) -> None:
    subnet = ec2.describe_subnets()["Subnets"][0]
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-I", "192.168.99.1", "--subnet-id", subnet["SubnetId"], "-N")
    assert r.status == 2
    assert f"outside subnet {subnet['SubnetId']}" in r.err
    nothing_launched(ec2)


def test_unknown_security_group(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-S", "nosuch", "-N")
    assert r.status == 1
    assert r.err == "oscmd: security group 'nosuch' does not exist\n"
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-S", "sg-0000000000000dead", "-N")
    assert r.status == 1
    assert "sg-0000000000000dead does not exist" in r.err
    nothing_launched(ec2)


@pytest.mark.parametrize("by", ["name", "arn"])
def test_instance_profile(oscmd: Oscmd, ec2: Any, server: Any, by: str) -> None:
    iam = server.client("iam")
    arn = iam.create_instance_profile(InstanceProfileName="webrole")["InstanceProfile"]["Arn"]
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-P", "webrole" if by == "name" else arn, "-N")
    assert r.status == 0, r.err
    instance = only(ec2, "web1")
    [association] = ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [instance["InstanceId"]]}])["IamInstanceProfileAssociations"]
    assert association["IamInstanceProfile"]["Arn"] == arn


def test_snapshot_volumes_without_sized_volumes(oscmd: Oscmd, ec2: Any) -> None:
    source = ec2.create_volume(Size=3, AvailabilityZone="us-east-1a")["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=source)["SnapshotId"]
    ec2.create_tags(Resources=[snapshot], Tags=[{"Key": "Name", "Value": "golden"}])
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-i", snapshot, "-i", "golden", "-N")
    assert r.status == 0, r.err
    instance = only(ec2, "web1")
    volumes = volumes_of(ec2, instance)
    assert volumes["/dev/sdf"]["SnapshotId"] == snapshot
    assert volumes["/dev/sdg"]["SnapshotId"] == snapshot
    assert tags(volumes["/dev/sdf"])["Name"] == "web1/sdf"
    # Snapshot volumes are not in the volumes property: there is no user data at all.
    attribute = ec2.describe_instance_attribute(InstanceId=instance["InstanceId"], Attribute="userData")
    assert not attribute.get("UserData", {}).get("Value")


def test_elastic_ip_associated_and_recorded(oscmd: Oscmd, ec2: Any, fast: str) -> None:
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-e", "-N")
    assert r.status == 0, r.err
    instance = only(ec2, "web1")
    [address] = ec2.describe_addresses()["Addresses"]
    assert address["InstanceId"] == instance["InstanceId"]
    assert address["Domain"] == "vpc"
    assert tags(instance)["EIP"] == address["PublicIp"]
    assert f"elastic IP: {address['PublicIp']}" in r.out


def test_big_user_data_is_gzipped(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    (tmp_path / "big.sh").write_text("#!/bin/sh\n" + "echo 'a fairly repetitive line of shell'\n" * 800)
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-r", "big.sh", "-R", str(tmp_path), "-N")
    assert r.status == 0, r.err
    iid = only(ec2, "web1")["InstanceId"]
    value = ec2.describe_instance_attribute(InstanceId=iid, Attribute="userData")["UserData"]["Value"]
    assert base64.b64decode(value).startswith(b"\x1f\x8b")
    [part] = user_data_parts(ec2, iid)
    assert bytes(part.get_payload(decode=True)).count(b"repetitive") == 800


def test_user_data_too_big_even_gzipped(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    import os

    (tmp_path / "blob.bin").write_bytes(os.urandom(20000))
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-r", "blob.bin", "-R", str(tmp_path), "-N")
    assert r.status == 2
    assert r.err.startswith("oscmd: user data too big: ")
    nothing_launched(ec2)
