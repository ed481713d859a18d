"""Run oscmd lines one after another: the one line runner behind the shell and scripts.

:class:`LineRunner` holds what consecutive lines share: the context (``set``
rebuilds it), the objects chosen with ``use``, and the ids the previous line
produced (``$_``, ``$1``...).  :meth:`LineRunner.run_line` runs one line (a
comment, a ``!command``, a built-in such as ``set``, or ``OBJECT ... VERB``
through the dispatcher after ``$_`` expansion and selection) and returns an
:class:`Outcome`; it never raises.  Batch mode uses it as it is; the shell
subclasses it (cache, pager, history, shell-only built-ins).  With a
:class:`~oscmd_shell.lines.saved.Recorder` it keeps each successful line and
the context it ran in, for ``save``.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from .. import registry
from ..context import Context
from ..dispatch import execute
from ..errors import Exit, OscmdError, UsageError
from ..output.render import Renderer
from ..output.results import Outcome
from ..redact import redact
from .saved import Recorder, Where
from .words import Selection, apply_selection, expand_ids, head_index, is_secret, verb_owners

Command = Callable[[list[str]], Outcome]
OutputWrapper = Callable[[Context], tuple[Context, Callable[[], None]]]
BUILTIN_NAMES = frozenset(b.name for b in registry.BUILTINS)
ROOT_COMMAND_NAMES = frozenset(c.name for c in registry.ROOT_COMMANDS)


def split_line(line: str) -> list[str]:
    """Shell-style split of one line (raises ValueError on an open quote)."""
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


class LineRunner:
    """Lines sharing one context, one selection and the previous line's ids."""

    origin = "script"  # what `set` names as the source of a setting
    highlight = False  # colour in the renderer (the shell's choice)

    def __init__(self, ctx: Context, *, recorder: Recorder | None = None) -> None:
        self.ctx = ctx
        self.selection: dict[str, Selection] = {}
        self.ids: tuple[str, ...] = ()
        self.ids_recorded = False  # the ids came from a line the recorder kept: a saved $_ means them
        self.recorder = recorder
        self.wrap_output: OutputWrapper | None = None

    @property
    def env(self) -> Any:
        return self.ctx.env

    def selected(self) -> list[str]:
        """Selected object names, most recent first."""
        return list(reversed(self.selection))

    # -- what the shell changes ----------------------------------------------------------------
    def commands(self) -> dict[str, Command]:
        """The built-in commands this runner knows."""
        from .builtins import COMMANDS

        return {name: partial(fn, self) for name, fn in COMMANDS.items()}

    def region(self) -> str | None:
        return self.ctx.settings.region

    def say(self, text: str) -> None:
        """Output a built-in was asked for (``set``, ``use`` alone)."""
        self.env.stdout.write(text if text.endswith("\n") else text + "\n")
        self.env.stdout.flush()

    def note(self, text: str) -> None:
        """A confirmation such as "using instance web1": shown by the shell, not by scripts."""

    def cached(self, kind: str, value: str) -> bool | None:
        """Whether the completion cache knows ``value`` (None: no cache)."""
        return None

    def reconnected(self) -> None:
        """Called after ``set`` built a new connection."""

    def executed(self, outcome: Outcome) -> None:
        """Called after each dispatched line."""

    # -- running lines -------------------------------------------------------------------------
    def run_line(self, line: str) -> Outcome:
        text = line.strip()
        if not text or text.startswith("#"):
            return Outcome()
        if text.startswith("!"):
            outcome = self._guarded(lambda ctx: shell_escape(text[1:].strip(), ctx))
            if outcome.status == 0 and not is_secret(text):
                self._record(text)
            return outcome
        try:
            expanded = expand_ids(text, self.ids)
            tokens = split_line(expanded)
        except UsageError as exc:
            return Outcome(exc.exit, exc.message)
        except ValueError as exc:
            return Outcome(Exit.USAGE, f"cannot split line: {exc}")
        if not tokens:
            return Outcome()
        h = head_index(tokens)
        head = tokens[h] if h < len(tokens) else ""
        commands = self.commands()
        if head in commands:
            if h:
                return Outcome(Exit.USAGE, f"'{head}' is a built-in command: root options cannot precede it")
            outcome = self._builtin(commands[head], tokens[1:])
            if head == "use" and outcome.status == 0 and expanded != text and len(tokens) > 1:
                self._typed_use(tokens[1], text)
            return outcome
        if head in BUILTIN_NAMES and head not in ROOT_COMMAND_NAMES:
            return Outcome(Exit.USAGE, f"'{head}' works in the interactive shell only, not in scripts")
        tokens = apply_selection(tokens, self.selection, self.selected())
        if h < len(tokens) and registry.get_object(tokens[h]) is None and verb_owners(tokens[h]) \
                and tokens[h] not in ROOT_COMMAND_NAMES:
            owners = ", ".join(verb_owners(tokens[h]))
            return Outcome(Exit.USAGE, f"'{tokens[h]}' is a verb of {owners}: name the object first, "
                                       "or select one with 'use OBJECT -n NAME'")
        outcome = self._guarded(lambda ctx: execute(tokens, ctx, Renderer(
            ctx.env, ctx.settings.output, highlight=self.highlight, query=ctx.settings.query)))
        kept = outcome.status == 0 and not is_secret(text)
        if kept:
            # $_ is saved as $_ when it means the same line's ids in the replay; else as the ids it stood for
            self._record(text if expanded == text or self.ids_recorded else expanded)
        if outcome.ids:
            self.ids, self.ids_recorded = tuple(outcome.ids), kept
        self.executed(outcome)
        return outcome

    def _guarded(self, body: Callable[[Context], Outcome]) -> Outcome:
        ctx, finish = self.wrap_output(self.ctx) if self.wrap_output else (self.ctx, _nothing)
        try:
            return body(ctx)
        except KeyboardInterrupt:
            return Outcome(Exit.INTERRUPTED, "interrupted")
        except OscmdError as exc:
            return Outcome(exc.exit, exc.message)
        finally:
            finish()

    def _builtin(self, command: Command, args: list[str]) -> Outcome:
        try:
            return command(args)
        except OscmdError as exc:
            return Outcome(exc.exit, exc.message)

    def _typed_use(self, name: str, text: str) -> None:
        """Remember a ``use`` written with ``$_`` so a saved session says it so (if $_ will mean the same)."""
        obj = registry.get_object(name)
        sel = self.selection.get(obj.name) if obj is not None else None
        if sel is not None and self.ids_recorded:
            self.selection[sel.obj] = replace(sel, typed=text)

    def _record(self, line: str) -> None:
        if self.recorder is not None:
            self.recorder.add(redact(line), self.where())

    def where(self) -> Where:
        """The context the lines run in now (the region as the clients resolve it)."""
        s = self.ctx.settings
        try:
            region: str | None = s.region_text if s.regions else self.ctx.clients.region
        except Exception:  # a broken profile fails the next line itself; the region stays as configured
            region = s.region
        profile = ",".join(s.profiles) or s.profile
        return Where(region=region, endpoint=s.endpoint, zone=s.zone, profile=profile, output=s.output,
                     local=s.sources.get("endpoint") == "--local", selection=tuple(self.selection.values()))

    # -- connection ----------------------------------------------------------------------------
    def reconnect(self, **changes: Any) -> None:
        """Apply settings ``changes``; a new connection gets new clients."""
        old = self.ctx
        if "region" in changes and "zone" not in changes and changes["region"] != old.settings.region:
            changes["zone"] = None  # a zone belongs to its region
        settings = replace(old.settings, sources=dict(old.settings.sources), **changes)
        if {"endpoint", "region", "profile", "regions", "profiles"} & set(changes):
            self.ctx = Context.build(old.env, old.config, settings)
            self.reconnected()
        else:
            self.ctx = Context(old.env, old.config, settings, old.clients, old.poll_interval)


def _nothing() -> None:
    return None
