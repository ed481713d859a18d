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
from ..spec import ObjectSpec, Verb
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


def parse_object_tokens(cmd: Command, obj: ObjectSpec, tokens: list[str]) -> Command:
    cmd.obj = obj
    ident = parse_level(obj.options, tokens, obj.name, interspersed=False)
    cmd.ident = ident
    if ident.help:
        cmd.help = "object"
        return cmd
    if not ident.rest:
        raise UsageError(f"{obj.name}: verb missing (one of: {', '.join(obj.verb_names)})")
    vname, vtokens = ident.rest[0], ident.rest[1:]
    verb = obj.verb(vname)
    if verb is None:
        raise UsageError(f"{obj.name}: unknown verb '{vname}'" + suggest(vname, obj.verb_names))
    cmd.verb = verb
    where = f"{obj.name} {verb.name}"
    args = parse_level(verb.options, vtokens, where, interspersed=True)
    cmd.args = args
    if args.help:
        cmd.help = "verb"
        return cmd
    if args.positionals and not verb.positionals:
        raise UsageError(f"{where}: unexpected argument '{args.positionals[0]}'")
    return cmd
