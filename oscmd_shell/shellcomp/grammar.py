"""``completions/grammar.json``: the registry's vocabulary as one JSON document, for review.

Root options, root commands, shell built-ins, objects with their options and
verbs, and each option's flags, type, choices and required mark.  Keys are
sorted and so are options, objects, verbs and commands (their order means
nothing to the parser); flags, choices and positionals keep the registry's
order.  It is generated and committed beside the completion scripts, so a
change to the vocabulary shows up as a diff of this file; nothing reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from .. import registry
from ..spec import Builtin, ObjectSpec, Option, Positional, Verb

#: The layout of this document; raised when a key changes meaning or disappears.
FORMAT = 1


def _option(opt: Option) -> dict[str, Any]:
    return {
        "flags": list(opt.flags), "dest": opt.dest, "help": opt.help, "arity": opt.arity, "repeat": opt.repeat,
        "type": opt.type, "choices": list(opt.choices), "required": opt.required, "default": opt.default,
        "config": opt.config, "metavar": opt.metavar, "values": opt.values, "sensitive": opt.sensitive,
    }


def _options(options: tuple[Option, ...]) -> list[dict[str, Any]]:
    return [_option(o) for o in sorted(options, key=lambda o: o.long)]


def _positional(pos: Positional) -> dict[str, Any]:
    return {"name": pos.name, "help": pos.help, "repeat": pos.repeat, "values": pos.values}


def _verb(verb: Verb) -> dict[str, Any]:
    return {
        "name": verb.name, "help": verb.help, "target": verb.target, "read": verb.read,
        "destructive": verb.destructive, "destructive_if": verb.destructive_if, "mutates": sorted(verb.mutates),
        "options": _options(verb.options), "positionals": [_positional(p) for p in verb.positionals],
    }


def _object(obj: ObjectSpec) -> dict[str, Any]:
    return {
        "name": obj.name, "help": obj.help, "kind": obj.kind, "options": _options(obj.options),
        "verbs": [_verb(v) for v in sorted(obj.verbs, key=lambda v: v.name)],
    }


def _command(cmd: Builtin, root: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": cmd.name, "help": cmd.help, "usage": cmd.usage, "args": list(cmd.args)}
    if root:
        entry.update(options=_options(cmd.options), connected=cmd.connected)
    return entry


def grammar() -> dict[str, Any]:
    """The whole vocabulary as plain data."""
    return {
        "format": FORMAT,
        "program": "oscmd",
        "options": _options(registry.ROOT_OPTIONS),
        "commands": [_command(c, True) for c in sorted(registry.ROOT_COMMANDS, key=lambda c: c.name)],
        "shell_commands": [_command(b, False) for b in sorted(registry.BUILTINS, key=lambda b: b.name)],
        "objects": [_object(o) for o in sorted(registry.OBJECTS, key=lambda o: o.name)],
    }


def render() -> str:
    """The text of ``completions/grammar.json``."""
    return json.dumps(grammar(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
