"""The output of a line that ends with ``| COMMAND``, ``> FILE`` or ``>> FILE``.

A target gives the line a context whose standard output is the pipe or the
file (not a terminal: no colour, no pager, no progress lines in it) and,
when the line is over, turns the line's outcome into the line's outcome as a
shell would see it.  ``| COMMAND`` streams each write to ``/bin/sh -c
COMMAND`` as it is produced; the line's status is then the command's, as the
last command of a pipeline, and a reader that stops early (``| head -1``)
ends the oscmd command quietly.  ``> FILE`` and ``>> FILE`` keep the output
and write it through :func:`oscmd_shell.fileio.write_output` when the line
succeeded or was interrupted with Ctrl-C; a line that failed leaves the file
as it was.  The file is checked before the line runs (a link, a directory or
a missing directory is refused then), so nothing is done for output that
could not be kept.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import TextIO, cast

from ..context import Context
from ..env import Env
from ..errors import Exit, OutputClosed, OutputFailure, UsageError
from ..fileio import LinkRefused, check_output, write_output
from ..output.results import Outcome
from ..output.terminal import line
from .external import SH, spawn, status_outcome, wait
from .redirect import Redirect


class Target:
    """Where one line's standard output goes instead of the terminal."""

    stream: TextIO

    def context(self, ctx: Context) -> Context:
        env = replace(ctx.env, stdout=self.stream, stdout_isatty=False)
        return Context(env, ctx.config, ctx.settings, ctx.clients, ctx.poll_interval)

    def close(self, outcome: Outcome) -> Outcome:
        raise NotImplementedError


class _PipeStream(io.TextIOBase):
    """Text written to a program's standard input as it comes."""

    def __init__(self, pipe: io.BufferedWriter) -> None:
        super().__init__()
        self.pipe = pipe
        self.closed_by_reader = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            self.pipe.write(text.encode("utf-8", errors="replace"))
        except (BrokenPipeError, ValueError):
            self.closed_by_reader = True
            raise OutputClosed("") from None
        return len(text)

    def flush(self) -> None:
        try:
            self.pipe.flush()
        except (BrokenPipeError, ValueError):
            self.closed_by_reader = True
            raise OutputClosed("") from None


class PipeTarget(Target):
    """``| COMMAND``: the output streams to ``/bin/sh -c COMMAND``."""

    def __init__(self, command: str, env: Env) -> None:
        self.command = command
        self.env = env
        try:
            self.proc, self._copy = spawn(command, env, stdin=subprocess.PIPE)
        except OSError as exc:
            raise UsageError(f"cannot run {SH}: {exc.strerror or exc}") from None
        assert self.proc.stdin is not None
        self.stream = cast(TextIO, _PipeStream(cast(io.BufferedWriter, self.proc.stdin)))

    def close(self, outcome: Outcome) -> Outcome:
        try:
            self.proc.stdin.close()  # type: ignore[union-attr]
        except (BrokenPipeError, OSError):
            pass
        status = wait(self.proc)
        self._copy()
        if outcome.status not in (0, Exit.BROKEN_PIPE):
            return outcome
        piped = status_outcome(self.command, status, self.env)
        outcome.status, outcome.error, outcome.hint = piped.status, piped.error, None  # both already escaped
        return outcome


class FileTarget(Target):
    """``> FILE`` and ``>> FILE``: the output is kept and written when the line is over."""

    def __init__(self, path: Path, shown: str, append: bool) -> None:
        self.path = path
        self.shown = shown
        self.append = append
        self.stream = cast(TextIO, io.StringIO())
        try:
            check_output(path)
        except OSError as exc:
            raise OutputFailure(self._cannot(exc)) from None

    def _cannot(self, exc: OSError) -> str:
        if isinstance(exc, LinkRefused):
            return f"{self.shown} is a symbolic link: oscmd never writes through one"
        return f"cannot write {self.shown}: {exc.strerror or exc}"

    def close(self, outcome: Outcome) -> Outcome:
        if outcome.status not in (0, Exit.INTERRUPTED):
            if outcome.error:
                outcome.error += line(f" ({self.shown} left as it was)")
            return outcome
        data = cast(io.StringIO, self.stream).getvalue().encode("utf-8")
        try:
            write_output(self.path, data, append=self.append)
        except OSError as exc:
            return Outcome(Exit.OUTPUT, self._cannot(exc))
        return outcome


def open_target(redirect: Redirect, env: Env) -> Target | None:
    """The target of ``redirect`` (None when the line has none); raises OscmdError when it cannot be opened."""
    if redirect.pipe is not None:
        return PipeTarget(redirect.pipe, env)
    if redirect.path is not None:
        return FileTarget(env.expand(redirect.path), redirect.path, redirect.append)
    return None
