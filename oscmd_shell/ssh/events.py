"""Remote output as oscmd events: run a blocking SSH call in a worker thread.

Handlers never print: :func:`stream` runs a blocking call (a remote command,
an upload) in a worker thread and yields what it writes as :class:`Output`
events as they arrive, so the renderer passes remote output through live:
what a command the user runs over ssh writes is their own session and goes
out raw; oscmd's own work (the post-install, a local ``ping``) is escaped like
any remote text.
Ctrl-C closes the connection the worker uses and raises :class:`Interrupted`.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TextIO, TypeVar, cast

from ..errors import Interrupted
from ..output.results import Event, Output

if TYPE_CHECKING:
    from .client import Connection

T = TypeVar("T")


class _QueueWriter(io.TextIOBase):
    """A text stream whose writes become ``(stream, text)`` items of a queue."""

    def __init__(self, items: queue.Queue[tuple[str, str] | None], stream: str) -> None:
        super().__init__()
        self._items = items
        self._stream = stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self._items.put((self._stream, text))
        return len(text)


def stream(
    work: Callable[[TextIO, TextIO], T],
    *,
    interrupted: str,
    cancel: Callable[[], None] | None = None,
    stdout: str = "stdout",
    raw: bool = False,
) -> Generator[Event, None, T]:
    """Run ``work(out, err)`` in a worker thread; yield what it writes as :class:`Output`; return its result.

    What ``work`` writes to ``out`` goes to the ``stdout`` stream name (so it
    can be sent to ``"stderr"`` to keep standard output machine-readable);
    ``raw`` output is written unescaped.
    On Ctrl-C, ``cancel`` is called (to close the connection the worker uses)
    and :class:`Interrupted` is raised with the message ``interrupted``.
    """
    items: queue.Queue[tuple[str, str] | None] = queue.Queue()
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = work(cast(TextIO, _QueueWriter(items, stdout)),
                                     cast(TextIO, _QueueWriter(items, "stderr")))
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc
        finally:
            items.put(None)

    worker = threading.Thread(target=run, name="oscmd-stream", daemon=True)
    worker.start()
    try:
        while (item := items.get()) is not None:
            yield Output(item[1], stream=item[0], raw=raw)
        worker.join()
    except KeyboardInterrupt:
        if cancel is not None:
            cancel()
        raise Interrupted(interrupted) from None
    if "error" in outcome:
        raise outcome["error"]
    return cast(T, outcome["result"])


def run_remote(
    client: Connection, command: str, *, stdin: bytes | None = None, stdout: str = "stdout",
    interrupted: str = "interrupted; the remote command was abandoned", raw: bool = True,
) -> Generator[Event, None, int]:
    """Run ``command`` on ``client``, yielding its output as it arrives; return its exit status.

    ``raw`` output is the user's own session (``instance ssh CMD``); oscmd's own work on the instance
    (the post-install, extendvol) is a log, escaped like any remote text.
    """
    from . import remote

    def work(out: TextIO, err: TextIO) -> int:
        return remote.run(client, command, stdout=out, stderr=err, stdin=stdin)

    status = yield from stream(work, interrupted=interrupted, cancel=client.close, stdout=stdout, raw=raw)
    return status
