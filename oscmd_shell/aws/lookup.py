"""Describe objects of a kind, and identify one object by id, name or self.

``iter_pages`` pages through the kind's Describe call (every page, so 10,000
instances list completely), handing each page on as soon as it is parsed (with
the cycle collector paused meanwhile: see :mod:`oscmd_shell.gcpause`); ``--filter``'s
filters narrow it, and narrow identification too.  ``resolve`` implements the identification rules:
``-i`` wins over ``-n``; a name is literal (the EC2 filter only narrows, then
the Name is compared exactly, case included); a name matching nothing is
:class:`NotFound`, a name matching several objects is :class:`Ambiguous` and
lists them; terminated instances never match a name; images match a name only
among trusted owners (your own by default), and when only other owners' images
carry it the error names those owners.  Flat views are built with the kind's
view function.
"""

from __future__ import annotations

import importlib
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import Ambiguous, NotFound, UsageError
from ..gcpause import paused
from ..kinds import Kind

ViewFn = Callable[[dict[str, Any]], dict[str, Any]]
_VIEWS: dict[str, ViewFn] = {}


def view_function(kind: Kind) -> ViewFn:
    fn = _VIEWS.get(kind.view)
    if fn is None:
        module, _, name = kind.view.partition(":")
        fn = getattr(importlib.import_module(module), name)
        _VIEWS[kind.view] = fn
    return fn


@dataclass
class Resolved:
    """One identified object: its raw API record and its flat view."""

    kind: Kind
    raw: dict[str, Any]
    view: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.raw[self.kind.id_field])

    @property
    def name(self) -> str:
        return str(self.view.get("name") or "")

    @property
    def label(self) -> str:
        return f"{self.id} ({self.name})" if self.name and self.name != self.id else self.id


def iter_pages(client: Any, kind: Kind, **params: Any) -> Iterator[list[dict[str, Any]]]:
    """Yield the raw records of ``kind`` matching ``params`` page by page, each page as soon as it is parsed."""
    call = {**kind.base_params, **params}
    if client.can_paginate(kind.operation):
        pages = iter(client.get_paginator(kind.operation).paginate(**call))
    else:
        pages = (getattr(client, kind.operation)(**call) for _ in (1,))
    while True:
        with paused():  # a page of 1,000 instances is millions of objects: no full collections meanwhile
            page = next(pages, None)
        if page is None:
            return
        items = page.get(kind.result_key, [])
        if kind.nested_key:
            yield [record for item in items for record in item.get(kind.nested_key, [])]
        else:
            yield list(items)


def iter_raw(client: Any, kind: Kind, **params: Any) -> Iterator[dict[str, Any]]:
    """Yield every raw record of ``kind`` matching ``params``, across pages."""
    for page in iter_pages(client, kind, **params):
        yield from page


def id_params(kind: Kind, ids: list[str]) -> dict[str, Any]:
    """API parameters selecting objects by id (key pairs also by key-... id, EIPs by allocation id)."""
    if kind.name == "keypair" and ids and all(i.startswith("key-") for i in ids):
        return {"KeyPairIds": ids}
    if kind.name == "address" and ids and all(i.startswith("eipalloc-") for i in ids):
        return {"AllocationIds": ids}
    return {kind.id_param: ids}


# EC2 filter values read ``*`` (any run) and ``?`` (zero or one character) as wildcards and ``\\`` as
# their escape.  Servers that do not honour the escapes read these, and ``[...]`` classes, as pattern syntax.
_EC2_SPECIAL = frozenset("\\*?")
_PATTERN_SYNTAX = frozenset("\\*?[]")


def literal_values(value: str) -> list[str]:
    """Filter values selecting ``value`` literally, or a few more objects: never fewer.

    The first value is ``value`` escaped for EC2 (``\\*``, ``\\?``, ``\\\\``), which EC2 matches exactly.
    Servers that do not honour those escapes would miss the object: moto (measured) matches key pairs
    and images with fnmatch, ignoring escapes, and reads ``[...]`` in tags as a character class.  So a
    value holding any of ``* ? [ ] \\`` also sends a second value with each of them replaced by the
    one-character wildcard ``?``: a small superset on EC2 and on those servers alike.  The filter only
    narrows; every caller keeps exact matches alone (:func:`name_of`, or its own exact comparison).
    """
    if not _PATTERN_SYNTAX.intersection(value):
        return [value]
    escaped = "".join("\\" + c if c in _EC2_SPECIAL else c for c in value)
    loose = "".join("?" if c in _PATTERN_SYNTAX else c for c in value)
    return [escaped, loose]


def literal_filter(name: str, values: list[str]) -> dict[str, Any]:
    """One EC2 filter matching any of ``values`` literally (see :func:`literal_values`)."""
    out: list[str] = []
    for value in values:
        out += [v for v in literal_values(value) if v not in out]
    return {"Name": name, "Values": out}


def tag_value(raw: dict[str, Any], key: str) -> str | None:
    """The value of the tag whose key is exactly ``key`` (keys are case-sensitive)."""
    for item in raw.get("Tags") or []:
        if item.get("Key") == key:
            return str(item.get("Value") or "")
    return None


def name_of(kind: Kind, raw: dict[str, Any]) -> str | None:
    """The name ``-n`` compares with: the Name tag, or the image, group or key pair name field."""
    if kind.name_field:
        value = raw.get(kind.name_field)
        return None if value is None else str(value)
    if kind.name_filter and kind.name_filter.startswith("tag:"):
        return tag_value(raw, kind.name_filter[4:])
    return None


def name_params(kind: Kind, name: str, filters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The Filters selecting ``name`` literally, and then ``filters`` (``--filter``) too."""
    if kind.name_filter is None:
        raise UsageError(f"{kind.label} objects have no name; use -i")
    return {"Filters": [literal_filter(kind.name_filter, [name]), *(filters or [])]}


def named(client: Any, kind: Kind, name: str, *, filters: list[dict[str, Any]] | None = None,
          **params: Any) -> list[dict[str, Any]]:
    """Raw records whose name is exactly ``name`` (terminated instances excluded)."""
    call = {**name_params(kind, name, filters), **params}
    return [raw for raw in iter_raw(client, kind, **call) if name_of(kind, raw) == name and _is_live(kind, raw)]


def resolve(
    client: Any,
    kind: Kind,
    *,
    ident: str | None = None,
    name: str | None = None,
    image_owners: list[str] | None = None,
    filters: list[dict[str, Any]] | None = None,
) -> Resolved:
    """Identify exactly one object by id (preferred) or by name; ``filters`` (``--filter``) must hold too."""
    view = view_function(kind)
    extra = {"Filters": filters} if filters else {}
    matching = " matching the filters" if filters else ""
    if ident:
        found = [raw for raw in iter_raw(client, kind, **id_params(kind, [ident]), **extra)
                 if _has_id(kind, raw, ident)]
        if not found:
            raise NotFound(f"the {kind.label} '{ident}'{matching} does not exist")
        raw = found[0]
        return Resolved(kind, raw, view(raw))
    if not name:
        raise UsageError(f"which {kind.label}? identify it with -i ID" + (" or -n NAME" if kind.name_filter else ""))
    owners = (image_owners or ["self"]) if kind.name == "image" else None
    matches = named(client, kind, name, filters=filters, **({"Owners": owners} if owners else {}))
    if not matches and owners:
        if not filters:
            _foreign_images(client, kind, name, owners)
        raise NotFound(f"no image named '{name}'{matching} is owned by {owners_text(owners)}")
    if not matches:
        raise NotFound(f"the {kind.label} '{name}'{matching} does not exist")
    if len(matches) > 1:
        listed = ", ".join(_describe_match(kind, view(r)) for r in matches[:10])
        more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
        raise Ambiguous(f"the {kind.label} name '{name}' matches {len(matches)} objects: {listed}{more}; use -i")
    raw = matches[0]
    return Resolved(kind, raw, view(raw))


# The second id some kinds are also found by (see id_params).
_OTHER_ID = {"keypair": "KeyPairId", "address": "AllocationId"}


def _has_id(kind: Kind, raw: dict[str, Any], ident: str) -> bool:
    """Whether the record the endpoint returned really is ``ident`` (the answer is not trusted)."""
    return ident in (raw.get(kind.id_field), raw.get(_OTHER_ID.get(kind.name, kind.id_field)))


def _is_live(kind: Kind, raw: dict[str, Any]) -> bool:
    if kind.name == "instance":
        return bool(raw.get("State", {}).get("Name") != "terminated")
    return True


def _describe_match(kind: Kind, view: dict[str, Any]) -> str:
    if kind.name == "image":
        return f"{view.get('id')} (owner {view.get('owner_id')})"
    state = view.get("state")
    return f"{view.get('id')} ({state})" if state else str(view.get("id"))


def owners_text(owners: list[str]) -> str:
    return " or ".join("you (self)" if o == "self" else o for o in owners)


def _foreign_images(client: Any, kind: Kind, name: str, owners: list[str]) -> None:
    """Raise :class:`NotFound` naming the other owners whose images carry ``name``, if any do."""
    foreign = named(client, kind, name)
    if not foreign:
        return
    accounts: list[str] = []
    for raw in foreign:
        owner = str(raw.get("OwnerId") or "?")
        if owner not in accounts:
            accounts.append(owner)
    listed = ", ".join(f"{raw.get('ImageId')} (owner {raw.get('OwnerId')})" for raw in foreign[:5])
    more = f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
    raise NotFound(
        f"no image named '{name}' is owned by {owners_text(owners)}; images of other owners have that name: "
        f"{listed}{more}; if you trust that owner, choose it: oscmd ami -o {accounts[0]} -n {shlex.quote(name)} "
        "... (or set [ami] owner, or give the id with -i)"
    )
