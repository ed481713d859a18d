"""Immutable snapshots of completion data for one connection identity.

A :class:`Snapshot` maps cache kinds (``instance``, ``volume``, ``zone``...)
to :class:`KindData`: a tuple of :class:`Entry` rows plus prefix indexes built
once, when the data arrives, so a keystroke only bisects, and the tag keys and
values seen on the kind's objects.  Tags come from the endpoint (or a file), so
they pass one gate, :func:`offerable`: a non-empty string within EC2's length
limit that :func:`~oscmd_shell.output.terminal.is_clean` passes, so completion
never offers one holding a control character.  :func:`tag_keys` and
:func:`tag_values` apply it and bound how many are kept.  Every change makes a
new snapshot (``with_data``, ``with_stale``...); readers hold a reference and
never see a half-built state.  Stdlib only (and oscmd's own terminal rule), no I/O.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple, TypeGuard

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
#: The pseudo-field naming every tag value kept for a kind; ``tag:KEY`` names the values of one key.
TAG_VALUES = "tag-values"
#: How a tag filter name starts, and the field naming one key's values (``tag:env``).
TAG = "tag:"
#: At most this many tag keys are kept per kind (the first in sorted order).
MAX_TAG_KEYS = 500
#: EC2's own limit on the length of a tag key: anything longer is not a key EC2 could filter on.
MAX_TAG_KEY = 128
#: EC2's own limit on the length of a tag value.
MAX_TAG_VALUE = 256
#: A key seen with more distinct values than this keeps none (a per-object value, such as a host name:
#: a list cut short would make a prefix look as if nothing matched it).
MAX_KEY_VALUES = 500
#: At most this many tag values are kept per kind, over all its keys (taken in sorted order; a key whose
#: values would go past it keeps none).  Worst case, 5,000 values of 256 characters: about 1.7 MB a kind.
MAX_TAG_VALUES = 5_000


def is_field(name: str) -> bool:
    """Whether :meth:`KindData.values` knows ``name``: an :class:`Entry` field, or one of the tag pseudo-fields."""
    return name in FIELDS or name in (TAG_KEYS, TAG_VALUES) or (name.startswith(TAG) and len(name) > len(TAG))


def offerable(text: object, longest: int) -> TypeGuard[str]:
    """The one rule for tag text from the endpoint or a file: a non-empty clean string of at most ``longest``."""
    return isinstance(text, str) and 0 < len(text) <= longest and is_clean(text)


def tag_keys(keys: Iterable[object]) -> tuple[str, ...]:
    """The tag keys worth offering: :func:`offerable` ones of at most 128 characters, once each, sorted, capped."""
    kept = sorted({k for k in keys if offerable(k, MAX_TAG_KEY)})
    return tuple(kept[:MAX_TAG_KEYS])


def _folded(text: str) -> tuple[str, str]:
    return text.lower(), text


def tag_values(values: Mapping[object, Iterable[object]], keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The values worth offering for each of ``keys`` (already through :func:`tag_keys`), sorted without case.

    Values pass :func:`offerable` (at most 256 characters); a key with none, with more than
    :data:`MAX_KEY_VALUES`, or whose values would take the kind past :data:`MAX_TAG_VALUES` keeps none.
    """
    kept: dict[str, tuple[str, ...]] = {}
    total = 0
    for key in keys:
        raw = values.get(key)
        if raw is None:
            continue
        clean = {v for v in raw if offerable(v, MAX_TAG_VALUE)}
        if clean and len(clean) <= MAX_KEY_VALUES and total + len(clean) <= MAX_TAG_VALUES:
            kept[key] = tuple(sorted(clean, key=_folded))
            total += len(clean)
    return kept


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


class _Words:
    """Strings sorted without case (as :func:`tag_values` leaves them), found by prefix through bisection."""

    __slots__ = ("words",)

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words

    def prefixed(self, prefix: str) -> Iterator[str]:
        low, words = prefix.lower(), self.words
        for i in range(bisect.bisect_left(words, low, key=str.lower), len(words)):
            if not words[i].lower().startswith(low):
                break
            yield words[i]


@dataclass(frozen=True, eq=False)
class KindData:
    """The rows of one kind, when they were fetched (wall clock), their indexes and the tags seen."""

    entries: tuple[Entry, ...]
    fetched: float
    _ids: _Index = field(repr=False)
    _names: _Index = field(repr=False)
    tags: tuple[str, ...] = ()
    _tag_words: Mapping[str, _Words] = field(default_factory=dict, repr=False)
    _all_words: _Words = field(default_factory=lambda: _Words(()), repr=False)
    _distinct: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # filled on first use

    @classmethod
    def build(cls, entries: Iterable[Entry], fetched: float, tags: Iterable[object] = (),
              values: Mapping[object, Iterable[object]] | None = None) -> KindData:
        """The kind's data; ``tags`` (the keys seen on its objects, raw) pass through :func:`tag_keys`, and
        ``values`` (raw values seen, by key) through :func:`tag_values`; both are looked up by prefix.
        """
        rows = tuple(entries)
        keys = tag_keys(tags)
        kept = tag_values(values, keys) if values else {}
        every = sorted({v for found in kept.values() for v in found}, key=_folded)
        return cls(
            rows,
            fetched,
            _Index((e.id.lower(), i) for i, e in enumerate(rows)),
            _Index((e.name.lower(), i) for i, e in enumerate(rows)),
            keys,
            {key: _Words(found) for key, found in kept.items()},
            _Words(every),
        )

    @property
    def tag_values(self) -> dict[str, tuple[str, ...]]:
        """The tag values kept, by key (each key's sorted without case)."""
        return {key: tuple(words.words) for key, words in self._tag_words.items()}

    def values(self, attr: str, prefix: str = "") -> Iterator[str]:
        """Non-empty values of ``attr`` starting with ``prefix`` (any case): ids and names through their index,
        tag values (``tag:KEY``, or :data:`TAG_VALUES` for all) through theirs, tag keys (:data:`TAG_KEYS`) from
        their short list, the other fields from their distinct values (found once per snapshot), so a keystroke
        never walks the rows.
        """
        if attr in ("id", "name"):
            index = self._ids if attr == "id" else self._names
            yield from (getattr(self.entries[row], attr) for row in index.prefixed(prefix))
            return
        if attr == TAG_VALUES or attr.startswith(TAG):
            words = self._all_words if attr == TAG_VALUES else self._tag_words.get(attr[len(TAG):])
            yield from words.prefixed(prefix) if words is not None else ()
            return
        distinct = self.tags if attr == TAG_KEYS else self._distinct.get(attr)
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
