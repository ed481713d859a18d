"""``ami make``: build an image from an instance (CreateImage) or a volume (snapshot + RegisterImage).

From a volume it snapshots the volume, waits for the snapshot to complete
(progress on a terminal, ``--timeout``, Ctrl-C), then registers an image whose
root device ``/dev/sda1`` is that snapshot.  ``-w`` waits for the image to be
available and ``-s``/``-A`` share it.  Everything is checked before the first
mutating call; a failure after it says what exists (the snapshot, the image)
so nothing is left behind silently.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import Any

from ...aws.lookup import Resolved
from ...context import Invocation
from ...errors import ApiError, Interrupted, OscmdError, UsageError
from ...output.results import Event, Message, Progress
from ..tagging import creator_tags, tag, tag_specs
from .handlers import accounts

ROOT_DEVICE = "/dev/sda1"
WHERE = "ami make"
_NAME = re.compile(r"^[A-Za-z0-9()\[\] ./'@_-]{3,128}$")


def _error_text(exc: Exception) -> str:
    from ...aws.errors import translate

    if isinstance(exc, OscmdError):
        return exc.message
    translated = translate(exc)
    return translated.message if translated is not None else f"{exc.__class__.__name__}: {exc}"


def _find(inv: Invocation, kind: str, ref: str, prefix: str) -> Resolved:
    """An id (``prefix``-...) or a Name."""
    if ref.startswith(prefix):
        return inv.find(kind, ident=ref)
    return inv.find(kind, name=ref)


def _check(inv: Invocation) -> tuple[str, list[str]]:
    """Validate the options before any call; return (image name, accounts to share with)."""
    args = inv.args
    if bool(args.get("instance")) == bool(args.get("volume")):
        raise UsageError(f"{WHERE}: give exactly one source: -i INSTANCE or -v VOLUME")
    name = str(args["name"])
    if not _NAME.match(name):
        raise UsageError(f"{WHERE}: image name '{name}' is invalid: 3 to 128 letters, digits, spaces "
                         "and ( ) [ ] . / - ' @ _")
    if args.get("volume") and args.get("no_reboot"):
        raise UsageError(f"{WHERE}: --no-reboot applies to -i (an instance) only")
    if args.get("instance") and "architecture" in inv.given:
        raise UsageError(f"{WHERE}: -a applies to -v only (an instance image keeps the instance's architecture)")
    share = bool(args.get("share")) or "shared_account" in inv.given
    source = "-A" if "shared_account" in inv.given else "[ami] share_users"
    users = accounts(args.get("shared_account"), WHERE, source) if share else []
    if share and not users:
        raise UsageError(f"{WHERE}: -s needs accounts: give -A ACCOUNT (repeatable) or set [ami] share_users")
    return name, users


def make(inv: Invocation) -> Iterator[Event]:
    name, users = _check(inv)
    tags = creator_tags(inv.ctx.user, Name=name)
    data: dict[str, Any] = {"name": name}
    if inv.args.get("instance"):
        image_id, lines = _from_instance(inv, name, tags, data)
        done = f"image {image_id} was created"
    else:
        image_id, lines = yield from _from_volume(inv, name, tags, data)
        done = f"image {image_id} was registered from snapshot {data['snapshot_id']}"
    data["image_id"] = image_id
    if inv.args.get("wait"):
        try:
            final = yield from inv.wait(
                lambda: _image(inv, image_id), lambda raw: raw.get("State") == "available",
                what=f"image {image_id} to become available", describe=lambda raw: str(raw.get("State")),
                failed=lambda raw: f"the image is {raw.get('State')}"
                if raw.get("State") in ("failed", "error", "invalid", "deregistered", "missing") else None,
            )
        except (ApiError, Interrupted) as exc:
            raise type(exc)(f"{exc.message} ({done})") from None
        data["state"] = final.get("State")
        lines.append(f"{image_id} available")
    if users:
        yield Progress(f"sharing {image_id} with {', '.join(users)}")
        try:
            inv.ec2.modify_image_attribute(ImageId=image_id,
                                           LaunchPermission={"Add": [{"UserId": u} for u in users]})
        except Exception as exc:
            raise ApiError(f"{done}, but sharing it with {', '.join(users)} failed: {_error_text(exc)}") from None
        lines.append(f"{image_id} shared with {', '.join(users)}")
    data["shared_with"] = users
    yield Message(lines, data=data, ids=(image_id,))


def _image(inv: Invocation, image_id: str) -> dict[str, Any]:
    images = inv.ec2.describe_images(ImageIds=[image_id]).get("Images") or []
    return dict(images[0]) if images else {"ImageId": image_id, "State": "missing"}


def _from_instance(inv: Invocation, name: str, tags: dict[str, str | None],
                   data: dict[str, Any]) -> tuple[str, list[str]]:
    instance = _find(inv, "instance", str(inv.args["instance"]), "i-")
    params: dict[str, Any] = {"InstanceId": instance.id, "Name": name}
    if inv.args.get("description"):
        params["Description"] = inv.args["description"]
    if inv.args.get("no_reboot"):
        params["NoReboot"] = True
    specs = tag_specs("image", tags)
    if specs:
        params["TagSpecifications"] = specs
    image_id = str(inv.ec2.create_image(**params)["ImageId"])
    data.update(source=instance.id, snapshot_id=None)
    return image_id, [f"{image_id} created from {instance.label}"]


def _from_volume(inv: Invocation, name: str, tags: dict[str, str | None],
                 data: dict[str, Any]) -> Generator[Event, None, tuple[str, list[str]]]:
    volume = _find(inv, "volume", str(inv.args["volume"]), "vol-")
    params: dict[str, Any] = {"VolumeId": volume.id, "Description": f"oscmd snapshot of {volume.id} for image {name}"}
    specs = tag_specs("snapshot", tags)
    if specs:
        params["TagSpecifications"] = specs
    snap_id = str(inv.ec2.create_snapshot(**params)["SnapshotId"])
    data.update(source=volume.id, snapshot_id=snap_id)
    kept = f"snapshot {snap_id} of {volume.id} exists, no image was registered"
    yield Progress(f"snapshot {snap_id} of {volume.label} started")
    try:
        yield from inv.wait(
            lambda: _snapshot(inv, snap_id), lambda raw: raw.get("State") == "completed",
            what=f"snapshot {snap_id} to complete",
            describe=lambda raw: f"{raw.get('State')} {raw.get('Progress') or ''}".strip(),
            failed=lambda raw: {"error": "the snapshot failed", "missing": "the snapshot disappeared"}.get(
                str(raw.get("State"))),
        )
    except (ApiError, Interrupted) as exc:
        raise type(exc)(f"{exc.message}; {kept}") from None
    bdm = [{"DeviceName": ROOT_DEVICE, "Ebs": {"SnapshotId": snap_id, "DeleteOnTermination": True}}]
    register: dict[str, Any] = {"Name": name, "Architecture": inv.args.get("architecture") or "x86_64",
                                "RootDeviceName": ROOT_DEVICE, "BlockDeviceMappings": bdm,
                                "VirtualizationType": "hvm"}
    if inv.args.get("description"):
        register["Description"] = inv.args["description"]
    try:
        image_id = str(inv.ec2.register_image(**register)["ImageId"])
    except Exception as exc:
        raise ApiError(f"registering the image failed: {_error_text(exc)}; {kept} "
                       f"(delete it with: oscmd snapshot -i {snap_id} delete -y)") from None
    try:
        tag(inv.ec2, [image_id], tags)
    except Exception as exc:
        raise ApiError(f"image {image_id} was registered from snapshot {snap_id}, but tagging it failed: "
                       f"{_error_text(exc)}") from None
    return image_id, [f"snapshot {snap_id} of {volume.label} completed", f"{image_id} registered from {snap_id}"]


def _snapshot(inv: Invocation, snap_id: str) -> dict[str, Any]:
    snaps = inv.ec2.describe_snapshots(SnapshotIds=[snap_id]).get("Snapshots") or []
    return dict(snaps[0]) if snaps else {"SnapshotId": snap_id, "State": "missing"}
