"""The attributes of each object's flat view, declared once: name, JSON type, meaning, 2017 aliases.

Each ``objects/<name>/view.py`` lists its :class:`Attr` rows in ``ATTRIBUTES``
beside the ``view`` function that builds them.  They are the schema of
``--output json`` and ``yaml`` (``oscmd help json`` prints it, a test holds
every object to it), what ``list -s`` shows, and the source of the aliases:
the boto 2 attribute names of the 2017 tool (``placement``, ``ip_address``,
``is_public``...) that ``-p`` patterns and ``--sort`` still accept but that
the JSON document never repeats.  Every listed row also carries
:data:`COMMON`: the region (and profile) it came from.  Stdlib only.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Literal

from ..kinds import Kind

JsonType = Literal["string", "integer", "boolean", "string[]", "map", "object"]


@dataclass(frozen=True)
class Attr:
    """One attribute of a flat view."""

    name: str
    type: JsonType
    help: str
    aliases: tuple[str, ...] = ()


COMMON: tuple[Attr, ...] = (
    Attr("region", "string", "the region the object is in"),
    Attr("profile", "string", "the AWS profile it was listed with (--profile), else null"),
)


def attributes(kind: Kind) -> tuple[Attr, ...]:
    """The view attributes of ``kind`` (its own, then :data:`COMMON`)."""
    return _attributes(kind.view.partition(":")[0])


@functools.cache
def _attributes(module_name: str) -> tuple[Attr, ...]:
    own: tuple[Attr, ...] = importlib.import_module(module_name).ATTRIBUTES
    return own + COMMON


RAW = Attr("raw", "object", "dump only: the EC2 API record as EC2 returned it (EC2's own key names)")


def dump_attributes(kind: Kind) -> tuple[Attr, ...]:
    """What a ``dump`` row adds to the list row: the object's own extras, then :data:`RAW`."""
    module = importlib.import_module(kind.view.partition(":")[0])
    extra: tuple[Attr, ...] = getattr(module, "DUMP_ATTRIBUTES", ())
    return (*extra, RAW)


def aliases(kind: Kind) -> dict[str, str]:
    """alias -> attribute name, for ``kind``."""
    return _aliases(kind.view.partition(":")[0])


@functools.cache
def _aliases(module_name: str) -> dict[str, str]:
    return {alias: a.name for a in _attributes(module_name) for alias in a.aliases}


def names(kind: Kind) -> list[str]:
    return [a.name for a in attributes(kind)]


def canonical(kind: Kind, name: str) -> str | None:
    """The attribute ``name`` stands for (itself, or the one it is an alias of), None when unknown."""
    if any(a.name == name for a in attributes(kind)):
        return name
    return aliases(kind).get(name)
