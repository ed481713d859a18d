"""Run oscmd lines one after another: the one line runner behind the shell and scripts.

:class:`LineRunner` holds what consecutive lines share: the context (``set``
rebuilds it), the objects chosen with ``use``, and the ids the previous line
produced (``$_``, ``$1``...).  :meth:`LineRunner.run_line` runs one line (a
comment, a ``!command``, a built-in such as ``set``, or ``OBJECT ... VERB``
through the dispatcher after ``$_`` expansion and selection), its output sent
to the terminal or, for a line ending with ``| COMMAND``, ``> FILE`` or ``>>
FILE``, where it says (:mod:`.redirect`, :mod:`.targets`), and returns an
:class:`Outcome`; it never raises.  Batch mode uses it as it is; the shell
subclasses it (cache, pager, history, shell-only built-ins, the terminal).
Switching the region, endpoint or profile forgets the ``use`` selection (it
named objects of the old connection) and says so.  With a
:class:`~oscmd_shell.lines.saved.Recorder` it keeps each successful line and
the context it ran in, for ``save``.
"""

from __future__ import annotations

import contextlib
import shlex
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from functools import partial
from typing import Any, TextIO

from .. import registry
from ..context import Context
from ..dispatch import execute
from ..errors import Exit, OscmdError, UsageError
from ..output.render import Renderer
from ..output.results import Outcome
from ..output.terminal import line as one_line
from ..redact import redact
from .external import run_attached
from .redirect import Redirect, split_redirect
from .saved import Recorder, Where
from .targets import open_target
from .words import (
    NO_IDS,
    Selection,
    apply_selection,
    carries_credentials,
    expand_ids,
    head_index,
    is_secret,
    masked,
    verb_owners,
    without_yes,
)

Command = Callable[[list[str]], Outcome]
OutputWrapper = Callable[[Context], tuple[Context, Callable[[], None]]]
BUILTIN_NAMES = frozenset(b.name for b in registry.BUILTINS)
CONTEXT_COMMANDS = frozenset({"set", "unset", "use"})  # they say where and on what the next lines act
ROOT_COMMAND_NAMES = frozenset(c.name for c in registry.ROOT_COMMANDS)


def split_line(line: str) -> list[str]:
    """Shell-style split of one line (raises ValueError on an open quote)."""
    return shlex.split(line, comments=True, posix=True)


class LineRunner:
    """Lines sharing one context, one selection and the previous line's ids."""

    origin = "script"  # what `set` names as the source of a setting
    highlight = False  # colour in the renderer (the shell's choice)

    def __init__(self, ctx: Context, *, recorder: Recorder | None = None) -> None:
        self.ctx = ctx
        self.selection: dict[str, Selection] = {}
        self.ids: tuple[str, ...] = ()
        self.ids_why = NO_IDS  # why there are none: $_ is forgotten when its line failed or the connection moved
        self.ids_recorded = False  # the ids came from a line the recorder kept: a saved $_ means them
        self.recorder = recorder
        self.wrap_output: OutputWrapper | None = None
        self.out: TextIO | None = None  # where built-ins write while a line runs (a pipe, a file, the pager)

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
        out = self.out or self.env.stdout
        out.write(text if text.endswith("\n") else text + "\n")
        out.flush()

    def note(self, text: str) -> None:
        """A confirmation such as "using instance web1": shown by the shell, not by scripts."""

    def cached(self, kind: str, value: str) -> bool | None:
        """Whether the completion cache knows ``value`` (None: no cache)."""
        return None

    def reconnected(self) -> None:
        """Called after ``set`` built a new connection."""

    def executed(self, outcome: Outcome) -> None:
        """Called after each dispatched line."""

    def attached(self) -> AbstractContextManager[object]:
        """Around a program that gets the terminal (``!command``, ``| COMMAND``)."""
        return contextlib.nullcontext()

    # -- running lines -------------------------------------------------------------------------
    def run_line(self, line: str) -> Outcome:
        """Run one line; a failure forgets ``$_``, and a failed ``set``/``use``/``unset`` stops a script."""
        outcome = self._run_line(line)
        if outcome.status:
            if not outcome.ids:
                self.forget_ids("the previous line failed")  # $_ never means an older line's objects
            if _is_context_line(line):
                outcome.stops = True
        return outcome

    def _run_line(self, line: str) -> Outcome:
        text = line.strip()
        if not text or text.startswith("#"):
            return Outcome()
        if text.startswith("!"):
            return self._escape(text)
        try:
            redirect = split_redirect(text)
            expanded = expand_ids(redirect.line, self.ids, self.ids_why)
            tokens = split_line(expanded)
        except UsageError as exc:
            return Outcome(exc.exit, exc.message)
        except ValueError as exc:
            return Outcome(Exit.USAGE, f"cannot split line: {exc}")
        if not tokens:
            return Outcome() if redirect.operator is None else Outcome(Exit.USAGE, "nothing to redirect")
        typed = redirect.line
        h = head_index(tokens)
        head = tokens[h] if h < len(tokens) else ""
        commands = self.commands()
        if head in commands:
            if h:
                return Outcome(Exit.USAGE, f"'{head}' is a built-in command: root options cannot precede it")
            outcome = self._guarded(lambda _ctx: commands[head](tokens[1:]), redirect)
            if head == "use" and outcome.status == 0 and expanded != typed and len(tokens) > 1:
                self._typed_use(tokens[1], typed)
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
            ctx.env, ctx.settings.output, highlight=self.highlight, query=ctx.settings.query)), redirect)
        kept = outcome.status == 0 and not is_secret(text)
        if kept:
            # $_ is saved as $_ when it means the same line's ids in the replay; else as the ids it stood for
            self._record(without_yes(typed if expanded == typed or self.ids_recorded else expanded)
                         + (" " + redirect.tail if redirect.tail else ""))
        elif outcome.status == 0 and (hidden := masked(typed)) is not None and not carries_credentials(text):
            self._record(f"# not saved, it gives secret values (run it again by hand): {hidden}")
        if outcome.ids:
            self.ids, self.ids_recorded = tuple(outcome.ids), kept
        self.executed(outcome)
        return outcome

    def _escape(self, text: str) -> Outcome:
        """``!command``: handed to /bin/sh on the terminal, ``$_`` expanded first."""
        try:
            command = expand_ids(text[1:].strip(), self.ids, self.ids_why)
        except UsageError as exc:
            return Outcome(exc.exit, exc.message)
        with self.attached():
            outcome = run_attached(command, self.env)
        if outcome.status == 0 and not is_secret(text):
            self._record(text)
        return outcome

    def _guarded(self, body: Callable[[Context], Outcome], redirect: Redirect | None = None) -> Outcome:
        """Run ``body`` with the line's output where it goes; errors and Ctrl-C become its outcome."""
        try:
            target = open_target(redirect, self.env) if redirect is not None else None
        except OscmdError as exc:
            return Outcome(exc.exit, exc.message)
        if target is not None:
            ctx, finish = target.context(self.ctx), _nothing
        else:
            ctx, finish = self.wrap_output(self.ctx) if self.wrap_output else (self.ctx, _nothing)
        with self.attached() if redirect is not None and redirect.pipe is not None else contextlib.nullcontext():
            previous, self.out = self.out, ctx.env.stdout
            try:
                outcome = body(ctx)
            except KeyboardInterrupt:
                outcome = Outcome(Exit.INTERRUPTED, "interrupted")
            except OscmdError as exc:
                outcome = Outcome(exc.exit, exc.message, hint=exc.hint)
            finally:
                self.out = previous
                finish()
            return target.close(outcome) if target is not None else outcome

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

    def forget_ids(self, why: str) -> None:
        """``$_`` and ``$N`` are unset from now on; using them says ``why``."""
        self.ids, self.ids_recorded, self.ids_why = (), False, why

    # -- connection ----------------------------------------------------------------------------
    def reconnect(self, **changes: Any) -> None:
        """Apply settings ``changes``; a new connection gets new clients and forgets the selection."""
        old = self.ctx
        if "region" in changes and "zone" not in changes and changes["region"] != old.settings.region:
            changes["zone"] = None  # a zone belongs to its region
        settings = replace(old.settings, sources=dict(old.settings.sources), **changes)
        if {"endpoint", "region", "profile", "regions", "profiles"} & set(changes):
            moved = [k for k in ("region", "endpoint", "profile", "regions", "profiles")
                     if k in changes and getattr(settings, k) != getattr(old.settings, k)]
            self.ctx = Context.build(old.env, old.config, settings)
            if moved and self.selection:
                dropped = ", ".join(f"{s.obj} {s.label}" for s in self.selection.values())
                self.selection.clear()
                self.note(one_line(f"no longer using {dropped}: the {moved[0]} changed"))
            if moved and self.ids:  # ids and key names of the old connection may name other objects here
                self.forget_ids(f"the {moved[0]} changed since the line that set it")
            self.reconnected()
        else:
            self.ctx = Context(old.env, old.config, settings, old.clients, old.poll_interval)


def _is_context_line(line: str) -> bool:
    """Whether ``line`` is a ``set``, ``use`` or ``unset`` line, read word by word (it may not even split)."""
    words = line.split()
    h = head_index(words)
    return h < len(words) and words[h] in CONTEXT_COMMANDS


def _nothing() -> None:
    return None
