"""The tolerant partial parser: what each word of a half-typed line is, and what the cursor expects.

:func:`analyse` walks the words with the registry's option tables (so it
knows every option's arity, like the real parsers) but never raises: unknown
words are marked and skipped.  It returns each word's role (for highlighting)
and an :class:`Analysis` of the cursor position (for completion): the object,
verb or built-in in force, the options already given at that level, and
whether an option value, a verb, an option or a positional is expected there.
A bare verb of a selected object (after ``use``) is understood too, a root
command's options (``journal --object``) are read as a verb's, and the
line's own ``| COMMAND`` (shell text from there on) and ``> FILE`` (a file
name is expected) are understood as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import registry
from ..spec import ObjectSpec, Option, Verb, find_option
from .tokens import Split, Token, tokenize

# Root options that a shell line may carry (connection options belong to `set`).
LINE_ROOT_DESTS = frozenset({"zone", "output", "yes", "dry_run", "debug", "debuglevel", "timeout", "keep_going"})
BUILTIN_NAMES = frozenset(b.name for b in registry.BUILTINS)
COMMAND_NAMES = frozenset(c.name for c in registry.ROOT_COMMANDS) - BUILTIN_NAMES
HELP_FLAGS = ("-h", "--help")


@dataclass
class Analysis:
    """The line as far as the cursor, seen by the grammar."""

    roles: list[str] = field(default_factory=list)
    where: str = "head"
    obj: ObjectSpec | None = None
    verb: Verb | None = None
    implicit: bool = False
    builtin: str | None = None
    builtin_args: list[str] = field(default_factory=list)
    command: str | None = None
    option: Option | None = None
    inline: str = ""
    given: set[str] = field(default_factory=set)
    options: tuple[Option, ...] = ()
    ident: dict[str, str] = field(default_factory=dict)
    args: dict[str, list[str]] = field(default_factory=dict)
    after_dashdash: bool = False
    current: Token = field(default_factory=lambda: Token("", 0, 0))

    @property
    def prefix(self) -> str:
        """The part of the current word to match (after ``--opt=`` or ``-n`` when inline)."""
        return self.current.value[len(self.inline):] if self.inline else self.current.value


def _is_option_word(value: str) -> bool:
    if not value.startswith("-") or value == "-":
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


class _Walker:
    """Feeds words through the grammar's states, recording roles and values."""

    def __init__(self, selected: Sequence[str]) -> None:
        self.selected = selected
        self.a = Analysis()
        self.state = "head"
        self.expect: Option | None = None
        self.remaining = 0
        self.level: dict[str, str] | dict[str, list[str]] | None = None
        self.options: tuple[Option, ...] = tuple(o for o in registry.ROOT_OPTIONS if o.dest in LINE_ROOT_DESTS)
        self.given: set[str] = set()

    # -- option handling ---------------------------------------------------------------------
    def _store(self, opt: Option, value: str) -> None:
        if self.state in ("object", "use"):
            self.a.ident[opt.dest] = value
        elif self.state == "verb":
            self.a.args.setdefault(opt.dest, []).append(value)

    def _option(self, value: str) -> str:
        name, _, inline = value.partition("=") if value.startswith("--") else (value, "", "")
        opt = find_option(self.options, name)
        if opt is None and not value.startswith("--") and len(value) > 2:
            first = find_option(self.options, value[:2])
            if first is not None and first.arity == 1:
                self.given.add(first.dest)
                self._store(first, value[2:])
                return "option"
            if first is not None and first.is_flag:
                for ch in value[1:]:
                    flag = find_option(self.options, "-" + ch)
                    if flag is not None:
                        self.given.add(flag.dest)
                return "option"
        if opt is None:
            return "option" if name in HELP_FLAGS else "unknown"
        self.given.add(opt.dest)
        if opt.is_flag:
            self._store(opt, "true")
        elif "=" in value and value.startswith("--"):
            self._store(opt, inline)
        else:
            self.expect, self.remaining = opt, opt.arity
        return "option"

    def _enter(self, state: str, options: tuple[Option, ...]) -> None:
        self.state, self.options, self.given = state, options, set()

    # -- the states --------------------------------------------------------------------------
    def feed(self, tok: Token, first: bool) -> str:
        value = tok.value
        if tok.operator and self.state != "shell":
            self.expect = None
            self.state = "shell" if value == "|" else "redirect"
            return self.state
        if self.state == "redirect":
            self.state = "none"
            return "file"
        if self.expect is not None:
            self._store(self.expect, value)
            self.remaining -= 1
            if self.remaining <= 0:
                self.expect = None
            return "value"
        if self.state == "shell":
            return "shell"
        if first and value.startswith("!") and tok.first_quote is None:
            self.state = "shell"
            return "shell"
        if self.state == "head":
            return self._head(value)
        if self.state in ("object", "use"):
            return self._object(value)
        if self.state == "verb":
            return self._verb(value)
        if self.state == "builtin":
            self.a.builtin_args.append(value)
            if self.a.builtin == "use" and len(self.a.builtin_args) == 1:
                obj = registry.get_object(value)
                if obj is not None:
                    self.a.obj = obj
                    self._enter("use", tuple(o for o in obj.options if o.dest != "filter"))
                    return "object"
            return "argument"
        if self.state == "command":  # journal, undo: options anywhere (as their parser takes them), then words
            if _is_option_word(value):
                return self._option(value)
            self.a.builtin_args.append(value)
            return "argument"
        return "unknown"

    def _head(self, value: str) -> str:
        if _is_option_word(value):
            return "root-option" if self._option(value) == "option" else "unknown"
        obj = registry.get_object(value)
        if obj is not None:
            self.a.obj = obj
            self._enter("object", obj.options)
            return "object"
        if value in BUILTIN_NAMES:
            self.a.builtin = value
            self._enter("builtin", ())
            return "builtin"
        if value in COMMAND_NAMES:
            self.a.command = value
            command = registry.get_root_command(value)
            self._enter("command", command.options if command is not None else ())
            return "builtin"
        for name in self.selected:
            sel = registry.get_object(name)
            verb = sel.verb(value) if sel is not None else None
            if sel is not None and verb is not None:
                self.a.obj, self.a.verb, self.a.implicit = sel, verb, True
                self._enter("verb", verb.options)
                return "verb"
        self.state = "none"
        return "unknown"

    def _object(self, value: str) -> str:
        if value == "--" and self.state == "object":
            return "option"
        if _is_option_word(value):
            return self._option(value)
        if self.state == "use":
            return "unknown"
        assert self.a.obj is not None
        verb = self.a.obj.verb(value)
        if verb is None:
            self.state = "none"
            return "unknown"
        self.a.verb = verb
        self._enter("verb", verb.options)
        return "verb"

    def _verb(self, value: str) -> str:
        if self.a.after_dashdash:
            return "positional"
        if value == "--":
            self.a.after_dashdash = True
            return "option"
        if _is_option_word(value):
            return self._option(value)
        return "positional"

    # -- the cursor ----------------------------------------------------------------------------
    def cursor(self, cur: Token) -> None:
        a = self.a
        a.current, a.given, a.options = cur, set(self.given), self.options
        if self.expect is not None:
            a.where, a.option = "value", self.expect
            return
        state = "object" if self.state == "use" else self.state
        value = cur.value
        if state in ("head", "object", "verb", "command") and not a.after_dashdash and value.startswith("-"):
            if value.startswith("--") and "=" in value:
                opt = find_option(self.options, value.split("=", 1)[0])
                if opt is not None and opt.arity == 1:
                    a.where, a.option, a.inline = "value", opt, value.split("=", 1)[0] + "="
                    return
            elif not value.startswith("--") and len(value) > 2:
                opt = find_option(self.options, value[:2])
                if opt is not None and opt.arity == 1:
                    a.where, a.option, a.inline = "value", opt, value[:2]
                    return
        a.where = "use" if self.state == "use" else state


def analyse(text: str, selected: Sequence[str] = (), split: Split | None = None) -> Analysis:
    """Analyse ``text`` (the line up to the cursor); ``selected`` lists objects chosen with ``use``."""
    split = split or tokenize(text)
    walker = _Walker(selected)
    done = split.done
    for i, tok in enumerate(done):
        walker.a.roles.append(walker.feed(tok, i == 0))
    walker.cursor(split.current)
    if split.current.length:
        a = walker.a
        kept = (a.obj, a.verb, a.implicit, a.builtin, a.command, list(a.builtin_args), dict(a.ident),
                {k: list(v) for k, v in a.args.items()}, a.after_dashdash)
        a.roles.append(walker.feed(split.current, not done))
        (a.obj, a.verb, a.implicit, a.builtin, a.command, a.builtin_args, a.ident, a.args,
         a.after_dashdash) = kept
    if split.comment is not None and walker.a.where != "shell":
        walker.a.where = "comment"
    return walker.a


def roles(text: str, selected: Sequence[str] = ()) -> tuple[Split, list[str]]:
    """Each word of ``text`` with its grammatical role (for the highlighter)."""
    split = tokenize(text)
    return split, analyse(text, selected, split).roles
