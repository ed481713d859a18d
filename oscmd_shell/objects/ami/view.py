"""The flat attribute view of an image (AMI), and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..attrs import Attr
from ..viewutil import tag_lines, tags_of, when

ATTRIBUTES: tuple[Attr, ...] = (
    Attr("id", "string", "image id (ami-...)"),
    Attr("name", "string", "the image's name (else its Name tag)"),
    Attr("owner_id", "string", "account that owns it", ("ownerId",)),
    Attr("owner_alias", "string", "owner alias (amazon, aws-marketplace...)"),
    Attr("state", "string", "pending, available, failed..."),
    Attr("description", "string", "description"),
    Attr("image_location", "string", "manifest location (owner/name)", ("location",)),
    Attr("image_type", "string", "machine, kernel or ramdisk", ("type",)),
    Attr("architecture", "string", "x86_64, arm64, i386"),
    Attr("platform", "string", "platform details (Linux/UNIX, Windows...)"),
    Attr("hypervisor", "string", "xen or nitro"),
    Attr("virtualization_type", "string", "hvm or paravirtual"),
    Attr("root_device_name", "string", "root device (/dev/xvda...)"),
    Attr("root_device_type", "string", "ebs or instance-store"),
    Attr("kernel_id", "string", "kernel image (paravirtual)"),
    Attr("ramdisk_id", "string", "RAM disk image (paravirtual)"),
    Attr("creation_date", "string", "creation time (ISO 8601)", ("creationDate",)),
    Attr("public", "boolean", "launchable by every account", ("is_public",)),
    Attr("snapshots", "string[]", "ids of the snapshots of its block devices"),
    Attr("tags", "map", "every tag, key to value"),
)


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    return {
        "id": raw.get("ImageId"),
        "name": raw.get("Name") or tags.get("Name", ""),
        "owner_id": raw.get("OwnerId"),
        "owner_alias": raw.get("ImageOwnerAlias"),
        "state": raw.get("State"),
        "description": raw.get("Description"),
        "image_location": raw.get("ImageLocation"),
        "image_type": raw.get("ImageType"),
        "architecture": raw.get("Architecture"),
        "platform": raw.get("PlatformDetails") or raw.get("Platform"),
        "hypervisor": raw.get("Hypervisor"),
        "virtualization_type": raw.get("VirtualizationType"),
        "root_device_name": raw.get("RootDeviceName"),
        "root_device_type": raw.get("RootDeviceType"),
        "kernel_id": raw.get("KernelId"),
        "ramdisk_id": raw.get("RamdiskId"),
        "creation_date": when(raw.get("CreationDate")),
        "public": raw.get("Public"),
        "snapshots": [
            (m.get("Ebs") or {}).get("SnapshotId", "") for m in raw.get("BlockDeviceMappings") or []
            if (m.get("Ebs") or {}).get("SnapshotId")
        ],
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
