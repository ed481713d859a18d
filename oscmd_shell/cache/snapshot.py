"""Immutable snapshots of completion data for one connection identity.

A :class:`Snapshot` maps cache kinds (``instance``, ``volume``, ``zone``...)
to :class:`KindData`: a tuple of :class:`Entry` rows plus prefix indexes built
once, when the data arrives, so a keystroke only bisects, and the tag keys
seen on the kind's objects (:func:`tag_keys`: sorted, capped, only those
:func:`~oscmd_shell.output.terminal.is_clean` passes, so completion never
offers a key holding a control character).  Every change makes a new
snapshot (``with_data``, ``with_stale``...); readers hold a reference and never
see a half-built state.  Stdlib only (and oscmd's own terminal rule), no I/O.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ..output.terminal import is_clean
from ..redact import redact

ALL = "*"
#: The problems key of the stored file: ignored when loaded, or not saved (not a kind, never fetched).
STORE = "file"


class Entry(NamedTuple):
    """One cached object: what completion inserts, matches and shows."""

    id: str
    name: str = ""
    state: str = ""
    zone: str = ""
    detail: str = ""


FIELDS = Entry._fields
#: The pseudo-field naming a kind's tag keys (:attr:`KindData.tags`) where a field name is asked for.
TAG_KEYS = "tag-keys"
#: At most this many tag keys are kept per kind (the first in sorted order).
MAX_TAG_KEYS = 500
#: EC2's own limit on the length of a tag key: anything longer is not a key EC2 could filter on.
MAX_TAG_KEY = 128


def tag_keys(keys: Iterable[object]) -> tuple[str, ...]:
    """The tag keys worth offering: non-empty clean strings of at most 128 characters, once each, sorted, capped."""
    kept = sorted({k for k in keys if isinstance(k, str) and 0 < len(k) <= MAX_TAG_KEY and is_clean(k)})
    return tuple(kept[:MAX_TAG_KEYS])


def account_hash(access_key: str) -> str:
    """A stable, non-reversible tag for a credential id (the key itself is never stored)."""
    return hashlib.sha256(access_key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Identity:
    """Which connection a snapshot belongs to: endpoint (credentials redacted), region and hashed account."""

    endpoint: str
    region: str
    account: str

    @classmethod
    def of(cls, endpoint: str | None, region: str, access_key: str) -> Identity:
        return cls(redact(endpoint or "aws"), region, account_hash(access_key) if access_key else "anonymous")

    @property
    def key(self) -> str:
        raw = f"{self.endpoint}\n{self.region}\n{self.account}".encode()
        return hashlib.sha256(raw).hexdigest()[:24]


class _Index:
    """Sorted lower-case keys with row numbers, for prefix lookups by bisection."""

    __slots__ = ("keys", "rows")

    def __init__(self, pairs: Iterable[tuple[str, int]]) -> None:
        ordered = sorted(p for p in pairs if p[0])
        self.keys = [k for k, _ in ordered]
        self.rows = [r for _, r in ordered]

    def prefixed(self, prefix: str) -> Iterator[int]:
        low = prefix.lower()
        start = bisect.bisect_left(self.keys, low)
        for i in range(start, len(self.keys)):
            if not self.keys[i].startswith(low):
                break
            yield self.rows[i]


@dataclass(frozen=True, eq=False)
class KindData:
    """The rows of one kind, when they were fetched (wall clock), their indexes and the tag keys seen."""

    entries: tuple[Entry, ...]
    fetched: float
    _ids: _Index = field(repr=False)
    _names: _Index = field(repr=False)
    tags: tuple[str, ...] = ()
    _distinct: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # filled on first use

    @classmethod
    def build(cls, entries: Iterable[Entry], fetched: float, tags: Iterable[object] = ()) -> KindData:
        """The kind's data; ``tags`` (the keys seen on its objects, raw) pass through :func:`tag_keys`."""
        rows = tuple(entries)
        return cls(
            rows,
            fetched,
            _Index((e.id.lower(), i) for i, e in enumerate(rows)),
            _Index((e.name.lower(), i) for i, e in enumerate(rows)),
            tag_keys(tags),
        )

    def values(self, attr: str, prefix: str = "") -> Iterator[str]:
        """Non-empty values of ``attr`` starting with ``prefix`` (any case): ids and names through their index,
        the other fields from their distinct values (found once per snapshot), so a keystroke never walks the rows.
        """
        if attr in ("id", "name"):
            index = self._ids if attr == "id" else self._names
            yield from (getattr(self.entries[row], attr) for row in index.prefixed(prefix))
            return
        distinct = self._distinct.get(attr)
        if distinct is None:
            distinct = self._distinct[attr] = tuple(sorted({v for e in self.entries if (v := getattr(e, attr))}))
        low = prefix.lower()
        yield from (v for v in distinct if v.lower().startswith(low))

    def matching(self, prefix: str) -> list[Entry]:
        """Entries whose id or name starts with ``prefix`` (case-insensitive), each once, in row order."""
        if not prefix:
            return list(self.entries)
        rows = set(self._ids.prefixed(prefix))
        rows.update(self._names.prefixed(prefix))
        return [self.entries[i] for i in sorted(rows)]

    def ordered(self, prefix: str, first: str = "id") -> Iterator[Entry]:
        """Entries matching ``prefix`` by id or name, those matching by ``first`` first, in key order."""
        primary, secondary = (self._names, self._ids) if first == "name" else (self._ids, self._names)
        seen: set[int] = set()
        for row in primary.prefixed(prefix):
            seen.add(row)
            yield self.entries[row]
        for row in secondary.prefixed(prefix):
            if row not in seen:
                yield self.entries[row]

    def find(self, value: str) -> Entry | None:
        """The entry whose id or name is exactly ``value`` (names are literal: ``Web`` is not ``web``)."""
        for index, attr in ((self._ids, "id"), (self._names, "name")):
            for row in index.prefixed(value):
                if getattr(self.entries[row], attr) == value:
                    return self.entries[row]
        return None

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Problem:
    """Why a kind (or, under ``ALL``, the whole connection) could not be fetched, and when."""

    message: str
    when: float


@dataclass(frozen=True)
class Snapshot:
    """Everything completion knows about one connection, at one moment."""

    identity: Identity | None = None
    kinds: Mapping[str, KindData] = field(default_factory=dict)
    stale: frozenset[str] = frozenset()
    loading: frozenset[str] = frozenset()
    problems: Mapping[str, Problem] = field(default_factory=dict)

    def get(self, kind: str) -> KindData | None:
        return self.kinds.get(kind)

    def with_data(self, kind: str, data: KindData) -> Snapshot:
        problems = {k: v for k, v in self.problems.items() if k not in (kind, ALL)}
        return replace(
            self, kinds={**self.kinds, kind: data}, stale=self.stale - {kind}, loading=self.loading - {kind},
            problems=problems,
        )

    def with_stale(self, kinds: Iterable[str]) -> Snapshot:
        return replace(self, stale=self.stale | frozenset(kinds))

    def with_loading(self, kinds: Iterable[str]) -> Snapshot:
        return replace(self, loading=self.loading | frozenset(kinds))

    def without_loading(self, kinds: Iterable[str]) -> Snapshot:
        return replace(self, loading=self.loading - frozenset(kinds))

    def with_problem(self, kind: str, message: str, when: float) -> Snapshot:
        return replace(self, problems={**self.problems, kind: Problem(message, when)},
                       loading=self.loading - ({kind} if kind != ALL else self.loading))

    def without_problem(self, kind: str) -> Snapshot:
        return replace(self, problems={k: v for k, v in self.problems.items() if k != kind})

    def problem(self, kind: str) -> Problem | None:
        return self.problems.get(kind) or self.problems.get(ALL)

    def expired(self, kinds: Iterable[str], now: float, ttl: float) -> list[str]:
        """The kinds among ``kinds`` with no data, stale data or data older than ``ttl``."""
        out = []
        for kind in kinds:
            data = self.kinds.get(kind)
            if data is None or kind in self.stale or now - data.fetched >= ttl:
                out.append(kind)
        return out
