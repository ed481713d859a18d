"""The flat attribute view of an elastic IP, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..attrs import Attr
from ..viewutil import tags_of

ATTRIBUTES: tuple[Attr, ...] = (
    Attr("id", "string", "the address (its identifier)"),
    Attr("name", "string", "value of the Name tag"),
    Attr("public_ip", "string", "the public IPv4 address"),
    Attr("allocation_id", "string", "allocation id (eipalloc-..., VPC addresses)"),
    Attr("association_id", "string", "association id while associated"),
    Attr("domain", "string", "vpc or standard"),
    Attr("instance_id", "string", "instance it is associated with"),
    Attr("private_ip", "string", "private address it maps to", ("private_ip_address",)),
    Attr("network_interface_id", "string", "network interface it is associated with"),
    Attr("network_interface_owner_id", "string", "account owning that interface"),
    Attr("tags", "map", "every tag, key to value"),
)


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
        "network_interface_owner_id": raw.get("NetworkInterfaceOwnerId"),
        "tags": tags,
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any]) -> str:
    extra = f" ({v['allocation_id']})" if v["allocation_id"] else ""
    return f"{v['public_ip']} -> {v['instance_id'] or ''}{extra}\n"
