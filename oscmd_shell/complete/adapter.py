"""The prompt_toolkit face of the completion engine: candidates become ``Completion`` objects.

Nothing is decided here: the engine chooses, this module only converts.  The
sources are fetched through a callable at each keystroke so the adapter
always sees the current snapshot and selection.  What the menu shows is
escaped onto one line (descriptions hold Names and states from the cache);
notes (``loading instances…``) are greyed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from ..output.terminal import line
from .engine import complete
from .model import Sources

NOTE_STYLE = "class:completion-menu.note"


class EngineCompleter(Completer):
    """A prompt_toolkit completer backed by :func:`oscmd_shell.complete.complete`."""

    def __init__(self, sources: Callable[[], Sources]) -> None:
        self.sources = sources

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        before, after = document.text_before_cursor, document.text_after_cursor
        for cand in complete(before, self.sources(), after.split("\n", 1)[0]):
            yield Completion(cand.text, start_position=cand.start, display=line(cand.shown),
                             display_meta=line(cand.meta), style=NOTE_STYLE if cand.note else "")
