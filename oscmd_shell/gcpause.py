"""Keep the cycle collector out of big parses, and out of the way of the data they leave.

Parsing thousands of EC2 records makes millions of short-lived objects;
CPython's cycle collector then runs full collections over everything alive,
which stalls every thread (a keystroke in the shell waited up to 98 ms while
the cache refresher parsed 10,000 instances).  :func:`paused` turns the
collector off for the length of a parse (reference counting still frees what
the parse drops), nested and from any thread; :func:`settle` moves what is
alive now (a loaded completion snapshot, boto3 once imported) out of the
collector's sight with ``gc.freeze()``, so later full collections do not walk
it again.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection while the block runs (the collector's state is restored after the last one)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def settle() -> None:
    """Freeze what is alive now: long-lived data stops costing every full collection.

    No collection first: after a paused parse or import the young generation
    is large, and collecting it would be the very pause this avoids (a few
    cycles of garbage frozen with the rest cost less).
    """
    with _lock:
        if not _depth:
            gc.freeze()
