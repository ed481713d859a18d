"""Key bindings added to prompt_toolkit's defaults (which already give Tab, Ctrl-R, Ctrl-C, Ctrl-D).

Ctrl-Space opens the completion menu; Alt-. inserts the id behind ``$_``
(the first id the previous line produced), like a shell's last-argument key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent


def bindings(last_ids: Callable[[], Sequence[str]]) -> KeyBindings:
    kb = KeyBindings()

    @kb.add("c-space")
    def _menu(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.complete_state:
            buffer.complete_next()
        else:
            buffer.start_completion(select_first=False)

    @kb.add("escape", ".")
    def _last_id(event: KeyPressEvent) -> None:
        ids = last_ids()
        if ids:
            event.current_buffer.insert_text(ids[0])

    return kb
