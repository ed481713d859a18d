"""The flat attribute view of an image (AMI), and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..viewutil import tag_lines, tags_of, when


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    owner = raw.get("OwnerId")
    return {
        "id": raw.get("ImageId"),
        "name": raw.get("Name") or tags.get("Name", ""),
        "ownerId": owner,
        "owner_id": owner,
        "owner_alias": raw.get("ImageOwnerAlias"),
        "state": raw.get("State"),
        "description": raw.get("Description"),
        "architecture": raw.get("Architecture"),
        "platform": raw.get("PlatformDetails") or raw.get("Platform"),
        "root_device_name": raw.get("RootDeviceName"),
        "root_device_type": raw.get("RootDeviceType"),
        "virtualization_type": raw.get("VirtualizationType"),
        "creation_date": when(raw.get("CreationDate")),
        "public": raw.get("Public"),
        "snapshots": ",".join(
            (m.get("Ebs") or {}).get("SnapshotId", "") for m in raw.get("BlockDeviceMappings") or []
            if (m.get("Ebs") or {}).get("SnapshotId")
        ),
        "tags": tags,
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any]) -> str:
    lines = [
        f"==== {v['id']} ====",
        f"    name: {v['name']}",
        f"    description: {v['description'] or ''}",
        f"    owner: {v['owner_id']}",
        f"    state: {v['state']}",
        f"    architecture: {v['architecture']}",
        f"    root_device_name: {v['root_device_name']}",
        f"    creation_date: {v['creation_date'] or ''}",
    ]
    mappings = raw.get("BlockDeviceMappings") or []
    if mappings:
        lines.append("    block_device_mapping = ")
        for m in mappings:
            ebs = m.get("Ebs") or {}
            lines.append(f"        {m.get('DeviceName')}:")
            if ebs:
                lines.append(f"            size: {ebs.get('VolumeSize', '')}")
                lines.append(f"            snapshot_id: {ebs.get('SnapshotId', '')}")
            elif m.get("VirtualName"):
                lines.append(f"            ephemeral: {m['VirtualName']}")
    return "\n".join(lines) + "\n" + tag_lines(v["tags"])
