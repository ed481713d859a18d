"""Critical sections: SIGINT, SIGTERM and SIGHUP held until a step is finished or undone.

Some steps must not be cut in the middle: once EC2 has created a key pair,
oscmd must either save its private key or delete the key pair again.  Inside
``with hold_signals() as held:`` the first SIGINT, SIGTERM or SIGHUP is only
recorded; the code looks at :meth:`Held.take` at its safe points and undoes
its work.  (SIGTERM and SIGHUP would otherwise end the process on the spot,
with no cleanup at all.)  A second signal raises :class:`Forced` at once, for
an operator who will not wait.  Handlers are installed only on the main
thread and never for a signal the process ignores (as under ``nohup``); the
previous ones are restored when the block ends, and a signal recorded but not
taken is delivered again then, so it is delayed, never lost.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

HELD = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Forced(KeyboardInterrupt):
    """A second signal arrived while the first was held: stop now."""


@dataclass
class Held:
    """The signal recorded during a critical section, if any."""

    signum: int | None = None
    taken: bool = False

    def take(self) -> str | None:
        """The name of the recorded signal (``SIGTERM``...), now handled by the caller; None if none came."""
        if self.signum is None:
            return None
        self.taken = True
        return signal.Signals(self.signum).name


@contextlib.contextmanager
def hold_signals() -> Iterator[Held]:
    """Record SIGINT, SIGTERM and SIGHUP instead of acting on them, for the block's duration."""
    held = Held()
    if threading.current_thread() is not threading.main_thread():
        yield held
        return

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if held.signum is not None:
            held.taken = True  # both signals are answered by stopping now
            raise Forced(signal.Signals(signum).name)
        held.signum = signum

    previous: dict[int, object] = {}
    try:
        for signum in HELD:
            current = signal.getsignal(signum)
            if current == signal.SIG_IGN:
                continue
            previous[signum] = current
            signal.signal(signum, on_signal)
        yield held
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)  # type: ignore[arg-type]
        if held.signum is not None and not held.taken:
            signal.raise_signal(held.signum)
