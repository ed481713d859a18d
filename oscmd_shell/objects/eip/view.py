"""The flat attribute view of an elastic IP, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..viewutil import tags_of


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    return {
        "id": raw.get("PublicIp"),
        "name": tags.get("Name", ""),
        "public_ip": raw.get("PublicIp"),
        "allocation_id": raw.get("AllocationId"),
        "association_id": raw.get("AssociationId"),
        "domain": raw.get("Domain"),
        "instance_id": raw.get("InstanceId") or None,
        "private_ip": raw.get("PrivateIpAddress"),
        "network_interface_id": raw.get("NetworkInterfaceId"),
        "tags": tags,
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any]) -> str:
    extra = f" ({v['allocation_id']})" if v["allocation_id"] else ""
    return f"{v['public_ip']} -> {v['instance_id'] or ''}{extra}\n"
