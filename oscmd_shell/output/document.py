"""The machine forms of results: JSON and YAML text, and the one document a verb prints.

:func:`to_json` and :func:`to_yaml` write plain data with every dangerous
character escaped (:mod:`.terminal`), so a document printed on a terminal
cannot drive it.  :func:`json_items` and :func:`yaml_items` write a page of
list rows as the continuation of one array, so a listing streams and still
reads as one document.  :class:`MessageDocument` folds the messages of one
command into one object (the rules are :class:`~.results.Message`'s).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from . import terminal
from .results import Message


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, set | tuple):
        return list(value)
    return str(value)


def plain(data: Any) -> Any:
    """``data`` as JSON would read it back (timestamps as ISO text, tuples as lists)."""
    return json.loads(json.dumps(data, default=_default))


def to_json(data: Any) -> str:
    return terminal.json_text(json.dumps(data, indent=2, default=_default, ensure_ascii=False))


def to_yaml(data: Any) -> str:
    return terminal.yaml_text(plain(data))


def json_items(rows: Sequence[Any], first: bool) -> str:
    """Rows as the next items of an indented JSON array (``first``: the array opens here)."""
    items = ",\n".join(textwrap.indent(to_json(row), "  ") for row in rows)
    return ("[\n" if first else ",\n") + items


def yaml_items(rows: Sequence[Any]) -> str:
    """Rows as the next items of a YAML sequence (block style: pages concatenate into one sequence)."""
    return to_yaml(list(rows)) if rows else ""


class MessageDocument:
    """The one document of a command's messages."""

    def __init__(self) -> None:
        self.value: Any = None
        self.count = 0

    def add(self, message: Message) -> None:
        data = message.data if message.data is not None else {"message": "\n".join(message.lines)}
        self.count += 1
        if message.part:
            doc = self._object()
            if message.many:
                doc.setdefault(message.part, []).append(data)
            else:
                doc[message.part] = data
        elif isinstance(data, dict):
            doc = self._object()
            if "message" in data and "message" in doc:
                data = {**data, "message": f"{doc['message']}\n{data['message']}"}
            doc.update(data)
        elif self.value is None:
            self.value = data
        else:
            self._object().setdefault("results", []).append(data)

    def _object(self) -> dict[str, Any]:
        if self.value is None:
            self.value = {}
        elif not isinstance(self.value, dict):
            self.value = {"results": [self.value]}
        doc: dict[str, Any] = self.value
        return doc
