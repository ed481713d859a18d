"""The ``ami run -s`` volume grammar and the block-device mappings built from it."""

from __future__ import annotations

import pytest

from oscmd_shell.errors import UsageError
from oscmd_shell.launch.volumes import block_devices, parse_bool, parse_volume_spec, short_device


@pytest.mark.parametrize(
    ("spec", "gib"),
    [
        ("100", 100), ("100G", 100), ("100g", 100), ("1T", 1024), ("2t", 2048), ("1024M", 1), ("3072m", 3),
        ("1048576K", 1), ("1048576k", 1), ("8GiB", 8), (" 5 ", 5), (50, 50), (50.0, 50),
    ],
)
def test_sizes_are_binary_and_default_to_gib(spec: str | int | float, gib: int) -> None:
    assert parse_volume_spec(spec).size == gib


@pytest.mark.parametrize("spec", ["500M", "1023M", "0", "0G", "1048575K"])
def test_under_one_gib_is_an_error(spec: str) -> None:
    with pytest.raises(UsageError, match="under 1 GiB"):
        parse_volume_spec(spec)


@pytest.mark.parametrize("spec", ["1536M", "1025m", 1.5])
def test_fractions_of_a_gib_are_refused(spec: str | float) -> None:
    with pytest.raises(UsageError, match="whole number of GiB"):
        parse_volume_spec(spec)


@pytest.mark.parametrize("spec", ["", "abc", "10X", "G", "-5", "1.5", True])
def test_malformed_sizes(spec: str | bool) -> None:
    with pytest.raises(UsageError):
        parse_volume_spec(spec)


def test_iops_implies_io1_and_ebs_optimisation() -> None:
    spec = parse_volume_spec("200G,iops=2000")
    assert spec.volume_type == "io1"
    assert spec.iops == 2000
    devices = block_devices(["200G,iops=2000"], [])
    assert devices.ebs_optimized is True
    assert devices.mappings[0]["Ebs"] == {
        "DeleteOnTermination": False, "VolumeSize": 200, "VolumeType": "io1", "Iops": 2000}


@pytest.mark.parametrize("spec", ["100,iops=3000,type=gp3", "100,type=gp3,iops=3000", "100,volume_type=gp3,iops=3000"])
def test_an_explicit_type_wins_over_the_io1_default_in_any_order(spec: str) -> None:
    parsed = parse_volume_spec(spec)
    assert (parsed.volume_type, parsed.iops) == ("gp3", 3000)


def test_no_iops_no_ebs_optimisation() -> None:
    assert block_devices(["10,type=gp3,throughput=250"], []).ebs_optimized is False
    assert "EbsOptimized" not in block_devices(["10"], []).mappings[0]["Ebs"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("true", True), ("false", False), ("yes", True), ("no", False), ("1", True), ("0", False),
     ("TRUE", True), ("Off", False), ("on", True)],
)
def test_booleans(text: str, value: bool) -> None:
    assert parse_volume_spec(f"10,delete_on_termination={text}").delete_on_termination is value
    assert parse_volume_spec(f"10,encrypted={text}").encrypted is value
    assert parse_bool(text, "x") is value


def test_bare_booleans_are_true_and_defaults_keep_the_volume() -> None:
    spec = parse_volume_spec("50,volume_type=gp2,delete_on_termination,encrypted")
    assert spec.ebs() == {"DeleteOnTermination": True, "VolumeSize": 50, "VolumeType": "gp2", "Encrypted": True}
    plain = parse_volume_spec("50")
    assert plain.ebs() == {"DeleteOnTermination": False, "VolumeSize": 50}


def test_false_is_really_false() -> None:
    # The 2017 tool kept "false" as a non-empty string, which meant true.
    assert parse_volume_spec("10,delete_on_termination=false").ebs()["DeleteOnTermination"] is False


@pytest.mark.parametrize("bad", ["10,delete_on_termination=maybe", "10,encrypted=2"])
def test_bad_booleans(bad: str) -> None:
    with pytest.raises(UsageError, match="expected true or false"):
        parse_volume_spec(bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [("10,size=3", "unknown option 'size'"), ("10,iops=fast", "positive whole number"), ("10,iops", "positive"),
     ("10,iops=0", "positive"), ("10,type=", "needs a value"), ("10,throughput=-1", "positive")],
)
def test_bad_options(bad: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_volume_spec(bad)


def test_other_options_reach_the_mapping() -> None:
    ebs = parse_volume_spec("20,type=gp3,throughput=300,iops=4000,kms_key_id=alias/x,encrypted").ebs()
    assert ebs == {"DeleteOnTermination": False, "VolumeSize": 20, "VolumeType": "gp3", "Iops": 4000,
                   "Throughput": 300, "Encrypted": True, "KmsKeyId": "alias/x"}


def test_devices_sized_volumes_first_then_snapshots() -> None:
    devices = block_devices(["10", "1T"], ["snap-1", "snap-2"])
    assert [m["DeviceName"] for m in devices.mappings] == ["/dev/sdf", "/dev/sdg", "/dev/sdh", "/dev/sdi"]
    assert devices.sized == ["/dev/sdf", "/dev/sdg"]
    assert devices.mappings[1]["Ebs"]["VolumeSize"] == 1024
    assert devices.mappings[2]["Ebs"] == {"DeleteOnTermination": False, "SnapshotId": "snap-1"}
    assert devices.mappings[3]["Ebs"]["SnapshotId"] == "snap-2"


def test_snapshots_alone() -> None:
    devices = block_devices([], ["snap-1"])
    assert devices.mappings == [{"DeviceName": "/dev/sdf", "Ebs": {"DeleteOnTermination": False,
                                                                  "SnapshotId": "snap-1"}}]
    assert devices.sized == []


def test_too_many_volumes() -> None:
    assert len(block_devices(["1"] * 21, []).mappings) == 21  # /dev/sdf .. /dev/sdz
    with pytest.raises(UsageError, match="too many extra volumes"):
        block_devices(["1"] * 22, [])


def test_short_device() -> None:
    assert short_device("/dev/sdf") == "sdf"
    assert short_device("/dev/xvda") == "xvda"
    assert short_device("sdb") == "sdb"
