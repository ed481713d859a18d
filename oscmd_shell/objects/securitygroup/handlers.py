"""The verbs of ``securitygroup``: dump with "used by", create, delete, add and remove rules.

``dump`` finds which instances use each group with one DescribeInstances for
all groups.  Rules are applied by group id (VPC-safe), one IpPermissions per
protocol; when a protocol fails the others are still tried and the error says
which were applied and which failed.  A delete refused because other objects
depend on the group names them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...aws.errors import error_code
from ...aws.lookup import iter_raw, literal_filter
from ...context import Invocation
from ...errors import Ambiguous, ApiError, NotFound, OscmdError, UsageError
from ...kinds import KINDS
from ...output.results import Message, Records
from .. import generic
from ..tagging import creator_tags, tag_specs
from . import rules
from .view import dump_text

LIVE_STATES = ["pending", "running", "stopping", "stopped", "shutting-down"]
_ACCOUNT = re.compile(r"^\d{12}$")


# -- dump --------------------------------------------------------------------------------------
def used_by(inv: Invocation) -> dict[str, list[str]]:
    """Group id -> ids of the live instances using it (one DescribeInstances, all pages)."""
    used: dict[str, list[str]] = {}
    filters = [{"Name": "instance-state-name", "Values": LIVE_STATES}]
    for inst in iter_raw(inv.ec2, KINDS["instance"], Filters=filters):
        groups = {g.get("GroupId") for g in inst.get("SecurityGroups") or []}
        for nic in inst.get("NetworkInterfaces") or []:
            groups |= {g.get("GroupId") for g in nic.get("Groups") or []}
        for gid in sorted(g for g in groups if g):
            used.setdefault(gid, []).append(str(inst["InstanceId"]))
    return used


def _used_pages(inv: Invocation) -> Iterator[list[dict[str, Any]]]:
    """One target's groups, each with ``used_by`` (``-u``: only the groups in use)."""
    rows = [row for page in generic.target_rows(inv, raw=True) for row in page]
    used = used_by(inv) if rows else {}
    for row in rows:
        raw = row.pop("raw")
        row["used_by"] = used.get(str(row.get("id")), [])
        row["raw"] = raw
    yield [row for row in rows if row["used_by"] or not inv.args.get("used")]


def dump(inv: Invocation) -> Records:
    def text(v: dict[str, Any], raw: dict[str, Any]) -> str:
        return dump_text(v, raw, used_by=list(v.get("used_by") or []))

    return generic.dump_records(inv, generic.across(inv, _used_pages), text)


# -- create / delete ---------------------------------------------------------------------------
def create(inv: Invocation) -> Message:
    name = str(inv.args["name"])
    description = inv.args.get("description") or name
    params: dict[str, Any] = {"GroupName": name, "Description": description}
    if inv.args.get("vpc_id"):
        params["VpcId"] = inv.args["vpc_id"]
    specs = tag_specs("security-group", creator_tags(inv.ctx.user))
    if specs:
        params["TagSpecifications"] = specs
    answer = inv.ec2.create_security_group(**params)
    gid = str(answer["GroupId"])
    data = {"id": gid, "name": name, "description": description, "vpc_id": inv.args.get("vpc_id")}
    return Message(gid, data=data, ids=(gid,))


def delete(inv: Invocation) -> Message:
    group = inv.target
    try:
        inv.ec2.delete_security_group(GroupId=group.id)
    except Exception as exc:
        if error_code(exc) == "DependencyViolation":
            raise ApiError(f"{_message(exc)} ({_dependents(inv, group.id)})", code="DependencyViolation") from None
        raise
    return Message(f"{group.id} deleted", data={"id": group.id, "name": group.name, "deleted": True},
                   ids=(group.id,))


def _dependents(inv: Invocation, gid: str) -> str:
    """Name what still depends on group ``gid``: groups whose rules reference it, instances using it."""
    try:
        referencing: list[str] = []
        for key in ("ip-permission.group-id", "egress.ip-permission.group-id"):
            for raw in iter_raw(inv.ec2, KINDS["group"], Filters=[{"Name": key, "Values": [gid]}]):
                label = f"{raw['GroupId']} ({raw.get('GroupName', '')})"
                if raw["GroupId"] != gid and label not in referencing:
                    referencing.append(label)
        instances = used_by(inv).get(gid, [])
    except Exception:
        return "could not list what depends on it"
    parts = []
    if referencing:
        parts.append("referenced by the rules of " + ", ".join(referencing))
    if instances:
        parts.append("used by " + ", ".join(instances))
    return "; ".join(parts) if parts else "something still depends on it"


# -- rules -------------------------------------------------------------------------------------
def add_rule(inv: Invocation) -> Message:
    return _change_rules(inv, add=True)


def remove_rule(inv: Invocation) -> Message:
    return _change_rules(inv, add=False)


def _change_rules(inv: Invocation, *, add: bool) -> Message:
    where = f"securitygroup {inv.verb.name}"
    args = inv.args
    masks = list(args.get("mask") or [])
    source = args.get("source_group")
    protos = rules.protocols(list(args.get("protocol") or []), where)
    rules.check_sources(masks, source, where)
    v4, v6 = rules.networks(masks, where)
    for proto in protos:
        rules.ports(proto, args.get("port_range"), args.get("from_port"), args.get("to_port"), where)
    group = inv.target
    pair = _source_pair(inv, group.raw, str(source)) if source else None
    perms = rules.build(protos, port_range=args.get("port_range"), from_port=args.get("from_port"),
                        to_port=args.get("to_port"), v4=v4, v6=v6, pair=pair,
                        description=args.get("description") if add else None, where=where)
    call = inv.ec2.authorize_security_group_ingress if add else inv.ec2.revoke_security_group_ingress
    applied: list[str] = []
    failed: list[tuple[str, str, str]] = []
    for label, perm in perms:
        try:
            answer = call(GroupId=group.id, IpPermissions=[perm])
        except Exception as exc:
            code, text = _failure(exc, applied)
            failed.append((label, code, text))
            if not code:
                break
            continue
        if not add and answer.get("UnknownIpPermissions"):
            failed.append((label, "InvalidPermission.NotFound", "no such rule in this group"))
            continue
        applied.append(label)
    sources = rules.sources_text(v4, v6, pair)
    verb = "added" if add else "removed"
    if failed:
        raise _summary(group.id, verb, applied, failed, perms)
    lines = [f"{group.id}: {verb} {label} {'from' if add else 'for'} {sources}" for label in applied]
    data = {"group_id": group.id, verb: [perm for _, perm in perms]}
    return Message(lines, data=data, ids=(group.id,))


def _failure(exc: Exception, applied: list[str]) -> tuple[str, str]:
    """(API error code, one-line text) of a failed protocol; re-raise what must stop the verb at once."""
    from ...aws.errors import is_dry_run_success, translate

    if is_dry_run_success(exc):
        raise exc
    code = error_code(exc)
    if code == "InvalidPermission.Duplicate":
        return code, f"the rule already exists ({code})"
    if code == "InvalidPermission.NotFound":
        return code, f"no such rule in this group ({code})"
    translated = translate(exc)
    if translated is None or (not code and not applied):
        raise exc
    return code or "", translated.message


def _summary(gid: str, verb: str, applied: list[str], failed: list[tuple[str, str, str]],
             perms: list[tuple[str, dict[str, Any]]]) -> OscmdError:
    tried = {label for label, _, _ in failed} | set(applied)
    skipped = [label for label, _ in perms if label not in tried]
    text = f"{gid}: " + "; ".join(f"{label} failed: {message}" for label, _, message in failed)
    text += f"; {verb}: {', '.join(applied)}" if applied else f"; nothing was {verb}"
    if skipped:
        text += f"; not attempted: {', '.join(skipped)}"
    codes = {code for _, code, _ in failed}
    if not applied and codes == {"InvalidPermission.NotFound"}:
        return NotFound(text)
    return ApiError(text, code=next(iter(codes)) if len(codes) == 1 else None)


def _source_pair(inv: Invocation, target: dict[str, Any], value: str) -> dict[str, str]:
    """Resolve ``-s`` (sg-id, NAME, OWNERID:NAME or OWNERID:sg-id) to a UserIdGroupPair."""
    where = f"securitygroup {inv.verb.name}"
    owner: str | None = None
    ref = value.strip()
    if ":" in ref:
        owner, ref = (part.strip() for part in ref.split(":", 1))
        if not _ACCOUNT.match(owner):
            raise UsageError(f"{where}: -s '{value}': OWNERID must be a 12-digit account id")
    if not ref:
        raise UsageError(f"{where}: -s '{value}' names no group")
    own = str(target.get("OwnerId") or "")
    foreign = owner is not None and owner != own
    if ref.startswith("sg-"):
        if foreign:
            return {"UserId": str(owner), "GroupId": ref}
        return {"GroupId": inv.find("group", ident=ref).id}
    filters = [literal_filter("group-name", [ref])]
    if owner:
        filters.append({"Name": "owner-id", "Values": [owner]})
    if target.get("VpcId"):
        filters.append({"Name": "vpc-id", "Values": [str(target["VpcId"])]})
    matches = [g for g in iter_raw(inv.ec2, KINDS["group"], Filters=filters) if g.get("GroupName") == ref]
    if not matches:
        scope = f" in {target['VpcId']}" if target.get("VpcId") else ""
        hint = " (a group of another account must be given by id: OWNERID:sg-...)" if foreign else ""
        raise NotFound(f"the source security group '{value}' does not exist{scope}{hint}")
    if len(matches) > 1:
        listed = ", ".join(str(m["GroupId"]) for m in matches)
        raise Ambiguous(f"the source group name '{ref}' matches {len(matches)} groups: {listed}; use its id")
    found = matches[0]
    pair = {"GroupId": str(found["GroupId"])}
    if found.get("OwnerId") and str(found["OwnerId"]) != own:
        pair["UserId"] = str(found["OwnerId"])
    return pair


def _message(exc: Exception) -> str:
    from ...aws.errors import translate

    translated = translate(exc)
    return translated.message if translated is not None else str(exc)
