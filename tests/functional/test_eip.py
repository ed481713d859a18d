"""eip verbs against the local EC2 server: summary, allocate, associate, disassociate, release."""

from __future__ import annotations

import json
from typing import Any

from tests.support.runner import one_line
from tests.support.seed import run_named


def addresses(ec2: Any) -> list[dict[str, Any]]:
    return list(ec2.describe_addresses()["Addresses"])


def address(ec2: Any, ip: str) -> dict[str, Any]:
    return dict(ec2.describe_addresses(PublicIps=[ip])["Addresses"][0])


def instance_tags(ec2: Any, iid: str) -> dict[str, str]:
    raw = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    return {t["Key"]: t["Value"] for t in raw.get("Tags", [])}


def allocated(ec2: Any) -> tuple[str, str]:
    answer = ec2.allocate_address(Domain="vpc")
    return answer["PublicIp"], answer["AllocationId"]


# -- summary / allocate -------------------------------------------------------------------------
def test_summary_counts_reserved_and_unassociated(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    _, alloc = allocated(ec2)
    allocated(ec2)
    ec2.associate_address(AllocationId=alloc, InstanceId=iid)
    r = oscmd("eip", "summary")
    assert (r.status, r.out) == (0, "2 EIP reserved, 1 unassociated\n")
    r = oscmd("--output", "json", "eip", "summary")
    assert json.loads(r.out) == {"reserved": 2, "unassociated": 1}


def test_summary_with_no_address(oscmd: Any) -> None:
    r = oscmd("eip", "summary")
    assert (r.status, r.out) == (0, "0 EIP reserved, 0 unassociated\n")


def test_allocate_prints_the_vpc_address_with_name_and_creator(oscmd: Any, ec2: Any) -> None:
    r = oscmd("eip", "allocate", "-n", "front")
    assert r.status == 0, r.err
    [found] = addresses(ec2)
    assert r.out == f"{found['PublicIp']}\n"
    assert found["Domain"] == "vpc"
    tags = {t["Key"]: t["Value"] for t in found["Tags"]}
    assert tags["Name"] == "front" and tags["creator"]


def test_allocate_json_gives_the_allocation(oscmd: Any, ec2: Any) -> None:
    r = oscmd("--output", "json", "eip", "allocate")
    data = json.loads(r.out)
    [found] = addresses(ec2)
    assert data["public_ip"] == found["PublicIp"] and data["allocation_id"] == found["AllocationId"]


def test_allocate_dry_run_allocates_nothing(oscmd: Any, ec2: Any) -> None:
    r = oscmd("--dry-run", "eip", "allocate", "-n", "x")
    assert r.status == 0 and "dry run" in r.out
    assert addresses(ec2) == []


# -- associate ----------------------------------------------------------------------------------
def test_associate_by_instance_name_records_the_eip_tag(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, _ = allocated(ec2)
    r = oscmd("eip", "-i", ip, "associate", "-n", "web1")
    assert r.status == 0, r.err
    assert r.out == f"{ip} associated to {iid} (web1)\n"
    assert address(ec2, ip)["InstanceId"] == iid
    assert instance_tags(ec2, iid)["EIP"] == ip


def test_associate_by_allocation_id_and_instance_id(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, alloc = allocated(ec2)
    r = oscmd("eip", "-i", alloc, "associate", "-i", iid)
    assert r.status == 0, r.err
    assert address(ec2, ip)["InstanceId"] == iid


def test_associate_refuses_an_address_held_by_another_instance(oscmd: Any, ec2: Any) -> None:
    first = run_named(ec2, "web1")[0]
    run_named(ec2, "web2")
    ip, alloc = allocated(ec2)
    ec2.associate_address(AllocationId=alloc, InstanceId=first)
    r = oscmd("eip", "-i", ip, "associate", "-n", "web2")
    assert r.status == 3
    one_line(r.err)
    assert f"associated with {first}" in r.err and "disassociate" in r.err
    assert address(ec2, ip)["InstanceId"] == first


def test_associate_twice_to_the_same_instance_is_harmless(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, alloc = allocated(ec2)
    ec2.associate_address(AllocationId=alloc, InstanceId=iid)
    r = oscmd("eip", "-i", ip, "associate", "-n", "web1")
    assert r.status == 0 and "already associated" in r.out
    assert instance_tags(ec2, iid)["EIP"] == ip


def test_associate_dry_run_changes_nothing(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, _ = allocated(ec2)
    r = oscmd("--dry-run", "eip", "-i", ip, "associate", "-n", "web1")
    assert r.status == 0 and "dry run" in r.out
    assert not address(ec2, ip).get("InstanceId")
    assert "EIP" not in instance_tags(ec2, iid)


def test_associate_unknown_instance_or_address_is_not_found(oscmd: Any, ec2: Any) -> None:
    ip, _ = allocated(ec2)
    r = oscmd("eip", "-i", ip, "associate", "-n", "nosuch")
    assert r.status == 1
    one_line(r.err)
    assert "nosuch" in r.err
    run_named(ec2, "web1")
    r = oscmd("eip", "-i", "198.51.100.9", "associate", "-n", "web1")
    assert r.status == 1
    one_line(r.err)


def test_associate_needs_an_instance(oscmd: Any, ec2: Any) -> None:
    ip, _ = allocated(ec2)
    r = oscmd("eip", "-i", ip, "associate")
    assert (r.status, r.err) == (2, "oscmd: eip associate: give the instance with -i ID or -n NAME\n")


# -- disassociate -------------------------------------------------------------------------------
def test_disassociate_clears_the_instance_eip_tag(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, _ = allocated(ec2)
    assert oscmd("eip", "-i", ip, "associate", "-n", "web1").status == 0
    r = oscmd("eip", "-i", ip, "disassociate")
    assert r.status == 0, r.err
    assert r.lines == [f"{ip} disassociated from {iid}", f"EIP tag removed from {iid}"]
    assert not address(ec2, ip).get("AssociationId")
    assert "EIP" not in instance_tags(ec2, iid)


def test_disassociate_keeps_an_eip_tag_naming_another_address(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, alloc = allocated(ec2)
    ec2.associate_address(AllocationId=alloc, InstanceId=iid)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": "203.0.113.50"}])
    r = oscmd("eip", "-i", ip, "disassociate")
    assert r.status == 0
    assert r.lines == [f"{ip} disassociated from {iid}"]
    assert instance_tags(ec2, iid)["EIP"] == "203.0.113.50"


def test_disassociate_a_free_address_is_an_error(oscmd: Any, ec2: Any) -> None:
    ip, _ = allocated(ec2)
    r = oscmd("eip", "-i", ip, "disassociate")
    assert r.status == 3
    one_line(r.err)
    assert "not associated" in r.err


def test_disassociate_dry_run_keeps_the_association(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, alloc = allocated(ec2)
    ec2.associate_address(AllocationId=alloc, InstanceId=iid)
    r = oscmd("--dry-run", "eip", "-i", ip, "disassociate")
    assert r.status == 0 and "dry run" in r.out
    assert address(ec2, ip)["InstanceId"] == iid


# -- release ------------------------------------------------------------------------------------
def test_release_refuses_without_yes_and_without_terminal(oscmd: Any, ec2: Any) -> None:
    ip, _ = allocated(ec2)
    r = oscmd("eip", "-i", ip, "release")
    assert r.status == 4
    one_line(r.err)
    assert [a["PublicIp"] for a in addresses(ec2)] == [ip]


def test_release_declined_on_a_terminal_keeps_the_address(oscmd: Any, ec2: Any) -> None:
    ip, _ = allocated(ec2)
    r = oscmd("eip", "-i", ip, "release", answer="n")
    assert r.status == 4
    assert [a["PublicIp"] for a in addresses(ec2)] == [ip]


def test_release_confirmed_on_a_terminal(oscmd: Any, ec2: Any) -> None:
    ip, _ = allocated(ec2)
    r = oscmd("eip", "-i", ip, "release", answer="y")
    assert (r.status, r.out) == (0, f"{ip} released\n")
    assert addresses(ec2) == []


def test_release_with_yes_by_allocation_id_and_stale_tags_removed(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, alloc = allocated(ec2)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    r = oscmd("-y", "eip", "-i", alloc, "release")
    assert r.status == 0, r.err
    assert r.lines == [f"{ip} released", f"EIP tag removed from {iid}"]
    assert addresses(ec2) == []
    assert "EIP" not in instance_tags(ec2, iid)


def test_release_of_an_associated_address_is_one_api_error(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip, alloc = allocated(ec2)
    ec2.associate_address(AllocationId=alloc, InstanceId=iid)
    r = oscmd("-y", "eip", "-i", ip, "release")
    assert r.status == 3
    one_line(r.err)
    assert "InvalidIPAddress.InUse" in r.err and "disassociate" in r.err
    assert address(ec2, ip)["InstanceId"] == iid


def test_release_dry_run_keeps_the_address(oscmd: Any, ec2: Any) -> None:
    ip, _ = allocated(ec2)
    r = oscmd("--dry-run", "eip", "-i", ip, "release")
    assert r.status == 0 and "dry run" in r.out
    assert [a["PublicIp"] for a in addresses(ec2)] == [ip]


def test_release_unknown_address_is_not_found(oscmd: Any, ec2: Any) -> None:
    r = oscmd("-y", "eip", "-i", "198.51.100.7", "release")
    assert r.status == 1
    one_line(r.err)
    assert r.err.startswith("oscmd: DescribeAddresses: InvalidAddress.NotFound: "), r.err


def test_release_help_says_associated_addresses_are_refused(oscmd_offline: Any) -> None:
    r = oscmd_offline("eip", "release", "-h")
    assert r.status == 0 and "InvalidIPAddress.InUse" in r.out and "disassociate" in r.out
