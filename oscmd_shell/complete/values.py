"""Complete values: static lists, file paths, ``ami run`` resources, live EC2 values, ``$_``.

Which list applies comes from the registry (an option's ``values`` or
``choices``, a verb's positional) or from the built-in being typed (``set
region ...``).  Live values (``instance:name``, ``volume:id``...) are read
from the current cache snapshot, matched by id or Name, described as
``Name  state/zone``, and ordered by the verb: ``start`` offers stopped
instances first, ``stop`` running ones first.  While a kind is still being
fetched and nothing of it is known yet, one note says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..cache.lookups import LOOKUPS
from ..cache.snapshot import Entry
from .model import Candidate, Request
from .static import INSTANCE_TYPES, OUTPUT_FORMATS, PROTOCOLS, REGIONS, SETTING_VALUES, VOLUME_TYPES

RUNNING = ("running", "pending")
# (object, verb) -> cache kind -> the states offered first.
PREFERRED: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("instance", "start"): {"instance": ("stopped",)},
    ("instance", "stop"): {"instance": RUNNING},
    ("instance", "reboot"): {"instance": ("running",)},
    ("instance", "ssh"): {"instance": ("running",)},
    ("instance", "ping"): {"instance": ("running",)},
    ("instance", "console"): {"instance": ("running",)},
    ("instance", "getwinpass"): {"instance": ("running",)},
    ("instance", "addvolume"): {"instance": ("running",)},
    ("instance", "associate"): {"instance": ("running", "stopped"), "address": ("free",)},
    ("instance", "attach"): {"volume": ("available",)},
    ("volume", "attach"): {"volume": ("available",), "instance": ("running", "stopped")},
    ("volume", "detach"): {"volume": ("in-use",)},
    ("volume", "delete"): {"volume": ("available",)},
    ("eip", "associate"): {"address": ("free",), "instance": ("running", "stopped")},
    ("eip", "disassociate"): {"address": ("associated",)},
    ("eip", "release"): {"address": ("free",)},
    ("snapshot", "delete"): {"snapshot": ("completed",)},
    ("ami", "make"): {"instance": ("stopped", "running")},
}


def _match(word: str, prefix: str) -> bool:
    return word.lower().startswith(prefix.lower())


def value_source(req: Request) -> tuple[str | None, tuple[str, ...]]:
    """The value list expected at the cursor: a ``values`` name and static choices."""
    a = req.analysis
    if a.where == "redirect":
        return "file", ()
    if a.where == "value" and a.option is not None:
        return a.option.values, a.option.choices
    if a.where == "verb" and a.verb is not None and a.verb.positionals and (
        a.after_dashdash or not req.prefix.startswith("-")
    ):
        return a.verb.positionals[0].values, ()
    if a.where == "builtin":
        index = len(a.builtin_args)
        if a.builtin == "set" and index == 1:
            source = SETTING_VALUES.get(a.builtin_args[0])
            return (None, OUTPUT_FORMATS) if source == "output" else (source, ())
        if a.builtin == "save" and all(arg in ("-f", "--force") for arg in a.builtin_args) \
                and not req.prefix.startswith("-"):
            return "file", ()
    return None, ()


def _zones(req: Request) -> Iterator[Candidate]:
    data = req.sources.snapshot().get("zone")
    region = req.sources.region
    if data is not None and len(data):
        for e in data.entries:
            if not region or not e.detail or e.detail == region:
                yield Candidate(e.id, meta=e.state)
        return
    if region:
        yield from (Candidate(region + letter, meta="guessed") for letter in "abc")


def _regions(req: Request) -> Iterator[Candidate]:
    data = req.sources.snapshot().get("region")
    if data is not None:
        yield from (Candidate(e.id, meta=e.detail) for e in data.entries)
    yield from (Candidate(r) for r in REGIONS)


def static(req: Request) -> Iterable[Candidate]:
    """Choices, instance types, volume types, protocols, zones, regions, profiles, endpoints."""
    source, choices = value_source(req)
    prefix = req.prefix
    found: Iterable[Candidate] = ()
    if choices:
        found = (Candidate(c) for c in choices)
    elif source == "instance_type":
        found = (Candidate(t) for t in INSTANCE_TYPES)
    elif source == "volume_type":
        found = (Candidate(t) for t in VOLUME_TYPES)
    elif source == "protocol":
        found = (Candidate(p) for p in PROTOCOLS)
    elif source == "zone":
        found = _zones(req)
    elif source == "region":
        found = _regions(req)
    elif source == "profile":
        found = (Candidate(p, meta="AWS profile") for p in req.sources.profiles())
    elif source == "endpoint":
        found = (Candidate(e, meta="used before") for e in req.sources.endpoints())
    return [c for c in found if _match(c.text, prefix)][: req.sources.limit]


def files(req: Request) -> Iterable[Candidate]:
    """Paths for ``file`` and ``dir`` values (``~`` expanded, hidden files only when asked)."""
    source, _ = value_source(req)
    if source not in ("file", "dir"):
        return ()
    return list(paths(req.prefix, req.sources.home, req.sources.cwd, dirs_only=source == "dir",
                      limit=req.sources.limit))


def paths(prefix: str, home: Path | None, cwd: Path | None, *, dirs_only: bool, limit: int) -> Iterator[Candidate]:
    base = prefix.rsplit("/", 1)[-1]
    shown = prefix[: len(prefix) - len(base)]
    if shown.startswith("~"):
        if shown != "~/" and not shown.startswith("~/"):
            return
        where = (home or Path.home()) / shown[2:]
    elif shown.startswith("/"):
        where = Path(shown)
    else:
        where = (cwd or Path.cwd()) / shown
    try:
        with os.scandir(where) as entries:
            found = sorted((e.name, e.is_dir()) for e in entries if e.name.startswith(base)
                           and (base.startswith(".") or not e.name.startswith(".")))
    except OSError:
        return
    count = 0
    for name, is_dir in found:
        if dirs_only and not is_dir:
            continue
        yield Candidate(shown + name + ("/" if is_dir else ""), display=name + ("/" if is_dir else ""),
                        meta="directory" if is_dir else "")
        count += 1
        if count >= limit:
            return


def resources(req: Request) -> Iterable[Candidate]:
    """``ami run -r``: resource names on the search path (nothing if that module is unavailable)."""
    source, _ = value_source(req)
    if source != "resource":
        return ()
    dirs = list(req.analysis.args.get("ressources_dir", []))
    try:
        from ..launch.resources import list_resources

        names = list_resources(dirs)
    except Exception:
        return ()
    return [Candidate(str(n), meta="resource") for n in names if _match(str(n), req.prefix)]


def describe(entry: Entry, field: str) -> str:
    """The menu description of a live value: the other identifier, then state/zone."""
    other = entry.name if field == "id" else entry.id
    where = "/".join(v for v in (entry.state, entry.zone) if v)
    parts = [v for v in (other if other != getattr(entry, field) else "", where) if v]
    if not where and entry.detail:
        parts.append(entry.detail)
    return "  ".join(parts)


def live(req: Request) -> Iterable[Candidate]:
    """Ids or names of cached EC2 objects, matched by id or Name, ordered for the verb."""
    source, _ = value_source(req)
    if not source or ":" not in source:
        return ()
    kind, field = source.split(":", 1)
    snapshot = req.sources.snapshot()
    data = snapshot.get(kind)
    if data is None and kind in snapshot.loading and kind in LOOKUPS:
        return [Candidate("", display=f"loading {LOOKUPS[kind].label}…", meta="the cache is fetching them",
                          note=True)]
    if data is None or field not in ("id", "name"):
        return ()
    obj, verb = req.analysis.obj, req.verb
    first = PREFERRED.get((obj.name, verb.name), {}).get(kind, ()) if obj and verb else ()
    limit = req.sources.limit
    preferred: list[Candidate] = []
    others: list[Candidate] = []
    for entry in data.ordered(req.prefix, field):
        value = entry.id if field == "id" else entry.name
        if not value:
            continue
        bucket = preferred if entry.state in first else others
        if len(bucket) < limit:
            bucket.append(Candidate(value, meta=describe(entry, field)))
        elif len(preferred) >= limit or not first:
            break
    return (preferred + others)[:limit]


def fleet(req: Request) -> Iterable[Candidate]:
    """``--filter`` names and values, ``--sort`` attributes (see :mod:`.filters`)."""
    source, _ = value_source(req)
    if not source or not source.startswith(("filter:", "attribute:")):
        return ()
    from .filters import candidates, from_snapshot

    found = candidates(source, req.prefix, from_snapshot(req.sources.snapshot()), req.sources.limit)
    return [Candidate(text, meta=meta) for text, meta in found]


def variables(req: Request) -> Iterable[Candidate]:
    """``$_``, ``$1``...: the ids the previous line produced."""
    if not req.prefix.startswith("$") or req.analysis.where in ("head", "builtin"):
        return ()
    return [Candidate(name, meta=value, verbatim=True)
            for name, value in req.sources.variables.items() if name.startswith(req.prefix)]
