"""Device names for volume attachments: normalising ``-d`` and picking the next free one.

``instance attach``, ``volume attach`` and ``instance addvolume`` all attach a
volume either at the device the user named (``sdg`` becomes ``/dev/sdg``) or
at the first letter from ``/dev/sdf`` upward that the instance does not use
yet.  Used letters come from the instance's block-device mappings, its root
device and the volumes the API reports as attached or attaching to it, with
``/dev/sdX``, ``/dev/xvdX`` and ``/dev/hdX`` counted as the same letter.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

from ..errors import ApiError, UsageError

FIRST_LETTER = "f"
_DEVICE_LETTER = re.compile(r"^/dev/(?:sd|xvd|hd|vd)([a-z])\d*$")


def normalise(device: str) -> str:
    """``sdg`` -> ``/dev/sdg``; names already under ``/dev/`` are kept."""
    name = device.strip()
    if not name or name == "/dev/":
        raise UsageError("the device name is empty (e.g. -d /dev/sdg)")
    return name if name.startswith("/dev/") else "/dev/" + name.lstrip("/")


def letter_of(device: str) -> str | None:
    """The drive letter of ``/dev/sdX``-like names (``/dev/xvdf`` -> ``f``), else None."""
    match = _DEVICE_LETTER.match(device)
    return match.group(1) if match else None


def next_free(used: Iterable[str], first: str = FIRST_LETTER) -> str:
    """The first ``/dev/sdX`` from ``/dev/sd<first>`` whose letter no used device has."""
    taken = {letter for letter in (letter_of(d) for d in used) if letter}
    start = string.ascii_lowercase.index(first)
    for letter in string.ascii_lowercase[start:]:
        if letter not in taken:
            return f"/dev/sd{letter}"
    raise ApiError(f"no free device name left from /dev/sd{first} to /dev/sdz; give one with -d")


def instance_devices(ec2: Any, instance: dict[str, Any]) -> set[str]:
    """Every device name the instance uses or is about to use."""
    names = {str(m["DeviceName"]) for m in instance.get("BlockDeviceMappings") or [] if m.get("DeviceName")}
    if instance.get("RootDeviceName"):
        names.add(str(instance["RootDeviceName"]))
    iid = instance.get("InstanceId")
    if iid:
        answer = ec2.describe_volumes(Filters=[{"Name": "attachment.instance-id", "Values": [iid]}])
        for vol in answer.get("Volumes", []):
            for att in vol.get("Attachments") or []:
                if att.get("InstanceId") == iid and att.get("Device"):
                    names.add(str(att["Device"]))
    return names


def choose(ec2: Any, instance: dict[str, Any], device: str | None) -> str:
    """The device to attach at: the one given (normalised), else the next free one."""
    if device:
        return normalise(device)
    return next_free(instance_devices(ec2, instance))


def attach(ec2: Any, instance: dict[str, Any], volume_id: str, device: str | None) -> dict[str, Any]:
    """Attach ``volume_id`` to ``instance`` and describe the attachment for the result."""
    chosen = choose(ec2, instance, device)
    iid = str(instance["InstanceId"])
    answer = ec2.attach_volume(VolumeId=volume_id, InstanceId=iid, Device=chosen)
    return {
        "volume_id": volume_id,
        "instance_id": iid,
        "device": answer.get("Device") or chosen,
        "state": answer.get("State"),
    }
