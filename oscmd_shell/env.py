"""The process environment, injected: streams, tty flags, width, clock, XDG dirs.

Everything oscmd learns from its process (standard streams and whether they are
terminals, environment variables, home and XDG directories, the clock, how to
ask a yes/no question) comes through an :class:`Env`.  The entry point builds
one from the real process; tests build one from StringIO and temp dirs.
"""

from __future__ import annotations

import errno
import io
import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, cast

from .errors import OutputClosed, OutputFailure


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
            stdout=cast(TextIO, OutputStream(sys.stdout)),
            stderr=cast(TextIO, OutputStream(sys.stderr, quiet=True)),
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
    """Ask on the terminal itself, never on stdout (which may be a file or a pipe of JSON)."""
    try:
        with open("/dev/tty", "r+", encoding="utf-8", errors="replace") as tty:
            tty.write(question)
            tty.flush()
            return tty.readline()
    except OSError:
        sys.stderr.write(question)
        sys.stderr.flush()
        return sys.stdin.readline()


class OutputStream(io.TextIOBase):
    """A standard stream as oscmd writes to it: a failed write becomes one clear error.

    Writing to a closed standard output (``>&-``), a full disk or a pipe whose
    reader went away raises :class:`OutputFailure` or :class:`OutputClosed`
    instead of an ``OSError`` from deep inside a verb.  With ``quiet`` (standard
    error, where there is nowhere left to report) failures are dropped.
    """

    def __init__(self, stream: TextIO | None, *, quiet: bool = False) -> None:
        self._stream = stream
        self._quiet = quiet
        self.failed: OutputFailure | None = None

    def _fail(self, exc: OSError) -> int:
        if self.failed is None:
            if exc.errno == errno.EPIPE:
                self.failed = OutputClosed("")
            else:
                what = exc.strerror or exc.__class__.__name__
                self.failed = OutputFailure(f"cannot write to standard output: {what}")
        if self._quiet:
            return 0
        raise self.failed

    def write(self, text: str) -> int:
        if self.failed is not None:
            return 0 if self._quiet else self._fail(OSError())
        if self._stream is None:
            return self._fail(OSError(errno.EBADF, os.strerror(errno.EBADF)))
        try:
            return self._stream.write(text)
        except OSError as exc:
            return self._fail(exc)
        except ValueError:  # the stream was closed
            return self._fail(OSError(errno.EBADF, os.strerror(errno.EBADF)))

    def flush(self) -> None:
        if self._stream is None or self.failed is not None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            self._fail(exc)
        except ValueError:
            self._fail(OSError(errno.EBADF, os.strerror(errno.EBADF)))

    def isatty(self) -> bool:
        return _isatty(self._stream) if self._stream is not None else False

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    def writable(self) -> bool:
        return True
