"""The current snapshot, swapped atomically, with a generation per connection.

:class:`LiveCache` is the one mutable cell between the background refresher
and the keystrokes: readers take ``.snapshot`` (a plain reference read, never
blocked), writers pass a function from the old snapshot to the new one.  Each
connection switch starts a new generation, so a refresher still finishing a
call for the previous connection cannot overwrite the new one's data.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .snapshot import Snapshot

Listener = Callable[[Snapshot], None]


class LiveCache:
    """Holds the current :class:`Snapshot`; tells listeners when it changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot = Snapshot()
        self._generation = 0
        self._listeners: list[Listener] = []

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    @property
    def generation(self) -> int:
        return self._generation

    def begin(self, initial: Snapshot | None = None) -> int:
        """Start a new generation (a new connection) with an empty or given snapshot."""
        with self._lock:
            self._generation += 1
            self._snapshot = initial or Snapshot()
            generation, snap = self._generation, self._snapshot
        self._notify(snap)
        return generation

    def update(self, generation: int, change: Callable[[Snapshot], Snapshot]) -> Snapshot | None:
        """Apply ``change`` if ``generation`` is still current; return the new snapshot, else None."""
        with self._lock:
            if generation != self._generation:
                return None
            self._snapshot = change(self._snapshot)
            snap = self._snapshot
        self._notify(snap)
        return snap

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _notify(self, snap: Snapshot) -> None:
        for listener in list(self._listeners):
            try:
                listener(snap)
            except Exception:  # a listener (a terminal redraw) must never break the refresher
                continue
