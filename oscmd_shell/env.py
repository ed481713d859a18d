"""The process environment, injected: streams, tty flags, width, clock, XDG dirs.

Everything oscmd learns from its process (standard streams and whether they are
terminals, environment variables, home and XDG directories, the clock, how to
ask a yes/no question) comes through an :class:`Env`.  The entry point builds
one from the real process; tests build one from StringIO and temp dirs.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


def _xdg(environ: Mapping[str, str], var: str, home: Path, default: str) -> Path:
    value = environ.get(var)
    return Path(value) if value and os.path.isabs(value) else home / default


@dataclass
class Env:
    """The injected environment of one oscmd process or test."""

    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    environ: Mapping[str, str]
    stdin_isatty: bool = False
    stdout_isatty: bool = False
    stderr_isatty: bool = False
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    ask: Callable[[str], str] | None = None
    columns: int = 80
    lines: int = 24
    in_shell: bool = False
    _home: Path | None = field(default=None, repr=False)

    @classmethod
    def from_process(cls) -> Env:
        size = shutil.get_terminal_size((80, 24))
        stdin_tty = _isatty(sys.stdin)
        return cls(
            stdin=sys.stdin,
            stdout=sys.stdout,
            stderr=sys.stderr,
            environ=os.environ,
            stdin_isatty=stdin_tty,
            stdout_isatty=_isatty(sys.stdout),
            stderr_isatty=_isatty(sys.stderr),
            ask=_terminal_ask if stdin_tty else None,
            columns=size.columns,
            lines=size.lines,
        )

    @property
    def home(self) -> Path:
        if self._home is not None:
            return self._home
        return Path(self.environ.get("HOME") or os.path.expanduser("~"))

    @property
    def interactive(self) -> bool:
        """True when a person can answer a question (a terminal on stdin, or the shell)."""
        return self.ask is not None

    @property
    def colour(self) -> bool:
        return self.stdout_isatty and "NO_COLOR" not in self.environ and self.environ.get("TERM") != "dumb"

    @property
    def config_dir(self) -> Path:
        return _xdg(self.environ, "XDG_CONFIG_HOME", self.home, ".config") / "oscmd"

    @property
    def cache_dir(self) -> Path:
        return _xdg(self.environ, "XDG_CACHE_HOME", self.home, ".cache") / "oscmd"

    @property
    def state_dir(self) -> Path:
        return _xdg(self.environ, "XDG_STATE_HOME", self.home, ".local/state") / "oscmd"

    def expand(self, path: str) -> Path:
        """Expand ``~`` against this environment's home."""
        if path == "~" or path.startswith("~/"):
            return self.home / path[2:]
        return Path(path)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _terminal_ask(question: str) -> str:
    return input(question)
