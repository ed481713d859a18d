"""The one wait helper: poll until done, with progress, a timeout and Ctrl-C.

Handlers ``yield from wait_until(...)``: it yields :class:`Progress` events
(shown as a live line on a terminal, dropped on a pipe) and returns the last
observed value.  It gives up after the configured timeout with an error that
names the state things were left in, and Ctrl-C stops the wait, not the shell,
with the same information.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TypeVar

from ..errors import ApiError, Interrupted
from ..output.results import Progress

T = TypeVar("T")


def wait_until(
    poll: Callable[[], T],
    done: Callable[[T], bool],
    *,
    what: str,
    describe: Callable[[T], str],
    timeout: float,
    interval: float,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    failed: Callable[[T], str | None] | None = None,
) -> Generator[Progress, None, T]:
    """Poll ``poll()`` until ``done(value)``; yield progress; return the final value."""
    start = clock()
    value = poll()
    try:
        while not done(value):
            if failed is not None:
                reason = failed(value)
                if reason:
                    raise ApiError(f"{what}: {reason}")
            elapsed = clock() - start
            if elapsed >= timeout:
                raise ApiError(
                    f"timed out after {int(elapsed)}s waiting for {what}; it is {describe(value)} "
                    "(raise --timeout to wait longer)"
                )
            yield Progress(f"waiting for {what}: {describe(value)} ({int(elapsed)}s)")
            sleep(min(interval, max(0.05, timeout - elapsed)))
            value = poll()
    except KeyboardInterrupt:
        raise Interrupted(f"stopped waiting for {what}; it was {describe(value)}") from None
    return value
