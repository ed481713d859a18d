"""One class per output format: how it writes a list (``emit_list``) and a single result (``emit_one``).

A :class:`Format` receives :class:`~.results.Records` (``list``, ``dump``)
and single results (:class:`~.results.Message`, :class:`~.results.Attributes`)
and writes them to standard output; :meth:`Format.end` closes the command.
Whether a list is written page by page as EC2 answers (``streaming``) or held
until it is complete is said by each class:

* text streams: each page's lines are written and flushed as soon as that
  page is parsed;
* json and yaml stream a list as one array whose items are written page by
  page (if the listing fails part-way the array is left open, so no parser
  takes a part for the whole); a verb's messages are folded into one object
  written at the end;
* table holds a list until it is complete (column widths depend on every row);
* ``--query`` holds the whole document (the expression needs all of it), then
  writes the result in the chosen format.

Every string from the endpoint reaches the terminal through :mod:`.terminal`
(in text and table output each value is escaped onto one line; JSON and YAML
write dangerous characters as their own escapes).  The models are cliff's
``formatters`` (``emit_list``/``emit_one``) and the aws CLI's ``formatter.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ..env import Env
from . import patterns, terminal
from .document import MessageDocument, json_items, plain, to_json, to_yaml, yaml_items
from .results import Attributes, Message, Records, View
from .table import table

Single = Message | Attributes


class Format:
    """Writes one command's results in one format."""

    name: ClassVar[str]
    streaming: ClassVar[bool]

    def __init__(self, env: Env, *, highlight: bool = False) -> None:
        self.env = env
        self.highlight = highlight

    def write(self, text: str) -> None:
        if text:
            self.env.stdout.write(text if text.endswith("\n") else text + "\n")
            self.env.stdout.flush()

    def emit_list(self, records: Records) -> None:
        raise NotImplementedError

    def emit_one(self, result: Single) -> None:
        raise NotImplementedError

    def end(self) -> None:
        """The command is over: write what was held (nothing, for the streaming formats)."""


# -- values on one line -------------------------------------------------------------------------
def cell(value: Any) -> str:
    """One value as one escaped line: lists joined by commas, maps as key=value pairs."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return terminal.line(",".join(str(v) for v in value))
    if isinstance(value, dict):
        return terminal.line(",".join(f"{k}={v}" for k, v in value.items()))
    return terminal.line(str(value))


def pattern_values(row: View, keys: set[str], aliases: Mapping[str, str]) -> dict[str, Any]:
    """The values a ``-p`` pattern uses (all when it names none), aliases included, each on one line.

    Strings and lists are escaped (a list prints as its items joined by commas); maps print as their
    repr, which is already escaped.
    """
    wanted = keys or set(row)
    out: dict[str, Any] = {}
    for key in wanted:
        value = row[key] if key in row else row.get(aliases.get(key, key))
        if isinstance(value, str):
            value = terminal.line(value)
        elif isinstance(value, list | tuple):
            value = cell(value)
        out[key] = value
    return out


def without_raw(row: View) -> tuple[View, dict[str, Any]]:
    view = {k: v for k, v in row.items() if k != "raw"}
    return view, dict(row.get("raw") or {})


def target_label(row: View) -> str:
    profile = row.get("profile")
    return f"{profile} {row.get('region')}" if profile else str(row.get("region"))


def message_text(message: Message) -> str:
    if message.raw or message.block:
        text = message.text if isinstance(message.text, str) else "\n".join(message.text)
        return text if message.raw else terminal.block(text)
    return "".join(terminal.line(text) + "\n" for text in message.lines)


# -- text ---------------------------------------------------------------------------------------
class TextFormat(Format):
    """The 2017 formats: one line per object through its pattern, dump blocks; streamed page by page."""

    name = "text"
    streaming = True

    def emit_list(self, records: Records) -> None:
        if records.block is not None:
            self._blocks(records)
            return
        pattern = patterns.unescape(records.pattern)
        used = patterns.keys(pattern)
        checked = False
        for page in records.chunks():
            if not page:
                continue
            if not checked:
                patterns.check(pattern, [*page[0].keys(), *records.aliases])
                checked = True
            self.env.stdout.write("".join(
                patterns.apply(pattern, pattern_values(row, used, records.aliases)) + "\n" for row in page))
            self.env.stdout.flush()

    def _blocks(self, records: Records) -> None:
        assert records.block is not None
        shown: str | None = None
        for page in records.chunks():
            parts = []
            for row in page:
                if records.fleet and target_label(row) != shown:
                    shown = target_label(row)
                    parts.append(f"== {terminal.line(shown)} ==\n")
                view, raw = without_raw(row)
                parts.append(records.block(terminal.tree(view), terminal.tree(raw)))
            text = "".join(parts)
            if text:
                self.write(self._highlight_dump(text) if self.highlight else text)

    def _highlight_dump(self, text: str) -> str:
        from .highlight import dump as highlight_dump

        return highlight_dump(text)

    def emit_one(self, result: Single) -> None:
        if isinstance(result, Attributes):
            self.write(", ".join(terminal.line(result.shown(n)) for n in result.names))
        else:
            self.write(message_text(result))


# -- table --------------------------------------------------------------------------------------
class TableFormat(Format):
    """Aligned columns; a list is held until complete, since every row sets the widths."""

    name = "table"
    streaming = False

    def emit_list(self, records: Records) -> None:
        rows = [row for page in records.chunks() for row in page]
        if records.block is not None:
            self.write("\n".join(self._details(row) for row in rows))
            return
        columns = list(records.columns)
        if records.fleet:
            columns = ["region", *(["profile"] if any(r.get("profile") for r in rows) else []), *columns]
        self.write(table(columns, [[cell(r.get(c)) for c in columns] for r in rows]))

    @staticmethod
    def _details(row: View) -> str:
        view, _raw = without_raw(row)
        lines = [[k, cell(v)] for k, v in view.items() if k != "tags"]
        lines += [[f"tag:{terminal.line(k)}", terminal.line(v)] for k, v in sorted((view.get("tags") or {}).items())]
        return table(["attribute", "value"], lines)

    def emit_one(self, result: Single) -> None:
        if isinstance(result, Attributes):
            self.write(table(["attribute", "type", "aliases"],
                             [[terminal.line(n), result.types.get(n, "string"),
                               terminal.line(", ".join(result.aliases.get(n) or ()))] for n in result.names]))
        else:
            self.write(message_text(result))


# -- json and yaml ------------------------------------------------------------------------------
class DocumentFormat(Format):
    """One document per command: a list streams as one array; messages fold into one object."""

    streaming = True

    def __init__(self, env: Env, *, highlight: bool = False) -> None:
        super().__init__(env, highlight=highlight)
        self.messages = MessageDocument()

    def dump(self, data: Any) -> str:
        raise NotImplementedError

    def items(self, rows: Sequence[View], first: bool) -> str:
        raise NotImplementedError

    def closing(self, empty: bool) -> str:
        raise NotImplementedError

    def emit_list(self, records: Records) -> None:
        first = True
        for page in records.chunks():
            if page:
                self.env.stdout.write(self.items(page, first))
                self.env.stdout.flush()
                first = False
        self.write(self.closing(first))

    def emit_one(self, result: Single) -> None:
        if isinstance(result, Attributes):
            self.write(self.dump(result.data))
        else:
            self.messages.add(result)

    def end(self) -> None:
        if self.messages.count:
            value, self.messages = self.messages.value, MessageDocument()
            self.write(self.dump(value))


class JsonFormat(DocumentFormat):
    name = "json"

    def dump(self, data: Any) -> str:
        return to_json(data)

    def items(self, rows: Sequence[View], first: bool) -> str:
        return json_items(rows, first)

    def closing(self, empty: bool) -> str:
        return "[]" if empty else "\n]"


class YamlFormat(DocumentFormat):
    name = "yaml"

    def dump(self, data: Any) -> str:
        return to_yaml(data)

    def items(self, rows: Sequence[View], first: bool) -> str:
        return yaml_items(rows)

    def closing(self, empty: bool) -> str:
        return "[]" if empty else ""


# -- --query ------------------------------------------------------------------------------------
class QueryFormat(Format):
    """``--query``: the whole document is held, searched, and the result written in ``fmt``."""

    name = "query"
    streaming = False

    def __init__(self, env: Env, fmt: str, compiled: Any, *, highlight: bool = False) -> None:
        super().__init__(env, highlight=highlight)
        self.fmt = fmt
        self.compiled = compiled
        self.listed: list[View] | None = None
        self.messages = MessageDocument()

    def emit_list(self, records: Records) -> None:
        self.listed = [row for page in records.chunks() for row in page]

    def emit_one(self, result: Single) -> None:
        if isinstance(result, Attributes):
            self.listed = result.data
        else:
            self.messages.add(result)

    def end(self) -> None:
        if self.listed is None and not self.messages.count:
            return
        from .query import search, text_lines

        document = self.listed if self.listed is not None else self.messages.value
        self.listed, self.messages = None, MessageDocument()
        result = search(self.compiled, plain(document))
        if self.fmt == "json":
            self.write(to_json(result))
        elif self.fmt == "yaml":
            self.write(to_yaml(result))
        elif self.fmt == "table" and isinstance(result, list) and result and all(isinstance(r, dict) for r in result):
            columns = list(dict.fromkeys(k for r in result for k in r))
            self.write(table(columns, [[cell(r.get(c)) for c in columns] for r in result]))
        else:
            self.write(text_lines(result))


FORMATS: dict[str, type[Format]] = {f.name: f for f in (TextFormat, TableFormat, JsonFormat, YamlFormat)}


def make_format(fmt: str, env: Env, *, highlight: bool = False, query: str | None = None) -> Format:
    """The format object for ``--output fmt`` (wrapped by ``--query`` when one is given)."""
    if query:
        from .query import compile_query

        return QueryFormat(env, fmt, compile_query(query), highlight=highlight)
    return FORMATS.get(fmt, TextFormat)(env, highlight=highlight)
