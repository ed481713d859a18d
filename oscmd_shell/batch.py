"""Batch mode: run a script file or piped stdin, line by line, with one client.

Blank lines and ``#`` comments are skipped, lines are split with shell-style
quoting, ``!command`` is the only thing ever handed to a shell.  The first
failing line stops the run with ``script.os:LINE: message`` on stderr and that
line's exit status, unless ``--keep-going``.  No prompt, no escape codes.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Iterable

from .context import Context
from .dispatch import execute
from .errors import Exit
from .output.render import Renderer
from .output.results import Outcome


def split_line(line: str) -> list[str]:
    """Shell-style split of one script line (raises ValueError on an open quote)."""
    return shlex.split(line, comments=True, posix=True)


def shell_escape(command: str, ctx: Context) -> Outcome:
    """Run ``!command`` through the user's shell: the one explicit escape hatch."""
    proc = subprocess.run(command, shell=True, check=False, capture_output=True)
    ctx.env.stdout.write(proc.stdout.decode(errors="replace"))
    ctx.env.stderr.write(proc.stderr.decode(errors="replace"))
    ctx.env.stdout.flush()
    if proc.returncode:
        return Outcome(proc.returncode if proc.returncode < 128 else Exit.API,
                       f"'{command}' exited with status {proc.returncode}")
    return Outcome()


def run_lines(lines: Iterable[str], source: str, ctx: Context) -> int:
    """Run every line; return the exit status of the run."""
    renderer = Renderer(ctx.env, ctx.settings.output)
    status = 0
    done = 0
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("!"):
            outcome = shell_escape(line[1:].strip(), ctx)
        else:
            try:
                tokens = split_line(line)
            except ValueError as exc:
                outcome = Outcome(Exit.USAGE, f"cannot split line: {exc}")
            else:
                if not tokens:
                    continue
                outcome = execute(tokens, ctx, renderer)
        if outcome.status == Exit.INTERRUPTED:
            ctx.env.stderr.write(f"{source}:{lineno}: interrupted ({done} line(s) completed before it)\n")
            return int(Exit.INTERRUPTED)
        if outcome.error:
            ctx.env.stderr.write(outcome.error_lines(f"{source}:{lineno}: "))
            ctx.env.stderr.flush()
        if outcome.status:
            status = outcome.status
            if not ctx.settings.keep_going:
                return status
        else:
            done += 1
    return status
