"""What an answer says a call created, removed or changed: ids for the journal, read defensively.

:func:`effects` reads the parsed answer of one mutating call (and its recorded
parameters) and returns the ``created``, ``removed`` and ``changed`` lists of a
result record, each entry a small dict with a ``type`` and an ``id``.  Only ids
and a few public facts are taken (an address's IP, a volume's size, a state
name); the rest of the answer, which may hold key material, is never looked
at.  Everything the endpoint returns is untrusted: a value that is not a short
printable string is dropped.  :func:`account_of` finds the account id an
answer shows, where it shows one.  Stdlib only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Entry = dict[str, Any]
_PRINTABLE = re.compile(r"^[\x21-\x7e]{1,255}$")
_ACCOUNT = re.compile(r"^\d{12}$")
_ARN_ACCOUNT = re.compile(r"^arn:[^:]+:ec2:[^:]*:(\d{12}):")


def text(value: Any) -> str | None:
    """``value`` if it is a short printable string without spaces (an id, a state, an IP), else None."""
    return value if isinstance(value, str) and _PRINTABLE.match(value) else None


def name(value: Any) -> str | None:
    """A name (a key pair's, a group's): printable, spaces allowed, at most 255 characters."""
    if not isinstance(value, str) or not 0 < len(value) <= 255 or not value.isprintable():
        return None
    return value


def _entry(kind: str, ident: Any, **facts: Any) -> Entry | None:
    found = text(ident)
    if found is None:
        return None
    entry: Entry = {"type": kind, "id": found}
    for key, value in facts.items():
        if isinstance(value, bool | int) or (isinstance(value, str) and name(value)):
            entry[key] = value
    return entry


def _kept(entries: Iterable[Entry | None]) -> list[Entry]:
    return [e for e in entries if e is not None]


def _instances(answer: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [i for i in answer.get(key) or [] if isinstance(i, dict)]


def _state_changes(answer: dict[str, Any], key: str) -> list[Entry]:
    out: list[Entry] = []
    for item in _instances(answer, key):
        entry = _entry("instance", item.get("InstanceId"),
                       **{"from": text((item.get("PreviousState") or {}).get("Name")) or "",
                          "to": text((item.get("CurrentState") or {}).get("Name")) or ""})
        if entry is not None:
            out.append(entry)
    return out


def _launched(answer: dict[str, Any]) -> list[Entry]:
    out: list[Entry] = []
    for item in _instances(answer, "Instances"):
        entry = _entry("instance", item.get("InstanceId"))
        if entry is None:
            continue
        volumes = []
        for mapping in item.get("BlockDeviceMappings") or []:
            ebs = mapping.get("Ebs") if isinstance(mapping, dict) else None
            if isinstance(ebs, dict) and text(ebs.get("VolumeId")):
                volumes.append({"id": ebs["VolumeId"], "device": text(mapping.get("DeviceName")) or "",
                                "delete_on_termination": ebs.get("DeleteOnTermination") is True})
        if volumes:
            entry["volumes"] = volumes
        interfaces = [n["NetworkInterfaceId"] for n in item.get("NetworkInterfaces") or []
                      if isinstance(n, dict) and text(n.get("NetworkInterfaceId"))]
        if interfaces:
            entry["interfaces"] = interfaces  # they go with the instance
        out.append(entry)
    return out


def _ids(kind: str, values: Any) -> list[Entry]:
    return _kept(_entry(kind, v) for v in values) if isinstance(values, list) else []


def effects(op: str, params: dict[str, Any], answer: dict[str, Any]) -> dict[str, list[Entry]]:
    """``created``/``removed``/``changed`` of one successful call (empty lists are left out)."""
    created: list[Entry] = []
    removed: list[Entry] = []
    changed: list[Entry] = []
    if op == "RunInstances":
        created = _launched(answer)
    elif op == "CreateVolume":
        created = _kept([_entry("volume", answer.get("VolumeId"), size=answer.get("Size"),
                                zone=answer.get("AvailabilityZone"))])
    elif op == "CreateSnapshot":
        created = _kept([_entry("snapshot", answer.get("SnapshotId"), volume=answer.get("VolumeId"))])
    elif op in ("CreateImage", "RegisterImage", "CopyImage"):
        created = _kept([_entry("image", answer.get("ImageId"))])
    elif op == "CreateSecurityGroup":
        created = _kept([_entry("group", answer.get("GroupId"), name=params.get("GroupName"))])
    elif op in ("CreateKeyPair", "ImportKeyPair"):
        key = name(answer.get("KeyName")) or name(params.get("KeyName"))
        entry = {"type": "keypair", "id": key} if key else None
        if entry is not None and text(answer.get("KeyPairId")):
            entry["key_pair_id"] = answer["KeyPairId"]
        if entry is not None and text(answer.get("KeyFingerprint")):  # where a cloud gives no id, undo checks it
            entry["fingerprint"] = answer["KeyFingerprint"]
        created = _kept([entry])
    elif op == "AllocateAddress":
        created = _kept([_entry("address", answer.get("AllocationId") or answer.get("PublicIp"),
                                public_ip=text(answer.get("PublicIp")) or "")])
    elif op == "AssociateAddress":
        created = _kept([_entry("association", answer.get("AssociationId"))])
    elif op == "AuthorizeSecurityGroupIngress":
        rules = [r for r in answer.get("SecurityGroupRules") or [] if isinstance(r, dict)]
        created = _kept(_entry("rule", r.get("SecurityGroupRuleId")) for r in rules)
    elif op == "TerminateInstances":
        removed = _ids("instance", params.get("InstanceIds"))
    elif op in ("StartInstances", "StopInstances"):
        changed = _state_changes(answer, "StartingInstances" if op == "StartInstances" else "StoppingInstances")
    elif op in ("AttachVolume", "DetachVolume"):
        changed = _kept([_entry("volume", answer.get("VolumeId") or params.get("VolumeId"),
                                instance=text(answer.get("InstanceId")) or text(params.get("InstanceId")) or "",
                                device=text(answer.get("Device")) or text(params.get("Device")) or "")])
    removed += _removed(op, params)
    found = {"created": created, "removed": removed, "changed": changed}
    return {k: v for k, v in found.items() if v}


_REMOVES = {"DeleteVolume": ("volume", "VolumeId"), "DeleteSnapshot": ("snapshot", "SnapshotId"),
            "DeregisterImage": ("image", "ImageId"), "DeleteSecurityGroup": ("group", "GroupId"),
            "ReleaseAddress": ("address", "AllocationId"), "DisassociateAddress": ("association", "AssociationId")}


def _removed(op: str, params: dict[str, Any]) -> list[Entry]:
    if op == "DeleteKeyPair":
        key = name(params.get("KeyName"))
        return [{"type": "keypair", "id": key}] if key else []
    if op not in _REMOVES:
        return []
    kind, key = _REMOVES[op]
    value = params.get(key) or (params.get("PublicIp") if kind in ("address", "association") else None)
    return _kept([_entry(kind, value)])


def account_of(op: str, answer: dict[str, Any]) -> str | None:
    """The account id the answer shows (RunInstances, CreateSnapshot, CreateSecurityGroup), if any."""
    owner = answer.get("OwnerId")
    if op in ("RunInstances", "CreateSnapshot") and isinstance(owner, str) and _ACCOUNT.match(owner):
        return owner
    arn = answer.get("SecurityGroupArn")
    match = _ARN_ACCOUNT.match(arn) if isinstance(arn, str) else None
    return match.group(1) if match else None
