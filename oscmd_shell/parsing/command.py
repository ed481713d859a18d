"""Split a whole command line into its root, object and verb levels.

``parse_command`` walks the tokens once: root options, then the object (or a
root command such as ``help``, or a script file), then the object's options,
then the verb and its options and positionals.  Each level is parsed by its
own option table, so the ``-n`` of ``ami`` is not the ``-n`` of ``ami run``.
Errors are ``UsageError`` with a suggestion; nothing here exits or prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .. import registry
from ..errors import UsageError
from ..spec import ObjectSpec, Option, Verb, find_option
from .levels import LevelResult, parse_level, suggest


@dataclass
class Command:
    """A parsed command line.  ``help`` names the level whose help was asked."""

    root: LevelResult
    obj: ObjectSpec | None = None
    ident: LevelResult | None = None
    verb: Verb | None = None
    args: LevelResult | None = None
    help: str | None = None
    root_command: str | None = None
    root_command_args: list[str] = field(default_factory=list)
    script: str | None = None
    script_args: list[str] = field(default_factory=list)

    @property
    def positionals(self) -> list[str]:
        return self.args.positionals if self.args else []


def looks_like_script(token: str) -> bool:
    return token.endswith(".os") or (os.sep in token and os.path.isfile(token)) or os.path.isfile(token)


def parse_root(argv: list[str]) -> LevelResult:
    """The root options; the 2017 tool's ``-d N`` and ``--debuglevel N`` mean ``--debug`` when N > 0."""
    level = parse_level(registry.ROOT_OPTIONS, argv, "", interspersed=False)
    start = len(argv) - len(level.rest)
    if level.rest and level.rest[0].isdigit() and start > 0 and argv[start - 1] == "-d":
        # a number after -d is never an object's name: it is the old debug level
        argv = [*argv[: start - 1], "--debuglevel", *argv[start:]]
        level = parse_level(registry.ROOT_OPTIONS, argv, "", interspersed=False)
    if "debuglevel" in level.given:
        level.values["debug"] = int(str(level.values["debuglevel"])) > 0
        level.given.add("debug")
    return level


def wants_debug(argv: list[str]) -> bool:
    """Whether this command line asks for tracebacks (even when it cannot be parsed)."""
    try:
        return bool(parse_root(argv).values.get("debug"))
    except UsageError:
        return "-d" in argv[:1] or "--debug" in argv


def parse_command(argv: list[str], *, allow_script: bool = True) -> Command:
    root = parse_root(argv)
    cmd = Command(root=root)
    rest = root.rest
    if root.help or not rest:
        cmd.help = "root" if root.help else None
        return cmd
    head, tail = rest[0], rest[1:]
    obj = registry.get_object(head)
    if obj is None:
        if head in {c.name for c in registry.ROOT_COMMANDS}:
            cmd.root_command, cmd.root_command_args = head, tail
            return cmd
        if allow_script and looks_like_script(head):
            cmd.script, cmd.script_args = head, tail
            return cmd
        raise UsageError(f"unknown object '{head}'" + suggest(head, registry.object_names()))
    return parse_object_tokens(cmd, obj, tail)


def verb_elsewhere(obj: ObjectSpec, word: str) -> str | None:
    """A hint for a verb ``obj`` lacks but another object has (``instance run`` -> ``ami run``)."""
    owners = [o.name for o in registry.OBJECTS if o is not obj and o.verb(word) is not None]
    if not owners:
        return None
    return f"'{word}' is a verb of {' and '.join(owners)}: " + ", ".join(f"'{o} ... {word}'" for o in owners) + (
        f" ('help {owners[0]} {word}' tells more)")


def _root_option_hint(options: tuple[Option, ...], tokens: list[str], shown: str) -> str | None:
    """When ``tokens`` hold a root option (``--output json``) unknown at this level, where it belongs."""
    i = 0
    while i < len(tokens) and tokens[i] != "--":
        tok = tokens[i]
        flag = tok.split("=", 1)[0] if tok.startswith("--") else tok
        root = find_option(registry.ROOT_OPTIONS, flag) if tok.startswith("-") else None
        if root is not None and find_option(options, flag) is None:
            moved = tokens[i : i + 1 + (0 if "=" in tok else root.arity)]
            rest = [t for j, t in enumerate(tokens) if not i <= j < i + len(moved)]
            return f"root options go before the object: '{' '.join([*moved, shown, *rest])}'"
        i += 1
    return None


def _level(options: tuple[Option, ...], tokens: list[str], where: str, shown: str, *,
           interspersed: bool) -> LevelResult:
    """:func:`parse_level`, with a hint when an unknown option is a root option written too late."""
    try:
        return parse_level(options, tokens, where, interspersed=interspersed)
    except UsageError as exc:
        hint = exc.hint or _root_option_hint(options, tokens, shown)
        if hint is None or "unknown option" not in exc.message:
            raise
        raise UsageError(exc.message, hint=hint) from None


def parse_object_tokens(cmd: Command, obj: ObjectSpec, tokens: list[str]) -> Command:
    cmd.obj = obj
    ident = _level(obj.options, tokens, obj.name, obj.name, interspersed=False)
    cmd.ident = ident
    if ident.help:
        cmd.help = "object"
        return cmd
    if not ident.rest:
        raise UsageError(f"{obj.name}: verb missing (one of: {', '.join(obj.verb_names)})")
    vname, vtokens = ident.rest[0], ident.rest[1:]
    verb = obj.verb(vname)
    if verb is None:
        raise UsageError(f"{obj.name}: unknown verb '{vname}'" + suggest(vname, obj.verb_names),
                         hint=verb_elsewhere(obj, vname))
    cmd.verb = verb
    where = f"{obj.name} {verb.name}"
    shown = " ".join([obj.name, *tokens[: len(tokens) - len(ident.rest)], verb.name])
    args = _level(verb.options, vtokens, where, shown, interspersed=True)
    cmd.args = args
    if args.help:
        cmd.help = "verb"
        return cmd
    if args.positionals and not verb.positionals:
        raise UsageError(f"{where}: unexpected argument '{args.positionals[0]}'")
    return cmd
