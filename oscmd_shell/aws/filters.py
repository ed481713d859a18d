"""``--filter NAME=VALUE[,VALUE...]``: EC2's own filters, checked before any request.

Each ``--filter`` is one EC2 filter: the values after ``=`` are alternatives
(OR), and several ``--filter`` options must all hold (AND).  Values go to EC2
as written, so ``*`` and ``?`` are EC2's wildcards here (an explicit choice,
unlike ``-n``, whose name is always literal).  The names are checked against
the ones EC2 documents for the object's Describe call (taken from botocore's
service model into ``data/ec2.json``; ``tag:KEY`` for any KEY): an unknown
name is a usage error listing the valid ones, before anything is sent (some
EC2-compatible servers answer an unknown name with an HTTP 500).
"""

from __future__ import annotations

import difflib
import functools
import json
from pathlib import Path
from typing import Any

from ..errors import ApiError, OscmdError, UsageError
from ..kinds import Kind

#: at most this many filters, and values per filter (EC2's own limits are 50 and 200)
MAX_FILTERS = 50
MAX_VALUES = 200


EC2_FILE = Path(__file__).resolve().parent.parent / "data" / "ec2.json"


@functools.cache
def _names() -> dict[str, tuple[str, ...]]:
    document = json.loads(EC2_FILE.read_text(encoding="utf-8"))
    return {op: tuple(names) for op, names in (document.get("filters") or {}).items()}


def names(kind: Kind) -> tuple[str, ...]:
    """The filter names EC2 documents for ``kind`` (``tag:`` standing for every ``tag:KEY``)."""
    return _names().get(kind.operation, ())


def valid(kind: Kind, name: str) -> bool:
    known = names(kind)
    if name.startswith("tag:"):
        return "tag:" in known and len(name) > 4
    return name in known


def _refuse(kind: Kind, name: str, where: str) -> UsageError:
    known = names(kind)
    close = difflib.get_close_matches(name, known, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    listed = ", ".join(n + "KEY" if n == "tag:" else n for n in known)
    return UsageError(f"{where}: '{name}' is not a filter of {kind.label}s{hint}; the filters are: {listed}")


def parse(kind: Kind, given: list[str], where: str) -> list[dict[str, Any]]:
    """EC2 ``Filters`` from ``--filter`` values (``NAME=V1,V2``); a bad one is a :class:`UsageError`."""
    if len(given) > MAX_FILTERS:
        raise UsageError(f"{where}: at most {MAX_FILTERS} --filter options")
    filters: list[dict[str, Any]] = []
    for text in given:
        name, sep, rest = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"{where}: --filter takes NAME=VALUE[,VALUE...], not '{text}'")
        values = [v for v in rest.split(",") if v != ""]
        if not values:
            raise UsageError(f"{where}: --filter {name}= needs at least one value")
        if len(values) > MAX_VALUES:
            raise UsageError(f"{where}: --filter {name}: at most {MAX_VALUES} values")
        if not valid(kind, name):
            raise _refuse(kind, name, where)
        filters.append({"Name": name, "Values": values})
    return filters


def rejected(kind: Kind, exc: BaseException, where: str, filters: list[dict[str, Any]]) -> OscmdError | None:
    """What to say when a filtered Describe call fails because of its filters, else None.

    EC2 refusing a filter name (``InvalidParameterValue`` naming a filter) is a
    usage error listing the documented names; an endpoint answering a
    documented filter with a server error (moto does for filters it does not
    implement) keeps its error, with a hint naming the filters sent.
    """
    from botocore.parsers import ResponseParserError

    from .errors import error_code

    used = ", ".join(str(f["Name"]) for f in filters)
    if isinstance(exc, ResponseParserError):
        return ApiError("the endpoint answered the filtered request with a server error instead of EC2 XML",
                        hint=f"this endpoint may not implement the filter(s) {used}")
    if error_code(exc) not in ("InvalidParameterValue", "InvalidFilter", "InvalidParameter"):
        return None
    message = str(getattr(exc, "response", {}).get("Error", {}).get("Message") or "")
    if "filter" not in message.lower():
        return None
    listed = ", ".join(n + "KEY" if n == "tag:" else n for n in names(kind))
    return UsageError(f"{where}: EC2 refused a filter: {message}; the documented filters are: {listed}")
