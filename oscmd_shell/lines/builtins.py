"""The built-in commands of the line language, in the shell and in scripts: set, use, unset.

Each takes the :class:`~oscmd_shell.lines.state.Lines` (the line runner) and its arguments
and returns an :class:`Outcome`; usage mistakes raise :class:`UsageError`.
``set region`` / ``set endpoint`` / ``set profile`` build a new context (new
clients; in the shell, a new completion cache); a region, zone or profile
must be a known one (:mod:`.checks`).  They mean the same in both
places, so a saved session replays as it ran.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import registry
from ..config import connection_settings, normalise_endpoint, region_from_endpoint, split_names
from ..errors import UsageError
from ..output.results import Outcome
from ..output.terminal import line
from ..parsing.levels import parse_level, suggest
from ..redact import redact
from .checks import check_profile, check_regions, check_zone
from .words import Selection

if TYPE_CHECKING:
    from .state import Lines

SETTINGS = ("region", "endpoint", "zone", "profile", "output")
LOCAL = "local"  # `set endpoint local`: the lines belong to the --local playground


def usage(name: str) -> str:
    found = next((b for b in registry.BUILTINS if b.name == name), None)
    return f"usage: {found.usage}" if found else f"usage: {name}"


def set_(runner: Lines, args: list[str]) -> Outcome:
    if not args:
        s = runner.ctx.settings
        rows = [("region", s.region_text or runner.region() or "(default)"),
                ("endpoint", redact(s.endpoint or "aws")), ("zone", s.zone or "-"),
                ("profile", ",".join(s.profiles) or s.profile or "-"), ("output", s.output)]
        runner.say("".join(f"{k:<9} {v}\n" for k, v in rows))
        return Outcome()
    if len(args) != 2 or args[0] not in SETTINGS:
        raise UsageError(usage("set") + (suggest(args[0], list(SETTINGS)) if args[0] not in SETTINGS else ""))
    key, value = args
    settings = runner.ctx.settings
    if (key, value) == ("endpoint", LOCAL):
        return _on_the_playground(runner)
    if key == "output":
        if value not in registry.OUTPUT_FORMATS:
            raise UsageError(f"output must be one of {', '.join(registry.OUTPUT_FORMATS)}, not '{value}'")
        runner.reconnect(output=value)
    elif key in ("region", "profile"):  # a comma list (or 'all' regions): the read verbs run in each
        if key == "profile" and settings.role:
            raise UsageError("set profile: oscmd was started with -S, whose role credentials are used; "
                             "start it without -S to use a profile")
        check_value(runner, key, value)
        runner.reconnect(**connection_settings(key, value, f"set {key}"))
    elif key == "zone":
        runner.reconnect(zone=check_value(runner, key, value))
    else:
        endpoint = normalise_endpoint(value, "set endpoint", secure=settings.secure)
        changes: dict[str, object] = {"endpoint": endpoint}
        guessed = region_from_endpoint(endpoint)
        if guessed and settings.sources.get("region") in (None, "endpoint host"):
            changes["region"] = guessed
        runner.reconnect(**changes)
    runner.ctx.settings.sources[key] = runner.origin
    return Outcome()


def _on_the_playground(runner: Lines) -> Outcome:
    """``set endpoint local``, which a session saved on the playground starts with: there, nothing to do;
    anywhere else the script stops before its first line can act on a real account."""
    if runner.ctx.settings.sources.get("endpoint") == "--local":
        return Outcome()
    raise UsageError("set endpoint local: these lines ran on the local playground and replay there only; "
                     "nothing was done", hint="run them with 'oscmd --local FILE'")


def check_value(runner: Lines, key: str, value: str) -> str:
    """``value`` for ``set KEY`` once checked (a typo is refused with a suggestion)."""
    if key == "region":
        check_regions(runner, value)
    elif key == "zone":
        check_zone(runner, value)
    elif key == "profile":
        for name in split_names(value):
            check_profile(runner, name)
    return value


def use(runner: Lines, args: list[str]) -> Outcome:
    if not args:
        if not runner.selection:
            runner.say("nothing selected (use OBJECT -n NAME | -i ID)")
        for sel in runner.selection.values():
            runner.say(line(f"{sel.obj} {' '.join(sel.tokens)}"))
        return Outcome()
    obj = registry.get_object(args[0])
    if obj is None:
        raise UsageError(f"use: unknown object '{args[0]}'" + suggest(args[0], registry.object_names()))
    level = parse_level(obj.options, args[1:], f"use {obj.name}", interspersed=False)
    if level.rest:
        raise UsageError(f"use {obj.name}: unexpected '{level.rest[0]}' ({usage('use')})")
    if "filter" in level.given:
        raise UsageError(f"use {obj.name}: use selects one object; --filter belongs on a read line "
                         f"('{obj.name} --filter NAME=VALUE list')")
    if not level.given:
        raise UsageError(f"use {obj.name}: identify it with " + " or ".join(
            o.flags[0] for o in obj.options if o.dest != "filter"))
    runner.selection.pop(obj.name, None)
    runner.selection[obj.name] = Selection(obj.name, tuple(args[1:]))
    value = level.values.get("id") or level.values.get("name")
    known = runner.cached(obj.kind, value) if isinstance(value, str) else None
    note = " (not in the completion cache: it is checked when a verb runs)" if known is False else ""
    runner.note(line(f"using {obj.name} {runner.selection[obj.name].label}{note}"))
    return Outcome()


def unset(runner: Lines, args: list[str]) -> Outcome:
    what = args[0] if args else "all"
    if what == "all":
        runner.selection.clear()
    elif what == "zone":
        runner.reconnect(zone=None)
    elif what in runner.selection:
        del runner.selection[what]
    else:
        raise UsageError(f"unset: '{what}' is not selected ({usage('unset')})")
    return Outcome()


COMMANDS: dict[str, Callable[[Lines, list[str]], Outcome]] = {"set": set_, "use": use, "unset": unset}
