"""Options and verbs shared by several objects, declared once.

Object identification (``-i``/``-n``/``-s``), the ``list`` pattern options and
the generic read verbs (``dump``, ``list``, ``exist``) look the same on every
object; this module builds them so each object's spec only states what is its
own.  Pure data, stdlib only.
"""

from __future__ import annotations

from ..spec import Option, Positional, Verb

GENERIC = "oscmd_shell.objects.generic"


def ident_id(kind: str, help: str) -> Option:
    return Option(("-i", "--id"), "id", help, metavar="ID", values=f"{kind}:id")


def ident_name(kind: str, help: str) -> Option:
    return Option(("-n", "--name"), "name", help, metavar="NAME", values=f"{kind}:name")


def ident_self(help: str) -> Option:
    return Option(("-s", "--self"), "self", help + " (instance metadata, IMDSv2)", arity=0)


def filter_option(kind: str) -> Option:
    """``--filter NAME=VALUE[,VALUE...]``: an EC2 filter, for the read verbs (see aws/filters.py)."""
    return Option(
        ("--filter",), "filter",
        "EC2 filter NAME=VALUE[,VALUE...] for list, dump, summary and exist: values are alternatives, several "
        "--filter must all hold; * and ? are EC2 wildcards (e.g. instance-state-name=running, tag:env=prod)",
        repeat=True, metavar="NAME=VALUE", values=f"filter:{kind}",
    )


PATTERN = Option(
    ("-p", "--pattern"),
    "pattern",
    "python %-format applied to each object's attributes, e.g. '%(id)s %(state)s'; \\t and \\n work",
    type="pattern",
    metavar="FMT",
)
SHOW_ATTRIBUTES = Option(
    ("-s", "--showattributes"),
    "showattributes",
    "print the attribute names usable in a pattern instead of listing (2017 aliases in parentheses)",
    arity=0,
)


def sort_option(kind: str) -> Option:
    return Option(("--sort",), "sort", "sort by this attribute (any name 'list -s' shows); the listing is then "
                  "printed when complete", metavar="ATTRIBUTE", values=f"attribute:{kind}")


REVERSE = Option(("--reverse",), "reverse", "print in reverse order (with --sort: descending)", arity=0)


def ids_positional(kind: str) -> Positional:
    return Positional("ID", "restrict to these ids", values=f"{kind}:id")


def dump_verb(kind: str, what: str, extra: tuple[Option, ...] = (), handler: str | None = None) -> Verb:
    return Verb(
        "dump",
        f"show every detail of the {what} (all of them when none is identified)",
        handler or f"{GENERIC}:dump",
        options=extra,
        positionals=(ids_positional(kind),),
        target="optional",
        read=True,
    )


def list_verb(kind: str, what: str, extra: tuple[Option, ...] = (), handler: str | None = None) -> Verb:
    return Verb(
        "list",
        f"list {what}es, one line each (see -p and -s)" if what.endswith("s") else
        f"list {what}s, one line each (see -p and -s)",
        handler or f"{GENERIC}:list_",
        options=(PATTERN, SHOW_ATTRIBUTES, sort_option(kind), REVERSE, *extra),
        positionals=(ids_positional(kind),),
        target="optional",
        read=True,
    )


def exist_verb(what: str) -> Verb:
    return Verb(
        "exist",
        f"exit 0 when the {what} exists, 1 when it does not (silent in scripts; the shell says which); "
        "with --filter alone: when one matches",
        f"{GENERIC}:exist",
        target="optional",
        read=True,
    )


YES_NOTE = "asks for confirmation on a terminal; needs -y/--yes without one"
