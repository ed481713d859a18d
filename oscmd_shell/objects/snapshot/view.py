"""The flat attribute view of a snapshot, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..attrs import Attr
from ..viewutil import tag_lines, tags_of, when

ATTRIBUTES: tuple[Attr, ...] = (
    Attr("id", "string", "snapshot id (snap-...)"),
    Attr("name", "string", "value of the Name tag"),
    Attr("description", "string", "description"),
    Attr("size", "integer", "size of the volume it was taken from, GiB", ("volume_size",)),
    Attr("volume_id", "string", "volume it was taken from"),
    Attr("state", "string", "pending, completed, error...", ("status",)),
    Attr("progress", "string", "progress, as a percentage (80%)"),
    Attr("owner_id", "string", "account that owns it"),
    Attr("owner_alias", "string", "owner alias"),
    Attr("encrypted", "boolean", "encrypted"),
    Attr("start_time", "string", "when it was started (ISO 8601)"),
    Attr("tags", "map", "every tag, key to value"),
)


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    return {
        "id": raw.get("SnapshotId"),
        "name": tags.get("Name", ""),
        "description": raw.get("Description"),
        "size": raw.get("VolumeSize"),
        "volume_id": raw.get("VolumeId"),
        "state": raw.get("State"),
        "progress": raw.get("Progress"),
        "owner_id": raw.get("OwnerId"),
        "owner_alias": raw.get("OwnerAlias"),
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
