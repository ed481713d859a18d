"""The ``securitygroup`` object: security groups, identified by id or group name."""

from __future__ import annotations

from ...spec import ObjectSpec, Option, Verb
from ..common import YES_NOTE, dump_verb, exist_verb, filter_option, ident_id, list_verb

HANDLERS = "oscmd_shell.objects.securitygroup.handlers"


def _rule_options(*, description: bool) -> tuple[Option, ...]:
    options: tuple[Option, ...] = (
        Option(("-p", "--protocol"), "protocol", "tcp, udp, icmp, icmpv6, all, or a protocol number",
               repeat=True, values="protocol", metavar="PROTO"),
        Option(("-P", "--port_range", "--port-range"), "port_range",
               "FROM:TO, a single port, or ALL (icmp: TYPE:CODE, TYPE for every code, or ALL)",
               metavar="RANGE"),
        Option(("-f", "--from"), "from_port", "first port (or ICMP type)", type="int", metavar="PORT"),
        Option(("-t", "--to"), "to_port", "last port (or ICMP code)", type="int", metavar="PORT"),
        Option(("-m", "--mask"), "mask", "source CIDR, IPv4 or IPv6", repeat=True, metavar="CIDR"),
        Option(("-s", "--source_group", "--source-group"), "source_group",
               "source security group: id, name, or OWNERID:NAME", values="group:id", metavar="GROUP"),
    )
    if description:
        options += (Option(("-d", "--description"), "description", "rule description"),)
    return options


RULES_NOTE = (
    "One rule per protocol (-p), applied by group id. The source is -m CIDR (repeatable, IPv4 or IPv6) or "
    "-s GROUP, never both; nothing is ever opened to 0.0.0.0/0 unless given. When a protocol fails the others "
    "are still tried, and the error says which were applied and which failed (exit 3)."
)


SPEC = ObjectSpec(
    name="securitygroup",
    help="security groups",
    kind="group",
    options=(ident_id("group", "group id (sg-...)"),
             Option(("-n", "--name"), "name", "group name", metavar="NAME", values="group:name"),
             filter_option("group")),
    verbs=(
        dump_verb("group", "security group",
                  extra=(Option(("-u", "--used"), "used", "only groups used by at least one instance",
                                arity=0),),
                  handler=f"{HANDLERS}:dump"),
        list_verb("group", "security group"),
        exist_verb("security group"),
        Verb("create", "create a security group", f"{HANDLERS}:create", target="none",
             options=(Option(("-n", "--name"), "name", "group name", required=True),
                      Option(("-d", "--description"), "description", "description (default: the name)"),
                      Option(("--vpc-id",), "vpc_id", "VPC (default: the default VPC)", metavar="VPC")),
             mutates=("group",), description="Prints the new group id."),
        Verb("delete", "delete the security group", f"{HANDLERS}:delete", destructive=True, mutates=("group",),
             description="When EC2 refuses (DependencyViolation), the groups whose rules reference it and the "
                         "instances using it are named. " + YES_NOTE.capitalize() + "."),
        Verb("add_rule", "allow inbound traffic (one rule per protocol)", f"{HANDLERS}:add_rule",
             options=_rule_options(description=True), mutates=("group",), description=RULES_NOTE,
             examples=("oscmd securitygroup -n web add_rule -p tcp -P 443 -m 0.0.0.0/0 -m ::/0",
                       "oscmd securitygroup -n db add_rule -p tcp -P 5432 -s web",
                       "oscmd securitygroup -n web add_rule -p icmp -P ALL -m 10.0.0.0/8")),
        Verb("remove_rule", "revoke inbound rules (same options as add_rule)", f"{HANDLERS}:remove_rule",
             options=_rule_options(description=False), destructive=True, mutates=("group",),
             description=RULES_NOTE.replace("applied", "removed", 1) + " " + YES_NOTE.capitalize() + "."),
    ),
)
