"""The read verbs every object shares: ``list``, ``dump`` and ``exist``.

They work from the kinds table: describe every object (all pages), one
identified object, or the ids given as positionals; ``list`` returns flat views
with the object's default pattern, ``dump`` returns views plus raw records with
the object's text formatter, ``exist`` returns a status (and, in the
interactive shell, a line saying "exists" or "does not exist").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..aws.lookup import describe, id_params, iter_raw, view_function
from ..context import Invocation
from ..errors import NotFound, UsageError
from ..output.results import Attributes, Details, Event, Message, Records, Status, View

TextFn = Callable[[View, dict[str, Any]], str]


def selected(inv: Invocation, **params: Any) -> list[tuple[View, dict[str, Any]]]:
    """(view, raw) of the identified object, of the positional ids, or of all."""
    if inv.identified:
        target = inv.target
        return [(target.view, target.raw)]
    if inv.positionals:
        params.update(id_params(inv.kind, list(inv.positionals)))
    return describe(inv.ec2, inv.kind, **params)


def selected_views(inv: Invocation, **params: Any) -> list[View]:
    """Flat views only: each page's raw records are dropped once viewed (10,000 instances stay small)."""
    if inv.identified:
        return [inv.target.view]
    if inv.positionals:
        params.update(id_params(inv.kind, list(inv.positionals)))
    view = view_function(inv.kind)
    return [view(raw) for raw in iter_raw(inv.ec2, inv.kind, **params)]


def records(inv: Invocation, views: list[View]) -> Records | Attributes:
    kind = inv.kind
    if inv.args.get("showattributes"):
        sample = views[0] if views else view_function(kind)({})
        return Attributes(sorted(sample.keys()))
    pattern = inv.args.get("pattern") or kind.default_pattern
    return Records(kind.name, views, pattern, kind.columns)


def list_(inv: Invocation) -> Records | Attributes:
    if inv.args.get("showattributes") and not inv.identified and not inv.positionals:
        return Attributes(sorted(view_function(inv.kind)({}).keys()))
    return records(inv, selected_views(inv))


def text_function(inv: Invocation) -> TextFn:
    module = importlib.import_module(f"oscmd_shell.objects.{inv.obj.name}.view")
    fn: TextFn = module.dump_text
    return fn


def dump(inv: Invocation) -> Details:
    return Details(inv.kind.name, selected(inv), text_function(inv))


def exist(inv: Invocation) -> list[Event]:
    """Status 0 or 1; in the interactive shell a line says which (scripts stay silent)."""
    if not inv.identified:
        raise UsageError(f"{inv.obj.name} exist: identify the {inv.obj.name} with -i or -n")
    asked = str(inv.ident.get("name") or inv.ident.get("id") or "it")
    try:
        target = inv.target
    except NotFound:
        said = [Message(f"{inv.obj.name} {asked} does not exist", data={"exists": False})]
        return [*(said if inv.ctx.env.in_shell else []), Status(1)]
    said = [Message(f"{inv.obj.name} {target.label} exists", data={"exists": True, "id": target.id})]
    return [*(said if inv.ctx.env.in_shell else []), Status(0, (target.id,))]
