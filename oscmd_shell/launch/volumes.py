"""Turn ``ami run -s`` volume specs and ``-i`` snapshots into RunInstances block-device mappings.

A spec is ``SIZE[UNIT][,OPTION[=VALUE]]...`` (or a bare YAML number, a size in
GiB).  Units are binary multiples: ``K``, ``M``, ``G`` (the default) and
``T``; the size must come to a whole number of GiB, at least one.  Options are
``type`` (alias ``volume_type``), ``iops`` (implies ``io1`` unless a type is
given, and makes the instance EBS-optimised), ``throughput``, ``encrypted``,
``kms_key_id``, ``snapshot_id`` and ``delete_on_termination``; booleans read
true/false/yes/no/on/off/1/0 and a bare option means true.  Devices are given
from ``/dev/sdf`` upward, the ``-s`` volumes first, then the snapshots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError

GIB = 1024**3
_UNITS = {"K": 1024, "M": 1024**2, "G": GIB, "T": 1024**4}
_SIZE_RE = re.compile(r"^(\d+)\s*([KMGT])?(?:I?B)?$", re.IGNORECASE)
_TRUE = ("true", "yes", "on", "1", "y", "t")
_FALSE = ("false", "no", "off", "0", "n", "f")
FIRST_DEVICE = "f"
OPTIONS = ("type", "volume_type", "iops", "throughput", "encrypted", "kms_key_id", "snapshot_id",
           "delete_on_termination")


@dataclass(frozen=True)
class VolumeSpec:
    """One extra EBS volume, as parsed from its spec."""

    size: int | None  # GiB; None for a snapshot volume of the snapshot's size
    volume_type: str | None = None
    iops: int | None = None
    throughput: int | None = None
    encrypted: bool | None = None
    kms_key_id: str | None = None
    snapshot_id: str | None = None
    delete_on_termination: bool = False
    source: str = ""

    def ebs(self) -> dict[str, Any]:
        """The ``Ebs`` member of a block-device mapping."""
        ebs: dict[str, Any] = {"DeleteOnTermination": self.delete_on_termination}
        if self.size is not None:
            ebs["VolumeSize"] = self.size
        if self.snapshot_id:
            ebs["SnapshotId"] = self.snapshot_id
        if self.volume_type:
            ebs["VolumeType"] = self.volume_type
        if self.iops is not None:
            ebs["Iops"] = self.iops
        if self.throughput is not None:
            ebs["Throughput"] = self.throughput
        if self.encrypted is not None:
            ebs["Encrypted"] = self.encrypted
        if self.kms_key_id:
            ebs["KmsKeyId"] = self.kms_key_id
        return ebs


@dataclass
class BlockDevices:
    """The mappings to send, which of them are ``-s`` volumes, and whether EBS optimisation is needed."""

    mappings: list[dict[str, Any]] = field(default_factory=list)
    sized: list[str] = field(default_factory=list)  # device names of the -s volumes (the `volumes` property)
    ebs_optimized: bool = False


def parse_bool(value: str, what: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise UsageError(f"{what}: expected true or false (yes/no, 1/0), not '{value}'")


def parse_size(text: str, spec: str) -> int:
    """A size with an optional binary unit, in whole GiB (at least 1)."""
    match = _SIZE_RE.match(text.strip())
    if not match:
        raise UsageError(f"volume spec '{spec}': bad size '{text}': expected digits and an optional unit K, M, G or T")
    number, unit = int(match.group(1)), (match.group(2) or "G").upper()
    total = number * _UNITS[unit]
    if total < GIB:
        raise UsageError(f"volume spec '{spec}': {text} is under 1 GiB, the smallest EBS volume")
    if total % GIB:
        raise UsageError(f"volume spec '{spec}': {text} is not a whole number of GiB ({total / GIB:.2f} GiB)")
    return total // GIB


def _positive_int(value: str | None, option: str, spec: str) -> int:
    if value is None or not value.strip().isdigit() or int(value) <= 0:
        raise UsageError(f"volume spec '{spec}': {option} expects a positive whole number, not '{value or ''}'")
    return int(value)


def _text(value: str | None, option: str, spec: str) -> str:
    if value is None or not value.strip():
        raise UsageError(f"volume spec '{spec}': {option} needs a value ({option}=...)")
    return value.strip()


def parse_volume_spec(spec: str | int | float) -> VolumeSpec:
    """Parse one ``-s`` spec (a string, or a number of GiB from a template)."""
    if isinstance(spec, bool):
        raise UsageError(f"volume spec {spec!r}: expected a size such as 100 or '200G,type=gp3'")
    if isinstance(spec, float):
        if not spec.is_integer():
            raise UsageError(f"volume spec {spec}: expected a whole number of GiB")
        spec = int(spec)
    text = str(spec).strip()
    if not text:
        raise UsageError("empty volume spec: expected a size such as 100 or '200G,type=gp3'")
    size_text, *raw_options = (piece.strip() for piece in text.split(","))
    values: dict[str, Any] = {"size": parse_size(size_text, text)}
    typed = False
    for raw in raw_options:
        if not raw:
            continue
        name, eq, value = raw.partition("=")
        option = name.strip().lower().replace("-", "_")
        given = value if eq else None
        if option in ("type", "volume_type"):
            values["volume_type"] = _text(given, option, text)
            typed = True
        elif option == "iops":
            values["iops"] = _positive_int(given, option, text)
        elif option == "throughput":
            values["throughput"] = _positive_int(given, option, text)
        elif option in ("encrypted", "delete_on_termination"):
            values[option] = True if given is None else parse_bool(given, f"volume spec '{text}': {option}")
        elif option in ("kms_key_id", "snapshot_id"):
            values[option] = _text(given, option, text)
        else:
            raise UsageError(
                f"volume spec '{text}': unknown option '{name.strip()}' (known: {', '.join(OPTIONS)})"
            )
    if values.get("iops") is not None and not typed:
        values["volume_type"] = "io1"
    return VolumeSpec(source=text, **values)


def snapshot_volume(snapshot_id: str) -> VolumeSpec:
    """A volume made from a snapshot, of the snapshot's size."""
    return VolumeSpec(size=None, snapshot_id=snapshot_id, source=snapshot_id)


def device_names(start: str = FIRST_DEVICE) -> Iterator[str]:
    """``/dev/sdf``, ``/dev/sdg``, ... ``/dev/sdz``."""
    for code in range(ord(start), ord("z") + 1):
        yield f"/dev/sd{chr(code)}"


def block_devices(sizes: Sequence[str | int | float], snapshots: Sequence[str]) -> BlockDevices:
    """Mappings for the ``-s`` specs, then the snapshot ids, on consecutive devices from ``/dev/sdf``."""
    specs = [parse_volume_spec(s) for s in sizes]
    specs += [snapshot_volume(s) for s in snapshots]
    devices = list(device_names())
    if len(specs) > len(devices):
        raise UsageError(f"too many extra volumes: {len(specs)}; at most {len(devices)} (/dev/sdf to /dev/sdz)")
    result = BlockDevices()
    for index, (spec, device) in enumerate(zip(specs, devices, strict=False)):
        result.mappings.append({"DeviceName": device, "Ebs": spec.ebs()})
        if index < len(sizes):
            result.sized.append(device)
        if spec.iops is not None:
            result.ebs_optimized = True
    return result


def short_device(device: str) -> str:
    """``/dev/sdf`` -> ``sdf`` (the suffix of a volume's Name tag)."""
    return device[5:] if device.startswith("/dev/") else device
