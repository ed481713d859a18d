"""The shell's session state around the shared line runner (no terminal code here).

:class:`Shell` is the :class:`~oscmd_shell.lines.runner.LineRunner` that
scripts use too (context, ``use`` selection, ``$_``, ``set``), plus what only
a person at a prompt needs: the completion cache (restarted by ``set
region``...), the pager, the lines typed (``history``), the recorder of
successful lines and their context (``save``), and the shell-only built-ins.
:meth:`Shell.handle` runs a line and prints its error; it never raises.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from functools import partial
from typing import Any

from .. import registry
from ..cache.manager import CompletionCache
from ..cache.snapshot import Snapshot
from ..cache.store import known_connections
from ..complete import Sources
from ..context import Context
from ..errors import Exit
from ..lines.runner import Command, LineRunner
from ..lines.saved import Recorder
from ..lines.words import is_secret, variables
from ..output.results import Outcome
from ..playground import PLAYGROUND_ACCOUNT
from ..redact import MARK, redact
from ..shellcomp.values import profiles
from .builtins import SHELL_COMMANDS
from .tty import Terminal

RED, RESET = "\x1b[31m", "\x1b[0m"


class Shell(LineRunner):
    """One interactive session: the line runner, its cache, history and recorder."""

    origin = "shell"
    highlight = True

    def __init__(self, ctx: Context, *, cache: CompletionCache | None = None,
                 playground: str | None = None) -> None:
        super().__init__(ctx, recorder=Recorder())
        self.cache = cache
        self.playground = playground
        self.lines: list[str] = []
        self.done = False
        self.terminal: Terminal | None = None  # the controlling terminal, when standard input is one

    # -- state read by completion and the toolbar --------------------------------------------
    def snapshot(self) -> Snapshot:
        return self.cache.snapshot if self.cache is not None else Snapshot()

    def region(self) -> str | None:
        ident = self.snapshot().identity
        return self.ctx.settings.region or (ident.region if ident is not None else None)

    def sources(self) -> Sources:
        return Sources(
            snapshot=self.snapshot, selected=self.selected(),
            selection={k: v.label for k, v in self.selection.items()}, variables=variables(self.ids),
            region=self.region(), home=self.env.home, profiles=self.profiles, endpoints=self.endpoints,
            topics=topics,
        )

    def profiles(self) -> list[str]:
        return profiles(self.env)

    def endpoints(self) -> list[str]:
        """Endpoints used before (not AWS's, not the playground's: its port changes every run)."""
        connections = known_connections(self.env.cache_dir, skip_account=PLAYGROUND_ACCOUNT)
        return [e for e, _r in connections if e != "aws" and MARK not in e]

    # -- output --------------------------------------------------------------------------------
    def error(self, text: str) -> None:
        env = self.env
        colour = env.stderr_isatty and "NO_COLOR" not in env.environ and env.environ.get("TERM") != "dumb"
        env.stderr.write(f"{RED}{text}{RESET}\n" if colour else f"{text}\n")
        env.stderr.flush()

    # -- running lines -------------------------------------------------------------------------
    def handle(self, line: str) -> Outcome:
        """Run one line and print its error, if any; Ctrl-C never escapes."""
        try:
            outcome = self.run_line(line)
        except KeyboardInterrupt:
            outcome = Outcome(Exit.INTERRUPTED, "interrupted")
        if outcome.error:
            self.error(outcome.error_lines("").rstrip("\n"))
        return outcome

    def run_line(self, line: str) -> Outcome:
        text = line.strip()
        if text and not text.startswith("#") and not is_secret(text):
            self.lines.append(redact(text))
        return super().run_line(text)

    def commands(self) -> dict[str, Command]:
        return {**super().commands(), **{name: partial(fn, self) for name, fn in SHELL_COMMANDS.items()}}

    def note(self, text: str) -> None:
        self.say(text)

    def cached(self, kind: str, value: str) -> bool | None:
        data = self.snapshot().get(kind)
        return None if data is None else data.find(value) is not None

    def reconnected(self) -> None:
        if self.cache is not None:
            self.cache.start(self.ctx)

    def executed(self, outcome: Outcome) -> None:
        if outcome.mutated and self.cache is not None:
            self.cache.invalidate(outcome.mutated)

    def attached(self) -> AbstractContextManager[object]:
        return self.terminal.attached() if self.terminal is not None else contextlib.nullcontext()

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


def topics() -> Sequence[tuple[str, str]]:
    """Help topics: from the topics module when it offers a table, else from the registry's text."""
    try:
        table: Any = getattr(importlib.import_module("oscmd_shell.output.topics"), "TOPICS", None)
    except ImportError:
        table = None
    if isinstance(table, Mapping):
        return [(str(k), _first_line(v)) for k, v in table.items()]
    help_cmd = next((c for c in registry.ROOT_COMMANDS if c.name == "help"), None)
    listed = help_cmd.help.split(":", 1)[-1] if help_cmd else ""
    return [(t.strip(), "help topic") for t in listed.split(",") if t.strip()]


def _first_line(value: Any) -> str:
    text = value if isinstance(value, str) else str(getattr(value, "title", "") or getattr(value, "help", "") or "")
    return text.strip().splitlines()[0][:60] if text.strip() else "help topic"
