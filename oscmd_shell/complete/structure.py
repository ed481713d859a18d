"""Complete the grammar itself: objects, built-ins, verbs and the options valid at the cursor.

Everything comes from the registry.  Options already given at the cursor's
level are left out unless repeatable; each option is offered once, under the
flag spelling the user started (``-n`` or ``--name``), with its help as the
description.  Required options not yet given are offered first, marked
"required".  Built-ins (``set``, ``use``, ``help``...) and their first
arguments are completed like objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import registry
from ..spec import ObjectSpec, Option
from .model import Candidate, Request
from .parser import COMMAND_NAMES, HELP_FLAGS
from .static import SETTINGS, SHELLS


def _match(word: str, prefix: str) -> bool:
    return word.lower().startswith(prefix.lower())


def options(opts: Iterable[Option], given: set[str], prefix: str, *, with_help: bool = True) -> Iterator[Candidate]:
    """One candidate per option not yet given (repeatable ones always), in the spelling typed.

    Required options not yet given come first, their description starting with "required".
    """
    missing = [o for o in opts if o.dest not in given or o.repeat]
    for opt in sorted(missing, key=lambda o: not (o.required and o.dest not in given)):
        flags = [f for f in opt.flags if _match(f, prefix)]
        if not flags:
            continue
        longs = [f for f in flags if f.startswith("--")]
        flag = longs[0] if prefix.startswith("--") and longs else flags[0]
        value = "" if opt.is_flag else " " + opt.shown_metavar
        meta = f"required: {opt.help}" if opt.required and opt.dest not in given else opt.help
        yield Candidate(flag, display=", ".join(opt.flags[:2]) + value, meta=meta)
    if with_help:
        for flag in HELP_FLAGS:
            if _match(flag, prefix) and (flag == "-h" or prefix.startswith("--")):
                yield Candidate(flag, meta="show help")
                break


def _objects(prefix: str) -> Iterator[Candidate]:
    for obj in registry.OBJECTS:
        if _match(obj.name, prefix):
            yield Candidate(obj.name, meta=obj.help)


def _verbs(obj: ObjectSpec, prefix: str, note: str = "") -> Iterator[Candidate]:
    for verb in obj.verbs:
        if _match(verb.name, prefix):
            yield Candidate(verb.name, meta=(note + verb.help) if note else verb.help)


def _head(req: Request) -> Iterator[Candidate]:
    a, prefix = req.analysis, req.prefix
    if prefix.startswith("-"):
        yield from options(a.options, a.given, prefix, with_help=False)
        return
    yield from _objects(prefix)
    for b in registry.BUILTINS:
        if _match(b.name, prefix):
            yield Candidate(b.name, meta=b.help)
    for c in registry.ROOT_COMMANDS:
        if c.name in COMMAND_NAMES and _match(c.name, prefix):
            yield Candidate(c.name, meta=c.help)
    for name in req.sources.selected:
        obj = registry.get_object(name)
        if obj is not None:
            label = req.sources.selection.get(name, "")
            yield from _verbs(obj, prefix, note=f"{name} {label}: " if label else f"{name}: ")


def _builtin(req: Request) -> Iterator[Candidate]:
    a, prefix = req.analysis, req.prefix
    index = len(a.builtin_args)
    name = a.command or a.builtin
    if name == "completion" and index == 0:
        yield from (Candidate(s, meta=f"print the {s} completion script") for s in SHELLS if _match(s, prefix))
    if name == "set" and index == 0:
        yield from (Candidate(k, meta=v) for k, v in SETTINGS.items() if _match(k, prefix))
    elif name == "use" and index == 0:
        yield from _objects(prefix)
    elif name == "refresh" and index == 0:
        for obj in registry.OBJECTS:
            if _match(obj.name, prefix):
                yield Candidate(obj.name, meta=f"reload the {obj.name} values")
        yield from (Candidate(w, meta=f"reload the {w}s") for w in ("zone", "region") if _match(w, prefix))
    elif name == "unset" and index == 0:
        for sel in req.sources.selected:
            if _match(sel, prefix):
                yield Candidate(sel, meta=f"forget the selected {sel} {req.sources.selection.get(sel, '')}".rstrip())
        for word, text in (("zone", "forget the default zone"), ("all", "forget every selection")):
            if _match(word, prefix):
                yield Candidate(word, meta=text)
    elif name == "save" and index == 0 and prefix.startswith("-") and _match("-f", prefix):
        yield Candidate("-f", meta="replace an existing file without asking")
    elif name == "help":
        yield from _help(req, index)
    else:
        yield from _command(name, req)


def _command(name: str | None, req: Request) -> Iterator[Candidate]:
    """The options of a root command that has some (journal, undo), and its first word (journal show)."""
    command = next((c for c in registry.ROOT_COMMANDS if c.name == name), None)
    if command is None or not command.options:
        return
    prefix = req.prefix
    if prefix.startswith("-"):
        yield from options(command.options, req.analysis.given, prefix)
    elif not req.analysis.builtin_args:
        yield from (Candidate(a, meta=f"{command.name} {a}") for a in command.args if _match(a, prefix))


def _help(req: Request, index: int) -> Iterator[Candidate]:
    a, prefix = req.analysis, req.prefix
    if index == 0:
        yield from _objects(prefix)
        for topic, text in req.sources.topics():
            if _match(topic, prefix):
                yield Candidate(topic, meta=text)
        for b in registry.BUILTINS:
            if _match(b.name, prefix):
                yield Candidate(b.name, meta=b.help)
    elif index == 1:
        obj = registry.get_object(a.builtin_args[0])
        if obj is not None:
            yield from _verbs(obj, prefix)


def structure(req: Request) -> Iterable[Candidate]:
    """Objects, verbs, built-ins and options, by position."""
    a, prefix = req.analysis, req.prefix
    if a.where == "head":
        return _head(req)
    if a.where == "object" and a.obj is not None:
        if prefix.startswith("-"):
            return options(a.options, a.given, prefix)
        return _verbs(a.obj, prefix)
    if a.where == "use":
        return options(a.options, a.given, prefix, with_help=False)
    if a.where == "verb" and a.verb is not None and not a.after_dashdash:
        if prefix.startswith("-") or not a.verb.positionals:
            return options(a.options, a.given, prefix)
        return ()
    if a.where in ("builtin", "command"):
        return _builtin(req)
    return ()
