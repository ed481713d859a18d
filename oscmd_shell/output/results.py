"""The values verb handlers return: records, details, messages, progress events.

Handlers never print.  They return one of these (or an iterator of them, for
verbs that make progress over time) and the renderer turns them into text,
a table, JSON or YAML: :class:`Records` is the one list shape (``list`` and
``dump``), :class:`Message` and :class:`Attributes` are single documents.
Each result can carry the ids it produced, which the interactive shell
offers as ``$_``, ``$1``, ``$2``...  Handlers never escape either: text from the endpoint is escaped where it is written
(:mod:`oscmd_shell.output.terminal`), and an :class:`Outcome`'s error line
is escaped when it is made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..redact import redact
from . import terminal

View = dict[str, Any]


@dataclass
class Records:
    """Rows of flat attribute views: ``list``, and ``dump`` when ``block`` is set.

    ``rows`` is a list, or ``pages`` an iterator of pages produced as EC2
    answers: a streaming format writes each page as soon as it arrives and
    never holds the whole listing (10,000 instances print from the first
    page).  ``block`` renders one row as a text block (``dump``: the row's
    ``raw`` record beside it).  ``aliases`` maps the 2017 names a ``-p``
    pattern may use to the attribute they mean.  ``fleet`` says the rows
    come from several regions or profiles (text then shows which).  The ids
    of the rows are collected as they pass (:attr:`ids`).
    """

    kind: str
    rows: Sequence[View] = ()
    pattern: str = "%(id)s %(name)s"
    columns: tuple[str, ...] = ("id", "name")
    pages: Iterable[Sequence[View]] | None = None
    block: Callable[[View, dict[str, Any]], str] | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    fleet: bool = False
    _seen: list[str] = field(default_factory=list, repr=False)

    def chunks(self) -> Iterator[Sequence[View]]:
        """The rows page by page (one page for a plain list), each id noted as it goes by."""
        for page in ([self.rows] if self.pages is None else self.pages):
            self._seen.extend(str(r.get("id")) for r in page if r.get("id"))
            yield page

    @property
    def ids(self) -> tuple[str, ...]:
        if self.pages is None and not self._seen:
            return tuple(str(r.get("id")) for r in self.rows if r.get("id"))
        return tuple(self._seen)


@dataclass
class Message:
    """A short outcome: ``text`` for people, ``data`` for json/yaml, ``ids`` for ``$_``.

    ``text`` is one line (a str, its final newline optional) or a list of
    lines; each line is escaped whole, so a Name holding a newline never starts
    a line of its own.  ``block`` text keeps its own line ends and tabs (console
    output); ``raw`` text is written as it is (``console --raw``).

    A verb prints one JSON or YAML document however many steps it reports:
    each message's ``data`` updates that document (``start -w``: ``state``
    goes from pending to running), unless ``part`` names the key it goes
    under (``address``), or, with ``many``, the list it is appended to
    (``volumes``).
    """

    text: str | Sequence[str]
    data: Any = None
    ids: tuple[str, ...] = ()
    block: bool = False
    raw: bool = False
    part: str | None = None
    many: bool = False

    @property
    def lines(self) -> list[str]:
        if isinstance(self.text, str):
            return [self.text.removesuffix("\n")] if self.text else []
        return [str(t).removesuffix("\n") for t in self.text]


@dataclass
class Attributes:
    """Attribute names usable in a ``list -p`` pattern (``list -s``), each with its type and the
    2017 names (``aliases``) a pattern may also use for it."""

    names: list[str]
    types: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def shown(self, name: str) -> str:
        """``zone (placement)``: the name with its aliases (``public_dns (public_dns_name/dns_name)``)."""
        also = self.aliases.get(name) or ()
        return f"{name} ({'/'.join(also)})" if also else name

    @property
    def data(self) -> list[dict[str, Any]]:
        return [{"name": n, "type": self.types.get(n, "string"), "aliases": list(self.aliases.get(n) or ())}
                for n in self.names]


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


Event = Records | Message | Attributes | Status | Progress | Output | Warning_
Result = Event | Iterator[Event] | None


@dataclass
class Outcome:
    """What running one command produced: exit status, error text (credentials redacted), ids for ``$_``."""

    status: int = 0
    error: str | None = None
    ids: tuple[str, ...] = ()
    mutated: tuple[str, ...] = ()
    hint: str | None = None
    #: a failure no --keep-going goes past: a failed set/use/unset leaves the next lines in another context
    stops: bool = False

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
