"""What a launch left on the local EC2 server, read back with boto3: instances by name, volumes, tags, user data."""

from __future__ import annotations

import base64
import email
import gzip
from email.message import Message
from typing import Any


def instances(ec2: Any, name: str | None = None) -> list[dict[str, Any]]:
    filters = [{"Name": "tag:Name", "Values": [name]}] if name else []
    return [i for r in ec2.describe_instances(Filters=filters)["Reservations"] for i in r["Instances"]]


def only(ec2: Any, name: str) -> dict[str, Any]:
    """The one instance named ``name`` (the test fails when there are none or several)."""
    found = instances(ec2, name)
    assert len(found) == 1, found
    return found[0]


def tags(resource: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in resource.get("Tags") or []}


def user_data(ec2: Any, instance_id: str) -> bytes:
    """The user data the instance was launched with, as its metadata service would serve it."""
    value = ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="userData")["UserData"].get("Value")
    return base64.b64decode(value) if value else b""


def user_data_parts(ec2: Any, instance_id: str) -> list[Message]:
    raw = user_data(ec2, instance_id)
    if raw.startswith(b"\x1f\x8b"):
        raw = gzip.decompress(raw)
    document = email.message_from_bytes(raw)
    assert document.get_content_type() == "multipart/mixed"
    return [p for p in document.get_payload() if isinstance(p, Message)]


def volumes_of(ec2: Any, instance: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The instance's volumes by device name."""
    ids = [m["Ebs"]["VolumeId"] for m in instance.get("BlockDeviceMappings") or []]
    found = ec2.describe_volumes(VolumeIds=ids)["Volumes"] if ids else []
    return {v["Attachments"][0]["Device"]: v for v in found}


def existing(ec2: Any) -> tuple[set[str], set[str]]:
    """The ids of every instance and every volume."""
    return {i["InstanceId"] for i in instances(ec2)}, {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}


def nothing_launched(ec2: Any, before: tuple[set[str], set[str]] = (set(), set())) -> None:
    """No instance, volume or address beyond those of ``before`` (from :func:`existing`)."""
    assert existing(ec2) == before
    assert ec2.describe_addresses()["Addresses"] == []
