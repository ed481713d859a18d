"""The values verb handlers return: records, details, messages, progress events.

Handlers never print.  They return one of these (or an iterator of them, for
verbs that make progress over time) and the renderer turns them into text,
a table, JSON or YAML.  Each result can carry the ids it produced, which the
interactive shell offers as ``$_``, ``$1``, ``$2``...  Handlers never escape
either: text from the endpoint is escaped where it is written
(:mod:`oscmd_shell.output.terminal`), and an :class:`Outcome`'s error line
is escaped when it is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..redact import redact
from . import terminal

View = dict[str, Any]


@dataclass
class Records:
    """Rows of flat attribute views (``list``)."""

    kind: str
    rows: list[View]
    pattern: str
    columns: tuple[str, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(r.get("id")) for r in self.rows if r.get("id"))


@dataclass
class Details:
    """Full descriptions of objects (``dump``); ``text`` renders one in the original format.

    ``related`` holds other EC2 records the text format shows beside each
    object (``instance dump``: the volumes, by id).  The text function finds
    them under the ``related`` key of the record it is given, escaped like the
    record; JSON and YAML show the objects' own records only.
    """

    kind: str
    items: list[tuple[View, dict[str, Any]]]
    text: Callable[[View, dict[str, Any]], str]
    related: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(str(v.get("id")) for v, _ in self.items if v.get("id"))


@dataclass
class Message:
    """A short outcome: ``text`` for people, ``data`` for json/yaml, ``ids`` for ``$_``.

    ``text`` is one line (a str, its final newline optional) or a list of
    lines; each line is escaped whole, so a Name holding a newline never starts
    a line of its own.  ``block`` text keeps its own line ends and tabs (console
    output); ``raw`` text is written as it is (``console --raw``).
    """

    text: str | Sequence[str]
    data: Any = None
    ids: tuple[str, ...] = ()
    block: bool = False
    raw: bool = False

    @property
    def lines(self) -> list[str]:
        if isinstance(self.text, str):
            return [self.text.removesuffix("\n")] if self.text else []
        return [str(t).removesuffix("\n") for t in self.text]


@dataclass
class Attributes:
    """Attribute names usable in a ``list -p`` pattern (``list -s``)."""

    names: list[str]


@dataclass
class Status:
    """Only an exit status (``exist``)."""

    code: int
    ids: tuple[str, ...] = ()


@dataclass
class Progress:
    """A transient progress line: shown on a terminal, dropped on a pipe."""

    text: str


@dataclass
class Output:
    """Text passed on as it arrives: line ends and tabs kept, other controls escaped (``console -f``),
    or written as it is when ``raw`` (an ssh session's own output, ``console --raw``)."""

    text: str
    stream: str = "stdout"
    raw: bool = False


@dataclass
class Warning_:
    """A warning line for stderr that does not stop the verb."""

    text: str


Event = Records | Details | Message | Attributes | Status | Progress | Output | Warning_
Result = Event | Iterator[Event] | None


@dataclass
class Outcome:
    """What running one command produced: exit status, error text (credentials redacted), ids for ``$_``."""

    status: int = 0
    error: str | None = None
    ids: tuple[str, ...] = ()
    mutated: tuple[str, ...] = ()
    hint: str | None = None

    def error_lines(self, prefix: str) -> str:
        """The error and its hint, one line each after ``prefix``; '' when there is no error."""
        if not self.error:
            return ""
        hint = f"{prefix}hint: {self.hint}\n" if self.hint else ""
        return f"{prefix}{self.error}\n{hint}"

    def __post_init__(self) -> None:
        if self.error is not None:
            self.error = redact(self.error)
        if self.hint is not None:
            self.hint = redact(self.hint)
        # the lines printed for it: names and API messages in them are untrusted
        if self.error:
            self.error = terminal.line(self.error)
        if self.hint:
            self.hint = terminal.line(self.hint)
