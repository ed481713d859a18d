"""Batch mode: run a script file or piped stdin, line by line, with one line runner.

Lines mean what they mean in the shell (the same :class:`LineRunner`): ``$_``,
``set``, ``use`` and ``unset`` work, blank lines and ``#`` comments are
skipped, lines are split with shell-style quoting, and ``!command`` is the only
thing ever handed to a shell.  The first failing line stops the run with
``script.os:LINE: message`` on stderr and that line's exit status, unless
``--keep-going`` (which never goes past a failed ``set``, ``use`` or
``unset``: the lines after it would run in another context).  No prompt, no
escape codes.
"""

from __future__ import annotations

from collections.abc import Iterable

from .context import Context
from .errors import Exit
from .lines.runner import LineRunner


def run_lines(lines: Iterable[str], source: str, ctx: Context) -> int:
    """Run every line; return the exit status of the run."""
    runner = LineRunner(ctx)
    status = 0
    done = 0
    for lineno, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        outcome = runner.run_line(line)
        if outcome.status == Exit.INTERRUPTED:
            ctx.env.stderr.write(f"{source}:{lineno}: interrupted ({done} line(s) completed before it)\n")
            return int(Exit.INTERRUPTED)
        if outcome.error:
            ctx.env.stderr.write(outcome.error_lines(f"{source}:{lineno}: "))
            ctx.env.stderr.flush()
        if outcome.status:
            status = outcome.status
            if outcome.stops and ctx.settings.keep_going:
                ctx.env.stderr.write(f"{source}:{lineno}: stopped: the lines after it would not run where "
                                     "and on what the script says\n")
            if not ctx.settings.keep_going or outcome.stops:
                return status
        else:
            done += 1
    return status
