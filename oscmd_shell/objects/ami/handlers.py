"""The verbs of ``ami`` except ``run`` and ``make``: list, dump, share, unshare, delete.

Listing every image is limited to one owner by default (``-o``, else
``[ami] owner``, else ``self``) so the public catalogue of 1,000+ images is
never fetched by accident; ``-O`` lifts the filter.  A name (``-n``) selects
among trusted owners only (see :meth:`Invocation.image_owners`), or, with
``-O``, lists every image of exactly that name.  Images named by ``-i`` or ids
are shown whoever owns them unless ``-o`` is given.  Sharing edits
launch permissions; ``delete -d`` also deletes the snapshots the image was
built from, recorded before it is deregistered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...aws.lookup import named, resolve
from ...context import Invocation, split_owners
from ...errors import NotFound, UsageError
from ...output.results import Attributes, Message, Records, View
from .. import generic
from ..generic import across, dump_records, raw_pages, records, row_maker

_ACCOUNT = re.compile(r"^\d{12}$")


# -- list / dump -------------------------------------------------------------------------------
def explicit_owners(inv: Invocation) -> list[str] | None:
    """The owners of ``-o`` given on this command line, before the verb or after it (list, dump)."""
    before = split_owners(str(inv.ident.get("owner") or ""))
    after = split_owners(str(inv.args.get("owner") or "")) if "owner" in inv.given else []
    if before and after and before != after:
        raise UsageError(f"ami {inv.verb.name}: -o is given twice, with different owners")
    return before or after or None


def owners(inv: Invocation) -> list[str] | None:
    """The Owners filter of a listing: None with -O, else -o / [ami] owner / self."""
    explicit = explicit_owners(inv)
    if inv.args.get("noowner"):
        if explicit:
            raise UsageError(f"ami {inv.verb.name}: -o and -O exclude each other")
        return None
    return explicit or split_owners(str(inv.args.get("owner") or "")) or ["self"]


def _target_pages(inv: Invocation, raw: bool) -> Iterator[list[View]]:
    """One target's rows: an identified image, the ids given, or one owner's images (see the docstring)."""
    row = row_maker(inv, raw=raw)
    wanted = owners(inv)
    explicit = explicit_owners(inv)
    name = inv.ident.get("name")
    if inv.identified:
        if name and not inv.ident.get("id") and not inv.ident.get("self"):
            if wanted is None:  # -O: every image of exactly that name, whoever owns it
                found = named(inv.ec2, inv.kind, str(name), filters=inv.filters())
                if not found:
                    raise NotFound(f"no image you can see is named '{name}'")
                yield [row(record) for record in found]
                return
            if explicit:
                target = resolve(inv.ec2, inv.kind, name=str(name), image_owners=explicit, filters=inv.filters())
                yield [row(target.raw)]
                return
        yield [row(inv.target.raw)]
        return
    params: dict[str, Any] = {}
    if inv.positionals:
        if explicit:
            params["Owners"] = explicit
    elif wanted is not None:
        params["Owners"] = wanted
    for page in raw_pages(inv, **params):
        yield [row(record) for record in page]


def list_(inv: Invocation) -> Records | Attributes:
    if inv.args.get("showattributes"):
        return generic.attributes(inv.kind)
    owners(inv)  # -o/-O conflicts stop here, before any request
    return records(inv, across(inv, lambda t: _target_pages(t, raw=False)))


def dump(inv: Invocation) -> Records:
    owners(inv)
    return dump_records(inv, across(inv, lambda t: _target_pages(t, raw=True)))


# -- share / unshare ---------------------------------------------------------------------------
def accounts(values: Any, where: str, option: str) -> list[str]:
    """Account ids from a repeatable option (each value may also be comma-separated), checked."""
    out: list[str] = []
    for value in values or []:
        for part in str(value).split(","):
            account = part.strip()
            if not account:
                continue
            if not _ACCOUNT.match(account):
                raise UsageError(f"{where}: {option} '{account}' is not an account id (12 digits)")
            if account not in out:
                out.append(account)
    return out


def share(inv: Invocation) -> Message:
    return _launch_permission(inv, "Add")


def unshare(inv: Invocation) -> Message:
    return _launch_permission(inv, "Remove")


def _launch_permission(inv: Invocation, operation: str) -> Message:
    where = f"ami {inv.verb.name}"
    users = accounts(inv.args.get("users"), where, "-u" if "users" in inv.given else "[ami] share_users")
    if not users:
        raise UsageError(f"{where}: no account given: use -u ACCOUNT (repeatable) or set [ami] share_users")
    image = inv.target
    inv.ec2.modify_image_attribute(ImageId=image.id, LaunchPermission={operation: [{"UserId": u} for u in users]})
    if operation == "Add":
        text, key = f"{image.id} shared with {', '.join(users)}", "shared_with"
    else:
        text, key = f"{image.id} no longer shared with {', '.join(users)}", "unshared_from"
    return Message(text, data={"image_id": image.id, key: users}, ids=(image.id,))


# -- delete ------------------------------------------------------------------------------------
def snapshots_of(raw: dict[str, Any]) -> list[str]:
    """The EBS snapshot ids of an image's block-device mappings, in mapping order."""
    out: list[str] = []
    for mapping in raw.get("BlockDeviceMappings") or []:
        snap = (mapping.get("Ebs") or {}).get("SnapshotId")
        if snap and snap not in out:
            out.append(str(snap))
    return out


def delete(inv: Invocation) -> Message:
    from ...aws.errors import translate
    from ...errors import ApiError, NotFound

    image = inv.target
    snaps = snapshots_of(image.raw)
    inv.ec2.deregister_image(ImageId=image.id)
    lines = [f"{image.id} deregistered"]
    deleted: list[str] = []
    gone: list[str] = []
    failed: list[str] = []
    if inv.args.get("delete_snapshot"):
        for snap in snaps:
            try:
                inv.ec2.delete_snapshot(SnapshotId=snap)
            except Exception as exc:
                translated = translate(exc)
                if translated is None:
                    raise
                if isinstance(translated, NotFound):
                    gone.append(snap)
                    lines.append(f"snapshot {snap} was already gone")
                else:
                    failed.append(f"snapshot {snap} not deleted: {translated.message}")
                continue
            deleted.append(snap)
            lines.append(f"snapshot {snap} deleted")
        if failed:
            raise ApiError("; ".join(lines + failed))
    elif snaps:
        lines.append(f"its snapshots are kept: {', '.join(snaps)} (-d deletes them)")
    data = {"image_id": image.id, "deregistered": True, "deleted_snapshots": deleted, "missing_snapshots": gone,
            "kept_snapshots": [] if inv.args.get("delete_snapshot") else snaps}
    return Message(lines, data=data, ids=(image.id,))
