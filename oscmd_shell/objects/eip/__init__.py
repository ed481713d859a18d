"""The ``eip`` object: elastic IP addresses, identified by the address itself."""

from __future__ import annotations

from ...spec import ObjectSpec, Option, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, filter_option, list_verb

HANDLERS = "oscmd_shell.objects.eip.handlers"

SPEC = ObjectSpec(
    name="eip",
    help="elastic IP addresses (the address is the identifier)",
    kind="address",
    options=(Option(("-i", "--id"), "id", "the public IP (or its allocation id eipalloc-...)", metavar="IP",
                    values="address:id"), filter_option("address")),
    verbs=(
        dump_verb("address", "address"),
        list_verb("address", "address"),
        exist_verb("address"),
        Verb("summary", "number of addresses reserved, and how many are unused", f"{HANDLERS}:summary",
             target="none", read=True),
        Verb("allocate", "allocate a new address (VPC domain) and print it", f"{HANDLERS}:allocate", target="none",
             options=(Option(("-n", "--name"), "name", "Name tag for the address"),),
             mutates=("address",),
             description="Prints the new address; it is tagged with Name (-n) and creator."),
        Verb("associate", "associate the address with an instance (-i/-n identify the instance)",
             f"{HANDLERS}:associate",
             description="Records the address in the instance's EIP tag (instance start re-associates it). "
                         "An address associated with another instance is refused: disassociate it first.",
             examples=("oscmd eip -i 203.0.113.7 associate -n web1",),
             options=(Option(("-i", "--id"), "instance_id", "instance id", values="instance:id",
                             metavar="INSTID"),
                      Option(("-n", "--name"), "instance_name", "instance Name tag", values="instance:name",
                             metavar="NAME")),
             mutates=("address", "instance")),
        Verb("disassociate", "disassociate the address from its instance", f"{HANDLERS}:disassociate",
             mutates=("address", "instance"),
             description="Removes the instance's EIP tag when it names this address."),
        Verb("release", "release the address (disassociate it first)", f"{HANDLERS}:release", destructive=True,
             mutates=("address", "instance"),
             description="An address still associated with an instance is refused, as EC2 does "
                         "(InvalidIPAddress.InUse): run 'eip -i IP disassociate' first. EIP tags naming the "
                         "released address are removed. " + YES_NOTE.capitalize() + "."),
    ),
)
