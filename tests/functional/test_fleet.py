"""Fleet scale against the local EC2 server: --filter, several regions and profiles, --sort, --query.

One moto server serves every region (the region comes from the request's
signature), so each test seeds objects with a boto3 client per region and
checks what oscmd printed against what boto3 sees.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.runner import Oscmd
from tests.support.seed import IMAGE

EAST, WEST = "us-east-1", "eu-west-1"


def launch(ec2: Any, name: str, *, env: str = "prod", itype: str = "t3.micro") -> str:
    answer = ec2.run_instances(
        ImageId=IMAGE, MinCount=1, MaxCount=1, InstanceType=itype,
        TagSpecifications=[{"ResourceType": "instance",
                            "Tags": [{"Key": "Name", "Value": name}, {"Key": "env", "Value": env}]}])
    return str(answer["Instances"][0]["InstanceId"])


@pytest.fixture
def fleet(server: LocalEC2) -> dict[str, dict[str, str]]:
    """web1 (prod), web2 (prod, stopped), db1 (dev) in us-east-1; web3 (prod) in eu-west-1: region -> name -> id."""
    east, west = server.client(region=EAST), server.client(region=WEST)
    ids = {EAST: {"web1": launch(east, "web1"), "web2": launch(east, "web2", itype="t3.small"),
                  "db1": launch(east, "db1", env="dev", itype="m5.large")},
           WEST: {"web3": launch(west, "web3")}}
    east.stop_instances(InstanceIds=[ids[EAST]["web2"]])
    return ids


def state(server: LocalEC2, region: str, iid: str) -> str:
    found = server.client(region=region).describe_instances(InstanceIds=[iid])
    return str(found["Reservations"][0]["Instances"][0]["State"]["Name"])


# -- --filter ------------------------------------------------------------------------------------
def test_filters_and_between_or_within(oscmd: Oscmd, fleet: dict[str, dict[str, str]], server: LocalEC2) -> None:
    ec2 = server.client(region=EAST)
    r = oscmd("instance", "--filter", "tag:env=prod", "list", "-p", "%(name)s")
    assert r.status == 0, r.err
    expected = sorted(i["Tags"][0]["Value"] for res in ec2.describe_instances(
        Filters=[{"Name": "tag:env", "Values": ["prod"]}])["Reservations"] for i in res["Instances"])
    assert sorted(r.lines) == expected == ["web1", "web2"]
    r = oscmd("instance", "--filter", "tag:env=prod,dev", "--filter", "instance-state-name=running", "list",
              "-p", "%(name)s")
    assert sorted(r.lines) == ["db1", "web1"]  # (prod OR dev) AND running
    r = oscmd("instance", "--filter", "tag:Name=web*", "list", "-p", "%(name)s")
    assert sorted(r.lines) == ["web1", "web2"]  # EC2 wildcards in a filter value are an explicit choice
    assert oscmd("instance", "-n", "web*", "list").status == 1  # while -n stays literal


def test_filters_on_dump_summary_and_exist(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    r = oscmd("-o", "json", "instance", "--filter", "instance-state-name=stopped", "dump")
    assert [row["id"] for row in json.loads(r.out)] == [fleet[EAST]["web2"]]
    r = oscmd("-o", "json", "instance", "--filter", "tag:env=prod", "summary")
    assert json.loads(r.out)["instances"] == 2
    assert oscmd("instance", "--filter", "tag:env=dev", "exist").status == 0
    assert oscmd("instance", "--filter", "tag:env=qa", "exist").status == 1
    # with -n the filters must hold too: db1 exists, but not as prod
    assert oscmd("instance", "-n", "db1", "--filter", "tag:env=prod", "exist").status == 1
    r = oscmd("instance", "-n", "db1", "--filter", "tag:env=prod", "list")
    assert r.status == 1 and "matching the filters" in r.err
    assert oscmd("volume", "--filter", "status=in-use", "list", "-p", "%(instance_id)s").status == 0


@pytest.mark.parametrize(("obj", "name"), [("instance", "tag:env"), ("volume", "volume-type"),
                                           ("snapshot", "volume-id"), ("ami", "architecture"),
                                           ("eip", "public-ip"), ("securitygroup", "group-name"),
                                           ("keypair", "key-name")])
def test_every_object_takes_its_filters(oscmd: Oscmd, server: LocalEC2, obj: str, name: str) -> None:
    r = oscmd(obj, "--filter", f"{name}=nothing-matches-this", "list")
    assert r.status == 0 and r.out == "", r.err


def test_unknown_filter_name_is_refused_before_any_request(oscmd_offline: Oscmd) -> None:
    r = oscmd_offline("-e", "http://127.0.0.1:9", "instance", "--filter", "instance-stat-name=running", "list")
    assert r.status == 2, r.err  # not 5: nothing was sent to the dead endpoint
    assert "'instance-stat-name' is not a filter of instances" in r.err
    assert "did you mean instance-state-name" in r.err and "tag:KEY" in r.err
    r = oscmd_offline("-e", "http://127.0.0.1:9", "volume", "--filter", "nothing", "list")
    assert r.status == 2 and "NAME=VALUE" in r.err


def test_mutating_verbs_refuse_filters(oscmd: Oscmd, fleet: dict[str, dict[str, str]], server: LocalEC2) -> None:
    r = oscmd("-y", "instance", "--filter", "tag:env=prod", "-n", "web1", "stop")
    assert r.status == 2 and "read verbs only" in r.err and "nothing was done" in r.err
    assert state(server, EAST, fleet[EAST]["web1"]) == "running"
    r = oscmd("-y", "instance", "--filter", "tag:env=prod", "-n", "web1", "terminate")
    assert r.status == 2
    assert state(server, EAST, fleet[EAST]["web1"]) == "running"


def test_use_refuses_a_filter(oscmd: Oscmd, server: LocalEC2) -> None:
    r = oscmd(stdin="use instance --filter tag:env=prod\n")
    assert r.status == 2 and "use selects one object" in r.err


# -- several regions -------------------------------------------------------------------------------
def test_two_regions_listed_together(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    r = oscmd("-r", f"{EAST},{WEST}", "instance", "list")
    assert r.status == 0, r.err
    assert r.lines == [f"{EAST} {fleet[EAST][n]} {n}" for n in ("web1", "web2", "db1")] + [
        f"{WEST} {fleet[WEST]['web3']} web3"]
    rows = json.loads(oscmd("-o", "json", "-r", f"{WEST},{EAST}", "instance", "list").out)
    assert [(row["region"], row["name"]) for row in rows] == [(WEST, "web3"), (EAST, "web1"), (EAST, "web2"),
                                                               (EAST, "db1")]
    r = oscmd("-r", f"{EAST},{WEST}", "instance", "--filter", "tag:env=prod", "list", "-p", "%(name)s@%(region)s")
    assert r.lines == ["web1@us-east-1", "web2@us-east-1", "web3@eu-west-1"]
    table = oscmd("-o", "table", "-r", f"{EAST},{WEST}", "instance", "list").lines
    assert table[0].split()[:3] == ["REGION", "ID", "NAME"] and table[-1].split()[:2] == [WEST, fleet[WEST]["web3"]]


def test_all_regions_and_identification_across_them(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    r = oscmd("-r", "all", "instance", "list", "-p", "%(region)s %(name)s")
    assert r.status == 0, r.err
    assert sorted(r.lines) == sorted([f"{EAST} web1", f"{EAST} web2", f"{EAST} db1", f"{WEST} web3"])
    r = oscmd("-r", f"{EAST},{WEST}", "instance", "-n", "web3", "list", "-p", "%(region)s %(id)s")
    assert r.lines == [f"{WEST} {fleet[WEST]['web3']}"]  # found in one region: the other adds nothing
    assert oscmd("-r", f"{EAST},{WEST}", "instance", "-n", "web3", "exist").status == 0
    assert oscmd("-r", f"{EAST},{WEST}", "instance", "-n", "nowhere", "exist").status == 1
    r = oscmd("-r", f"{EAST},{WEST}", "instance", "-n", "nowhere", "list")
    assert r.status == 1 and "in any of the regions" in r.err


def test_summary_and_dump_over_regions(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    data = json.loads(oscmd("-o", "json", "-r", f"{EAST},{WEST}", "instance", "summary").out)
    assert data["instances"] == 4 and data["regions"] == {EAST: 3, WEST: 1}
    assert data["states"] == {"running": 3, "stopped": 1}
    r = oscmd("-r", f"{EAST},{WEST}", "instance", "dump")
    assert r.out.startswith(f"== {EAST} ==\n==== ") and f"\n== {WEST} ==\n==== {fleet[WEST]['web3']} ====" in r.out


def test_mutating_verbs_refuse_several_regions(oscmd: Oscmd, fleet: dict[str, dict[str, str]],
                                               server: LocalEC2) -> None:
    r = oscmd("-y", "-r", f"{EAST},{WEST}", "instance", "-n", "web1", "stop")
    assert r.status == 2 and "several regions" in r.err and "nothing was done" in r.err
    assert state(server, EAST, fleet[EAST]["web1"]) == "running"
    r = oscmd("-r", "all", "volume", "create", "-s", "1")
    assert r.status == 2
    assert not server.client(region=EAST).describe_volumes(Filters=[{"Name": "size", "Values": ["1"]}])["Volumes"]


def test_a_failing_region_does_not_hide_the_others(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    # moto answers a region it does not know with an HTTP 500: that region fails, the others print
    r = oscmd("-r", f"{EAST},xx-nowhere-9,{WEST}", "instance", "list", "-p", "%(name)s")
    assert r.status == 3
    assert r.lines == ["web1", "web2", "db1", "web3"]
    failed = [line for line in r.err.splitlines() if line]
    assert len(failed) == 1 and failed[0].startswith("region xx-nowhere-9: "), r.err


def test_zones_of_several_regions(oscmd: Oscmd, server: LocalEC2) -> None:
    expected = {region: sorted(z["ZoneName"] for z in server.client(region=region)
                               .describe_availability_zones()["AvailabilityZones"]) for region in (EAST, WEST)}
    r = oscmd("-r", f"{WEST},{EAST}", "-L")
    assert r.status == 0, r.err
    assert r.lines == [f"{WEST}:{z}" for z in expected[WEST]] + [f"{EAST}:{z}" for z in expected[EAST]]
    rows = json.loads(oscmd("-o", "json", "-r", f"{EAST},{WEST}", "-L").out)
    assert [(row["region"], row["zone"]) for row in rows] == [(region, z) for region in (EAST, WEST)
                                                              for z in expected[region]]
    r = oscmd("-r", f"{EAST},xx-nowhere-9", "-L")  # moto answers the unknown region with an HTTP 500
    assert r.status == 3
    assert r.lines == [f"{EAST}:{z}" for z in expected[EAST]]
    assert r.err.lstrip("\n").startswith("region xx-nowhere-9: "), r.err
    r = oscmd("-r", "all", "-L")
    assert r.status == 0 and {f"{EAST}:{z}" for z in expected[EAST]} <= set(r.lines)
    assert len({line.split(":")[0] for line in r.lines}) > 2


def test_several_profiles(oscmd: Oscmd, fleet: dict[str, dict[str, str]], home: Path) -> None:
    aws = home / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text("[blue]\naws_access_key_id = a\naws_secret_access_key = b\n"
                                     "[green]\naws_access_key_id = c\naws_secret_access_key = d\n")
    (aws / "config").write_text("[profile blue]\nregion = us-east-1\n[profile green]\nregion = us-east-1\n")
    environ = {"AWS_CONFIG_FILE": str(aws / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(aws / "credentials")}
    # a subprocess: botocore reads the AWS files named by the process environment
    r = oscmd.subprocess("-o", "json", "--profile", "blue,green", "-r", WEST, "instance", "list", environ=environ)
    assert r.status == 0, r.err
    assert [(row["profile"], row["name"]) for row in json.loads(r.out)] == [("blue", "web3"), ("green", "web3")]
    r = oscmd.subprocess("--profile", "blue,missing", "-r", WEST, "instance", "list", environ=environ)
    assert r.status == 5, r.err  # only credentials failed: the connection status
    assert r.lines == [f"blue {fleet[WEST]['web3']} web3"]  # several profiles, one region: a profile column
    assert r.err.startswith("profile missing, region eu-west-1: ") and len(r.err.splitlines()) == 1
    r = oscmd.subprocess("-o", "json", "--profile", "blue,green", "-r", WEST, "-L", environ=environ)
    rows = json.loads(r.out)
    assert r.status == 0 and rows and [row["profile"] for row in rows] == (["blue"] * (len(rows) // 2)
                                                                           + ["green"] * (len(rows) // 2))


# -- --sort, --reverse, --query ------------------------------------------------------------------
def test_sort_and_reverse(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    r = oscmd("instance", "list", "--sort", "name", "-p", "%(name)s")
    assert r.lines == ["db1", "web1", "web2"]
    r = oscmd("instance", "list", "--sort", "instance_type", "--reverse", "-p", "%(type)s")  # a 2017 name
    assert r.lines == ["t3.small", "t3.micro", "m5.large"]
    r = oscmd("instance", "list", "--sort", "nme")
    assert r.status == 2 and "did you mean 'name'" in r.err


def test_query_on_the_json_document(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    r = oscmd("--query", "[?state=='running'].name", "instance", "list")
    assert r.status == 0, r.err
    assert r.lines == ["web1\tdb1"]  # text: a list of scalars is one line, tab-separated
    r = oscmd("-o", "json", "--query", "[].{id: id, t: type}", "instance", "list")
    assert json.loads(r.out) == [{"id": fleet[EAST][n], "t": t} for n, t in
                                 (("web1", "t3.micro"), ("web2", "t3.small"), ("db1", "m5.large"))]
    r = oscmd("--query", "[].[name, region]", "instance", "list")
    assert r.lines == ["web1\tus-east-1", "web2\tus-east-1", "db1\tus-east-1"]
    r = oscmd("--query", "length(@)", "-r", f"{EAST},{WEST}", "instance", "list")
    assert r.lines == ["4"]
    r = oscmd("--query", "states.running", "instance", "summary")
    assert r.lines == ["2"]


def test_bad_query_stops_before_any_request(oscmd_offline: Oscmd) -> None:
    r = oscmd_offline("-e", "http://127.0.0.1:9", "--query", "[?state==", "instance", "list")
    assert r.status == 2 and "invalid JMESPath expression" in r.err


def test_query_leads_a_script_line(oscmd: Oscmd, fleet: dict[str, dict[str, str]]) -> None:
    r = oscmd(stdin="--query [].name instance list\ninstance list -p %(name)s\n")
    assert r.status == 0, r.err
    assert r.lines == ["web1\tweb2\tdb1", "web1", "web2", "db1"]
    r = oscmd(stdin="--query [?bad instance list\n")
    assert r.status == 2 and "invalid JMESPath expression" in r.err
