"""The read verbs every object shares: ``list``, ``dump`` and ``exist``, and the reading they share.

They work from the kinds table: describe every object, one identified object,
or the ids given as positionals, with ``--filter``'s EC2 filters, in one
region or in each of several (``-r a,b``, ``-r all``, ``--profile a,b``:
concurrently, in target order).  Rows are flat views (see
:mod:`oscmd_shell.objects.attrs`) carrying their ``region`` and ``profile``,
produced page by page as EC2 answers so a streaming format prints the first
page at once.  ``list`` prints them through a pattern (``--sort`` and
``--reverse`` hold them until complete), ``dump`` adds each raw API record
under ``raw`` and prints the object's text block, ``exist`` returns a status
(and, in the interactive shell, a line saying "exists" or "does not exist").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..aws.filters import rejected
from ..aws.lookup import id_params, iter_pages, view_function
from ..context import Invocation
from ..errors import NotFound, UsageError
from ..kinds import Kind
from ..output import patterns
from ..output.results import Attributes, Event, Message, Records, Status, View
from . import attrs

TextFn = Callable[[View, dict[str, Any]], str]
Page = list[View]


# -- reading -----------------------------------------------------------------------------------
def read_params(inv: Invocation, **params: Any) -> dict[str, Any]:
    """``params`` plus the positional ids and the ``--filter`` filters."""
    if inv.positionals:
        params.update(id_params(inv.kind, list(inv.positionals)))
    filters = inv.filters()
    if filters:
        params["Filters"] = [*params.get("Filters", []), *filters]
    return params


def raw_pages(inv: Invocation, **params: Any) -> Iterator[list[dict[str, Any]]]:
    """One target's raw records page by page; EC2 refusing a ``--filter`` name is a usage error."""
    try:
        yield from iter_pages(inv.ec2, inv.kind, **read_params(inv, **params))
    except Exception as exc:
        filters = inv.filters()
        refused = rejected(inv.kind, exc, f"{inv.obj.name} {inv.verb.name}", filters) if filters else None
        if refused is not None:
            raise refused from None
        raise


def row_maker(inv: Invocation, *, raw: bool = False) -> Callable[[dict[str, Any]], View]:
    """Raw record -> flat view with this target's region and profile (and, for ``dump``, the record)."""
    view = view_function(inv.kind)
    here = inv.where()

    def row(record: dict[str, Any]) -> View:
        out = view(record)
        out.update(here)
        if raw:
            out["raw"] = record
        return out

    return row


def target_rows(inv: Invocation, *, raw: bool = False, **params: Any) -> Iterator[Page]:
    """One target's rows: the identified object, or what the positional ids and filters select."""
    row = row_maker(inv, raw=raw)
    if inv.identified:
        target = inv.target
        yield [row(target.raw)]
        return
    for page in raw_pages(inv, **params):
        yield [row(record) for record in page]


def across(inv: Invocation, work: Callable[[Invocation], Iterable[Page]]) -> Iterator[Page]:
    """``work``'s pages for every target.  With several targets, one where nothing by that id or name
    exists adds nothing (it is not a failure); when none has it, that is :class:`NotFound`."""
    if not inv.ctx.settings.fleet:
        yield from work(inv)
        return
    from ..aws.targets import as_error

    found: list[bool] = []

    def quiet(t: Invocation) -> Iterator[Page]:
        try:
            for page in work(t):
                if page:
                    found.append(True)
                yield page
        except Exception as exc:
            if not isinstance(as_error(exc), NotFound):
                raise

    yield from inv.across(quiet)
    if not found and not inv.failures and (inv.identified or inv.positionals):
        what = inv.ident.get("id") or inv.ident.get("name") or ", ".join(inv.positionals)
        raise NotFound(f"no {inv.kind.label} '{what}' in any of the regions listed")


def rows(inv: Invocation, *, raw: bool = False, **params: Any) -> Iterator[Page]:
    """Every target's rows, page by page (see :func:`target_rows`)."""
    return across(inv, lambda t: target_rows(t, raw=raw, **params))


def all_raw(inv: Invocation, **params: Any) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every raw record of every target (``summary``), filters applied, and how many each target had
    (by region, or ``profile/region`` with several profiles)."""

    def work(t: Invocation) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        label = "/".join(str(v) for v in (t.ctx.settings.profile if inv.ctx.settings.profiles else None,
                                          t.ctx.clients.region) if v)
        for page in raw_pages(t, **params):
            yield label, page

    records: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for label, page in inv.across(work):
        records += page
        counts[label] = counts.get(label, 0) + len(page)
    return records, counts


def summary(inv: Invocation, lines: list[str], data: dict[str, Any], counts: dict[str, int]) -> Message:
    """A summary's message; over several targets, with how many objects each one had."""
    if inv.ctx.settings.fleet:
        lines = [*lines, "per region: " + ", ".join(f"{label} {n}" for label, n in counts.items())]
        data = {**data, "regions": counts}
    return Message(lines, data=data)


# -- list ----------------------------------------------------------------------------------------
def attributes(kind: Kind) -> Attributes:
    """``list -s``: the attributes of ``kind`` with their types and 2017 aliases."""
    declared = attrs.attributes(kind)
    return Attributes([a.name for a in declared], {a.name: a.type for a in declared},
                      {a.name: a.aliases for a in declared if a.aliases})


def pattern_of(inv: Invocation) -> str:
    """``-p``, else the object's pattern (after the region, and profile, when several are listed)."""
    given = inv.args.get("pattern")
    if given:
        return str(given)
    settings = inv.ctx.settings
    prefix = ("%(profile)s " if settings.profiles else "") + ("%(region)s " if settings.regions else "")
    return prefix + inv.kind.default_pattern


def sort_key(name: str) -> Callable[[View], Any]:
    def key(row: View) -> Any:
        value = row.get(name)
        if value is None:
            return (1, 0, "")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, value, "")
        if isinstance(value, list | tuple):
            return (0, 0, ",".join(str(v) for v in value))
        return (0, 0, str(value))

    return key


def ordered(inv: Invocation, pages: Iterable[Page]) -> Iterable[Page]:
    """The pages as they come, or all of them in one sorted (``--sort``) or reversed page."""
    name, reverse = inv.args.get("sort"), bool(inv.args.get("reverse"))
    if not name and not reverse:
        return pages
    everything = [row for page in pages for row in page]
    if name:
        everything.sort(key=sort_key(attrs.canonical(inv.kind, str(name)) or str(name)), reverse=reverse)
    else:
        everything.reverse()
    return [everything]


def check_list(inv: Invocation, pattern: str) -> None:
    """The pattern's and ``--sort``'s attribute names exist (before any request)."""
    known = [*attrs.names(inv.kind), *attrs.aliases(inv.kind)]
    patterns.check(patterns.unescape(pattern), known)
    name = inv.args.get("sort")
    if name and attrs.canonical(inv.kind, str(name)) is None:
        from ..parsing.levels import suggest

        raise UsageError(f"{inv.obj.name} list: --sort: unknown attribute '{name}'" + suggest(str(name), known)
                         + "; 'list -s' shows them all")


def records(inv: Invocation, pages: Iterable[Page]) -> Records:
    kind = inv.kind
    pattern = pattern_of(inv)
    check_list(inv, pattern)
    return Records(kind.name, pattern=pattern, columns=kind.columns, pages=ordered(inv, pages),
                   aliases=attrs.aliases(kind), fleet=inv.ctx.settings.fleet)


def list_(inv: Invocation) -> Records | Attributes:
    if inv.args.get("showattributes"):
        return attributes(inv.kind)
    return records(inv, rows(inv))


# -- dump ----------------------------------------------------------------------------------------
def text_function(inv: Invocation) -> TextFn:
    module = importlib.import_module(f"oscmd_shell.objects.{inv.obj.name}.view")
    fn: TextFn = module.dump_text
    return fn


def dump_records(inv: Invocation, pages: Iterable[Page], text: TextFn | None = None) -> Records:
    """``dump``: rows with their raw records under ``raw``, printed as the object's text blocks."""
    kind = inv.kind
    return Records(kind.name, columns=kind.columns, pages=pages, block=text or text_function(inv),
                   aliases=attrs.aliases(kind), fleet=inv.ctx.settings.fleet)


def dump(inv: Invocation) -> Records:
    return dump_records(inv, rows(inv, raw=True))


# -- exist ---------------------------------------------------------------------------------------
def exist(inv: Invocation) -> list[Event]:
    """Status 0 or 1; in the interactive shell a line says which (scripts stay silent)."""
    if not inv.identified and not inv.filters():
        raise UsageError(f"{inv.obj.name} exist: identify the {inv.obj.name} with -i or -n (or give --filter)")
    owners = {"Owners": inv.image_owners()} if inv.kind.name == "image" and not inv.identified else {}

    def first(t: Invocation) -> Iterator[Page]:
        if t.identified:
            try:
                yield [{"id": t.target.id}]
            except NotFound:
                return
            return
        for page in raw_pages(t, **owners):
            if page:
                yield [{"id": str(page[0].get(t.kind.id_field))}]
                return

    found = [row["id"] for page in inv.across(first) for row in page]
    asked = str(inv.ident.get("name") or inv.ident.get("id") or "matching --filter")
    if not found:
        said = [Message(f"{inv.obj.name} {asked} does not exist", data={"exists": False})]
        return [*(said if inv.ctx.env.in_shell else []), Status(1)]
    shown = inv.target.label if inv.identified and not inv.ctx.settings.fleet else asked
    said = [Message(f"{inv.obj.name} {shown} exists", data={"exists": True, "id": found[0]})]
    return [*(said if inv.ctx.env.in_shell else []), Status(0, tuple(found))]
