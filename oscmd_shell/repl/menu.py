"""Tab as readline has it, computed when Tab is processed: never a stale menu, never a lost key.

prompt_toolkit computes completions in a background task, so a Tab that
arrives in the same read as the text before it (a fast typist, ``tmux
send-keys``, a paste, an SSH link with latency) finds the menu of an older
text, or none, and is lost (prompt_toolkit issues #472 and #595).  oscmd's
completion engine does no I/O and answers in about 2 ms, so :func:`tab` calls
it synchronously on the line as it is when the key is handled: a unique
candidate is inserted with a trailing space (none after a directory or a
``--filter`` name's ``=``, where a value follows), several
insert their common part and open the menu, and further Tabs cycle through
it.  :class:`Menu` remembers which menu Tab opened (the arrows move in that
one only; otherwise they mean history).  Candidates with no text
(``loading instances…``) are notes: shown, never inserted.
"""

from __future__ import annotations

from prompt_toolkit.buffer import Buffer, CompletionState
from prompt_toolkit.completion import CompleteEvent, Completion, get_common_complete_suffix


def is_note(completion: Completion) -> bool:
    """A menu line that says something (the cache is loading) and inserts nothing."""
    return not completion.text and not completion.start_position


class Menu:
    """The completion menu Tab opened, if it is still the one shown."""

    def __init__(self) -> None:
        self._opened: CompletionState | None = None

    def opened_by_tab(self, buffer: Buffer) -> bool:
        return buffer.complete_state is not None and buffer.complete_state is self._opened

    def show(self, buffer: Buffer, completions: list[Completion]) -> None:
        """Open the menu on ``completions`` with nothing selected yet (the next Tab selects)."""
        state = CompletionState(original_document=buffer.document, completions=completions)
        buffer.complete_state = state
        self._opened = state
        buffer.on_completions_changed.fire()

    def close(self, buffer: Buffer) -> None:
        """Close the menu, keeping the line as it is (with the candidate chosen, if any)."""
        buffer.complete_state = None
        self._opened = None

    def cancel(self, buffer: Buffer) -> None:
        """Close the menu and go back to the text typed before a candidate was chosen."""
        buffer.cancel_completion()
        self.close(buffer)


def candidates(buffer: Buffer) -> list[Completion]:
    """The completions for the buffer's text as it is now (synchronous)."""
    if buffer.completer is None:
        return []
    return list(buffer.completer.get_completions(buffer.document, CompleteEvent(completion_requested=True)))


def take(buffer: Buffer, completion: Completion) -> None:
    """Insert ``completion`` and, as readline does, a space after it (not after a directory or ``name=``)."""
    buffer.apply_completion(completion)
    after = buffer.document.text_after_cursor[:1]
    if not completion.text.endswith(("/", "=")) and not after.isspace():
        buffer.insert_text(" ")


def tab(buffer: Buffer, menu: Menu, *, backwards: bool = False) -> str:
    """Handle Tab (or Shift-Tab): cycle the menu Tab opened, else complete the text now; say what happened."""
    if menu.opened_by_tab(buffer):
        if backwards:
            buffer.complete_previous()
        else:
            buffer.complete_next()
        return "cycled"
    found = candidates(buffer)
    real = [c for c in found if not is_note(c)]
    if not real:
        if found:
            menu.show(buffer, found)
            return "note"
        menu.close(buffer)
        return "none"
    if len(real) == 1:
        menu.close(buffer)
        take(buffer, real[0])
        return "unique"
    common = get_common_complete_suffix(buffer.document, real)
    if common:
        buffer.insert_text(common, fire_event=False)
        real = [c.new_completion_from_position(len(common)) for c in real]
    menu.show(buffer, real)
    return f"menu of {len(real)}" + (f", common part {common!r}" if common else "")
