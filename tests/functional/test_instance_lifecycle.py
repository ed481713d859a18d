"""instance start/stop/reboot/terminate/associate/attach against the local EC2 server, checked with boto3.

moto's transitions are instant; where a test needs an instance that stays
``pending`` or ``shutting-down`` for a while, it flips the state inside the
in-process server (testbed §4.5) from a hook around the backend call.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.cli import run
from oscmd_shell.env import Env
from tests.support.faults import FaultProxy
from tests.support.hooks import Hooks, backend_hooks
from tests.support.runner import base_environ
from tests.support.seed import run_named, volume

EXTRA_DISK = [{"DeviceName": "/dev/sdg", "Ebs": {"VolumeSize": 5, "DeleteOnTermination": False}}]


def instance(ec2: Any, iid: str) -> dict[str, Any]:
    return dict(ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0])


def state(ec2: Any, iid: str) -> str:
    return str(instance(ec2, iid)["State"]["Name"])


def tags(raw: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in raw.get("Tags", [])}


def volume_ids(ec2: Any) -> set[str]:
    return {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}


def addresses(ec2: Any) -> dict[str, dict[str, Any]]:
    return {a["PublicIp"]: a for a in ec2.describe_addresses()["Addresses"]}


def claiming_what_another_holds(ec2: Any) -> tuple[str, str, str]:
    """web1, whose EIP tag names the address prod holds: (web1, prod, the address)."""
    iid = run_named(ec2, "web1")[0]
    prod = run_named(ec2, "prod")[0]
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.associate_address(PublicIp=ip, InstanceId=prod)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    return iid, prod, ip


@pytest.fixture
def hooks(server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hooks]:
    yield from backend_hooks(monkeypatch)


# -- start ------------------------------------------------------------------------------
def test_start(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ec2.stop_instances(InstanceIds=[iid])
    r = oscmd("instance", "-n", "web1", "start")
    assert (r.status, r.out) == (0, f"{iid} starting\n"), r.err
    assert state(ec2, iid) == "running"


def test_start_wait_follows_pending(oscmd: Any, ec2: Any, fast: str, hooks: Hooks) -> None:
    iid = run_named(ec2, "web1")[0]
    ec2.stop_instances(InstanceIds=[iid])

    def stay_pending(backend: Any, result: Any) -> None:
        hooks.set_state(iid, "pending", 0)
        hooks.set_state(iid, "running", 16, later=0.3)

    hooks.after("start_instances", stay_pending)
    began = time.monotonic()
    r = oscmd("-c", fast, "instance", "-n", "web1", "start", "-w")
    assert r.status == 0, r.err
    assert time.monotonic() - began >= 0.25
    assert r.lines == [f"{iid} starting", f"{iid} running"]
    assert state(ec2, iid) == "running"


def test_start_wait_times_out_naming_the_state(oscmd: Any, ec2: Any, fast: str, hooks: Hooks) -> None:
    iid = run_named(ec2, "web1")[0]
    ec2.stop_instances(InstanceIds=[iid])
    hooks.after("start_instances", lambda b, r: hooks.set_state(iid, "pending", 0))
    r = oscmd("-c", fast, "--timeout", "0.3", "instance", "-n", "web1", "start", "-w")
    assert r.status == 3
    assert r.lines == [f"{iid} starting"]
    assert "timed out" in r.err and f"{iid} to be running" in r.err and "pending" in r.err


def test_start_reassociates_the_eip_tag(oscmd: Any, ec2: Any, fast: str, hooks: Hooks) -> None:
    iid = run_named(ec2, "web1")[0]
    alloc = ec2.allocate_address(Domain="vpc")
    ip = alloc["PublicIp"]
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    ec2.stop_instances(InstanceIds=[iid])

    def boot_slowly(backend: Any, result: Any) -> None:
        hooks.set_state(iid, "pending", 0)
        hooks.set_state(iid, "running", 16, later=0.2)

    hooks.after("start_instances", boot_slowly)
    assert not addresses(ec2)[ip].get("InstanceId")
    r = oscmd("-c", fast, "instance", "-n", "web1", "start")
    assert r.status == 0, r.err
    assert r.lines == [f"{iid} starting", f"{iid} running", f"associated to '{ip}'"]
    assert addresses(ec2)[ip]["InstanceId"] == iid


def test_start_with_a_stale_eip_tag_warns(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": "198.51.100.7"}])
    ec2.stop_instances(InstanceIds=[iid])
    r = oscmd("instance", "-n", "web1", "start")
    assert r.status == 0, r.err
    assert r.lines == [f"{iid} starting", f"{iid} running"]
    assert "198.51.100.7" in r.err and "not re-associated" in r.err
    assert state(ec2, iid) == "running"


def test_start_never_takes_an_address_from_another_instance(oscmd: Any, ec2: Any) -> None:
    iid, prod, ip = claiming_what_another_holds(ec2)
    ec2.stop_instances(InstanceIds=[iid])
    r = oscmd("-o", "json", "instance", "-n", "web1", "start")
    assert r.status == 0, r.err
    why = "it is associated with " + prod + ", and an EIP tag never takes an address from another"
    assert json.loads(r.out)["address"] == {"instance_id": iid, "public_ip": ip, "associated": False, "reason": why}
    assert r.err == f"{iid}: the address {ip} of its EIP tag was not re-associated: {why}\n"
    assert state(ec2, iid) == "running" and addresses(ec2)[ip]["InstanceId"] == prod


def test_start_not_found_and_dry_run(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ec2.stop_instances(InstanceIds=[iid])
    r = oscmd("instance", "-n", "nosuch", "start")
    assert r.status == 1 and "nosuch" in r.err
    r = oscmd("--dry-run", "instance", "-n", "web1", "start")
    assert r.status == 0 and "dry run" in r.out
    assert state(ec2, iid) == "stopped"


# -- stop / reboot ----------------------------------------------------------------------
def test_stop(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-i", iid, "stop")
    assert (r.status, r.out) == (0, f"{iid} stopping\n"), r.err
    assert state(ec2, iid) == "stopped"


def test_forced_stop_is_refused_without_yes(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-n", "web1", "stop", "-f")
    assert r.status == 4
    assert "--yes" in r.err
    assert state(ec2, iid) == "running"
    r = oscmd("instance", "-n", "web1", "stop", "-f", answer="n")
    assert r.status == 4
    assert state(ec2, iid) == "running"


def test_forced_stop_confirmed(oscmd: Any, ec2: Any, hooks: Hooks) -> None:
    iid = run_named(ec2, "web1")[0]
    seen: list[Any] = []
    hooks.after("stop_instances", lambda b, r: seen.append(r))
    r = oscmd("instance", "-n", "web1", "stop", "-f", answer="y")
    assert (r.status, r.out) == (0, f"{iid} stopping\n"), r.err
    assert state(ec2, iid) == "stopped" and len(seen) == 1


def test_stop_dry_run(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("--dry-run", "instance", "-n", "web1", "stop", "-f")
    assert r.status == 0 and "dry run" in r.out
    assert state(ec2, iid) == "running"


def test_reboot(oscmd: Any, ec2: Any, hooks: Hooks) -> None:
    iid = run_named(ec2, "web1")[0]
    rebooted: list[str] = []
    hooks.after("reboot_instances", lambda b, r: rebooted.extend(i.id for i in r))
    r = oscmd("instance", "-n", "web1", "reboot")
    assert (r.status, r.out) == (0, f"{iid} rebooting\n"), r.err
    assert rebooted == [iid]
    r = oscmd("--dry-run", "instance", "-n", "web1", "reboot")
    assert r.status == 0 and rebooted == [iid]
    assert oscmd("instance", "-i", "i-0123456789abcdef0", "reboot").status == 1


# -- terminate --------------------------------------------------------------------------
def own_disk(ec2: Any, iid: str) -> str:
    [vid] = [m["Ebs"]["VolumeId"] for m in instance(ec2, iid)["BlockDeviceMappings"] if m["DeviceName"] == "/dev/sdg"]
    return str(vid)


def test_terminate_refused_without_yes(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-n", "web1", "terminate", "-p")
    assert r.status == 4
    assert "--yes" in r.err and iid in r.err
    assert state(ec2, iid) == "running"


def test_terminate_without_purge_keeps_volumes_and_address(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=EXTRA_DISK)[0]
    disk = own_disk(ec2, iid)
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.associate_address(PublicIp=ip, InstanceId=iid)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    r = oscmd("--yes", "instance", "-n", "web1", "terminate")
    assert (r.status, r.out) == (0, f"{iid} terminated\n"), r.err
    assert state(ec2, iid) == "terminated"
    assert disk in volume_ids(ec2) and ip in addresses(ec2)
    assert disk in r.err and "-p" in r.err


def test_terminate_purge_removes_only_its_own(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=EXTRA_DISK)[0]
    other = run_named(ec2, "web2")[0]
    disk = own_disk(ec2, iid)
    attached = volume(ec2, "logs")
    ec2.attach_volume(VolumeId=attached, InstanceId=iid, Device="/dev/sdh")
    unrelated = volume(ec2, "unrelated")
    elsewhere = volume(ec2, "elsewhere")
    ec2.attach_volume(VolumeId=elsewhere, InstanceId=other, Device="/dev/sdf")
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.associate_address(PublicIp=ip, InstanceId=iid)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    spare = ec2.allocate_address(Domain="vpc")["PublicIp"]
    r = oscmd("--yes", "instance", "-n", "web1", "terminate", "-p")
    assert r.status == 0, r.err
    assert r.lines == [f"{iid} terminated", f"released {ip}", f"{disk} deleted", f"{attached} deleted"]
    assert state(ec2, iid) == "terminated" and state(ec2, other) == "running"
    left = volume_ids(ec2)
    assert disk not in left and attached not in left
    assert {unrelated, elsewhere} <= left
    assert set(addresses(ec2)) == {spare}


def test_terminate_purge_skips_what_is_already_gone(oscmd: Any, ec2: Any, hooks: Hooks) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=EXTRA_DISK)[0]
    disk = own_disk(ec2, iid)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": "198.51.100.9"}])
    hooks.after("terminate_instances", lambda b, r: b.delete_volume(disk))
    r = oscmd("--yes", "instance", "-n", "web1", "terminate", "-p")
    assert (r.status, r.out) == (0, f"{iid} terminated\n"), r.err
    assert f"{disk} is already gone" in r.err
    assert "198.51.100.9" in r.err
    assert state(ec2, iid) == "terminated"


def test_terminate_purge_spares_an_address_now_used_elsewhere(oscmd: Any, ec2: Any) -> None:
    iid, other, ip = claiming_what_another_holds(ec2)
    r = oscmd("--yes", "instance", "-n", "web1", "terminate", "-p")
    assert (r.status, r.out) == (0, f"{iid} terminated\n"), r.err
    assert f"{ip} of the EIP tag is kept, not released: it is associated with {other}, not with {iid}" in r.err
    assert addresses(ec2)[ip]["InstanceId"] == other


def test_terminate_purge_keeps_an_address_another_instance_claims(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    prod = run_named(ec2, "prod")[0]
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]  # prod's address, unassociated for a moment
    ec2.create_tags(Resources=[prod], Tags=[{"Key": "EIP", "Value": ip}])
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])  # anyone who may tag can write this
    r = oscmd("--yes", "-o", "json", "instance", "-n", "web1", "terminate", "-p")
    assert r.status == 0, r.err
    why = f"it was not associated with {iid} and the EIP tag of {prod} claims it"
    assert json.loads(r.out) == {"instance_id": iid, "state": "terminated",
                                 "address": {"public_ip": ip, "allocation_id": addresses(ec2)[ip]["AllocationId"],
                                             "released": False, "reason": why}}
    assert r.err == f"the address {ip} of the EIP tag is kept, not released: {why}\n"
    assert ip in addresses(ec2) and state(ec2, iid) == "terminated"


def test_terminate_purge_releases_the_address_the_instance_holds_or_nobody_claims(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    other = run_named(ec2, "web2")[0]
    held = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.associate_address(PublicIp=held, InstanceId=iid)
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": held}])
    ec2.create_tags(Resources=[other], Tags=[{"Key": "EIP", "Value": held}])  # a stale claim does not outweigh
    r = oscmd("--yes", "instance", "-n", "web1", "terminate", "-p")
    assert r.lines == [f"{iid} terminated", f"released {held}"], r.err
    free = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.create_tags(Resources=[other], Tags=[{"Key": "EIP", "Value": free}])
    r = oscmd("--yes", "instance", "-n", "web2", "terminate", "-p")
    assert r.lines == [f"{other} terminated", f"released {free}"], r.err
    assert addresses(ec2) == {}


def test_terminate_purge_with_a_bogus_eip_tag_releases_nothing(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    other = run_named(ec2, "web2")[0]
    spare = ec2.allocate_address(Domain="vpc")["PublicIp"]
    used = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.associate_address(PublicIp=used, InstanceId=other)
    for value in ("*", "127.*", "not an address"):
        ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": value}])
        r = oscmd("--yes", "instance", "-i", iid, "terminate", "-p")
        assert (r.status, r.out) == (0, f"{iid} terminated\n"), r.err
        assert value in r.err
        assert set(addresses(ec2)) == {spare, used} and addresses(ec2)[used]["InstanceId"] == other


def test_terminate_purge_failing_part_way_says_what_was_done(oscmd: Any, ec2: Any, proxy: FaultProxy) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=EXTRA_DISK)[0]
    disk = own_disk(ec2, iid)
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    proxy.plan.error("DeleteVolume", "VolumeInUse", f"Volume {disk} is currently attached to i-00000000000000000")
    r = oscmd("--yes", "-e", proxy.url, "instance", "-n", "web1", "terminate", "-p", endpoint=False)
    assert r.status == 3
    assert r.lines == [f"{iid} terminated", f"released {ip}"]
    [line] = r.err.strip().splitlines()
    assert f"{iid} terminated; released {ip}; NOT done: delete {disk}" in line and "VolumeInUse" in line
    assert disk in volume_ids(ec2) and ip not in addresses(ec2)


def test_terminate_wait_timeout_leaves_the_rest(oscmd: Any, ec2: Any, fast: str, hooks: Hooks) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=EXTRA_DISK)[0]
    disk = own_disk(ec2, iid)
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    hooks.after("terminate_instances", lambda b, r: hooks.set_state(iid, "shutting-down", 32))
    r = oscmd("-c", fast, "--timeout", "0.3", "--yes", "instance", "-n", "web1", "terminate", "-p")
    assert r.status == 3
    assert r.out == ""
    assert f"{iid} is terminating; nothing else was done (address {ip}, {disk} kept)" in r.err
    assert "shutting-down" in r.err
    assert disk in volume_ids(ec2) and ip in addresses(ec2)


def test_terminate_purge_interrupted_says_what_was_done(server: Any, ec2: Any, home: Path,
                                                        hooks: Hooks) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=EXTRA_DISK)[0]
    disk = own_disk(ec2, iid)
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    # the disk is slow to come off the instance, and the user gives up waiting
    hooks.after("terminate_instances", lambda b, r: b.attach_volume(disk, iid, "/dev/sdg"))

    def ctrl_c(_seconds: float) -> None:
        raise KeyboardInterrupt

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=base_environ(home), sleep=ctrl_c)
    status = run(["--endpoint", server.url, "--yes", "instance", "-n", "web1", "terminate", "-p"], env)
    assert status == 130
    assert out.getvalue().splitlines() == [f"{iid} terminated", f"released {ip}"]
    assert f"{iid} terminated; released {ip}; interrupted: the rest of the purge was not done" in err.getvalue()
    assert disk in volume_ids(ec2) and ip not in addresses(ec2)


def test_terminate_dry_run_and_not_found(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=EXTRA_DISK)[0]
    disk = own_disk(ec2, iid)
    r = oscmd("--dry-run", "instance", "-n", "web1", "terminate", "-p")
    assert r.status == 0 and "dry run" in r.out
    assert state(ec2, iid) == "running" and disk in volume_ids(ec2)
    r = oscmd("--yes", "instance", "-n", "nosuch", "terminate")
    assert r.status == 1 and "nosuch" in r.err
    assert state(ec2, iid) == "running"


# -- associate --------------------------------------------------------------------------
def test_associate_given_address_records_the_tag(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    r = oscmd("instance", "-n", "web1", "associate", "-i", ip)
    assert (r.status, r.out) == (0, f"associated to '{ip}'\n"), r.err
    assert addresses(ec2)[ip]["InstanceId"] == iid
    assert tags(instance(ec2, iid))["EIP"] == ip


def test_associate_uses_the_eip_tag(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": ip}])
    r = oscmd("-o", "json", "instance", "-n", "web1", "associate")
    assert r.status == 0, r.err
    assert '"public_ip": "' + ip + '"' in r.out
    assert addresses(ec2)[ip]["InstanceId"] == iid


def test_associate_never_takes_an_address_from_another_instance(oscmd: Any, ec2: Any) -> None:
    iid, prod, ip = claiming_what_another_holds(ec2)
    r = oscmd("instance", "-n", "web1", "associate")
    assert r.status == 3
    assert f"{ip} (named by the EIP tag of {iid}) is associated with {prod}: not moved to {iid}" in r.err
    r = oscmd("instance", "-n", "web1", "associate", "-i", ip)
    assert r.status == 3 and f"{ip} is associated with {prod}: not moved" in r.err
    assert addresses(ec2)[ip]["InstanceId"] == prod
    ec2.create_tags(Resources=[iid], Tags=[{"Key": "EIP", "Value": "127.*"}])
    r = oscmd("instance", "-n", "web1", "associate")
    assert r.status == 2 and "'127.*', which is no address" in r.err
    assert addresses(ec2)[ip]["InstanceId"] == prod
    # already associated with this instance: nothing moves, the tag is recorded
    ip2 = ec2.allocate_address(Domain="vpc")["PublicIp"]
    ec2.associate_address(PublicIp=ip2, InstanceId=iid)
    r = oscmd("instance", "-n", "web1", "associate", "-i", ip2)
    assert (r.status, r.out) == (0, f"associated to '{ip2}'\n"), r.err
    assert addresses(ec2)[ip2]["InstanceId"] == iid and tags(instance(ec2, iid))["EIP"] == ip2


def test_associate_without_any_address_is_a_clear_error(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-n", "web1", "associate")
    assert r.status == 2
    assert f"No EIP defined for '{iid}'" in r.err


def test_associate_unknown_address_and_dry_run(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-n", "web1", "associate", "-i", "198.51.100.4")
    assert r.status == 1
    assert "198.51.100.4" in r.err and "Traceback" not in r.err
    ip = ec2.allocate_address(Domain="vpc")["PublicIp"]
    r = oscmd("--dry-run", "instance", "-n", "web1", "associate", "-i", ip)
    assert r.status == 0 and "dry run" in r.out
    assert not addresses(ec2)[ip].get("InstanceId")
    assert "EIP" not in tags(instance(ec2, iid))


# -- attach -----------------------------------------------------------------------------
def test_attach_skips_devices_in_use(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1", BlockDeviceMappings=[
        {"DeviceName": "/dev/xvdf", "Ebs": {"VolumeSize": 1}}])[0]
    vid = volume(ec2, "data1")
    r = oscmd("instance", "-n", "web1", "attach", "-n", "data1")
    assert (r.status, r.out) == (0, "attached as /dev/sdg\n"), r.err
    att = ec2.describe_volumes(VolumeIds=[vid])["Volumes"][0]["Attachments"][0]
    assert (att["InstanceId"], att["Device"]) == (iid, "/dev/sdg")


def test_attach_with_device_without_dev_prefix(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    vid = volume(ec2)
    r = oscmd("instance", "-i", iid, "attach", "-i", vid, "-d", "xvdk")
    assert (r.status, r.out) == (0, "attached as /dev/xvdk\n"), r.err
    assert ec2.describe_volumes(VolumeIds=[vid])["Volumes"][0]["Attachments"][0]["Device"] == "/dev/xvdk"


def test_attach_errors(oscmd: Any, ec2: Any, hooks: Hooks, monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.ec2.exceptions import EC2ClientError

    run_named(ec2, "web1")
    vid = volume(ec2, "data1")
    assert oscmd("instance", "-n", "web1", "attach").status == 2
    r = oscmd("instance", "-n", "web1", "attach", "-n", "nosuch")
    assert r.status == 1 and "nosuch" in r.err
    r = oscmd("--dry-run", "instance", "-n", "web1", "attach", "-n", "data1")
    assert r.status == 0 and "dry run" in r.out
    assert ec2.describe_volumes(VolumeIds=[vid])["Volumes"][0]["Attachments"] == []
    far = volume(ec2, "far", zone="us-east-1b")

    def zone_mismatch(backend: Any, *args: Any, **kwargs: Any) -> Any:  # what EC2 says; moto does not check
        raise EC2ClientError("InvalidVolume.ZoneMismatch", "The volume is not in the same availability zone")

    monkeypatch.setattr(type(hooks.backend), "attach_volume", zone_mismatch)
    r = oscmd("instance", "-n", "web1", "attach", "-i", far)
    assert r.status == 3
    [line] = r.err.strip().splitlines()
    assert "InvalidVolume.ZoneMismatch" in line
    assert ec2.describe_volumes(VolumeIds=[far])["Volumes"][0]["Attachments"] == []
