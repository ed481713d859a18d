"""Which EC2 call fills each cache kind, and which response fields become an entry.

The table :data:`LOOKUPS` is data: for each kind, the Describe operation and
its parameters (taken from :mod:`oscmd_shell.kinds` where the kind exists
there), the record list in the answer, and the dotted paths of the fields kept
(``tag:Name`` reads a tag, ``Attachments.0.InstanceId`` indexes a list).
:func:`fetch` runs one lookup on a client, through every page, and collects
the tag keys and values seen on the records (:class:`TagsSeen`: one set per
key for the whole fetch, nothing per entry, bounded however many objects or
distinct values the endpoint sends).  The only code here is the generic
interpreter of that table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..kinds import KINDS
from .snapshot import MAX_KEY_VALUES, MAX_TAG_KEYS, MAX_TAG_VALUES, Entry


@dataclass(frozen=True)
class Lookup:
    """How to list one kind: the call, where its records are, and the fields kept."""

    kind: str
    label: str
    operation: str
    result_key: str
    id: str
    nested_key: str | None = None
    name: str = ""
    state: str = ""
    zone: str = ""
    detail: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    page_size: int | None = None
    state_labels: tuple[str, str] | None = None


def _from_kind(kind: str, label: str, **fields: Any) -> Lookup:
    k = KINDS[kind]
    params = dict(k.base_params)
    if k.live_states:
        params["Filters"] = [{"Name": "instance-state-name", "Values": list(k.live_states)}]
    return Lookup(kind, label, k.operation, k.result_key, k.id_field, nested_key=k.nested_key, params=params,
                  **fields)


LOOKUPS: dict[str, Lookup] = {
    lk.kind: lk
    for lk in (
        _from_kind("instance", "instances", name="tag:Name", state="State.Name", zone="Placement.AvailabilityZone",
                   detail=("InstanceType",), page_size=1000),
        _from_kind("volume", "volumes", name="tag:Name", state="State", zone="AvailabilityZone",
                   detail=("Size", "VolumeType", "Attachments.0.InstanceId"), page_size=500),
        _from_kind("address", "addresses", name="tag:Name", state="InstanceId", zone="Domain",
                   detail=("AllocationId", "InstanceId"), state_labels=("associated", "free")),
        _from_kind("group", "security groups", name="GroupName", detail=("VpcId", "Description"), page_size=1000),
        _from_kind("keypair", "key pairs", name="KeyName", detail=("KeyType", "KeyPairId")),
        _from_kind("snapshot", "snapshots", name="tag:Name", state="State",
                   detail=("VolumeSize", "VolumeId"), page_size=1000),
        Lookup("image", "images", "describe_images", "Images", "ImageId", name="Name", state="State",
               detail=("Architecture",), params={"Owners": ["self"]}),
        Lookup("zone", "zones", "describe_availability_zones", "AvailabilityZones", "ZoneName", state="State",
               zone="ZoneName", detail=("RegionName",)),
        Lookup("region", "regions", "describe_regions", "Regions", "RegionName", detail=("Endpoint",)),
    )
}

# Fetch order: what people complete most comes first.
ORDER: tuple[str, ...] = ("instance", "volume", "address", "group", "keypair", "snapshot", "image", "zone", "region")


def _path(record: Any, path: str) -> str:
    if not path:
        return ""
    if path.startswith("tag:"):
        wanted = path[4:]
        for tag in record.get("Tags") or ():
            if tag.get("Key") == wanted:
                return str(tag.get("Value") or "")
        return ""
    value: Any = record
    for part in path.split("."):
        if isinstance(value, list):
            index = int(part) if part.isdigit() else -1
            value = value[index] if 0 <= index < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            value = None
        if value is None:
            return ""
    return str(value)


def entry(lookup: Lookup, record: dict[str, Any]) -> Entry:
    """The cache entry of one raw API record."""
    state = _path(record, lookup.state)
    if lookup.state_labels is not None:
        state = lookup.state_labels[0] if state else lookup.state_labels[1]
    detail = " ".join(v for v in (_path(record, p) for p in lookup.detail) if v)
    return Entry(_path(record, lookup.id), _path(record, lookup.name), state, _path(record, lookup.zone), detail)


def records(client: Any, lookup: Lookup) -> Iterator[dict[str, Any]]:
    """Every raw record of the lookup, across all pages."""
    if client.can_paginate(lookup.operation):
        config = {"PageSize": lookup.page_size} if lookup.page_size else {}
        pages = client.get_paginator(lookup.operation).paginate(**lookup.params, PaginationConfig=config)
    else:
        pages = iter([getattr(client, lookup.operation)(**lookup.params)])
    for page in pages:
        for item in page.get(lookup.result_key, []):
            if lookup.nested_key:
                yield from item.get(lookup.nested_key, [])
            else:
                yield item


#: Kinds whose entries' names are their Name tag: those values are in the entries already, not noted again.
NAMED_BY_TAG = frozenset(kind for kind, lookup in LOOKUPS.items() if lookup.name == "tag:Name")
#: A fetch stops noting new tag keys past this many (a hostile endpoint cannot grow the set without end).
MAX_SEEN_KEYS = 20 * MAX_TAG_KEYS
#: A fetch holds at most this many distinct tag values at once, over all keys.
MAX_SEEN_VALUES = 2 * MAX_TAG_VALUES


class TagsSeen:
    """The raw tag keys and values of one fetch, in bounded memory; a key's values are all there or gone.

    A key stops being noted past :data:`MAX_SEEN_KEYS` keys.  A key whose distinct values pass
    :data:`~.snapshot.MAX_KEY_VALUES`, or whose new value finds :data:`MAX_SEEN_VALUES` already held, has its
    values dropped for the rest of the fetch (it will offer none: a partial list would mislead).
    Nothing is checked here: :meth:`.snapshot.KindData.build` applies the one gate.
    """

    def __init__(self, skip: str | None = None) -> None:
        self.keys: set[Any] = set()
        self.values: dict[Any, set[Any]] = {}
        self.held = 0
        self.skip = skip  # a key whose values are kept elsewhere (the Name of a kind named by it)

    def note(self, tags: list[Any]) -> None:
        keys, values = self.keys, self.values
        for tag in tags:
            key = tag.get("Key")
            if key not in keys:
                if len(keys) >= MAX_SEEN_KEYS:
                    continue
                keys.add(key)
                if key != self.skip:
                    values[key] = set()
            seen = values.get(key)
            if seen is None:
                continue
            value = tag.get("Value")
            if value in seen:
                continue
            if len(seen) >= MAX_KEY_VALUES or self.held >= MAX_SEEN_VALUES:
                del values[key]
                self.held -= len(seen)
                continue
            seen.add(value)
            self.held += 1


class Fetched(NamedTuple):
    """What one lookup found: its entries and the raw tags seen on its records."""

    entries: list[Entry]
    keys: set[Any]
    values: dict[Any, set[Any]]


def fetch(client: Any, lookup: Lookup) -> Fetched:
    """Run the lookup: its entries (ids missing from a record are skipped) and the raw tags seen."""
    found: list[Entry] = []
    seen = TagsSeen("Name" if lookup.kind in NAMED_BY_TAG else None)
    for record in records(client, lookup):
        row = entry(lookup, record)
        if row.id:
            found.append(row)
        tags = record.get("Tags")
        if tags:
            seen.note(tags)
    return Fetched(found, seen.keys, seen.values)
