"""From a recorded change to the plan that reverses it: the inverse of each call, last call first.

:func:`plan` reads a :class:`~.store.Change` (no API call) and returns a
:class:`Plan`: the steps to run (:mod:`.steps`, :mod:`.netsteps`), why the
change cannot be undone if it cannot (a termination, a deletion, a release,
a reboot, a call with no known inverse), and notes on what the journal cannot
know (a create that got no answer).  Calls EC2 refused changed nothing and are
skipped; calls that got no answer are reversed if the world shows they took
effect (each step's check decides).  What a change created and then removed
itself (a key pair deleted again after Ctrl-C) cancels out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .netsteps import Associate, DeleteGroup, DeleteKey, Disassociate, LaunchPermission, Release, RestoreTags, Rules
from .steps import Attach, DeleteSnapshot, DeleteVolume, Deregister, Detach, SetState, Step, Terminate
from .store import Call, Change


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    irreversible: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


Inverse = Callable[[Call, set[str], Plan], None]
NEVER = {
    "TerminateInstances": "a terminated instance cannot be started again",
    "DeleteVolume": "a deleted volume and its data are gone",
    "DeleteSnapshot": "a deleted snapshot is gone",
    "DeregisterImage": "a deregistered image cannot be registered again with its id",
    "DeleteSecurityGroup": "a deleted security group cannot come back with its id",
    "DeleteKeyPair": "a deleted key pair cannot come back (its private key stays with whoever holds it)",
    "ReleaseAddress": "a released address may already belong to someone else",
    "RebootInstances": "a reboot cannot be taken back",
}


def plan(change: Change) -> Plan:
    """The steps that reverse ``change``, or why it cannot be reversed."""
    calls = [c for c in change.calls if c.state != "error"]
    made = {e["id"] for c in calls if c.state == "ok" for e in c.created()}
    gone = {e["id"] for c in calls if c.state == "ok" for e in c.removed()}
    cancelled = made & gone
    out = Plan()
    why = _verb_rule(change, calls)
    if why:
        out.irreversible.append(why)
    for call in reversed(calls):
        if call.op in NEVER:
            targets = _targets(call)
            ids = [str(i) for i in targets if i not in cancelled]
            if ids or not targets:  # what the change made and removed itself cancels out
                out.irreversible.append(f"{' '.join([call.op, *ids])}: {NEVER[call.op]}")
            continue
        inverse = INVERSES.get(call.op)
        if inverse is None:
            out.irreversible.append(f"{call.op}: oscmd knows no inverse of it")
            continue
        inverse(call, cancelled, out)
    return out


def _targets(call: Call) -> list[Any]:
    if call.state == "ok" and call.removed():
        return [e["id"] for e in call.removed()]
    for key in ("InstanceIds", "VolumeId", "SnapshotId", "ImageId", "GroupId", "KeyName", "AllocationId", "PublicIp"):
        value = call.params.get(key)
        if value:
            return list(value) if isinstance(value, list) else [value]
    return []


def _verb_rule(change: Change, calls: list[Call]) -> str | None:
    options = change.intent.get("options") or []
    if (change.text("object"), change.text("verb")) == ("instance", "addvolume") and \
            {"mount", "deviceid"} & set(options) and any(c.op == "AttachVolume" for c in calls):
        return ("instance addvolume -m/-d: the volume was added to an LVM volume on the instance over ssh; "
                "detaching it would break that file system")
    return None


def _no_answer(call: Call, what: str, out: Plan) -> bool:
    """True (and a note) when a create got no answer: what it made, if anything, is unknown."""
    if call.state == "unknown" and not call.created():
        out.notes.append(f"{call.op} was sent but no answer came: {what} it may have made is not known to the "
                         "journal")
        return True
    return False


def _fresh(call: Call, cancelled: set[str]) -> list[dict[str, Any]]:
    return [e for e in call.created() if e["id"] not in cancelled]


def _run(call: Call, cancelled: set[str], out: Plan) -> None:
    if _no_answer(call, "an instance", out):
        return
    for entry in _fresh(call, cancelled):
        volumes = [str(v["id"]) for v in entry.get("volumes") or [] if isinstance(v, dict) and v.get("id")]
        interfaces = [str(n) for n in entry.get("interfaces") or [] if isinstance(n, str)]
        out.steps.append(Terminate(entry["id"], volumes, interfaces))


def _state(wanted: str, was: tuple[str, ...]) -> Inverse:
    def inverse(call: Call, cancelled: set[str], out: Plan) -> None:
        if call.state == "ok":
            previous = {str(e["id"]): str(e.get("from") or "") for e in call.changed()}
        else:
            previous = {str(k): str(v) for k, v in (call.before.get("states") or {}).items()}
            if not previous:
                out.notes.append(f"{call.op} got no answer and the previous states are unknown: not undone")
        out.steps += [SetState(iid, wanted) for iid, state in previous.items() if state in was]
    return inverse


def _simple(make: Callable[[dict[str, Any]], Step], what: str) -> Inverse:
    def inverse(call: Call, cancelled: set[str], out: Plan) -> None:
        if not _no_answer(call, what, out):
            out.steps += [make(e) for e in _fresh(call, cancelled)]
    return inverse


def _attachment(call: Call) -> tuple[str, str, str]:
    entry = (call.changed() or [{}])[0]
    vid = str(entry.get("id") or call.params.get("VolumeId") or "")
    iid = str(entry.get("instance") or call.params.get("InstanceId") or "")
    return vid, iid, str(entry.get("device") or call.params.get("Device") or "")


def _attach(call: Call, cancelled: set[str], out: Plan) -> None:
    vid, iid, device = _attachment(call)
    out.steps.append(Detach(vid, iid, device))


def _detach(call: Call, cancelled: set[str], out: Plan) -> None:
    vid, iid, device = _attachment(call)
    if not (vid and iid and device):
        out.irreversible.append(f"DetachVolume {vid}: where it was attached is not recorded")
        return
    out.steps.append(Attach(vid, iid, device))


def _key(call: Call, cancelled: set[str], out: Plan) -> None:
    if call.state == "unknown" and not call.created():  # a name is unique: if it exists now, that call made it
        name = call.params.get("KeyName")
        if isinstance(name, str) and name not in cancelled:
            out.steps.append(DeleteKey(name, ""))
        return
    out.steps += [DeleteKey(e["id"], str(e.get("key_pair_id") or ""), str(e.get("fingerprint") or ""))
                  for e in _fresh(call, cancelled)]


def _associate(call: Call, cancelled: set[str], out: Plan) -> None:
    ref = call.params.get("AllocationId") or call.params.get("PublicIp")
    holder = call.params.get("InstanceId") or call.params.get("NetworkInterfaceId")
    if isinstance(ref, str) and isinstance(holder, str):
        out.steps.append(Disassociate(ref, holder))


def _disassociate(call: Call, cancelled: set[str], out: Plan) -> None:
    was = call.before.get("address") or {}
    ref = was.get("AllocationId") or was.get("PublicIp")
    if not ref or not (was.get("InstanceId") or was.get("NetworkInterfaceId")):
        out.irreversible.append("DisassociateAddress: which instance held the address was not recorded")
        return
    out.steps.append(Associate(str(ref), str(was.get("InstanceId") or ""), str(was.get("NetworkInterfaceId") or ""),
                               str(was.get("PrivateIpAddress") or "")))


def _authorize(call: Call, cancelled: set[str], out: Plan) -> None:
    gid = call.params.get("GroupId")
    if isinstance(gid, str) and gid not in cancelled:
        out.steps.append(Rules(gid, list(call.params.get("IpPermissions") or []), add=False))


def _revoke(call: Call, cancelled: set[str], out: Plan) -> None:
    gid = call.params.get("GroupId")
    present = call.before.get("rules")
    if not isinstance(present, dict):
        out.irreversible.append(f"RevokeSecurityGroupIngress {gid}: the rules it removed were not read before")
        return
    if isinstance(gid, str) and present:
        out.steps.append(Rules(gid, list(call.params.get("IpPermissions") or []), add=True, before=present))


def _tags(call: Call, cancelled: set[str], out: Plan) -> None:
    before = call.before.get("tags")
    if not isinstance(before, dict):
        out.irreversible.append(f"{call.op}: the previous tag values were not read")
        return
    hidden = call.before.get("unrecorded")
    if hidden:
        out.irreversible.append(f"{call.op}: the previous value of {', '.join(map(str, hidden))} looked like a "
                                "secret and was not recorded")
        return
    skip = set(call.before.get("created_here") or []) | cancelled
    written: dict[str, str | None] = {}
    for item in call.params.get("Tags") or []:
        if isinstance(item, dict) and isinstance(item.get("Key"), str):
            written[item["Key"]] = item.get("Value") if call.op == "CreateTags" else None
    for resource, previous in before.items():
        if resource in skip or not isinstance(previous, dict):
            continue
        wanted = {k: v for k, v in previous.items() if k in written and (v is None or isinstance(v, str))}
        if wanted and wanted != {k: written[k] for k in wanted}:
            out.steps.append(RestoreTags(resource, wanted, {k: written[k] for k in wanted}))


def _launch_permission(call: Call, cancelled: set[str], out: Plan) -> None:
    image = call.params.get("ImageId")
    change = call.params.get("LaunchPermission")
    if not isinstance(change, dict) or not isinstance(image, str):
        out.irreversible.append(f"ModifyImageAttribute {image}: oscmd knows no inverse of this change")
        return
    if "users" not in call.before:
        out.irreversible.append(f"ModifyImageAttribute {image}: who could launch it before was not read")
        return
    had = set(call.before.get("users") or [])
    added = [p["UserId"] for p in change.get("Add") or [] if p.get("UserId") and p["UserId"] not in had]
    removed = [p["UserId"] for p in change.get("Remove") or [] if p.get("UserId") and p["UserId"] in had]
    if (added or removed) and image not in cancelled:
        out.steps.append(LaunchPermission(image, removed, added))


INVERSES: dict[str, Inverse] = {
    "RunInstances": _run,
    "StartInstances": _state("stopped", ("stopped", "stopping")),
    "StopInstances": _state("running", ("running", "pending")),
    "CreateVolume": _simple(lambda e: DeleteVolume(e["id"]), "a volume"),
    "AttachVolume": _attach,
    "DetachVolume": _detach,
    "CreateSnapshot": _simple(lambda e: DeleteSnapshot(e["id"]), "a snapshot"),
    "CreateImage": _simple(lambda e: Deregister(e["id"], with_snapshots=True), "an image"),
    "CopyImage": _simple(lambda e: Deregister(e["id"], with_snapshots=True), "an image"),
    "RegisterImage": _simple(lambda e: Deregister(e["id"], with_snapshots=False), "an image"),
    "ModifyImageAttribute": _launch_permission,
    "CreateSecurityGroup": _simple(lambda e: DeleteGroup(e["id"], str(e.get("name") or "")), "a security group"),
    "AuthorizeSecurityGroupIngress": _authorize,
    "RevokeSecurityGroupIngress": _revoke,
    "CreateKeyPair": _key,
    "ImportKeyPair": _key,
    "AllocateAddress": _simple(lambda e: Release(e["id"], str(e.get("public_ip") or "")), "an address"),
    "AssociateAddress": _associate,
    "DisassociateAddress": _disassociate,
    "CreateTags": _tags,
    "DeleteTags": _tags,
}
