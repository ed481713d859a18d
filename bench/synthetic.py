"""Synthetic completion data: thousands of instances, volumes and images as cache entries.

The completion and memory benchmarks need a cache as big as a large account's
(10,000 instances, 2,000 volumes, 1,000 images) without asking an endpoint for
it.  :func:`entries` makes deterministic rows shaped like the ones
``oscmd_shell.cache.lookups`` keeps (id, Name tag, state, zone, detail), with
a few tag keys per kind and their values (:func:`tag_values`: a few shared
values for env, team and cost-centre, one owner per object, as in a large
account);
:func:`snapshot` wraps them in the cache package's immutable ``Snapshot``, and
:func:`write_store` saves one where the shell will find it for a connection.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .common import REGION

SIZES = {"instance": 10_000, "volume": 2_000, "image": 1_000}
ZONES = tuple(f"{REGION}{z}" for z in "abcdef")
TYPES = ("t3.micro", "t3.small", "m5.large", "c6i.xlarge")
TAGS = ("Name", "cost-centre", "env", "owner", "team")  # the tag keys every synthetic object carries


def entries(kind: str, count: int) -> list[tuple[str, str, str, str, str]]:
    """``count`` rows of ``kind`` as (id, name, state, zone, detail)."""
    rows = []
    for n in range(count):
        zone = ZONES[n % len(ZONES)]
        if kind == "instance":
            state = "stopped" if n % 10 == 9 else "running"
            rows.append((f"i-{n:08x}{(n * 2654435761) % (1 << 36):09x}", f"node-{n + 1:05d}", state, zone,
                         TYPES[n % len(TYPES)]))
        elif kind == "volume":
            state = "in-use" if n % 3 else "available"
            rows.append((f"vol-{n:08x}{(n * 40503) % (1 << 36):09x}", f"data-{n + 1:04d}", state, zone,
                         f"{8 + n % 50} gp3"))
        elif kind == "image":
            rows.append((f"ami-{n:08x}{(n * 97) % (1 << 36):09x}", f"image-{n + 1:04d}", "available", "",
                         "x86_64"))
        else:
            raise ValueError(kind)
    return rows


def tag_values(count: int) -> dict[str, set[str]]:
    """The values of the synthetic tag keys over ``count`` objects (Name aside: it is in the rows)."""
    return {"env": {("prod", "staging", "test")[n % 3] for n in range(min(count, 3))},
            "team": {f"team-{n % 12:02d}" for n in range(min(count, 12))},
            "cost-centre": {f"cc-{100 + n % 40}" for n in range(min(count, 40))},
            "owner": {f"user-{n:06d}" for n in range(count)}}


def snapshot(sizes: dict[str, int] | None = None, *, endpoint: str | None = None, key: str = "testing",
             fetched: float | None = None) -> Any:
    """An ``oscmd_shell.cache.Snapshot`` holding the synthetic rows (plus zones and regions)."""
    from oscmd_shell.cache.snapshot import Entry, Identity, KindData, Snapshot

    when = time.time() if fetched is None else fetched
    kinds = {kind: KindData.build((Entry(*row) for row in entries(kind, count)), when, TAGS, tag_values(count))
             for kind, count in (sizes or SIZES).items()}
    kinds["zone"] = KindData.build((Entry(z, "", "available", z, REGION) for z in ZONES), when)
    kinds["region"] = KindData.build((Entry(r) for r in (REGION, "us-east-2", "eu-west-1", "eu-west-2")), when)
    identity = Identity.of(endpoint, REGION, key) if endpoint else None
    return Snapshot(identity=identity, kinds=kinds)


def write_store(cache_dir: Path, endpoint: str, sizes: dict[str, int] | None = None,
                fetched: float | None = None) -> Path:
    """Save a synthetic snapshot for ``endpoint`` (fetched now, unless given) where the shell looks for it."""
    from oscmd_shell.cache import store
    from oscmd_shell.config import normalise_endpoint

    snap = snapshot(sizes, endpoint=normalise_endpoint(endpoint), fetched=fetched)
    store.save(cache_dir, snap, time.time())
    return store.path_for(cache_dir, snap.identity)
