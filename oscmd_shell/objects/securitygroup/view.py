"""The flat attribute view of a security group, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..attrs import Attr
from ..viewutil import tags_of

ATTRIBUTES: tuple[Attr, ...] = (
    Attr("id", "string", "group id (sg-...)"),
    Attr("name", "string", "group name (else its Name tag)"),
    Attr("group_name", "string", "group name"),
    Attr("description", "string", "description"),
    Attr("owner_id", "string", "account that owns it"),
    Attr("vpc_id", "string", "VPC"),
    Attr("rules", "string[]", "inbound rules as PROTOCOL/PORTS:SOURCES"),
    Attr("tags", "map", "every tag, key to value"),
)
#: what ``dump`` adds to a group's row
DUMP_ATTRIBUTES: tuple[Attr, ...] = (
    Attr("used_by", "string[]", "ids of the live instances using the group"),
)


def port_range(perm: dict[str, Any]) -> str:
    proto = str(perm.get("IpProtocol"))
    low, high = perm.get("FromPort"), perm.get("ToPort")
    if proto == "-1" or low is None or (low in (-1, 0) and high in (-1, 65535)):
        return "ALL"
    if proto in ("icmp", "1", "icmpv6", "58") and high == -1:
        return f"{low}:any"
    return str(low) if low == high else f"{low}-{high}"


def protocol_name(perm: dict[str, Any]) -> str:
    proto = str(perm.get("IpProtocol"))
    return "all" if proto == "-1" else proto


def grants(perm: dict[str, Any]) -> list[str]:
    out = [r["CidrIp"] for r in perm.get("IpRanges") or []]
    out += [r["CidrIpv6"] for r in perm.get("Ipv6Ranges") or []]
    for pair in perm.get("UserIdGroupPairs") or []:
        who = pair.get("GroupName") or pair.get("GroupId", "")
        out.append(f"{who}-{pair['UserId']}" if pair.get("UserId") else who)
    out += [p.get("PrefixListId", "") for p in perm.get("PrefixListIds") or []]
    return out


def rules_text(raw: dict[str, Any]) -> list[str]:
    return [f"{protocol_name(p)}/{port_range(p)}:{' '.join(grants(p))}" for p in raw.get("IpPermissions") or []]


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    return {
        "id": raw.get("GroupId"),
        "name": raw.get("GroupName") or tags.get("Name", ""),
        "group_name": raw.get("GroupName"),
        "description": raw.get("Description"),
        "owner_id": raw.get("OwnerId"),
        "vpc_id": raw.get("VpcId"),
        "rules": rules_text(raw),
        "tags": tags,
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any], used_by: list[str] | None = None) -> str:
    lines = [
        f"==== {v['id']} ====",
        f"    name: {v['group_name']}",
        f"    owner_id: {v['owner_id']}",
        f"    description: {v['description']}",
    ]
    if v["vpc_id"]:
        lines.append(f"    vpc: {v['vpc_id']}")
    if used_by is not None:
        lines.append(f"    used by: [ {', '.join(used_by)} ]")
    lines.append("    rules:")
    for perm in raw.get("IpPermissions") or []:
        lines.append(f"        {protocol_name(perm):>4s}/{port_range(perm)}")
        lines += [f"            {g}" for g in grants(perm)]
    return "\n".join(lines) + "\n"
