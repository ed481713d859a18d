"""Generate ``oscmd_shell/data/ec2.json``: instance types, volume types, regions and filter names.

The EC2 service model's ``InstanceType`` and ``VolumeType`` enums, the
regions of botocore's partitions (less the ``-global`` pseudo-regions and the
isolated partitions) and, for each Describe call oscmd lists objects with, the
filter names its documentation lists (``--filter`` is checked against them;
``tag:`` stands for every ``tag:KEY``) are written with the botocore version
they came from.
``python -m oscmd_shell.shellcomp`` calls :func:`refresh` before writing the
completion scripts, which embed these lists; completion itself reads the
JSON file and never imports botocore.  A file generated from a newer botocore
than the installed one is kept, not downgraded.
"""

from __future__ import annotations

import json
import re
from typing import Any

SIZES = ("nano", "micro", "small", "medium", "large", "xlarge")
_SCALED = re.compile(r"^(\d+)xlarge$")
_METAL = re.compile(r"^metal(?:-(\d+)xl)?$")
# one documented filter: "<li> <p> <code>NAME</code> - ..." (tag:<key> is "<code>tag</code>:&lt;key&gt;")
_FILTER = re.compile(r"<li>\s*<p>\s*<code>([a-z0-9:.&;-]+)</code>(:&lt;key&gt;)?\s*-")
#: the Describe calls whose filter names are kept (those of oscmd_shell.kinds)
FILTERED = ("DescribeInstances", "DescribeImages", "DescribeVolumes", "DescribeSnapshots", "DescribeAddresses",
            "DescribeSecurityGroups", "DescribeKeyPairs")


def botocore_version() -> str:
    import botocore

    return str(botocore.__version__)


def version_key(version: str) -> tuple[int, ...]:
    """``"1.43.11"`` as ``(1, 43, 11)`` (non-numeric parts count as 0)."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def size_key(size: str) -> tuple[int, int, str]:
    """Order sizes as people read them: nano ... xlarge, 2xlarge ... 48xlarge, metal."""
    if size in SIZES:
        return (0, SIZES.index(size), size)
    scaled = _SCALED.match(size)
    if scaled:
        return (1, int(scaled.group(1)), size)
    metal = _METAL.match(size)
    if metal:
        return (2, int(metal.group(1) or 0), size)
    return (3, 0, size)


def type_key(name: str) -> tuple[str, tuple[int, int, str]]:
    family, _, size = name.partition(".")
    return family, size_key(size)


def filter_names(model: dict[str, Any], operation: str) -> list[str]:
    """The filter names the documentation of ``operation``'s Filters parameter lists (``tag:`` for tag:KEY)."""
    shapes = model["shapes"]
    members = shapes[model["operations"][operation]["input"]["shape"]]["members"]
    doc = str(members.get("Filters", {}).get("documentation") or "")
    names: list[str] = []
    for name, key in _FILTER.findall(doc):
        name = name.replace("&lt;key&gt;", "")
        name = "tag:" if key or name.startswith("tag:") else name
        if name not in names:
            names.append(name)
    return sorted(names)


def snake(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()


def generate() -> dict[str, Any]:
    """The document of ``data/ec2.json`` from the installed botocore."""
    from botocore.loaders import Loader

    loader = Loader()
    model = loader.load_service_model("ec2", "service-2")
    shapes = model["shapes"]
    partitions = loader.load_data("partitions")["partitions"]
    regions = [
        region
        for partition in partitions
        if not str(partition["id"]).startswith("aws-iso")
        for region in sorted(partition.get("regions") or {})
        if not region.endswith("-global")
    ]
    return {
        "botocore": botocore_version(),
        "instance_types": sorted(shapes["InstanceType"]["enum"], key=type_key),
        "volume_types": sorted(shapes["VolumeType"]["enum"]),
        "regions": regions,
        "filters": {snake(op): filter_names(model, op) for op in FILTERED},
    }


def encode(document: dict[str, Any]) -> str:
    """The file's text: one value a line, so a botocore upgrade reads as a short diff."""
    return json.dumps(document, indent=1) + "\n"


def refresh(current: str | None) -> tuple[str | None, str]:
    """(the text to write, or None to keep ``current``; a note on what was decided)."""
    document = generate()
    if current is not None:
        try:
            recorded = str(json.loads(current).get("botocore") or "0")
        except (ValueError, AttributeError):
            recorded = "0"
        if version_key(document["botocore"]) < version_key(recorded):
            return None, (f"kept data/ec2.json from botocore {recorded}: the installed botocore "
                          f"{document['botocore']} is older")
    return encode(document), f"EC2 values from botocore {document['botocore']}"
