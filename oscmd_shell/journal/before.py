"""What the journal reads just before a call, so that ``undo`` can put things back as they were.

Some calls lose what their inverse needs: tag writes (the previous values),
DisassociateAddress (which instance held the address), RevokeSecurityGroupIngress
(the rule's description), ModifyImageAttribute (who had launch permission
already), StartInstances and StopInstances (whether the instance was already in
that state, when no answer comes).  :func:`capture` reads it with one describe
call, through the same client, before the call is sent.  A describe that fails
is never fatal: the record says the previous state is unknown, and ``undo``
refuses to guess.  Resources created earlier in the same change have no
previous tags to read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .effects import name, text
from .params import clean

Capture = Callable[[Any, dict[str, Any], set[str]], dict[str, Any]]


def capture(op: str, client: Any, params: dict[str, Any], created: set[str]) -> dict[str, Any]:
    """The ``before`` of a call (empty for operations whose inverse needs nothing more)."""
    reader = READERS.get(op)
    if reader is None:
        return {}
    try:
        return reader(client, params, created)
    except Exception as exc:  # a denied or failing describe: the inverse will say it cannot know
        return {"unknown": f"could not read the previous state ({exc.__class__.__name__})"}


def _tags(client: Any, params: dict[str, Any], created: set[str]) -> dict[str, Any]:
    resources = [r for r in params.get("Resources") or [] if isinstance(r, str)]
    keys = sorted({t["Key"] for t in params.get("Tags") or [] if isinstance(t, dict) and isinstance(t.get("Key"), str)})
    found: dict[str, dict[str, str | None]] = {r: dict.fromkeys(keys) for r in resources}
    fresh = [r for r in resources if r in created]
    asked = [r for r in resources if r not in created]
    if asked and keys:
        filters = [{"Name": "resource-id", "Values": asked}, {"Name": "key", "Values": keys}]
        for page in client.get_paginator("describe_tags").paginate(Filters=filters):
            for item in page.get("Tags") or []:
                resource, key, value = item.get("ResourceId"), item.get("Key"), item.get("Value")
                if resource in found and key in found[resource] and isinstance(value, str):
                    found[resource][key] = value
    before: dict[str, Any] = {"tags": found}
    hidden = [f"{r} {k}" for r, tags in found.items() for k, v in tags.items() if v is not None and clean(v) != v]
    for item in hidden:  # a value redact() would hide is not written: undo will say it cannot restore it
        resource, key = item.split(" ", 1)
        found[resource][key] = None
    if hidden:
        before["unrecorded"] = hidden
    if fresh:
        before["created_here"] = fresh
    return before


def _address(client: Any, params: dict[str, Any], created: set[str]) -> dict[str, Any]:
    if params.get("AssociationId"):
        answer = client.describe_addresses(Filters=[{"Name": "association-id", "Values": [params["AssociationId"]]}])
    else:
        answer = client.describe_addresses(PublicIps=[params.get("PublicIp")])
    for item in answer.get("Addresses") or []:
        kept = {k: item[k] for k in ("AllocationId", "PublicIp", "InstanceId", "NetworkInterfaceId",
                                     "PrivateIpAddress", "Domain") if text(item.get(k))}
        return {"address": kept}
    return {"address": {}}


def _states(client: Any, params: dict[str, Any], created: set[str]) -> dict[str, Any]:
    states: dict[str, str] = {}
    ids = [i for i in params.get("InstanceIds") or [] if isinstance(i, str)]
    for reservation in client.describe_instances(InstanceIds=ids).get("Reservations") or []:
        for item in reservation.get("Instances") or []:
            state = text((item.get("State") or {}).get("Name"))
            if text(item.get("InstanceId")) and state:
                states[item["InstanceId"]] = state
    return {"states": states}


def rule_key(proto: Any, low: Any, high: Any, source: str) -> str:
    """One source of one inbound rule, as the journal names it: ``tcp:22:22:10.0.0.0/8``."""
    return f"{proto}:{low}:{high}:{source}"


def sources(perm: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(source, description) of every range and group pair of one IpPermissions entry."""
    out: list[tuple[str, str | None]] = []
    for key, field in (("IpRanges", "CidrIp"), ("Ipv6Ranges", "CidrIpv6"), ("UserIdGroupPairs", "GroupId"),
                       ("PrefixListIds", "PrefixListId")):
        for item in perm.get(key) or []:
            if isinstance(item, dict) and text(item.get(field)):
                description = item.get("Description")
                out.append((str(item[field]), description if isinstance(description, str) else None))
    return out


def _rules(client: Any, params: dict[str, Any], created: set[str]) -> dict[str, Any]:
    wanted = {rule_key(p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort"), s)
              for p in params.get("IpPermissions") or [] if isinstance(p, dict) for s, _ in sources(p)}
    present: dict[str, str | None] = {}
    groups = client.describe_security_groups(GroupIds=[params.get("GroupId")]).get("SecurityGroups") or []
    for group in groups:
        for perm in group.get("IpPermissions") or []:
            for source, description in sources(perm):
                key = rule_key(perm.get("IpProtocol"), perm.get("FromPort"), perm.get("ToPort"), source)
                if key in wanted:  # a description redact() would change is not kept (the rule comes back without)
                    kept = name(description) if description else None
                    present[key] = kept if kept is not None and clean(kept) == kept else None
    return {"rules": present}


def _launch_permission(client: Any, params: dict[str, Any], created: set[str]) -> dict[str, Any]:
    if not isinstance(params.get("LaunchPermission"), dict):
        return {}
    answer = client.describe_image_attribute(ImageId=params.get("ImageId"), Attribute="launchPermission")
    users, groups = [], []
    for item in answer.get("LaunchPermissions") or []:
        if text(item.get("UserId")):
            users.append(item["UserId"])
        if text(item.get("Group")):
            groups.append(item["Group"])
    return {"users": users, "groups": groups}


READERS: dict[str, Capture] = {
    "CreateTags": _tags, "DeleteTags": _tags, "DisassociateAddress": _address,
    "StartInstances": _states, "StopInstances": _states, "RevokeSecurityGroupIngress": _rules,
    "ModifyImageAttribute": _launch_permission,
}
