"""Render a command's events: data to its format, progress and warnings to stderr, remote text as it comes.

:class:`Renderer` receives every event a handler produces, in order.  Data
(:class:`~.results.Records`, :class:`~.results.Message`,
:class:`~.results.Attributes`) goes to the output format's
:class:`~.formats.Format` (``emit_list`` or ``emit_one``; one class per
format, each saying whether it streams); progress lines (terminal only) and
warnings go to stderr; :class:`~.results.Output` (console, ssh) is passed on
as it arrives.  Every string from the endpoint reaches the terminal through
:mod:`.terminal`: console output keeps its line ends and tabs, everything else
is escaped by the format.
"""

from __future__ import annotations

from ..env import Env
from . import terminal
from .document import to_json, to_yaml
from .formats import make_format
from .results import Event, Output, Progress, Records, Status, Warning_

__all__ = ["Renderer", "to_json", "to_yaml"]


class Renderer:
    """Writes the events of one command (or one line) for one output format to one environment's streams."""

    def __init__(self, env: Env, fmt: str, *, highlight: bool = False, query: str | None = None) -> None:
        self.env = env
        self.fmt = fmt
        self.query = query
        self.highlight = highlight and env.colour
        self.format = make_format(fmt, env, highlight=self.highlight, query=query)
        self._progress_shown = False
        self._held_cr: set[str] = set()  # streams whose last escaped Output ended inside a CR LF

    # -- public ----------------------------------------------------------------------------
    def event(self, ev: Event) -> None:
        if isinstance(ev, Progress):
            self._progress(terminal.line(ev.text))
            return
        self.clear_progress()
        if isinstance(ev, Output):
            self._output(ev)
            return
        self._release_cr()
        if isinstance(ev, Warning_):
            self.env.stderr.write(terminal.line(ev.text.rstrip("\n")) + "\n")
            self.env.stderr.flush()
        elif isinstance(ev, Records):
            self.format.emit_list(ev)
        elif not isinstance(ev, Status):
            self.format.emit_one(ev)

    def flush(self) -> None:
        """End of a command: the format writes what it held (a JSON document, a table)."""
        self._release_cr()
        self.format.end()

    def clear_progress(self) -> None:
        if self._progress_shown:
            self.env.stderr.write("\r\x1b[K")
            self.env.stderr.flush()
            self._progress_shown = False

    def _output(self, ev: Output) -> None:
        """Remote text as it arrives; a CR ending one piece waits to see whether an LF follows."""
        stream = self.env.stderr if ev.stream == "stderr" else self.env.stdout
        text = ev.text
        if not ev.raw:
            if ev.stream in self._held_cr:
                self._held_cr.discard(ev.stream)
                text = "\r" + text
            if text.endswith("\r"):
                self._held_cr.add(ev.stream)
                text = text[:-1]
            text = terminal.block(text)
        stream.write(text)
        stream.flush()

    def _release_cr(self) -> None:
        for name in sorted(self._held_cr):
            stream = self.env.stderr if name == "stderr" else self.env.stdout
            stream.write(terminal.block("\r"))
            stream.flush()
        self._held_cr.clear()

    def _progress(self, text: str) -> None:
        if not self.env.stderr_isatty:
            return
        width = max(20, self.env.columns - 1)
        self.env.stderr.write("\r\x1b[K" + text[:width])
        self.env.stderr.flush()
        self._progress_shown = True
