"""The volume verbs: summary, create, attach, detach, delete.

``create`` names and tags the new volume (Name, creator) in one call and picks
a zone (``-z``, the root ``-z``, else the region's first available zone);
``attach`` shares the device choice of ``instance attach``; ``-w`` waits for
the state each verb leads to.  Every confirmation keeps the original text
(``vol-1 deleted``, ``vol-1 detached``, ``attached as /dev/sdf``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any

from ...context import Invocation
from ...errors import ApiError, UsageError
from ...output.results import Event, Message, Progress
from .. import devices, generic
from ..tagging import creator_tags, tag_specs


def summary(inv: Invocation) -> Message:
    volumes, counts = generic.all_raw(inv)
    return generic.summary(inv, *size_summary("volumes", volumes, "Size"), counts)


def size_summary(what: str, items: list[dict[str, Any]], size_key: str) -> tuple[list[str], dict[str, Any]]:
    """``N, S GiB`` overall and per state: the text and the data of a summary."""
    states: dict[str, dict[str, int]] = {}
    for item in items:
        entry = states.setdefault(str(item.get("State") or "unknown"), {"count": 0, "size_gib": 0})
        entry["count"] += 1
        entry["size_gib"] += int(item.get(size_key) or 0)
    total = sum(e["size_gib"] for e in states.values())
    lines = [f"{what}: {len(items)}, {total} GiB"]
    lines += [f"  {state}: {e['count']}, {e['size_gib']} GiB" for state, e in sorted(states.items())]
    data = {"count": len(items), "size_gib": total, "states": dict(sorted(states.items()))}
    return lines, data


# -- create -----------------------------------------------------------------------------
def create(inv: Invocation) -> Iterator[Event]:
    args = inv.args
    size, snapshot = args.get("size"), args.get("snapshot")
    if not size and not snapshot:
        raise UsageError("volume create: give the size with -s GIB (or create from --snapshot SNAPID)")
    if size is not None and int(size) <= 0:
        raise UsageError(f"volume create: the size must be a positive number of GiB, not {size}")
    params: dict[str, Any] = {"AvailabilityZone": args.get("zone") or inv.ctx.settings.zone or first_zone(inv)}
    if size:
        params["Size"] = int(size)
    if snapshot:
        ref = str(snapshot)
        found = inv.find("snapshot", ident=ref if ref.startswith("snap-") else None,
                         name=None if ref.startswith("snap-") else ref)
        params["SnapshotId"] = found.id
    for dest, key in (("volume_type", "VolumeType"), ("iops", "Iops"), ("throughput", "Throughput")):
        if args.get(dest):
            params[key] = args[dest]
    if args.get("encrypted"):
        params["Encrypted"] = True
    specs = tag_specs("volume", creator_tags(inv.ctx.user, Name=args.get("name")))
    if specs:
        params["TagSpecifications"] = specs
    answer = inv.ec2.create_volume(**params)
    vid = str(answer["VolumeId"])
    data = {
        "volume_id": vid, "size": answer.get("Size"), "type": answer.get("VolumeType"),
        "zone": answer.get("AvailabilityZone"), "state": answer.get("State"),
        "snapshot_id": answer.get("SnapshotId") or None, "name": args.get("name"),
    }
    detail = " ".join(str(p) for p in (f"{data['size']} GiB", data["type"]) if p)
    if data["zone"]:
        detail += f" in {data['zone']}"
    yield Message(f"created volume {vid} ({detail})\n", data=data, ids=(vid,))
    if args.get("wait"):
        final = yield from wait_volume(inv, vid, lambda v: v is not None and v.get("State") == "available",
                                       "available")
        yield Message(f"{vid} available\n", data={"volume_id": vid, "state": _state(final)}, ids=(vid,))


def first_zone(inv: Invocation) -> str:
    """The first available zone of the region (by name)."""
    answer = inv.ec2.describe_availability_zones(Filters=[{"Name": "state", "Values": ["available"]}])
    names = sorted(str(z["ZoneName"]) for z in answer.get("AvailabilityZones", []) if z.get("ZoneName"))
    if not names:
        raise ApiError(f"region {inv.ctx.clients.region} has no available zone; give one with -z")
    return names[0]


# -- waiting ----------------------------------------------------------------------------
def describe_volume(ec2: Any, vid: str) -> dict[str, Any] | None:
    from ...aws.errors import error_code

    try:
        found = ec2.describe_volumes(VolumeIds=[vid]).get("Volumes") or []
    except Exception as exc:
        if error_code(exc).endswith("NotFound"):
            return None
        raise
    return dict(found[0]) if found else None


def _state(volume: dict[str, Any] | None) -> str:
    if volume is None:
        return "deleted"
    atts = volume.get("Attachments") or []
    state = str(volume.get("State") or "unknown")
    if atts and atts[0].get("State"):
        return f"{state} ({atts[0]['State']} to {atts[0].get('InstanceId')})"
    return state


def wait_volume(
    inv: Invocation, vid: str, done: Callable[[dict[str, Any] | None], bool], wanted: str
) -> Generator[Progress, None, dict[str, Any] | None]:
    """Wait (with progress and --timeout) for a state of the volume; fails on ``error`` or deletion."""

    def failed(v: dict[str, Any] | None) -> str | None:
        if v is None:
            return "it was deleted"
        return "it is in state error" if v.get("State") == "error" else None

    volume = yield from inv.wait(lambda: describe_volume(inv.ec2, vid), done, what=f"{vid} to be {wanted}",
                                 describe=_state, failed=failed)
    return volume


# -- attach / detach / delete -----------------------------------------------------------
def attach(inv: Invocation) -> Iterator[Event]:
    vid = inv.target.id
    instance = inv.find("instance", ident=inv.args.get("instance_id"), name=inv.args.get("instance_name"),
                        what="instance")
    info = devices.attach(inv.ec2, instance.raw, vid, inv.args.get("device"))
    yield Message(f"attached as {info['device']}\n", data=info, ids=(vid,))
    if inv.args.get("wait"):
        iid = instance.id

        def attached(v: dict[str, Any] | None) -> bool:
            return v is not None and any(
                a.get("InstanceId") == iid and a.get("State") == "attached" for a in v.get("Attachments") or []
            )

        final = yield from wait_volume(inv, vid, attached, f"attached to {iid}")
        yield Message(f"{vid} attached to {iid}\n", data={**info, "state": _state(final)}, ids=(vid,))


def detach(inv: Invocation) -> Iterator[Event]:
    target = inv.target
    vid = target.id
    attachments = [a for a in target.raw.get("Attachments") or [] if a.get("InstanceId")]
    if not attachments:
        raise ApiError(f"{vid} is not attached to any instance (it is {target.raw.get('State')})",
                       code="IncorrectState")
    att = attachments[0]
    params: dict[str, Any] = {"VolumeId": vid, "InstanceId": att["InstanceId"]}
    if att.get("Device"):
        params["Device"] = att["Device"]
    if inv.args.get("forced"):
        params["Force"] = True
    inv.ec2.detach_volume(**params)
    data = {"volume_id": vid, "instance_id": att["InstanceId"], "device": att.get("Device"),
            "forced": bool(inv.args.get("forced"))}
    yield Message(f"{vid} detached\n", data=data, ids=(vid,))
    if inv.args.get("wait"):
        final = yield from wait_volume(inv, vid, lambda v: v is not None and v.get("State") == "available",
                                       "available")
        yield Message(f"{vid} available\n", data={"volume_id": vid, "state": _state(final)}, ids=(vid,))


def delete(inv: Invocation) -> Message:
    vid = inv.target.id
    inv.ec2.delete_volume(VolumeId=vid)
    return Message(f"{vid} deleted\n", data={"volume_id": vid, "deleted": True}, ids=(vid,))

