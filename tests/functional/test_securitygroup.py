"""securitygroup verbs against the local EC2 server: dump, create, delete, add_rule, remove_rule."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.faults import FaultProxy
from tests.support.runner import one_line
from tests.support.seed import run_named


def group(ec2: Any, gid: str) -> dict[str, Any]:
    return dict(ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0])


def perms(ec2: Any, gid: str) -> list[dict[str, Any]]:
    return sorted(group(ec2, gid)["IpPermissions"], key=lambda p: (p["IpProtocol"], p.get("FromPort", 0)))


def new_group(ec2: Any, name: str) -> str:
    return str(ec2.create_security_group(GroupName=name, Description=f"{name} servers")["GroupId"])


def ssh_from(cidr: str) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": cidr}]}


# -- dump ---------------------------------------------------------------------------------------
def test_dump_original_format_with_used_by(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    src = new_group(ec2, "lb")
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        ssh_from("10.0.0.0/8"),
        {"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": src}]},
        {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]},
    ])
    iid = run_named(ec2, "web1", SecurityGroupIds=[gid])[0]
    raw = group(ec2, gid)
    r = oscmd("securitygroup", "-n", "web", "dump")
    assert r.status == 0, r.err
    assert r.out.startswith(
        f"==== {gid} ====\n    name: web\n    owner_id: {raw['OwnerId']}\n    description: web servers\n")
    assert f"    used by: [ {iid} ]\n    rules:\n" in r.out
    assert "         tcp/22\n            10.0.0.0/8\n" in r.out
    assert f"         tcp/8000-8080\n            {src}-{raw['OwnerId']}\n" in r.out
    assert "        icmp/ALL\n            2001:db8::/32\n" in r.out


def test_dump_used_only_lists_groups_in_use(oscmd: Any, ec2: Any) -> None:
    used = new_group(ec2, "used")
    unused = new_group(ec2, "unused")
    run_named(ec2, "web1", SecurityGroupIds=[used])
    r = oscmd("securitygroup", "dump", "-u")
    assert r.status == 0, r.err
    assert f"==== {used} ====" in r.out
    assert f"==== {unused} ====" not in r.out
    r = oscmd("securitygroup", "dump")
    assert f"==== {unused} ====\n" in r.out and "    used by: [  ]\n" in r.out


def test_dump_ignores_terminated_instances(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "old")
    iid = run_named(ec2, "gone", SecurityGroupIds=[gid])[0]
    ec2.terminate_instances(InstanceIds=[iid])
    r = oscmd("securitygroup", "dump", "-u")
    assert f"==== {gid} ====" not in r.out


def test_dump_asks_for_instances_once_for_all_groups(oscmd: Any, ec2: Any, proxy: FaultProxy) -> None:
    groups = [new_group(ec2, f"g{i}") for i in range(4)]
    for i, gid in enumerate(groups):
        run_named(ec2, f"web{i}", SecurityGroupIds=[gid])
    r = oscmd("-e", proxy.url, "securitygroup", "dump", endpoint=False)
    assert r.status == 0, r.err
    assert all(f"==== {gid} ====" in r.out for gid in groups)
    assert proxy.plan.hits["DescribeInstances"] == 1


def test_dump_unknown_group_is_not_found(oscmd: Any) -> None:
    r = oscmd("securitygroup", "-n", "nosuch", "dump")
    assert (r.status, r.err) == (1, "oscmd: the securitygroup 'nosuch' does not exist\n")


# -- create / delete ----------------------------------------------------------------------------
def test_create_prints_the_group_id_in_the_default_vpc(oscmd: Any, ec2: Any) -> None:
    r = oscmd("securitygroup", "create", "-n", "api")
    assert r.status == 0, r.err
    gid = r.out.strip()
    raw = group(ec2, gid)
    default_vpc = next(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault"))
    assert (raw["GroupName"], raw["Description"], raw["VpcId"]) == ("api", "api", default_vpc)
    assert {t["Key"] for t in raw.get("Tags", [])} >= {"creator"}


def test_create_with_description_and_vpc(oscmd: Any, ec2: Any) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    r = oscmd("securitygroup", "create", "-n", "db", "-d", "database servers", "--vpc-id", vpc)
    raw = group(ec2, r.out.strip())
    assert (raw["Description"], raw["VpcId"]) == ("database servers", vpc)


def test_create_duplicate_is_one_api_error(oscmd: Any, ec2: Any) -> None:
    new_group(ec2, "api")
    r = oscmd("securitygroup", "create", "-n", "api")
    assert r.status == 3
    one_line(r.err)
    assert "Duplicate" in r.err


def test_create_needs_a_name_and_dry_run_creates_nothing(oscmd: Any, ec2: Any) -> None:
    before = len(ec2.describe_security_groups()["SecurityGroups"])
    r = oscmd("securitygroup", "create")
    assert r.status == 2
    r = oscmd("--dry-run", "securitygroup", "create", "-n", "api")
    assert r.status == 0 and "dry run" in r.out
    assert len(ec2.describe_security_groups()["SecurityGroups"]) == before


def test_delete_refused_without_yes_then_done_with_yes(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "tmp")
    r = oscmd("securitygroup", "-i", gid, "delete")
    assert r.status == 4
    one_line(r.err)
    assert group(ec2, gid)["GroupName"] == "tmp"
    r = oscmd("--dry-run", "securitygroup", "-i", gid, "delete")
    assert r.status == 0 and group(ec2, gid)
    r = oscmd("-y", "securitygroup", "-n", "tmp", "delete")
    assert (r.status, r.out) == (0, f"{gid} deleted\n")
    assert not ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["tmp"]}])["SecurityGroups"]


def test_delete_unknown_group_is_not_found(oscmd: Any) -> None:
    r = oscmd("-y", "securitygroup", "-i", "sg-0123456789abcdef0", "delete")
    assert r.status == 1
    one_line(r.err)
    assert r.err.startswith("oscmd: DescribeSecurityGroups: InvalidGroup.NotFound: "), r.err


def test_delete_dependency_violation_names_the_dependents(
    oscmd: Any, ec2: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # moto deletes any group; real EC2 refuses a group another group's rule references.
    from moto.ec2.exceptions import DependencyViolationError
    from moto.ec2.models.security_groups import SecurityGroupBackend

    target = new_group(ec2, "db")
    web = new_group(ec2, "web")
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": target}]}])

    def refuse(self: Any, name: str | None = None, group_id: str | None = None) -> None:
        raise DependencyViolationError(f"resource {group_id} has a dependent object")

    monkeypatch.setattr(SecurityGroupBackend, "delete_security_group", refuse)
    r = oscmd("-y", "securitygroup", "-i", target, "delete")
    assert r.status == 3
    one_line(r.err)
    assert "DependencyViolation" in r.err and f"referenced by the rules of {web} (web)" in r.err


# -- add_rule -----------------------------------------------------------------------------------
def test_add_rule_ipv4_and_ipv6_ranges(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    r = oscmd("securitygroup", "-n", "web", "add_rule", "-p", "TCP", "-P", "443",
              "-m", "203.0.113.0/24", "-m", "2001:db8::/32", "-d", "https")
    assert r.status == 0, r.err
    assert r.out == f"{gid}: added tcp/443 from 203.0.113.0/24, 2001:db8::/32\n"
    [perm] = perms(ec2, gid)
    assert (perm["IpProtocol"], perm["FromPort"], perm["ToPort"]) == ("tcp", 443, 443)
    assert perm["IpRanges"] == [{"CidrIp": "203.0.113.0/24", "Description": "https"}]
    assert [r["CidrIpv6"] for r in perm["Ipv6Ranges"]] == ["2001:db8::/32"]


def test_add_rule_one_permission_per_protocol(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "dns")
    r = oscmd("securitygroup", "-i", gid, "add_rule", "-p", "tcp", "-p", "udp", "-P", "53", "-m", "10.0.0.0/8")
    assert r.status == 0, r.err
    assert [(p["IpProtocol"], p["FromPort"], p["ToPort"]) for p in perms(ec2, gid)] == [
        ("tcp", 53, 53), ("udp", 53, 53)]


@pytest.mark.parametrize(("args", "expected"), [
    (("-p", "icmp", "-P", "all"), ("icmp", -1, -1)),
    (("-p", "icmp", "-P", "8"), ("icmp", 8, -1)),
    (("-p", "icmp", "-f", "3", "-t", "4"), ("icmp", 3, 4)),
    (("-p", "tcp", "-P", "ALL"), ("tcp", 0, 65535)),
    (("-p", "tcp", "-P", "8000:8080"), ("tcp", 8000, 8080)),
    (("-p", "udp", "-f", "60000", "-t", "61000"), ("udp", 60000, 61000)),
    (("-p", "all",), ("-1", None, None)),
])
def test_add_rule_port_forms(oscmd: Any, ec2: Any, args: tuple[str, ...], expected: tuple[Any, ...]) -> None:
    gid = new_group(ec2, "ports")
    r = oscmd("securitygroup", "-i", gid, "add_rule", *args, "-m", "192.0.2.0/24")
    assert r.status == 0, r.err
    [perm] = perms(ec2, gid)
    assert (perm["IpProtocol"], perm.get("FromPort"), perm.get("ToPort")) == expected


@pytest.mark.parametrize("source", ["lb", "SELF:lb", "ID"])
def test_add_rule_source_group_resolved_to_its_id(oscmd: Any, ec2: Any, source: str) -> None:
    gid = new_group(ec2, "web")
    src = new_group(ec2, "lb")
    owner = group(ec2, gid)["OwnerId"]
    value = src if source == "ID" else source.replace("SELF", owner)
    r = oscmd("securitygroup", "-n", "web", "add_rule", "-p", "tcp", "-P", "80", "-s", value)
    assert r.status == 0, r.err
    [perm] = perms(ec2, gid)
    assert [p["GroupId"] for p in perm["UserIdGroupPairs"]] == [src]
    assert not perm["IpRanges"]


def test_add_rule_unknown_source_group_is_not_found(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    r = oscmd("securitygroup", "-i", gid, "add_rule", "-p", "tcp", "-P", "80", "-s", "nosuch")
    assert r.status == 1
    one_line(r.err)
    assert perms(ec2, gid) == []


@pytest.mark.parametrize(("args", "message"), [
    (("-P", "22", "-m", "10.0.0.0/8"), "-p"),
    (("-p", "tcp", "-P", "22"), "-m CIDR"),
    (("-p", "tcp", "-P", "22", "-m", "10.0.0.0/8", "-s", "web"), "mutually exclusive"),
    (("-p", "tcp", "-P", "22", "-m", "10.0.0.300/8"), "not a CIDR"),
    (("-p", "tcp", "-P", "22", "-m", "10.0.0.1/8"), "did you mean 10.0.0.0/8"),
    (("-p", "tcp", "-m", "10.0.0.0/8"), "need ports"),
    (("-p", "tcp", "-P", "90:80", "-m", "10.0.0.0/8"), "backwards"),
    (("-p", "tcp", "-P", "70000", "-m", "10.0.0.0/8"), "65535"),
    (("-p", "tcp", "-P", "22", "-f", "22", "-m", "10.0.0.0/8"), "not both"),
    (("-p", "gre2", "-P", "22", "-m", "10.0.0.0/8"), "unknown protocol"),
])
def test_add_rule_usage_errors_touch_nothing(oscmd: Any, ec2: Any, args: tuple[str, ...], message: str) -> None:
    gid = new_group(ec2, "web")
    r = oscmd("securitygroup", "-i", gid, "add_rule", *args)
    assert r.status == 2, r.err
    one_line(r.err)
    assert message in r.err
    assert perms(ec2, gid) == []


def test_add_rule_duplicate_says_so(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[ssh_from("10.0.0.0/8")])
    r = oscmd("securitygroup", "-i", gid, "add_rule", "-p", "tcp", "-P", "22", "-m", "10.0.0.0/8")
    assert r.status == 3
    one_line(r.err)
    assert "tcp/22 failed: the rule already exists (InvalidPermission.Duplicate)" in r.err
    assert "nothing was added" in r.err


def test_add_rule_partial_failure_reports_applied_and_failed(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[ssh_from("10.0.0.0/8")])
    r = oscmd("securitygroup", "-i", gid, "add_rule", "-p", "tcp", "-p", "udp", "-P", "22", "-m", "10.0.0.0/8")
    assert r.status == 3
    one_line(r.err)
    assert "tcp/22 failed" in r.err and "added: udp/22" in r.err
    assert [p["IpProtocol"] for p in perms(ec2, gid)] == ["tcp", "udp"]


def test_add_rule_dry_run_adds_nothing(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    r = oscmd("--dry-run", "securitygroup", "-i", gid, "add_rule", "-p", "tcp", "-p", "udp", "-P", "22",
              "-m", "10.0.0.0/8")
    assert r.status == 0 and "dry run" in r.out
    assert perms(ec2, gid) == []


def test_add_rule_unknown_group_is_not_found(oscmd: Any) -> None:
    r = oscmd("securitygroup", "-n", "nosuch", "add_rule", "-p", "tcp", "-P", "22", "-m", "10.0.0.0/8")
    assert (r.status, r.err) == (1, "oscmd: the securitygroup 'nosuch' does not exist\n")


def test_add_rule_json_lists_the_permissions(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    r = oscmd("--output", "json", "securitygroup", "-i", gid, "add_rule", "-p", "tcp", "-P", "22",
              "-m", "10.0.0.0/8")
    data = json.loads(r.out)
    assert data["group_id"] == gid
    assert data["added"] == [ssh_from("10.0.0.0/8") | {"FromPort": 22, "ToPort": 22}]


# -- remove_rule --------------------------------------------------------------------------------
def test_remove_rule_refused_without_yes(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[ssh_from("10.0.0.0/8")])
    r = oscmd("securitygroup", "-i", gid, "remove_rule", "-p", "tcp", "-P", "22", "-m", "10.0.0.0/8")
    assert r.status == 4
    one_line(r.err)
    assert len(perms(ec2, gid)) == 1


def test_remove_rule_mirrors_add_rule(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    src = new_group(ec2, "lb")
    add = ("-p", "tcp", "-p", "udp", "-P", "53", "-m", "10.0.0.0/8", "-m", "2001:db8::/32")
    assert oscmd("securitygroup", "-i", gid, "add_rule", *add).status == 0
    assert oscmd("securitygroup", "-i", gid, "add_rule", "-p", "tcp", "-P", "80", "-s", "lb").status == 0
    assert len(perms(ec2, gid)) == 3
    r = oscmd("-y", "securitygroup", "-i", gid, "remove_rule", *add)
    assert r.status == 0, r.err
    assert r.lines == [f"{gid}: removed tcp/53 for 10.0.0.0/8, 2001:db8::/32",
                       f"{gid}: removed udp/53 for 10.0.0.0/8, 2001:db8::/32"]
    [left] = perms(ec2, gid)
    assert left["FromPort"] == 80 and left["UserIdGroupPairs"][0]["GroupId"] == src
    r = oscmd("-y", "securitygroup", "-i", gid, "remove_rule", "-p", "tcp", "-P", "80", "-s", src)
    assert r.status == 0, r.err
    assert perms(ec2, gid) == []


def test_remove_rule_missing_rule_is_not_found(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    r = oscmd("-y", "securitygroup", "-i", gid, "remove_rule", "-p", "tcp", "-P", "22", "-m", "10.0.0.0/8")
    assert r.status == 1
    one_line(r.err)
    assert "no such rule" in r.err


def test_remove_rule_partial_failure(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[ssh_from("10.0.0.0/8")])
    r = oscmd("-y", "securitygroup", "-i", gid, "remove_rule", "-p", "udp", "-p", "tcp", "-P", "22",
              "-m", "10.0.0.0/8")
    assert r.status == 3
    one_line(r.err)
    assert "udp/22 failed" in r.err and "removed: tcp/22" in r.err
    assert perms(ec2, gid) == []


def test_remove_rule_dry_run_and_usage(oscmd: Any, ec2: Any) -> None:
    gid = new_group(ec2, "web")
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[ssh_from("10.0.0.0/8")])
    r = oscmd("--dry-run", "securitygroup", "-i", gid, "remove_rule", "-p", "tcp", "-P", "22", "-m", "10.0.0.0/8")
    assert r.status == 0 and "dry run" in r.out
    r = oscmd("-y", "securitygroup", "-i", gid, "remove_rule", "-p", "tcp", "-P", "22")
    assert r.status == 2
    assert len(perms(ec2, gid)) == 1
