"""The snapshot verbs: summary (yours only), create (with -w and progress), delete."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...context import Invocation
from ...output.results import Event, Message
from .. import generic
from ..tagging import creator_tags, tag_specs
from ..volume.handlers import size_summary


def summary(inv: Invocation) -> Message:
    snapshots, counts = generic.all_raw(inv)  # the kind asks for OwnerIds=self
    return generic.summary(inv, *size_summary("snapshots", snapshots, "VolumeSize"), counts)


def describe_snapshot(ec2: Any, sid: str) -> dict[str, Any] | None:
    found = ec2.describe_snapshots(SnapshotIds=[sid]).get("Snapshots") or []
    return dict(found[0]) if found else None


def _progress(snap: dict[str, Any] | None) -> str:
    if snap is None:
        return "gone"
    state = str(snap.get("State") or "unknown")
    progress = snap.get("Progress")
    return f"{state} {progress}" if progress and state != "completed" else state


def create(inv: Invocation) -> Iterator[Event]:
    args = inv.args
    ref = str(args["volume"])
    by_id = ref.startswith("vol-")
    volume = inv.find("volume", ident=ref if by_id else None, name=None if by_id else ref, what="volume")
    params: dict[str, Any] = {"VolumeId": volume.id}
    if args.get("description"):
        params["Description"] = args["description"]
    specs = tag_specs("snapshot", creator_tags(inv.ctx.user, Name=args.get("name")))
    if specs:
        params["TagSpecifications"] = specs
    answer = inv.ec2.create_snapshot(**params)
    sid = str(answer["SnapshotId"])
    data = {
        "snapshot_id": sid, "volume_id": volume.id, "size": answer.get("VolumeSize"),
        "state": answer.get("State"), "description": answer.get("Description"), "name": args.get("name"),
    }
    yield Message(f"created snapshot {sid} of {volume.label}\n", data=data, ids=(sid,))
    if not args.get("wait"):
        return

    def failed(snap: dict[str, Any] | None) -> str | None:
        if snap is None:
            return "it was deleted"
        if snap.get("State") == "error":
            return "it is in state error" + (f": {snap['StateMessage']}" if snap.get("StateMessage") else "")
        return None

    final = yield from inv.wait(
        lambda: describe_snapshot(inv.ec2, sid),
        lambda s: s is not None and s.get("State") == "completed",
        what=f"{sid} to be completed", describe=_progress, failed=failed,
    )
    yield Message(f"{sid} completed\n", data={**data, "state": _progress(final)}, ids=(sid,))


def delete(inv: Invocation) -> Message:
    sid = inv.target.id
    inv.ec2.delete_snapshot(SnapshotId=sid)
    return Message(f"{sid} deleted\n", data={"snapshot_id": sid, "deleted": True}, ids=(sid,))
