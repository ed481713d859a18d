"""Seed the local EC2 server with named objects, through boto3."""

from __future__ import annotations

from typing import Any

IMAGE = "ami-0a1b2c3d4e5f60001"


def run_named(ec2: Any, name: str, *, count: int = 1, itype: str = "t3.micro", tags: dict[str, str] | None = None,
              **extra: Any) -> list[str]:
    pairs = [{"Key": k, "Value": v} for k, v in {"Name": name, **(tags or {})}.items()]
    answer = ec2.run_instances(
        ImageId=IMAGE, MinCount=count, MaxCount=count, InstanceType=itype,
        TagSpecifications=[{"ResourceType": "instance", "Tags": pairs}], **extra,
    )
    return [i["InstanceId"] for i in answer["Instances"]]


def volume(ec2: Any, name: str | None = None, size: int = 8, zone: str = "us-east-1a") -> str:
    spec: dict[str, Any] = {"Size": size, "AvailabilityZone": zone}
    if name:
        spec["TagSpecifications"] = [{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": name}]}]
    return str(ec2.create_volume(**spec)["VolumeId"])


def keys(ec2: Any) -> dict[str, dict[str, Any]]:
    """The server's key pairs by name."""
    return {k["KeyName"]: k for k in ec2.describe_key_pairs()["KeyPairs"]}
