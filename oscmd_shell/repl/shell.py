"""The shell's session state and how one typed line runs (no terminal code here).

:class:`Shell` holds the context (rebuilt by ``set region``...), the selected
objects, the ids of the previous line, the lines typed and the successful
ones (for ``save``; both with credentials redacted), and the completion cache.
:meth:`Shell.run_line` runs a built-in, a ``!command`` or an ``OBJECT ... VERB``
line through the same dispatcher as scripts, after ``$_`` expansion and
selection; it never raises.
"""

from __future__ import annotations

import configparser
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .. import registry
from ..batch import shell_escape, split_line
from ..cache.manager import CompletionCache
from ..cache.snapshot import Snapshot
from ..cache.store import known_connections
from ..complete import Sources
from ..context import Context
from ..dispatch import execute
from ..errors import Exit, OscmdError, UsageError
from ..output.render import Renderer
from ..output.results import Outcome
from ..redact import MARK, redact
from .lines import Selection, apply_selection, canonical, expand_ids, head_index, is_secret, variables, verb_owners

RED, RESET = "\x1b[31m", "\x1b[0m"
OutputWrapper = Callable[[Context], tuple[Context, Callable[[], None]]]


class Shell:
    """One interactive session: context, selection, ``$_``, lines, cache."""

    def __init__(self, ctx: Context, *, cache: CompletionCache | None = None,
                 playground: str | None = None) -> None:
        self.ctx = ctx
        self.cache = cache
        self.playground = playground
        self.selection: dict[str, Selection] = {}
        self.ids: tuple[str, ...] = ()
        self.lines: list[str] = []
        self.script: list[str] = []
        self.done = False
        self.wrap_output: OutputWrapper | None = None

    # -- state read by completion and the toolbar --------------------------------------------
    @property
    def env(self) -> Any:
        return self.ctx.env

    def selected(self) -> list[str]:
        """Selected object names, most recent first."""
        return list(reversed(self.selection))

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
        environ = self.env.environ
        found: list[str] = []
        for var, default, strip in (("AWS_CONFIG_FILE", ".aws/config", "profile "),
                                    ("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials", "")):
            path = Path(environ.get(var) or self.env.home / default)
            parser = configparser.RawConfigParser()
            try:
                parser.read(path, encoding="utf-8")
            except (configparser.Error, OSError, UnicodeDecodeError):
                continue
            for section in parser.sections():
                name = section[len(strip):] if strip and section.startswith(strip) else section
                if name not in found and (not strip or section.startswith(strip) or section == "default"):
                    found.append(name)
        return found

    def endpoints(self) -> list[str]:
        return [e for e, _r in known_connections(self.env.cache_dir) if e != "aws" and MARK not in e]

    # -- output --------------------------------------------------------------------------------
    def error(self, text: str) -> None:
        env = self.env
        colour = env.stderr_isatty and "NO_COLOR" not in env.environ and env.environ.get("TERM") != "dumb"
        env.stderr.write(f"{RED}{text}{RESET}\n" if colour else f"{text}\n")
        env.stderr.flush()

    def say(self, text: str) -> None:
        self.env.stdout.write(text if text.endswith("\n") else text + "\n")
        self.env.stdout.flush()

    # -- running lines -------------------------------------------------------------------------
    def handle(self, line: str) -> Outcome:
        """Run one line and print its error, if any; Ctrl-C never escapes."""
        try:
            outcome = self.run_line(line)
        except KeyboardInterrupt:
            outcome = Outcome(Exit.INTERRUPTED, "interrupted")
        if outcome.error:
            self.error(outcome.error)
        return outcome

    def run_line(self, line: str) -> Outcome:
        text = line.strip()
        if not text or text.startswith("#"):
            return Outcome()
        if not is_secret(text):
            self.lines.append(redact(text))
        if text.startswith("!"):
            outcome = self._guarded(lambda ctx: shell_escape(text[1:].strip(), ctx))
            if outcome.status == 0:
                self._record(text)
            return outcome
        try:
            tokens = split_line(expand_ids(text, self.ids))
        except UsageError as exc:
            return Outcome(exc.exit, exc.message)
        except ValueError as exc:
            return Outcome(Exit.USAGE, f"cannot split line: {exc}")
        if not tokens:
            return Outcome()
        h = head_index(tokens)
        if h < len(tokens) and tokens[h] in BUILTIN_NAMES:
            if h:
                return Outcome(Exit.USAGE, f"'{tokens[h]}' is a shell command: root options cannot precede it")
            return self._builtin(tokens[0], tokens[1:])
        tokens = apply_selection(tokens, self.selection, self.selected())
        if h < len(tokens) and registry.get_object(tokens[h]) is None and verb_owners(tokens[h]) \
                and tokens[h] not in {c.name for c in registry.ROOT_COMMANDS}:
            owners = ", ".join(verb_owners(tokens[h]))
            return Outcome(Exit.USAGE, f"'{tokens[h]}' is a verb of {owners}: name the object first, "
                                       "or select one with 'use OBJECT -n NAME'")
        outcome = self._guarded(lambda ctx: execute(tokens, ctx, Renderer(ctx.env, ctx.settings.output,
                                                                            highlight=True)))
        if outcome.ids:
            self.ids = tuple(outcome.ids)
        if outcome.mutated and self.cache is not None:
            self.cache.invalidate(outcome.mutated)
        if outcome.status == 0 and not is_secret(text):
            self._record(canonical(tokens))
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

    def _record(self, line: str) -> None:
        self.script.append(redact(line))

    def _builtin(self, name: str, args: list[str]) -> Outcome:
        from .builtins import run_builtin

        try:
            return run_builtin(self, name, args)
        except OscmdError as exc:
            return Outcome(exc.exit, exc.message)

    # -- connection ----------------------------------------------------------------------------
    def reconnect(self, **changes: Any) -> None:
        """Apply settings ``changes``; a new connection gets new clients and a new cache."""
        from ..context import Context as Ctx

        old = self.ctx
        if "region" in changes and "zone" not in changes and changes["region"] != old.settings.region:
            changes["zone"] = None  # a zone belongs to its region
        settings = replace(old.settings, sources=dict(old.settings.sources), **changes)
        connection = {"endpoint", "region", "profile"} & set(changes)
        if connection:
            self.ctx = Ctx.build(old.env, old.config, settings)
            if self.cache is not None:
                self.cache.start(self.ctx)
        else:
            self.ctx = Ctx(old.env, old.config, settings, old.clients, old.poll_interval)

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


BUILTIN_NAMES = frozenset(b.name for b in registry.BUILTINS)


def _nothing() -> None:
    return None


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
