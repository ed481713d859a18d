"""Run several producers concurrently and yield what they produce in their order, as it arrives.

:func:`ordered` starts one daemon thread per job (at most ``workers`` at work
at once) and yields the items of job 0 as soon as they come, then those of
job 1 (already waiting, or as they come), and so on: the output order does not
depend on which job answers first, and the first job's items are never held
back by the others.  A job that raises stops only itself: ``on_error`` is told
its index and the exception when its turn comes, and the next job's items
follow.  Stdlib only; nothing here knows about EC2.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
#: producers at work at once (one per region/profile target, each with its own connection)
MAX_WORKERS = 16

_ITEM, _DONE, _FAILED = 0, 1, 2


def ordered(
    jobs: Sequence[Callable[[], Iterable[T]]],
    on_error: Callable[[int, BaseException], None],
    *,
    workers: int = MAX_WORKERS,
) -> Iterator[T]:
    """The items of every job, job by job, produced concurrently (see the module docstring)."""
    if not jobs:
        return
    gate = threading.BoundedSemaphore(max(1, workers))
    stop = threading.Event()
    queues: list[queue.SimpleQueue[tuple[int, object]]] = [queue.SimpleQueue() for _ in jobs]

    def run(index: int) -> None:
        out = queues[index]
        with gate:
            try:
                if stop.is_set():
                    out.put((_DONE, None))
                    return
                for item in jobs[index]():
                    out.put((_ITEM, item))
                    if stop.is_set():
                        break
                out.put((_DONE, None))
            except BaseException as exc:  # handed to the consumer, who reports it
                out.put((_FAILED, exc))

    for i in range(len(jobs)):
        threading.Thread(target=run, args=(i,), name=f"oscmd-target-{i}", daemon=True).start()
    try:
        for index, out in enumerate(queues):
            while True:
                kind, value = out.get()
                if kind == _ITEM:
                    yield value  # type: ignore[misc]
                    continue
                if kind == _FAILED:
                    assert isinstance(value, BaseException)
                    on_error(index, value)
                break
    finally:
        stop.set()
