"""The flat attribute view of a volume, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..attrs import Attr
from ..viewutil import tag_lines, tags_of, when

ATTRIBUTES: tuple[Attr, ...] = (
    Attr("id", "string", "volume id (vol-...)"),
    Attr("name", "string", "value of the Name tag"),
    Attr("size", "integer", "size in GiB"),
    Attr("type", "string", "volume type (gp3, io2...)", ("volume_type",)),
    Attr("iops", "integer", "provisioned IOPS"),
    Attr("throughput", "integer", "throughput in MiB/s (gp3)"),
    Attr("encrypted", "boolean", "encrypted"),
    Attr("state", "string", "creating, available, in-use, deleting...", ("status",)),
    Attr("zone", "string", "availability zone"),
    Attr("snapshot_id", "string", "snapshot it was created from"),
    Attr("create_time", "string", "creation time (ISO 8601)"),
    Attr("instance_id", "string", "instance it is attached to"),
    Attr("device", "string", "device name on that instance"),
    Attr("attach_state", "string", "attaching, attached, detaching..."),
    Attr("delete_on_termination", "boolean", "deleted when that instance terminates"),
    Attr("tags", "map", "every tag, key to value"),
)


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    attachments = raw.get("Attachments") or []
    att = attachments[0] if attachments else {}
    return {
        "id": raw.get("VolumeId"),
        "name": tags.get("Name", ""),
        "size": raw.get("Size"),
        "type": raw.get("VolumeType"),
        "iops": raw.get("Iops"),
        "throughput": raw.get("Throughput"),
        "encrypted": raw.get("Encrypted"),
        "state": raw.get("State"),
        "zone": raw.get("AvailabilityZone"),
        "snapshot_id": raw.get("SnapshotId") or None,
        "create_time": when(raw.get("CreateTime")),
        "instance_id": att.get("InstanceId"),
        "device": att.get("Device"),
        "attach_state": att.get("State"),
        "delete_on_termination": att.get("DeleteOnTermination"),
        "tags": tags,
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any]) -> str:
    lines = [
        f"==== {v['id']} ====",
        f"    size: {v['size']}",
        f"    type: {v['type']}",
        f"    status: {v['state']}",
        f"    zone: {v['zone']}",
        f"    snapshot_id: {v['snapshot_id'] or ''}",
    ]
    if v["state"] == "in-use":
        lines.append(f"    instance: {v['instance_id']}")
        lines.append(f"    device: {v['device']}")
    return "\n".join(lines) + "\n" + tag_lines(v["tags"])
