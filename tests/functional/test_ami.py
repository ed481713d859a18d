"""ami verbs (all but run) against the local EC2 server: list, dump, share, unshare, make, delete."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.faults import FaultProxy
from tests.support.runner import one_line
from tests.support.seed import IMAGE, run_named, volume

CATALOGUE = 4  # public images in oscmd_shell/data/amis.json
ALICE, BOB, CAROL = "111122223333", "444455556666", "777788889999"


def own_images(ec2: Any) -> list[dict[str, Any]]:
    return list(ec2.describe_images(Owners=["self"])["Images"])


def own_image(ec2: Any, name: str = "golden") -> str:
    iid = run_named(ec2, f"src-{name}")[0]
    return str(ec2.create_image(InstanceId=iid, Name=name)["ImageId"])


def launch_users(ec2: Any, image_id: str) -> list[str]:
    answer = ec2.describe_image_attribute(ImageId=image_id, Attribute="launchPermission")
    return sorted(p["UserId"] for p in answer["LaunchPermissions"] if "UserId" in p)


def snapshot_exists(ec2: Any, snap: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        return bool(ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"])
    except ClientError:
        return False


def volume_snapshots(ec2: Any) -> list[str]:
    """Snapshots of the test's own volumes (the server also lists one per catalogue image)."""
    volumes = {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
    return [s["SnapshotId"] for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
            if s.get("VolumeId") in volumes]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "oscmd.cfg"
    path.write_text("[oscmd]\npoll_interval = 0.05\n")
    return path


def with_config(config: Path, text: str) -> Path:
    config.write_text(config.read_text() + text)
    return config


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """What CreateImage and RegisterImage received on the server (moto keeps only part of it)."""
    from moto.ec2.responses.amis import AmisResponse

    seen: dict[str, list[dict[str, Any]]] = {"CreateImage": [], "RegisterImage": []}
    for action, attr in (("CreateImage", "create_image"), ("RegisterImage", "register_image")):
        original = getattr(AmisResponse, attr)

        def recording(self: Any, _original: Any = original, _action: str = action) -> Any:
            params = {k: v[0] for k, v in self.querystring.items()}
            snap = params.get("BlockDeviceMapping.1.Ebs.SnapshotId")
            if snap:
                params["snapshot_state_then"] = self.ec2_backend.snapshots[snap].status
            seen[_action].append(params)
            return _original(self)

        monkeypatch.setattr(AmisResponse, attr, recording)
    yield seen


# -- list / dump --------------------------------------------------------------------------------
def test_list_shows_only_own_images_by_default(oscmd: Any, ec2: Any) -> None:
    mine = own_image(ec2)
    r = oscmd("ami", "list")
    assert r.status == 0, r.err
    assert r.out == f"123456789012 {mine} golden\n"
    r = oscmd("ami", "list", "-O")
    ids = [line.split()[1] for line in r.lines]
    assert len(ids) == CATALOGUE + 1 and mine in ids and IMAGE in ids


def test_list_owner_option_and_config_default(oscmd: Any, ec2: Any, config: Path) -> None:
    own_image(ec2)
    r = oscmd("ami", "list", "-o", "099720109477", "-p", "%(id)s")
    assert r.lines == ["ami-0a1b2c3d4e5f60003"]
    r = oscmd("ami", "list", "-o", "amazon", "-p", "%(id)s")
    assert len(r.lines) == CATALOGUE
    cfg = with_config(config, "[ami]\nowner = 136693071363\n")
    r = oscmd("-c", str(cfg), "ami", "list", "-p", "%(id)s")
    assert r.lines == ["ami-0a1b2c3d4e5f60002"]
    r = oscmd("-c", str(cfg), "ami", "list", "-O", "-p", "%(id)s")
    assert len(r.lines) == CATALOGUE + 1
    r = oscmd("ami", "list", "-o", "self", "-O")
    assert r.status == 2


def test_ids_are_shown_whoever_owns_them_names_only_among_trusted_owners(oscmd: Any, ec2: Any,
                                                                         config: Path) -> None:
    own_image(ec2)
    debian = "debian-12-amd64-20261101"
    r = oscmd("ami", "-i", IMAGE, "list", "-p", "%(id)s %(owner_id)s")
    assert r.lines == [f"{IMAGE} 137112412989"]
    r = oscmd("ami", "list", "-p", "%(id)s", IMAGE, "ami-0a1b2c3d4e5f60003")
    assert sorted(r.lines) == [IMAGE, "ami-0a1b2c3d4e5f60003"]
    # a public image of another account is never selected by its name alone
    r = oscmd("ami", "-n", debian, "list", "-p", "%(id)s")
    assert (r.status, r.out) == (1, "")
    one_line(r.err)
    assert "136693071363" in r.err and f"oscmd ami -o 136693071363 -n {debian}" in r.err
    # choosing its owner: before the verb, after it (list/dump), or in the configuration
    for argv in (("ami", "-o", "136693071363", "-n", debian, "list"),
                 ("ami", "-n", debian, "list", "-o", "136693071363"),
                 ("-c", str(with_config(config, "[ami]\nowner = 136693071363\n")), "ami", "-n", debian, "list")):
        r = oscmd(*argv, "-p", "%(id)s")
        assert (r.status, r.lines) == (0, ["ami-0a1b2c3d4e5f60002"]), (argv, r.err)
    r = oscmd("ami", "-n", debian, "list", "-O", "-p", "%(id)s %(owner_id)s")  # -O: every image of that name
    assert r.lines == ["ami-0a1b2c3d4e5f60002 136693071363"]
    r = oscmd("ami", "-n", debian, "list", "-o", "self")
    assert r.status == 1
    r = oscmd("ami", "-o", "136693071363", "-n", debian, "list", "-o", "self")
    assert r.status == 2 and "-o" in r.err


def test_dump_uses_the_same_owner_rules(oscmd: Any, ec2: Any) -> None:
    mine = own_image(ec2)
    r = oscmd("ami", "dump")
    assert r.status == 0, r.err
    assert r.out.count("==== ami-") == 1 and f"==== {mine} ====\n    name: golden\n" in r.out
    assert "    block_device_mapping = \n        /dev/sda1:\n" in r.out
    r = oscmd("ami", "dump", "-O")
    assert r.out.count("==== ami-") == CATALOGUE + 1


def test_list_unknown_image_is_not_found(oscmd: Any) -> None:
    r = oscmd("ami", "-i", "ami-00000000000000000", "list")
    assert r.status == 1
    one_line(r.err)
    assert r.err.startswith("oscmd: DescribeImages: InvalidAMIID.NotFound: "), r.err


# -- share / unshare ----------------------------------------------------------------------------
def test_share_and_unshare_edit_launch_permissions(oscmd: Any, ec2: Any) -> None:
    image = own_image(ec2)
    r = oscmd("ami", "-i", image, "share", "-u", ALICE, "-u", f"{BOB},{ALICE}")
    assert (r.status, r.out) == (0, f"{image} shared with {ALICE}, {BOB}\n")
    assert launch_users(ec2, image) == [ALICE, BOB]
    r = oscmd("ami", "-n", "golden", "unshare", "-u", ALICE)
    assert (r.status, r.out) == (0, f"{image} no longer shared with {ALICE}\n")
    assert launch_users(ec2, image) == [BOB]


def test_share_users_from_config_replaced_by_the_command_line(oscmd: Any, ec2: Any, config: Path) -> None:
    image = own_image(ec2)
    cfg = with_config(config, f"[ami]\nshare_users = {ALICE}, {BOB}\n")
    r = oscmd("-c", str(cfg), "ami", "-i", image, "share", "-u", CAROL)
    assert r.status == 0, r.err
    assert launch_users(ec2, image) == [CAROL]
    r = oscmd("-c", str(cfg), "ami", "-i", image, "share")
    assert r.status == 0, r.err
    assert launch_users(ec2, image) == [ALICE, BOB, CAROL]


def test_share_without_accounts_or_with_a_bad_one_is_a_usage_error(oscmd: Any, ec2: Any) -> None:
    image = own_image(ec2)
    r = oscmd("ami", "-i", image, "share")
    assert r.status == 2
    one_line(r.err)
    assert "share_users" in r.err
    r = oscmd("ami", "-i", image, "share", "-u", "alice")
    assert r.status == 2 and "12 digits" in r.err
    assert launch_users(ec2, image) == []


def test_share_dry_run_and_not_found(oscmd: Any, ec2: Any) -> None:
    image = own_image(ec2)
    r = oscmd("--dry-run", "ami", "-i", image, "share", "-u", ALICE)
    assert r.status == 0 and "dry run" in r.out
    assert launch_users(ec2, image) == []
    r = oscmd("ami", "-i", "ami-00000000000000000", "share", "-u", ALICE)
    assert r.status == 1
    one_line(r.err)


# -- make ---------------------------------------------------------------------------------------
def test_make_from_an_instance_by_name(oscmd: Any, ec2: Any, requests: dict[str, Any]) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("ami", "make", "-i", "web1", "-n", "web-image", "-d", "web tier", "--no-reboot", "-w")
    assert r.status == 0, r.err
    [image] = own_images(ec2)
    assert r.lines == [f"{image['ImageId']} created from {iid} (web1)", f"{image['ImageId']} available"]
    assert (image["Name"], image["SourceInstanceId"]) == ("web-image", iid)
    tags = {t["Key"]: t["Value"] for t in image["Tags"]}
    assert tags["Name"] == "web-image" and tags["creator"]
    [sent] = requests["CreateImage"]
    assert (sent["InstanceId"], sent["NoReboot"], sent["Description"]) == (iid, "true", "web tier")


def test_make_from_a_volume_waits_for_the_snapshot_then_registers(
    oscmd: Any, ec2: Any, config: Path, requests: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from moto.ec2.models.elastic_block_store import EBSBackend

    original = EBSBackend.create_snapshot

    # moto completes a snapshot at once; EC2 takes a while: keep it pending for 0.4 s.
    def slow(self: Any, *args: Any, **kwargs: Any) -> Any:
        snapshot = original(self, *args, **kwargs)
        snapshot.status = "pending"
        threading.Timer(0.4, lambda: setattr(snapshot, "status", "completed")).start()
        return snapshot

    monkeypatch.setattr(EBSBackend, "create_snapshot", slow)
    vol = volume(ec2, "root-disk")
    r = oscmd("-c", str(config), "--output", "json", "ami", "make", "-v", "root-disk", "-n", "base", "-a", "arm64")
    assert r.status == 0, r.err
    data = json.loads(r.out)
    snap = data["snapshot_id"]
    assert data["source"] == vol and data["name"] == "base"
    [sent] = requests["RegisterImage"]
    assert sent["snapshot_state_then"] == "completed"
    assert sent["BlockDeviceMapping.1.DeviceName"] == "/dev/sda1"
    assert sent["BlockDeviceMapping.1.Ebs.SnapshotId"] == snap
    assert (sent["RootDeviceName"], sent["Architecture"], sent["Name"]) == ("/dev/sda1", "arm64", "base")
    [image] = own_images(ec2)
    assert image["ImageId"] == data["image_id"] and image["Name"] == "base"
    assert {t["Key"]: t["Value"] for t in image["Tags"]}["Name"] == "base"
    [made] = ec2.describe_snapshots(SnapshotIds=[snap])["Snapshots"]
    assert made["VolumeId"] == vol


def test_make_from_a_volume_timeout_names_the_snapshot(
    oscmd: Any, ec2: Any, config: Path, requests: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from moto.ec2.models.elastic_block_store import EBSBackend

    original = EBSBackend.create_snapshot

    # moto completes a snapshot at once; this one never completes, as a stuck EC2 snapshot.
    def stuck(self: Any, *args: Any, **kwargs: Any) -> Any:
        snapshot = original(self, *args, **kwargs)
        snapshot.status = "pending"
        return snapshot

    monkeypatch.setattr(EBSBackend, "create_snapshot", stuck)
    vol = volume(ec2, "root-disk")
    r = oscmd("-c", str(config), "--timeout", "0.3", "ami", "make", "-v", vol, "-n", "base")
    assert r.status == 3
    one_line(r.err)
    [snap] = volume_snapshots(ec2)
    assert "timed out" in r.err and f"snapshot {snap} of {vol} exists, no image was registered" in r.err
    assert requests["RegisterImage"] == [] and own_images(ec2) == []


def test_make_register_failure_reports_the_snapshot_left(
    oscmd: Any, ec2: Any, config: Path, proxy: FaultProxy,
) -> None:
    proxy.plan.error("RegisterImage", "InvalidParameterValue", "Value (root device) for parameter is invalid.")
    vol = volume(ec2, "root-disk")
    r = oscmd("-c", str(config), "-e", proxy.url, "ami", "make", "-v", vol, "-n", "base", endpoint=False)
    assert r.status == 3
    one_line(r.err)
    [snap] = volume_snapshots(ec2)
    assert "InvalidParameterValue" in r.err and f"snapshot {snap} of {vol} was created" not in r.err
    assert f"snapshot {snap} of {vol} exists" in r.err and f"oscmd snapshot -i {snap} delete" in r.err
    assert snapshot_exists(ec2, snap)


def test_make_shares_with_accounts(oscmd: Any, ec2: Any, config: Path) -> None:
    run_named(ec2, "web1")
    r = oscmd("ami", "make", "-i", "web1", "-n", "shared-image", "-A", ALICE, "-A", BOB)
    assert r.status == 0, r.err
    [image] = own_images(ec2)
    assert launch_users(ec2, image["ImageId"]) == [ALICE, BOB]
    assert r.lines[-1] == f"{image['ImageId']} shared with {ALICE}, {BOB}"
    cfg = with_config(config, f"[ami]\nshare_users = {CAROL}\n")
    r = oscmd("-c", str(cfg), "ami", "make", "-i", "web1", "-n", "second", "-s")
    assert r.status == 0, r.err
    second = next(i for i in own_images(ec2) if i["Name"] == "second")
    assert launch_users(ec2, second["ImageId"]) == [CAROL]


@pytest.mark.parametrize(("args", "message"), [
    (("-n", "x-image"), "exactly one source"),
    (("-i", "web1", "-v", "disk", "-n", "x-image"), "exactly one source"),
    (("-i", "web1", "-n", "x"), "invalid"),
    (("-i", "web1", "-n", "x-image", "-s"), "-A ACCOUNT"),
    (("-i", "web1", "-n", "x-image", "-A", "bob"), "12 digits"),
    (("-v", "disk", "-n", "x-image", "--no-reboot"), "-i (an instance) only"),
    (("-i", "web1", "-n", "x-image", "-a", "arm64"), "-v only"),
    (("-i", "web1"), "--name is required"),
])
def test_make_usage_errors_create_nothing(oscmd: Any, ec2: Any, args: tuple[str, ...], message: str) -> None:
    run_named(ec2, "web1")
    volume(ec2, "disk")
    r = oscmd("ami", "make", *args)
    assert r.status == 2, r.err
    one_line(r.err)
    assert message in r.err
    assert own_images(ec2) == [] and volume_snapshots(ec2) == []


def test_make_dry_run_creates_nothing(oscmd: Any, ec2: Any) -> None:
    run_named(ec2, "web1")
    volume(ec2, "disk")
    for source in (("-i", "web1"), ("-v", "disk")):
        r = oscmd("--dry-run", "ami", "make", *source, "-n", "x-image")
        assert r.status == 0 and "dry run" in r.out, r.err
    assert own_images(ec2) == [] and volume_snapshots(ec2) == []


def test_make_unknown_source_is_not_found(oscmd: Any, ec2: Any) -> None:
    r = oscmd("ami", "make", "-i", "nosuch", "-n", "x-image")
    assert (r.status, r.err) == (1, "oscmd: the instance 'nosuch' does not exist\n")
    r = oscmd("ami", "make", "-v", "vol-00000000000000000", "-n", "x-image")
    assert r.status == 1
    one_line(r.err)
    assert r.err.startswith("oscmd: DescribeVolumes: InvalidVolume.NotFound: "), r.err


# -- delete -------------------------------------------------------------------------------------
def image_snapshots(ec2: Any, image_id: str) -> list[str]:
    [raw] = ec2.describe_images(ImageIds=[image_id])["Images"]
    return [m["Ebs"]["SnapshotId"] for m in raw["BlockDeviceMappings"] if "Ebs" in m]


def test_delete_refused_without_yes(oscmd: Any, ec2: Any) -> None:
    image = own_image(ec2)
    r = oscmd("ami", "-i", image, "delete", "-d")
    assert r.status == 4
    one_line(r.err)
    assert [i["ImageId"] for i in own_images(ec2)] == [image]
    r = oscmd("--dry-run", "ami", "-i", image, "delete", "-d")
    assert r.status == 0 and [i["ImageId"] for i in own_images(ec2)] == [image]


def test_delete_keeps_snapshots_without_d(oscmd: Any, ec2: Any) -> None:
    image = own_image(ec2)
    [snap] = image_snapshots(ec2, image)
    r = oscmd("-y", "ami", "-i", image, "delete")
    assert r.status == 0, r.err
    assert r.lines == [f"{image} deregistered", f"its snapshots are kept: {snap} (-d deletes them)"]
    assert own_images(ec2) == [] and snapshot_exists(ec2, snap)


def test_delete_d_deletes_the_snapshots_recorded_before(oscmd: Any, ec2: Any) -> None:
    image = own_image(ec2)
    [snap] = image_snapshots(ec2, image)
    r = oscmd("ami", "-n", "golden", "delete", "-d", answer="y")
    assert r.status == 0, r.err
    assert r.lines == [f"{image} deregistered", f"snapshot {snap} deleted"]
    assert own_images(ec2) == [] and not snapshot_exists(ec2, snap)


def test_delete_d_reports_a_snapshot_that_cannot_go(oscmd: Any, ec2: Any, proxy: FaultProxy) -> None:
    image = own_image(ec2)
    [snap] = image_snapshots(ec2, image)
    proxy.plan.error("DeleteSnapshot", "InvalidSnapshot.InUse",
                     f"The snapshot {snap} is currently in use by ami-0123456789abcdef0")
    r = oscmd("-y", "-e", proxy.url, "ami", "-i", image, "delete", "-d", endpoint=False)
    assert r.status == 3
    one_line(r.err)
    assert f"{image} deregistered" in r.err and f"snapshot {snap} not deleted" in r.err
    assert "InvalidSnapshot.InUse" in r.err
    assert own_images(ec2) == [] and snapshot_exists(ec2, snap)


def test_delete_unknown_image_is_not_found(oscmd: Any) -> None:
    r = oscmd("-y", "ami", "-i", "ami-00000000000000000", "delete")
    assert r.status == 1
    one_line(r.err)
    assert r.err.startswith("oscmd: DescribeImages: InvalidAMIID.NotFound: "), r.err
