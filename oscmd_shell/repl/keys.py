"""Key bindings added to prompt_toolkit's defaults (which already give Tab, Ctrl-R, Ctrl-C, Ctrl-D).

Ctrl-Space opens the completion menu; Enter on a completion chosen in the menu
takes that completion and keeps editing (it does not run the half-typed line);
Alt-. inserts the id behind ``$_`` (the first id the previous line produced),
like a shell's last-argument key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from prompt_toolkit.application.current import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent


@Condition
def _completion_chosen() -> bool:
    state = get_app().current_buffer.complete_state
    return state is not None and state.current_completion is not None and len(state.completions) > 1


def bindings(last_ids: Callable[[], Sequence[str]]) -> KeyBindings:
    kb = KeyBindings()

    @kb.add("c-space")
    def _menu(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.complete_state:
            buffer.complete_next()
        else:
            buffer.start_completion(select_first=False)

    @kb.add("enter", filter=_completion_chosen)
    def _take_completion(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.complete_state = None
        if not buffer.text.endswith(" "):
            buffer.insert_text(" ")

    @kb.add("escape", ".")
    def _last_id(event: KeyPressEvent) -> None:
        ids = last_ids()
        if ids:
            event.current_buffer.insert_text(ids[0])

    return kb
