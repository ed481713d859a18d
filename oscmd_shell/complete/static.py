"""Built-in value lists: instance types, regions, volume types, protocols, settings.

Instance types, volume types and regions are botocore's lists, generated into
``data/ec2.json`` by ``python -m oscmd_shell.shellcomp`` (a test fails when
the installed botocore knows more), plus Outscale's regions and
``tinavG.cXrYpZ`` types from ``data/outscale.json``, the one place they are
kept.  Both files are read on first use (``INSTANCE_TYPES``, ``REGIONS``...
are computed then), never at import, and without botocore.  These are
suggestions, not validation: the API has the last word.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .. import registry

DATA = Path(__file__).resolve().parent.parent / "data"
EC2_FILE = DATA / "ec2.json"
OUTSCALE_FILE = DATA / "outscale.json"


@functools.cache
def catalog() -> dict[str, tuple[str, ...]]:
    """The lists of both data files, by the name this module exports them under."""
    ec2 = json.loads(EC2_FILE.read_text(encoding="utf-8"))
    osc = json.loads(OUTSCALE_FILE.read_text(encoding="utf-8"))
    tina = tuple(f"tinav{gen}.{shape}p{perf}" for gen in osc["tina_generations"] for shape in osc["tina_shapes"]
                 for perf in osc["tina_performances"])
    aws_regions, outscale_regions = tuple(ec2["regions"]), tuple(osc["regions"])
    return {
        "INSTANCE_TYPES": (*ec2["instance_types"], *tina),
        "AWS_REGIONS": aws_regions,
        "OUTSCALE_REGIONS": outscale_regions,
        "REGIONS": tuple(dict.fromkeys((*aws_regions, *outscale_regions))),
        "VOLUME_TYPES": tuple(ec2["volume_types"]),
    }


def __getattr__(name: str) -> tuple[str, ...]:
    try:
        return catalog()[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


PROTOCOLS = ("tcp", "udp", "icmp", "icmpv6", "all")
OUTPUT_FORMATS: tuple[str, ...] = registry.OUTPUT_FORMATS
SHELLS = ("bash", "zsh", "fish")

SETTINGS: dict[str, str] = {
    "region": "region (switches the connection and the cache)",
    "endpoint": "endpoint URL or host (switches the connection and the cache)",
    "zone": "default availability zone",
    "profile": "AWS profile (switches the credentials)",
    "output": "output format: text, table, json or yaml",
}
SETTING_VALUES = {"region": "region", "zone": "zone", "profile": "profile", "output": "output",
                  "endpoint": "endpoint"}
