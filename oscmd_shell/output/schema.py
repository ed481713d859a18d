"""The JSON and YAML documents, written down: ``oscmd help json``, ``oscmd help fleet``, and the checker.

The attribute tables come from each object's ``ATTRIBUTES``
(:mod:`oscmd_shell.objects.attrs`), so the help and the views cannot
disagree; :func:`problems` checks one printed row against them (the tests hold
every object to it).  :data:`FLEET` explains ``--filter``, several regions and
profiles, ``--sort`` and ``--query``.
"""

from __future__ import annotations

import textwrap
from typing import Any

from .. import registry

DOCUMENTS = """\
Every command prints one document in --output json or yaml, whatever its flags:
  list, dump   an array, one object per EC2 object (an empty listing is [])
  list -s      an array of {"name", "type", "aliases"}: the attributes below
  other verbs  one object; a verb that reports several steps updates it (start -w:
               "state" goes from "pending" to "running"), and the steps it acts on beside
               the object have their own key ("address": {...}, "volumes": [{...}])
  exist        nothing: the exit status answers
Each attribute appears under one name.  The 2017 (boto 2) names that -p patterns and
--sort also accept, shown in parentheses below and by 'list -s', are never repeated in the
document.  Lists are arrays (never joined strings), tags are a map from key to value, and
any attribute may be null when EC2 did not say.  Every listed object carries "region"
and "profile" (the --profile it was listed with, else null).  dump prints the list
object plus "raw": the record exactly as EC2's API returned it, under EC2's own names
(and securitygroup dump adds "used_by").  Timestamps are ISO 8601 text.

Streaming: text output and JSON/YAML lists are written page by page as EC2 answers, so
the first lines of 10,000 instances appear after the first page.  A listing cut short by
an error leaves its JSON array unterminated (no parser takes a part for the whole) and
the exit status says what failed.  The table, --sort and --query wait for the whole list.

--query EXPR applies a JMESPath expression (jmespath.org) to this document and prints the
result in the chosen format: json and yaml as documents; text as the aws CLI does (a
scalar on its own line, a list of scalars on one line separated by tabs, each object's
values on one line); table as columns when the result is a list of objects.  An invalid
expression stops with status 2 before any request.  It may also lead a script or shell
line, like --output:  --query '[?state==`running`].name' instance list
"""

TYPES = """\
Types: string, integer, boolean, string[] (an array of strings), map (an object of
strings), object (any JSON object).
"""

FLEET = """\
Selecting with EC2's own filters (list, dump, summary and exist of every object):
  oscmd instance --filter tag:env=prod --filter instance-state-name=running list
--filter NAME=VALUE[,VALUE...] is an object option, repeatable: the values of one filter
are alternatives, and every filter must hold.  The names are EC2's (tag:KEY for a tag);
a name EC2 does not document for the object stops with status 2 and the list of valid
ones, before any request.  * and ? in values are EC2 wildcards (tag:Name=web*): an
explicit choice, while -n NAME always means exactly that name.  Verbs that change
things refuse --filter (status 2, nothing done): act on one object with -i or -n.
Completion offers the filter names, and values the cache knows (states, types, zones,
ids and Names, tag keys after tag:, and the values seen for a key: tag:env=<Tab>).

Several regions and profiles at once:
  oscmd -r eu-west-1,us-east-1 instance list       oscmd -r all volume summary
  oscmd --profile prod,staging -r all instance --filter instance-state-name=running list
-r takes a comma-separated list, or all (every region enabled for the account, asked of
EC2); --profile takes a comma-separated list.  The read verbs (list, dump, summary,
exist) then run once per (profile, region), concurrently, one connection each, and their
results are merged in the order given: each row carries "region" (and "profile"), the
text listing starts each line with the region (and profile), -p patterns may use
%(region)s and %(profile)s, dump heads each region's objects with '== REGION ==', and
summary adds the count of each region.  A region that fails (no permission, disabled,
endpoint down) is one line on stderr naming it; the others still print, and the exit
status is then 5 when every failure was a connection or credentials failure, else 3.
exist answers 0 when the object is in any of them; -L lists the zones of each.  Verbs
that change things refuse several regions or profiles (status 2, nothing done).  A
regional endpoint such as fcu.eu-west-2.outscale.com is pointed at each region; any
other -e serves them all.
In the shell: set region eu-west-1,us-east-1 (completion keeps using the first region).

Sorting: list --sort ATTRIBUTE [--reverse] (any name 'list -s' shows, 2017 names too);
--reverse alone prints the listing backwards.  A sorted listing prints when complete.
"""


def _attribute_lines(name: str, type_: str, aliases: tuple[str, ...], help_: str) -> list[str]:
    also = f" ({'/'.join(aliases)})" if aliases else ""
    head = f"  {name}{also}"
    lines = [f"{head:<34} {type_:<9} "]
    width = 100 - len(lines[0])
    wrapped = textwrap.wrap(help_, width) or [""]
    if len(head) > 34:
        lines = [head, " " * 35 + f"{type_:<9} "]
    lines[-1] += wrapped[0]
    lines += [" " * (100 - width) + more for more in wrapped[1:]]
    return lines


def json_topic() -> str:
    from ..kinds import KINDS
    from ..objects import attrs

    out = [DOCUMENTS.rstrip(), "", TYPES.rstrip(), ""]
    for obj in registry.OBJECTS:
        kind = KINDS[obj.kind]
        out.append(f"{obj.name} (list and dump)")
        for attr in attrs.attributes(kind):
            out += _attribute_lines(attr.name, attr.type, attr.aliases, attr.help)
        out.append("  and in dump:")
        for attr in attrs.dump_attributes(kind):
            out += _attribute_lines(attr.name, attr.type, attr.aliases, attr.help)
        out.append("")
    return "\n".join(line.rstrip() for line in out) + "\n"


def _typed(value: Any, type_: str) -> bool:
    if value is None:
        return True
    if type_ == "string":
        return isinstance(value, str)
    if type_ == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_ == "boolean":
        return isinstance(value, bool)
    if type_ == "string[]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if type_ == "map":
        return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    return isinstance(value, dict)


def problems(object_name: str, row: Any, *, dump: bool = False) -> list[str]:
    """How a printed row departs from the documented shape of ``object_name`` (empty: it conforms)."""
    from ..kinds import KINDS
    from ..objects import attrs

    obj = registry.get_object(object_name)
    if obj is None or not isinstance(row, dict):
        return [f"{object_name}: not an object: {row!r}"[:200]]
    kind = KINDS[obj.kind]
    declared = list(attrs.attributes(kind)) + (list(attrs.dump_attributes(kind)) if dump else [])
    wanted = [a.name for a in declared]
    found: list[str] = []
    if list(row) != wanted:
        found.append(f"{object_name}: keys {sorted(set(row) ^ set(wanted))} differ from the schema "
                     f"(or are out of order)")
    for attr in declared:
        if attr.name in row and not _typed(row[attr.name], attr.type):
            found.append(f"{object_name}.{attr.name}: {row[attr.name]!r} is not {attr.type}"[:200])
    return found
