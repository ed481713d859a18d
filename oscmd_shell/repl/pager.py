"""Send long output through a pager, only when it is longer than the screen.

:class:`PagingWriter` stands in for stdout while one command (or a built-in
such as ``help``) runs: it holds what the command writes; at the end, text
taller than the terminal goes to ``$PAGER`` and shorter text is printed as
is.  The default pager is ``less`` with ``LESS=-FRX`` unless ``LESS`` is set
(as pgcli does): colours pass, and the text stays on the screen after ``q``.
Output that keeps coming (``console -f``, waits with progress) is not held:
one second after the first write the writer goes live and passes everything
through, so streaming commands stream; and anything written to stderr
(a progress line, a warning) first releases what stdout holds, so lines
appear in the order they were produced.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TextIO, cast

from ..context import Context

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DEFAULT_PAGER = "less"
DEFAULT_LESS = "-FRX"  # colours pass (R), the text stays after q (X), one screen or less is just printed (F)
LIVE_AFTER = 1.0


def rows(text: str, columns: int) -> int:
    """Terminal rows ``text`` takes at ``columns`` wide (escape codes take none)."""
    width = max(1, columns)
    total = 0
    for line in text.splitlines():
        length = len(_ANSI.sub("", line))
        total += max(1, -(-length // width))
    return total


def page(text: str, environ: Mapping[str, str], fallback: TextIO) -> None:
    """Show ``text`` in the user's pager (Ctrl-C belongs to the pager meanwhile)."""
    command = environ.get("PAGER", DEFAULT_PAGER)
    argv = shlex.split(command) if command.strip() else []
    if not argv:
        fallback.write(text)
        fallback.flush()
        return
    env = dict(os.environ)
    env.update(environ)
    env.setdefault("LESS", DEFAULT_LESS)
    fallback.flush()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        subprocess.run(argv, input=text.encode("utf-8", "replace"), check=False, env=env)
    except OSError:
        fallback.write(text)
        fallback.flush()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


class _Standing(io.TextIOBase):
    """A text stream standing in for ``real``: a terminal if it is one, with its descriptor and encoding."""

    def __init__(self, real: TextIO) -> None:
        super().__init__()
        self.real = real

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.real.isatty()

    def fileno(self) -> int:
        return self.real.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.real, "encoding", "utf-8") or "utf-8"


class PagingWriter(_Standing):
    """Holds a command's stdout, then prints it or pages it; goes live for slow streams."""

    def __init__(self, real: TextIO, *, lines: Callable[[], int], columns: Callable[[], int],
                 environ: Mapping[str, str], live_after: float = LIVE_AFTER) -> None:
        super().__init__(real)
        self.lines = lines
        self.columns = columns
        self.environ = environ
        self.live_after = live_after
        self._held: list[str] = []
        self._live = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def write(self, text: str) -> int:
        with self._lock:
            if self._live:
                self.real.write(text)
                return len(text)
            self._held.append(text)
            if self._timer is None:
                self._timer = threading.Timer(self.live_after, self.go_live)
                self._timer.daemon = True
                self._timer.start()
        return len(text)

    def flush(self) -> None:
        with self._lock:
            if self._live:
                self.real.flush()

    def go_live(self) -> None:
        """Print what is held and pass everything through from now on."""
        with self._lock:
            if self._live:
                return
            self._live = True
            held, self._held = "".join(self._held), []
            self.real.write(held)
            self.real.flush()

    def finish(self) -> None:
        """The command is over: print or page what is held."""
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            held, self._held = "".join(self._held), []
            live, self._live = self._live, True
        if live or not held:
            self.real.flush()
            return
        if rows(held, self.columns()) > max(1, self.lines() - 1):
            page(held, self.environ, self.real)
        else:
            self.real.write(held)
            self.real.flush()


class ReleasingWriter(_Standing):
    """stderr while stdout is held: writing here first prints what stdout holds (the order is kept)."""

    def __init__(self, real: TextIO, held: PagingWriter) -> None:
        super().__init__(real)
        self.held = held

    def write(self, text: str) -> int:
        self.held.go_live()
        return self.real.write(text)

    def flush(self) -> None:
        self.real.flush()


def paging(ctx: Context, lines: Callable[[], int], columns: Callable[[], int]) -> tuple[Context, Callable[[], None]]:
    """A context whose stdout pages, and the function to call when the command ends."""
    env = ctx.env
    writer = PagingWriter(env.stdout, lines=lines, columns=columns, environ=env.environ)
    asker = env.ask

    def ask(question: str) -> str:
        writer.go_live()
        return asker(question) if asker is not None else ""

    line_env = replace(env, stdout=cast(TextIO, writer), stderr=cast(TextIO, ReleasingWriter(env.stderr, writer)),
                       ask=ask if asker is not None else None)
    return Context(line_env, ctx.config, ctx.settings, ctx.clients, ctx.poll_interval), writer.finish
