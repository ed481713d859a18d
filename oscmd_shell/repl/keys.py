"""Key bindings added to prompt_toolkit's defaults, each logged at debug level.

Tab completes the line as it is when the key is handled (:mod:`.menu`);
Shift-Tab cycles back.  Up and Down move in the menu Tab opened, and
otherwise through the history, filtered by the text typed before the cursor
(fish and zsh do so); Ctrl-P and Ctrl-N always mean history.  Esc closes the
menu.  Enter on a completion chosen in the menu takes it and keeps editing (it
does not run the half-typed line), and on a directory opens the menu inside
it.  Ctrl-Space opens the menu.  Alt-. inserts the id behind ``$_``.  Ctrl-Z
suspends the shell as bash does (``fg`` resumes it) and never inserts a
literal ``^Z``.  A paste of several lines runs each line in order, as a
shell does: the first at once, the others through :class:`Pending`, and an
unfinished last line is left to edit.  Every binding writes one debug line
(logger ``oscmd_shell.repl.keys``) with the line as it was, so a race between
keys and completion can be read after the fact.
"""

from __future__ import annotations

import logging
import os
import signal
from collections import deque
from collections.abc import Callable, Sequence

from prompt_toolkit.application.current import get_app
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import Condition, has_completions, has_focus
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

from ..redact import redact
from .menu import Menu, candidates, is_note, tab

log = logging.getLogger(__name__)
editing = has_focus(DEFAULT_BUFFER)


def job_control() -> bool:
    """Whether a shell with job control started oscmd as a job of its own (so ``fg`` can resume it)."""
    try:
        return hasattr(signal, "SIGTSTP") and os.getpgrp() != os.getsid(0)
    except OSError:
        return False


class Pending:
    """Lines pasted ahead: each runs after the one before it; the last is left to edit."""

    def __init__(self) -> None:
        self.lines: deque[str] = deque()

    def add(self, lines: Sequence[str]) -> None:
        self.lines.extend(lines)

    def next(self) -> tuple[str, bool]:
        """The next line and whether it is complete (runs at once); ``("", False)`` when none."""
        while len(self.lines) > 1:
            line = self.lines.popleft()
            if line.strip():
                return line, True
        return (self.lines.popleft() if self.lines else ""), False

    def clear(self) -> None:
        self.lines.clear()


def _trace(event: KeyPressEvent, what: str) -> None:
    if log.isEnabledFor(logging.DEBUG):
        buffer = event.current_buffer
        log.debug("%s: keys %r, line %r at %d, menu %s", what, [k.key for k in event.key_sequence],
                  redact(buffer.text), buffer.cursor_position,
                  len(buffer.complete_state.completions) if buffer.complete_state else "closed")


@Condition
def _completion_chosen() -> bool:
    state = get_app().current_buffer.complete_state
    return state is not None and state.current_completion is not None and len(state.completions) > 1


def _recall(menu: Menu, key: str, *, backwards: bool, always_history: bool,
            doc: str) -> Callable[[KeyPressEvent], None]:
    """The handler of one history key (Up, Down, Ctrl-P, Ctrl-N)."""

    def handler(event: KeyPressEvent) -> None:
        _trace(event, key)
        buffer = event.current_buffer
        if not always_history and menu.opened_by_tab(buffer):
            (buffer.complete_previous if backwards else buffer.complete_next)(count=event.arg)
            return
        menu.cancel(buffer)
        (buffer.history_backward if backwards else buffer.history_forward)(count=event.arg)

    handler.__doc__ = doc
    return handler


def bindings(last_ids: Callable[[], Sequence[str]], pending: Pending, menu: Menu | None = None) -> KeyBindings:
    """The shell's own bindings (``pending`` receives the lines of a multi-line paste)."""
    kb = KeyBindings()
    menu = menu or Menu()

    @kb.add("tab", filter=editing)
    def _tab(event: KeyPressEvent) -> None:
        """Tab: complete the line as it is now; a unique candidate is taken, several open the menu."""
        _trace(event, "tab")
        log.debug("tab: %s", tab(event.current_buffer, menu))

    @kb.add("s-tab", filter=editing)
    def _back_tab(event: KeyPressEvent) -> None:
        """Shift-Tab: cycle backwards in the menu Tab opened (else as Tab)."""
        _trace(event, "shift-tab")
        log.debug("shift-tab: %s", tab(event.current_buffer, menu, backwards=True))

    @kb.add("c-space", filter=editing)
    def _menu(event: KeyPressEvent) -> None:
        """Ctrl-Space: open the menu on every candidate (no insertion), or move to the next one."""
        _trace(event, "ctrl-space")
        buffer = event.current_buffer
        found = [] if menu.opened_by_tab(buffer) else candidates(buffer)
        if found:
            menu.show(buffer, found)
        else:
            buffer.complete_next()

    for key, backwards, always, doc in (
        ("up", True, False, "Up: the previous entry in the menu Tab opened, else the previous history line "
                            "starting as typed."),
        ("down", False, False, "Down: the next entry in the menu Tab opened, else the next history line "
                               "starting as typed."),
        ("c-p", True, True, "Ctrl-P: always the previous history line starting as typed (a menu closes, its "
                            "choice undone)."),
        ("c-n", False, True, "Ctrl-N: always the next history line starting as typed (a menu closes, its "
                             "choice undone)."),
    ):
        kb.add(key, filter=editing)(_recall(menu, key, backwards=backwards, always_history=always, doc=doc))

    @kb.add("escape", filter=editing & has_completions)
    def _close(event: KeyPressEvent) -> None:
        """Esc: close the menu, keeping the line as it is."""
        _trace(event, "escape")
        menu.close(event.current_buffer)

    @kb.add("enter", filter=editing & _completion_chosen)
    def _take_completion(event: KeyPressEvent) -> None:
        """Enter on a chosen completion: take it and keep editing; on a directory, show what is inside."""
        _trace(event, "enter on a completion")
        buffer = event.current_buffer
        chosen = buffer.complete_state.current_completion if buffer.complete_state else None
        menu.close(buffer)
        if chosen is not None and chosen.text.endswith("/"):
            inside = [c for c in candidates(buffer) if not is_note(c)]
            if inside:
                menu.show(buffer, inside)
            return
        if not buffer.document.text_after_cursor[:1].isspace():
            buffer.insert_text(" ")

    @kb.add("escape", ".", filter=editing)
    def _last_id(event: KeyPressEvent) -> None:
        """Alt-.: insert the first id the previous line produced (what ``$_`` stands for)."""
        _trace(event, "alt-.")
        ids = last_ids()
        if ids:
            event.current_buffer.insert_text(ids[0])

    @kb.add("c-z")
    def _suspend(event: KeyPressEvent) -> None:
        """Ctrl-Z: suspend the shell as bash does (``fg`` resumes it); never a literal ^Z in the line."""
        _trace(event, "ctrl-z")
        if job_control():
            event.app.suspend_to_background()
        else:
            log.debug("ctrl-z: no job control (oscmd leads its session): nobody could resume it")

    @kb.add(Keys.BracketedPaste, filter=editing)
    def _paste(event: KeyPressEvent) -> None:
        """A paste: one line is inserted; with several, each complete line runs in order and the rest stays."""
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")
        _trace(event, f"paste of {data.count(chr(10)) + 1} line(s)")
        buffer = event.current_buffer
        if "\n" not in data:
            buffer.insert_text(data)
            return
        first, *rest = data.split("\n")
        pending.add(rest)
        menu.close(buffer)
        buffer.insert_text(first, fire_event=False)
        buffer.validate_and_handle()

    return kb
