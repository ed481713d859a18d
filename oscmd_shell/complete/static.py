"""Built-in value lists: instance types, regions, volume types, protocols, settings.

Instance types are generated from current families and the sizes each one
offers (plus Outscale's ``tinavN.cXrYpZ`` forms); regions cover AWS and
Outscale.  These are suggestions, not validation: the API has the last word.
"""

from __future__ import annotations

from .. import registry

_GENERAL = ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge")
_STANDARD = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge")
_BIG = (*_STANDARD, "32xlarge", "48xlarge", "metal")

_FAMILIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("t2", "t3", "t3a", "t4g"), _GENERAL),
    (("m5", "m5a", "m6a", "m6g", "m6i", "c5", "c5a", "c6a", "c6g", "c6i", "r5", "r5a", "r6a", "r6g", "r6i"),
     ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "metal")),
    (("m7a", "m7g", "m7i", "m7i-flex", "c7a", "c7g", "c7gn", "c7i", "r7a", "r7g", "r7i", "m8g", "c8g", "r8g"),
     ("medium", *_BIG)),
    (("x2idn", "x2iedn", "i4i", "i3", "d3", "z1d"), _STANDARD),
    (("g5", "g6", "p4d", "p5", "inf2", "trn1"), ("xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge",
                                                 "16xlarge", "24xlarge", "48xlarge")),
)

_OUTSCALE = tuple(
    f"tinav{gen}.c{cores}r{ram}p{perf}"
    for gen in (5, 6, 7)
    for cores, ram in ((1, 1), (1, 2), (2, 2), (2, 4), (2, 8), (4, 4), (4, 8), (4, 16), (8, 16), (8, 32),
                       (16, 32), (16, 64))
    for perf in (1, 2, 3)
)

INSTANCE_TYPES: tuple[str, ...] = tuple(
    f"{family}.{size}" for families, sizes in _FAMILIES for family in families for size in sizes
) + _OUTSCALE

AWS_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "sa-east-1", "mx-central-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
    "eu-south-2", "il-central-1", "me-south-1", "me-central-1", "af-south-1", "ap-east-1", "ap-south-1",
    "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
)
OUTSCALE_REGIONS = ("cloudgouv-eu-west-1", "eu-west-2", "us-east-2", "us-west-1", "ap-northeast-1")
REGIONS: tuple[str, ...] = tuple(dict.fromkeys((*AWS_REGIONS, *OUTSCALE_REGIONS)))

VOLUME_TYPES = ("gp3", "gp2", "io1", "io2", "st1", "sc1", "standard")
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
