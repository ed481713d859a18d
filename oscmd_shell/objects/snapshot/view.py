"""The flat attribute view of a snapshot, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..viewutil import tag_lines, tags_of, when


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    return {
        "id": raw.get("SnapshotId"),
        "name": tags.get("Name", ""),
        "description": raw.get("Description"),
        "size": raw.get("VolumeSize"),
        "volume_size": raw.get("VolumeSize"),
        "volume_id": raw.get("VolumeId"),
        "state": raw.get("State"),
        "status": raw.get("State"),
        "progress": raw.get("Progress"),
        "owner_id": raw.get("OwnerId"),
        "encrypted": raw.get("Encrypted"),
        "start_time": when(raw.get("StartTime")),
        "tags": tags,
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any]) -> str:
    lines = [
        f"==== {v['id']} ====",
        f"    description: {v['description'] or ''}",
        f"    size: {v['size']}",
        f"    volume_id: {v['volume_id']}",
        f"    status: {v['state']}",
    ]
    if v["state"] != "completed" and v["progress"]:
        lines.append(f"    progress: {v['progress']}")
    return "\n".join(lines) + "\n" + tag_lines(v["tags"])
