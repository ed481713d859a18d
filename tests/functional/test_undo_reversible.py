"""Every reversible verb, then ``undo -y``: the local EC2 server is back as it was (asked with boto3).

Each case seeds the server, records its state (:func:`tests.support.world.world`),
runs the verb through oscmd, checks that the state did change, runs
``oscmd -y undo`` (the latest change of this connection), and compares the
state with the one before the verb.  Terminated instances are not part of the
state: terminating is how a launch is undone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.keys import ed25519_pair
from tests.support.runner import Oscmd
from tests.support.seed import IMAGE, run_named, volume
from tests.support.world import world

Seed = Callable[[Any, Path], dict[str, str]]
ACCOUNT = "111122223333"


def _instance_and_volume(ec2: Any, home: Path) -> dict[str, str]:
    return {"iid": run_named(ec2, "web1")[0], "vid": volume(ec2, "data")}


def _attached(ec2: Any, home: Path) -> dict[str, str]:
    ids = _instance_and_volume(ec2, home)
    ec2.attach_volume(VolumeId=ids["vid"], InstanceId=ids["iid"], Device="/dev/sdg")
    return ids


def _stopped(ec2: Any, home: Path) -> dict[str, str]:
    iid = run_named(ec2, "web1")[0]
    ec2.stop_instances(InstanceIds=[iid])
    return {"iid": iid}


def _address(ec2: Any, home: Path) -> dict[str, str]:
    answer = ec2.allocate_address(Domain="vpc")
    return {"iid": run_named(ec2, "web1")[0], "ip": answer["PublicIp"], "alloc": answer["AllocationId"]}


def _associated(ec2: Any, home: Path) -> dict[str, str]:
    ids = _address(ec2, home)
    ec2.associate_address(AllocationId=ids["alloc"], InstanceId=ids["iid"])
    ec2.create_tags(Resources=[ids["iid"]], Tags=[{"Key": "EIP", "Value": ids["ip"]}])
    return ids


def _group(ec2: Any, home: Path) -> dict[str, str]:
    gid = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
         "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "ssh from the office"}]}])
    return {"gid": gid}


def _image(ec2: Any, home: Path) -> dict[str, str]:
    iid = run_named(ec2, "web1")[0]
    return {"iid": iid, "image": ec2.create_image(InstanceId=iid, Name="base")["ImageId"]}


def _shared(ec2: Any, home: Path) -> dict[str, str]:
    ids = _image(ec2, home)
    ec2.modify_image_attribute(ImageId=ids["image"], LaunchPermission={"Add": [{"UserId": ACCOUNT}]})
    return ids


def _public_key(ec2: Any, home: Path) -> dict[str, str]:
    (home / "id.pub").write_bytes(ed25519_pair()[1] + b" me@laptop\n")
    return {"pub": str(home / "id.pub"), "iid": run_named(ec2, "web1")[0]}


def _nothing(ec2: Any, home: Path) -> dict[str, str]:
    return {"iid": run_named(ec2, "web1")[0], "vid": volume(ec2, "data")}


CASES: list[tuple[str, Seed, tuple[str, ...]]] = [
    ("volume create", _nothing, ("volume", "create", "-s", "3", "-n", "scratch")),
    ("volume attach", _instance_and_volume, ("volume", "-n", "data", "attach", "-n", "web1")),
    ("volume detach", _attached, ("volume", "-n", "data", "detach")),
    ("instance attach", _instance_and_volume, ("instance", "-n", "web1", "attach", "-n", "data", "-d", "sdh")),
    ("instance addvolume", _nothing, ("instance", "-n", "web1", "addvolume", "-n", "extra", "-s", "4")),
    ("snapshot create", _nothing, ("snapshot", "create", "-v", "data", "-n", "before-upgrade")),
    ("securitygroup create", _nothing, ("securitygroup", "create", "-n", "db")),
    ("securitygroup add_rule", _group,
     ("securitygroup", "-n", "web", "add_rule", "-p", "tcp", "-p", "udp", "-P", "443", "-m", "192.0.2.0/24",
      "-d", "front")),
    ("securitygroup remove_rule", _group,
     ("-y", "securitygroup", "-n", "web", "remove_rule", "-p", "tcp", "-P", "22", "-m", "10.0.0.0/8")),
    ("keypair create", _nothing, ("keypair", "create", "-n", "deploy")),
    ("keypair import", _public_key, ("keypair", "import", "-n", "laptop", "-f", "{pub}")),
    ("eip allocate", _nothing, ("eip", "allocate", "-n", "front")),
    ("eip associate", _address, ("eip", "-i", "{ip}", "associate", "-n", "web1")),
    ("eip disassociate", _associated, ("eip", "-i", "{ip}", "disassociate")),
    ("instance associate", _address, ("instance", "-n", "web1", "associate", "-i", "{ip}")),
    ("instance stop", _nothing, ("instance", "-n", "web1", "stop")),
    ("instance stop -f", _nothing, ("-y", "instance", "-n", "web1", "stop", "-f")),
    ("instance start", _stopped, ("instance", "-n", "web1", "start")),
    ("ami share", _image, ("ami", "-i", "{image}", "share", "-u", ACCOUNT)),
    ("ami unshare", _shared, ("ami", "-i", "{image}", "unshare", "-u", ACCOUNT)),
    ("ami make -i", _nothing, ("ami", "make", "-i", "web1", "-n", "web-image", "-w")),
    ("ami make -v", _nothing, ("ami", "make", "-v", "data", "-n", "data-image", "-s", "-A", ACCOUNT)),
    ("ami run", _nothing, ("ami", "-i", IMAGE, "run", "-n", "new1", "-e", "-s", "2",
                           "-s", "1,delete_on_termination=true", "-N", "-w")),
]


@pytest.fixture
def cfg(home: Path) -> str:
    path = home / "oscmd.cfg"
    path.write_text("[oscmd]\npoll_interval = 0.05\n")
    return str(path)


@pytest.mark.parametrize(("name", "seed", "argv"), CASES, ids=[c[0] for c in CASES])
def test_verb_then_undo_leaves_the_world_as_it_was(oscmd: Oscmd, ec2: Any, home: Path, cfg: str, name: str,
                                                   seed: Seed, argv: tuple[str, ...]) -> None:
    ids = seed(ec2, home)
    before = world(ec2)
    r = oscmd("-c", cfg, *(a.format(**ids) for a in argv))
    assert r.status == 0, r.err
    assert world(ec2) != before, f"{name} changed nothing the test can see"
    r = oscmd("-c", cfg, "-y", "undo")
    assert r.status == 0, r.err
    assert r.out.splitlines()[-1].endswith(" undone")
    assert world(ec2) == before


def test_undo_of_an_undo_redoes_where_an_inverse_exists(oscmd: Oscmd, ec2: Any, home: Path, cfg: str) -> None:
    ids = _attached(ec2, home)
    attached = world(ec2)
    assert oscmd("-c", cfg, "volume", "-n", "data", "detach").status == 0
    detached = world(ec2)
    assert oscmd("-c", cfg, "-y", "undo").status == 0  # attach again
    assert world(ec2) == attached
    r = oscmd("-c", cfg, "-y", "undo")  # the undo undone: detached again
    assert r.status == 0, r.err
    assert world(ec2) == detached
    listed = oscmd("journal").lines
    assert [line.split()[0] for line in listed] == ["1", "2", "3"]
    assert "undone by 2" in listed[0] and "undid 1" in listed[1] and "undid 2" in listed[2]
    assert ids["vid"] in listed[0] or "detach" in listed[0]
