"""The ``snapshot`` object: your EBS snapshots, identified by id or Name tag."""

from __future__ import annotations

from ...spec import ObjectSpec, Option, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, filter_option, ident_id, ident_name, list_verb

HANDLERS = "oscmd_shell.objects.snapshot.handlers"

SPEC = ObjectSpec(
    name="snapshot",
    help="EBS snapshots (yours)",
    kind="snapshot",
    options=(ident_id("snapshot", "snapshot id (snap-...)"), ident_name("snapshot", "value of the Name tag"),
             filter_option("snapshot")),
    verbs=(
        dump_verb("snapshot", "snapshot"),
        list_verb("snapshot", "snapshot"),
        exist_verb("snapshot"),
        Verb("summary", "number of snapshots and their total size in GiB", f"{HANDLERS}:summary", target="none",
             read=True),
        Verb("create", "snapshot a volume", f"{HANDLERS}:create", target="none",
             options=(
                 Option(("-v", "--volume"), "volume", "volume id or Name tag", required=True,
                        values="volume:id", metavar="VOLUME"),
                 Option(("-n", "--name"), "name", "Name tag of the snapshot"),
                 Option(("-d", "--description"), "description", "description"),
                 Option(("-w", "--wait"), "wait", "wait until completed", arity=0),
             ),
             mutates=("snapshot",)),
        Verb("delete", "delete the snapshot", f"{HANDLERS}:delete", destructive=True, mutates=("snapshot",),
             description=YES_NOTE),
    ),
)
