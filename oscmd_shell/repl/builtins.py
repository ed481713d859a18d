"""The shell's built-in commands: set, use, unset, refresh, history, save, help, exit.

Each takes the :class:`~oscmd_shell.repl.shell.Shell` and its arguments and
returns an :class:`Outcome`; usage mistakes raise :class:`UsageError`, which
the shell prints as one line.  ``set region`` / ``set endpoint`` / ``set
profile`` build a new context and switch the completion cache.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import registry
from ..config import normalise_endpoint, region_from_endpoint
from ..errors import UsageError
from ..output import help as helptext
from ..output.results import Outcome
from ..output.terminal import line
from ..parsing.levels import parse_level, suggest
from .lines import Selection

if TYPE_CHECKING:
    from .shell import Shell

Builtin = Callable[["Shell", list[str]], Outcome]
SETTINGS = ("region", "endpoint", "zone", "profile", "output")


def _usage(name: str) -> str:
    found = next((b for b in registry.BUILTINS if b.name == name), None)
    return f"usage: {found.usage}" if found else f"usage: {name}"


def set_(shell: Shell, args: list[str]) -> Outcome:
    if not args:
        s = shell.ctx.settings
        rows = [("region", s.region or shell.region() or "(default)"), ("endpoint", s.endpoint or "aws"),
                ("zone", s.zone or "-"), ("profile", s.profile or "-"), ("output", s.output)]
        shell.say("".join(f"{k:<9} {v}\n" for k, v in rows))
        return Outcome()
    if len(args) != 2 or args[0] not in SETTINGS:
        raise UsageError(_usage("set") + (suggest(args[0], list(SETTINGS)) if args[0] not in SETTINGS else ""))
    key, value = args
    settings = shell.ctx.settings
    if key == "output":
        if value not in registry.OUTPUT_FORMATS:
            raise UsageError(f"output must be one of {', '.join(registry.OUTPUT_FORMATS)}, not '{value}'")
        shell.reconnect(output=value)
    elif key == "zone":
        shell.reconnect(zone=value)
    elif key == "region":
        shell.reconnect(region=value)
    elif key == "profile":
        shell.reconnect(profile=value)
    else:
        endpoint = normalise_endpoint(value)
        changes: dict[str, object] = {"endpoint": endpoint}
        guessed = region_from_endpoint(endpoint)
        if guessed and settings.sources.get("region") in (None, "endpoint host"):
            changes["region"] = guessed
        shell.reconnect(**changes)
    shell.ctx.settings.sources[key] = "shell"
    return Outcome()


def use(shell: Shell, args: list[str]) -> Outcome:
    if not args:
        if not shell.selection:
            shell.say("nothing selected (use OBJECT -n NAME | -i ID)")
        for sel in shell.selection.values():
            shell.say(line(f"{sel.obj} {' '.join(sel.tokens)}"))
        return Outcome()
    obj = registry.get_object(args[0])
    if obj is None:
        raise UsageError(f"use: unknown object '{args[0]}'" + suggest(args[0], registry.object_names()))
    level = parse_level(obj.options, args[1:], f"use {obj.name}", interspersed=False)
    if level.rest:
        raise UsageError(f"use {obj.name}: unexpected '{level.rest[0]}' ({_usage('use')})")
    if not level.given:
        raise UsageError(f"use {obj.name}: identify it with " + " or ".join(o.flags[0] for o in obj.options))
    tokens = tuple(args[1:])
    shell.selection.pop(obj.name, None)
    shell.selection[obj.name] = Selection(obj.name, tokens)
    note = ""
    data = shell.snapshot().get(obj.kind)
    value = level.values.get("id") or level.values.get("name")
    if data is not None and isinstance(value, str) and data.find(value) is None:
        note = " (not in the completion cache: it is checked when a verb runs)"
    shell.say(line(f"using {obj.name} {shell.selection[obj.name].label}{note}"))
    return Outcome()


def unset(shell: Shell, args: list[str]) -> Outcome:
    what = args[0] if args else "all"
    if what == "all":
        shell.selection.clear()
    elif what == "zone":
        shell.reconnect(zone=None)
    elif what in shell.selection:
        del shell.selection[what]
    else:
        raise UsageError(f"unset: '{what}' is not selected ({_usage('unset')})")
    return Outcome()


def refresh(shell: Shell, args: list[str]) -> Outcome:
    if shell.cache is None:
        raise UsageError("refresh: this shell has no completion cache")
    kinds: list[str] | None = None
    if args and args[0] != "all":
        kinds = []
        for word in args:
            obj = registry.get_object(word)
            if obj is not None:
                kinds.append(obj.kind)
            elif word in ("zone", "region"):
                kinds.append(word)
            else:
                raise UsageError(f"refresh: unknown object '{word}'" + suggest(word, registry.object_names()))
    wanted = shell.cache.refresh(kinds)
    shell.say(f"reloading {', '.join(wanted)} in the background")
    return Outcome()


def history(shell: Shell, args: list[str]) -> Outcome:
    count = len(shell.lines)
    if args:
        try:
            count = int(args[0])
        except ValueError:
            raise UsageError(f"history: '{args[0]}' is not a number") from None
    start = max(0, len(shell.lines) - count)
    shell.say("".join(f"{i + 1:5}  {line}\n" for i, line in enumerate(shell.lines[start:], start=start)) or "\n")
    return Outcome()


def save(shell: Shell, args: list[str]) -> Outcome:
    if len(args) != 1:
        raise UsageError(_usage("save"))
    if not shell.script:
        raise UsageError("save: no successful line to save yet")
    path = shell.env.expand(args[0])
    header = ("# oscmd script saved from an interactive session; run it with: oscmd "
              f"{args[0]}\n")
    try:
        path.write_text(header + "".join(line + "\n" for line in shell.script), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"save: cannot write {path}: {exc.strerror or exc}") from None
    shell.say(f"saved {len(shell.script)} line(s) to {path}")
    return Outcome()


SHELL_HELP = """Type OBJECT [object options] VERB [verb options], as in scripts; Tab completes.
Root options such as --dry-run, -y or --output json may lead a line.

shell commands:
{builtins}
objects:
{objects}
$_ (and $1, $2...) stand for the ids the previous line produced:
  eip allocate
  eip -i $_ associate -n web1
After 'use instance -n web1', 'console' alone means 'instance -n web1 console'.
Keys: Tab completes, Right arrow takes the grey suggestion, Ctrl-R searches the history,
Ctrl-C clears the line or stops a running command, Ctrl-D leaves.
'help OBJECT', 'help OBJECT VERB' and 'help TOPIC' tell more.
"""


def help_(shell: Shell, args: list[str]) -> Outcome:
    if not args:
        rows = [(b.usage, b.help) for b in registry.BUILTINS] + [("!COMMAND", "run COMMAND with your shell")]
        builtins = "".join(f"  {usage:<48} {text}\n" for usage, text in rows)
        objects = "".join(f"  {o.name:<14} {o.help}\n" for o in registry.OBJECTS)
        shell.say(SHELL_HELP.format(builtins=builtins, objects=objects))
        return Outcome()
    obj = registry.get_object(args[0])
    if obj is not None:
        if len(args) > 1:
            verb = obj.verb(args[1])
            if verb is None:
                raise UsageError(f"help: {obj.name} has no verb '{args[1]}'" + suggest(args[1], obj.verb_names))
            shell.say(helptext.verb_help(obj, verb))
        else:
            shell.say(helptext.object_help(obj))
        return Outcome()
    builtin = next((b for b in registry.BUILTINS if b.name == args[0]), None)
    if builtin is not None:
        shell.say(f"usage: {builtin.usage}\n  {builtin.help}\n")
        return Outcome()
    try:
        topics = importlib.import_module("oscmd_shell.output.topics")
    except ImportError:
        raise UsageError(f"help: no help on '{args[0]}'" + suggest(args[0], registry.object_names())) from None
    shell.say(str(topics.render(args)))
    return Outcome()


def exit_(shell: Shell, args: list[str]) -> Outcome:
    shell.done = True
    return Outcome()


BUILTINS: dict[str, Builtin] = {
    "set": set_, "use": use, "unset": unset, "refresh": refresh, "history": history, "save": save,
    "help": help_, "exit": exit_,
}


def run_builtin(shell: Shell, name: str, args: list[str]) -> Outcome:
    return BUILTINS[name](shell, args)
