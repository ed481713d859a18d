"""The ``eip`` object: elastic IP addresses, identified by the address itself."""

from __future__ import annotations

from ...spec import ObjectSpec, Option, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, list_verb

H = "oscmd_shell.objects.eip.handlers"

SPEC = ObjectSpec(
    name="eip",
    help="elastic IP addresses (the address is the identifier)",
    kind="address",
    options=(Option(("-i", "--id"), "id", "the public IP (or its allocation id eipalloc-...)", metavar="IP",
                    values="address:id"),),
    verbs=(
        dump_verb("address", "address"),
        list_verb("address", "address"),
        exist_verb("address"),
        Verb("summary", "number of addresses reserved, and how many are unused", f"{H}:summary",
             target="none"),
        Verb("allocate", "allocate a new address (VPC domain) and print it", f"{H}:allocate", target="none",
             options=(Option(("-n", "--name"), "name", "Name tag for the address"),),
             mutates=("address",)),
        Verb("associate", "associate the address with an instance (-i/-n identify the instance)",
             f"{H}:associate",
             options=(Option(("-i", "--id"), "instance_id", "instance id", values="instance:id",
                             metavar="INSTID"),
                      Option(("-n", "--name"), "instance_name", "instance Name tag", values="instance:name",
                             metavar="NAME")),
             mutates=("address", "instance")),
        Verb("disassociate", "disassociate the address from its instance", f"{H}:disassociate",
             mutates=("address", "instance")),
        Verb("release", "release the address", f"{H}:release", destructive=True, mutates=("address",),
             description=YES_NOTE),
    ),
)
