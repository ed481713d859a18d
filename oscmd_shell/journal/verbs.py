"""A verb's change as the journal records it: the dispatcher's frame, the intent, the command line.

:func:`recorded` is what the dispatcher wraps around every verb: a
:class:`~.record.Recording` whose intent (:func:`describe`) names the object,
verb, targets and connection, and the command as it ran (:func:`command_line`,
``$_`` and ``use`` filled in, values of sensitive options as ``***``, a line
naming a secret not at all).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..output.results import Outcome
from ..redact import redact
from . import store
from .params import clean
from .record import Recording, connection, record_in

if TYPE_CHECKING:
    from ..context import Invocation
    from ..output.render import Renderer

SECRET_LINE = "(not recorded: the line names a secret)"


def recorded(inv: Invocation, renderer: Renderer, run: Callable[[], Outcome]) -> Outcome:
    """The dispatcher's frame around one verb: its changes, if it makes any, are one journal entry."""
    recording = Recording(store.path_of(inv.ctx.env), lambda: describe(inv))
    return record_in(inv.ctx.clients, recording, run, renderer)


def describe(inv: Invocation) -> dict[str, Any]:
    """The intent of a verb: what ran, on what, where."""
    resolved = getattr(inv, "_target", None)
    targets = [resolved.id] if resolved is not None else [
        clean(str(v)) for k, v in inv.ident.items() if k in ("id", "name") and v]
    return {"object": inv.obj.name, "verb": inv.verb.name, "line": command_line(inv), "targets": targets,
            "options": sorted(inv.given), **connection(inv.ctx.clients)}


def command_line(inv: Invocation) -> str:
    """The command as it ran (``$_`` and ``use`` filled in); values of sensitive options are ``***``."""
    words = [inv.obj.name]
    for opt in inv.obj.options:
        value = inv.ident.get(opt.dest)
        if value:
            words += [opt.flags[0]] if opt.is_flag else [opt.flags[0], str(value)]
    words.append(inv.verb.name)
    for opt in inv.verb.options:
        if opt.dest not in inv.given:
            continue
        if opt.is_flag:
            words.append(opt.flags[0])
            continue
        value = inv.args.get(opt.dest)
        occurrences = value if opt.repeat and isinstance(value, list) else [value]
        for item in occurrences:
            parts = list(item) if isinstance(item, list | tuple) else [item]
            words.append(opt.flags[0])
            words += ["***" if opt.sensitive else str(p) for p in parts]
    if inv.positionals:
        words += ["--", *inv.positionals] if any(p.startswith("-") for p in inv.positionals) else inv.positionals
    from ..lines.words import carries_credentials

    line = redact(shlex.join(words))
    return SECRET_LINE if carries_credentials(line) else clean(line, 2000)  # sensitive values are *** already
