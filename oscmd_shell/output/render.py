"""Render results as text (the original formats), a table, JSON or YAML.

:class:`Renderer` receives every event a handler produces, in order, and
writes it to the injected streams: data to stdout, progress (terminal only)
and warnings to stderr.  JSON and YAML print the machine form of what one command produced, as one
document (a list when a verb produced several results, e.g. a create then a wait);
text keeps the 2017 formats, cleaned up (newline-terminated lines).  Every string
from the endpoint reaches the terminal through :mod:`.terminal`: in text and
table output each value is escaped onto one line (console output keeps its line
ends and tabs), and JSON and YAML write the dangerous characters as escapes.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from ..env import Env
from . import patterns, terminal
from .results import Attributes, Details, Event, Message, Output, Progress, Records, Status, Warning_


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, set | tuple):
        return list(value)
    return str(value)


def to_json(data: Any) -> str:
    return terminal.json_text(json.dumps(data, indent=2, default=_default, ensure_ascii=False))


def to_yaml(data: Any) -> str:
    return terminal.yaml_text(json.loads(json.dumps(data, default=_default)))


class Renderer:
    """Writes events for one output format to one environment's streams."""

    def __init__(self, env: Env, fmt: str, *, highlight: bool = False) -> None:
        self.env = env
        self.fmt = fmt
        self.highlight = highlight and env.colour
        self._progress_shown = False
        self._documents: list[Any] = []
        self._held_cr: set[str] = set()  # streams whose last escaped Output ended inside a CR LF

    # -- public ----------------------------------------------------------------------------
    def event(self, ev: Event) -> None:
        if isinstance(ev, Progress):
            self._progress(terminal.line(ev.text))
            return
        self.clear_progress()
        if isinstance(ev, Output):
            self._output(ev)
            return
        self._release_cr()
        if isinstance(ev, Warning_):
            self.env.stderr.write(terminal.line(ev.text.rstrip("\n")) + "\n")
            self.env.stderr.flush()
            return
        if isinstance(ev, Status):
            return
        if self.fmt in ("json", "yaml"):
            self._documents.append(self._data(ev))
            return
        text = self._render(ev)
        if text:
            self.env.stdout.write(text if text.endswith("\n") else text + "\n")
            self.env.stdout.flush()

    def flush(self) -> None:
        """End of a command: JSON and YAML print what it produced as one document."""
        self._release_cr()
        if not self._documents:
            return
        data = self._documents[0] if len(self._documents) == 1 else self._documents
        self._documents = []
        text = to_json(data) if self.fmt == "json" else to_yaml(data)
        self.env.stdout.write(text if text.endswith("\n") else text + "\n")
        self.env.stdout.flush()

    def clear_progress(self) -> None:
        if self._progress_shown:
            self.env.stderr.write("\r\x1b[K")
            self.env.stderr.flush()
            self._progress_shown = False

    def _output(self, ev: Output) -> None:
        """Remote text as it arrives; a CR ending one piece waits to see whether an LF follows."""
        stream = self.env.stderr if ev.stream == "stderr" else self.env.stdout
        text = ev.text
        if not ev.raw:
            if ev.stream in self._held_cr:
                self._held_cr.discard(ev.stream)
                text = "\r" + text
            if text.endswith("\r"):
                self._held_cr.add(ev.stream)
                text = text[:-1]
            text = terminal.block(text)
        stream.write(text)
        stream.flush()

    def _release_cr(self) -> None:
        for name in sorted(self._held_cr):
            stream = self.env.stderr if name == "stderr" else self.env.stdout
            stream.write(terminal.block("\r"))
            stream.flush()
        self._held_cr.clear()

    # -- formats ---------------------------------------------------------------------------
    def _progress(self, text: str) -> None:
        if not self.env.stderr_isatty:
            return
        width = max(20, self.env.columns - 1)
        self.env.stderr.write("\r\x1b[K" + text[:width])
        self.env.stderr.flush()
        self._progress_shown = True

    def _render(self, ev: Event) -> str:
        if self.fmt == "table":
            return self._table(ev)
        return self._text(ev)

    def _data(self, ev: Event) -> Any:
        if isinstance(ev, Records):
            return ev.rows
        if isinstance(ev, Details):
            return [raw for _, raw in ev.items]
        if isinstance(ev, Message):
            return ev.data if ev.data is not None else {"message": "\n".join(ev.lines)}
        if isinstance(ev, Attributes):
            return ev.names
        return None

    def _text(self, ev: Event) -> str:
        if isinstance(ev, Records):
            pattern = patterns.unescape(ev.pattern)
            if ev.rows:
                patterns.check(pattern, list(ev.rows[0].keys()))
            used = patterns.keys(pattern)
            return "".join(patterns.apply(pattern, _escaped(row, used)) + "\n" for row in ev.rows)
        if isinstance(ev, Details):
            related = {"related": terminal.tree(ev.related)} if ev.related else {}
            text = "".join(ev.text(terminal.tree(view), {**terminal.tree(raw), **related}) for view, raw in ev.items)
            return self._highlight_dump(text) if self.highlight else text
        if isinstance(ev, Message):
            if ev.raw or ev.block:
                text = ev.text if isinstance(ev.text, str) else "\n".join(ev.text)
                return text if ev.raw else terminal.block(text)
            return "".join(terminal.line(text) + "\n" for text in ev.lines)
        if isinstance(ev, Attributes):
            return ", ".join(terminal.line(n) for n in ev.names)
        return ""

    def _highlight_dump(self, text: str) -> str:
        from .highlight import dump as highlight_dump

        return highlight_dump(text)

    def _table(self, ev: Event) -> str:
        if isinstance(ev, Records):
            return table(list(ev.columns), [[_cell(r.get(c)) for c in ev.columns] for r in ev.rows])
        if isinstance(ev, Details):
            blocks = []
            for view, _raw in ev.items:
                rows = [[k, _cell(v)] for k, v in view.items() if k != "tags"]
                rows += [[f"tag:{terminal.line(k)}", terminal.line(v)]
                         for k, v in sorted((view.get("tags") or {}).items())]
                blocks.append(table(["attribute", "value"], rows))
            return "\n".join(blocks)
        if isinstance(ev, Attributes):
            return table(["attribute"], [[terminal.line(n)] for n in ev.names])
        return self._text(ev)


def _escaped(row: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    """The values a ``-p`` pattern uses (all when it names none), strings escaped; lists and dicts print
    as their repr, which is already escaped."""
    if not keys:
        return {k: terminal.line(v) if isinstance(v, str) else v for k, v in row.items()}
    return {k: terminal.line(v) if isinstance(v := row[k], str) else v for k in keys if k in row}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return terminal.line(",".join(str(v) for v in value))
    if isinstance(value, dict):
        return terminal.line(",".join(f"{k}={v}" for k, v in value.items()))
    return terminal.line(str(value))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain aligned table with a header rule."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    line = "  ".join(h.upper().ljust(widths[i]) for i, h in enumerate(headers)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip() for row in rows]
    return "\n".join([line, rule, *body]) + "\n"
