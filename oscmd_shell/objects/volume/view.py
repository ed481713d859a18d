"""The flat attribute view of a volume, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..viewutil import tag_lines, tags_of, when


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    attachments = raw.get("Attachments") or []
    att = attachments[0] if attachments else {}
    return {
        "id": raw.get("VolumeId"),
        "name": tags.get("Name", ""),
        "size": raw.get("Size"),
        "type": raw.get("VolumeType"),
        "volume_type": raw.get("VolumeType"),
        "iops": raw.get("Iops"),
        "throughput": raw.get("Throughput"),
        "encrypted": raw.get("Encrypted"),
        "state": raw.get("State"),
        "status": raw.get("State"),
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
