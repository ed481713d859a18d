"""The values the completion engine works with: candidates, sources, requests.

:class:`Sources` is what the shell (or a test) provides: callables that return
at once (the current cache snapshot, profiles, known endpoints, help topics)
and the session's selection and ``$_`` values.  :class:`Request` is what each
completer in the chain receives; :class:`Candidate` is what it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..cache.snapshot import Snapshot
from ..spec import Verb
from .parser import Analysis


@dataclass(frozen=True, slots=True)
class Candidate:
    """One completion: ``text`` replaces the ``-start`` characters before the cursor."""

    text: str
    display: str = ""
    meta: str = ""
    start: int = 0
    verbatim: bool = False
    note: bool = False  # a line that only informs ("loading instances…"): shown, never inserted

    @property
    def shown(self) -> str:
        return self.display or self.text


def _empty() -> Sequence[str]:
    return ()


def _no_topics() -> Sequence[tuple[str, str]]:
    return ()


@dataclass
class Sources:
    """Where completion values come from; every callable must return at once."""

    snapshot: Callable[[], Snapshot] = Snapshot
    selected: Sequence[str] = ()
    selection: Mapping[str, str] = field(default_factory=dict)
    variables: Mapping[str, str] = field(default_factory=dict)
    region: str | None = None
    home: Path | None = None
    cwd: Path | None = None
    profiles: Callable[[], Sequence[str]] = _empty
    endpoints: Callable[[], Sequence[str]] = _empty
    topics: Callable[[], Sequence[tuple[str, str]]] = _no_topics
    limit: int = 300


@dataclass(frozen=True)
class Request:
    """What every completer receives: the analysis, the sources, and a verb seen after the cursor."""

    analysis: Analysis
    sources: Sources
    verb_hint: Verb | None = None

    @property
    def prefix(self) -> str:
        return self.analysis.prefix

    @property
    def verb(self) -> Verb | None:
        return self.analysis.verb or self.verb_hint


Completer = Callable[[Request], Iterable[Candidate]]
