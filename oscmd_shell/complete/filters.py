"""Complete ``--filter NAME=VALUE[,VALUE...]`` and ``--sort ATTRIBUTE``: names from the data, values from the cache.

Before the ``=``, the filter names EC2 documents for the object are offered
(``tag:Name=`` among them) and, once ``tag:`` is typed, ``tag:KEY=`` for each
tag key the cache has seen on that kind of object.  After it, the value being
typed (the last one after a comma) is completed where the values are known:
fixed lists (states, volume and instance types, architectures...) and, from
the current cache snapshot, ids, Names, zones, the instance types in use, the
tag keys (``tag-key=``) and the values seen for a tag key (``tag:KEY=``, and
all of them for ``tag-value=``), looked up by prefix.  A key or value that the
``--filter`` syntax cannot carry (``=`` in a name, ``,`` in a value) is not
offered; the caller quotes what the shell line needs quoted.  ``--sort`` offers
the object's attribute names.  Pure: no network, used by the shell's completer
and by ``oscmd __complete`` alike.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator

from ..cache.lookups import NAMED_BY_TAG
from ..cache.snapshot import TAG, TAG_KEYS, TAG_VALUES, Snapshot
from ..kinds import KINDS

#: (cache kind, entry field or tag pseudo-field, typed prefix) -> the values the cache holds (from a snapshot, or
#: from the files); it may leave out values not starting with the prefix (any case), callers still check
Known = Callable[[str, str, str], Iterable[str]]

STATES: dict[str, tuple[str, ...]] = {
    "instance": ("pending", "running", "stopping", "stopped", "shutting-down", "terminated"),
    "volume": ("creating", "available", "in-use", "deleting", "deleted", "error"),
    "snapshot": ("pending", "completed", "error", "recoverable", "recovering"),
    "image": ("available", "pending", "failed", "deregistered", "disabled"),
}
FIXED: dict[str, tuple[str, ...]] = {
    "architecture": ("x86_64", "arm64", "i386", "x86_64_mac", "arm64_mac"),
    "root-device-type": ("ebs", "instance-store"),
    "virtualization-type": ("hvm", "paravirtual"),
    "hypervisor": ("xen", "nitro"),
    "domain": ("vpc", "standard"),
    "image-type": ("machine", "kernel", "ramdisk"),
    "is-public": ("true", "false"),
    "encrypted": ("true", "false"),
    "platform": ("windows",),
    "monitoring-state": ("disabled", "enabled", "pending", "disabling"),
    "key-type": ("rsa", "ed25519"),
}
#: filter name -> (cache kind, entry field) its values come from
CACHED: dict[str, tuple[str, str]] = {
    "instance-id": ("instance", "id"),
    "attachment.instance-id": ("instance", "id"),
    "image-id": ("image", "id"),
    "volume-id": ("volume", "id"),
    "snapshot-id": ("snapshot", "id"),
    "group-id": ("group", "id"),
    "instance.group-id": ("group", "id"),
    "group-name": ("group", "name"),
    "instance.group-name": ("group", "name"),
    "key-name": ("keypair", "name"),
    "key-pair-id": ("keypair", "detail"),
    "public-ip": ("address", "id"),
    "availability-zone": ("zone", "id"),
    "name": ("image", "name"),
}
STATE_FILTERS = ("instance-state-name", "status", "state")


def filter_names(kind: str) -> tuple[str, ...]:
    from ..aws.filters import names

    known = KINDS.get(kind)
    return names(known) if known is not None else ()


def from_snapshot(snapshot: Snapshot) -> Known:
    """The cached values of a snapshot, field by field (ids and names found through the prefix index)."""

    def known(kind: str, field: str, prefix: str) -> Iterable[str]:
        data = snapshot.get(kind)
        return data.values(field, prefix) if data is not None else ()

    return known


def _values(kind: str, name: str, known: Known, typed: str = "") -> Iterator[str]:
    """The values known for filter ``name`` of ``kind``, each once (cached ones looked up by ``typed``)."""
    if name in STATE_FILTERS and kind in STATES:
        yield from STATES[kind]
        return
    if name in FIXED:
        yield from FIXED[name]
        return
    if name == "instance-type":
        from .static import INSTANCE_TYPES

        used = sorted({d.split(" ", 1)[0] for d in known("instance", "detail", "") if d})
        yield from dict.fromkeys([*used, *INSTANCE_TYPES])
        return
    if name == "volume-type":
        from .static import VOLUME_TYPES

        yield from VOLUME_TYPES
        return
    source, fields = _cached(kind, name)
    if not fields:
        return
    seen: set[str] = set()
    detail = fields == ("detail",)  # its last word is the value: the prefix cannot narrow the lookup
    found = [known(source, field, "" if detail else typed) for field in fields]
    for value in heapq.merge(*found, key=str.lower) if len(found) > 1 else found[0]:
        value = value.split(" ")[-1] if detail else value
        if value and "," not in value and value not in seen:  # a comma would split it into two values
            seen.add(value)
            yield value


def _cached(kind: str, name: str) -> tuple[str, tuple[str, ...]]:
    """The cache kind and fields holding the values of filter ``name`` of ``kind`` (no fields: none known)."""
    if name in CACHED:
        source, field = CACHED[name]
        return source, (field,)
    if name == "tag-key":
        return kind, (TAG_KEYS,)
    if name == "tag-value":  # any tag's value: the Names too, where they are the Name tag
        return kind, (TAG_VALUES, "name") if kind in NAMED_BY_TAG else (TAG_VALUES,)
    if name == "tag:Name" and kind in NAMED_BY_TAG:
        return kind, ("name",)
    return kind, (name,) if name.startswith(TAG) and len(name) > len(TAG) else ()


def filter_candidates(kind: str, prefix: str, known: Known, limit: int = 300) -> list[tuple[str, str]]:
    """(text, description) completing ``prefix`` as a ``--filter`` value of ``kind``."""
    name, sep, rest = prefix.partition("=")
    if not sep:
        names = [*filter_names(kind)]
        out = [("tag:Name=", "the Name tag")] if "tag:" in names else []
        if out and prefix[:4].lower() == "tag:":  # the keys only once asked for: 500 of them would bury the names
            out += [(f"tag:{key}=", "tag key") for key in known(kind, TAG_KEYS, "") if key != "Name" and "=" not in key]
        out += [(n if n == "tag:" else n + "=", "any tag: tag:KEY=VALUE" if n == "tag:" else "EC2 filter")
                for n in names]
        return [(t, m) for t, m in out if t.lower().startswith(prefix.lower())][:limit]
    done, _, typed = rest.rpartition(",")
    head = f"{name}={done}," if done else f"{name}="
    found = []
    for value in _values(kind, name, known, typed):
        if value.lower().startswith(typed.lower()):
            found.append((head + value, "value"))
            if len(found) >= limit:
                break
    return found


def attribute_candidates(kind: str, prefix: str) -> list[tuple[str, str]]:
    """(name, description) of the attributes of ``kind`` starting with ``prefix`` (2017 aliases too)."""
    from ..objects.attrs import attributes

    known = KINDS.get(kind)
    if known is None:
        return []
    out: list[tuple[str, str]] = []
    for attr in attributes(known):
        out.append((attr.name, attr.help))
        out += [(alias, f"2017 name of {attr.name}") for alias in attr.aliases]
    return [(n, h) for n, h in out if n.lower().startswith(prefix.lower())]


def candidates(source: str, prefix: str, known: Known, limit: int = 300) -> Iterable[tuple[str, str]]:
    """The candidates of a ``filter:KIND`` or ``attribute:KIND`` value source (nothing for any other)."""
    what, _, kind = source.partition(":")
    if what == "filter":
        return filter_candidates(kind, prefix, known, limit)
    if what == "attribute":
        return attribute_candidates(kind, prefix)[:limit]
    return ()
