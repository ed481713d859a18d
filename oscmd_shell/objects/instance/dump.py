"""``instance dump``: every detail of the instances, with each volume's size and snapshot.

As in the 2017 tool, each block device shows its volume's ``size:`` and
``snapshot_id:``, which DescribeInstances does not give: one DescribeVolumes
call (filtered by volume id, 200 ids a call) fetches them for every instance
dumped, page by page and in each region listed.  A caller allowed to
describe instances but not volumes still gets its dump, without those two
lines.  JSON and YAML show the instances' own records, as every ``dump``
does: the volumes reach only the text block.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ...aws.errors import error_code
from ...context import Invocation
from ...output import terminal
from ...output.results import Records
from .. import generic
from .view import dump_text

IDS_PER_CALL = 200
DENIED = ("UnauthorizedOperation", "AccessDenied", "AccessDeniedException")


def dump(inv: Invocation) -> Records:
    found: dict[str, dict[str, Any]] = {}  # volume id -> size and snapshot, filled as each page arrives

    def pages(t: Invocation) -> Iterator[generic.Page]:
        for page in generic.target_rows(t, raw=True):
            ids = sorted({v for row in page for v in volume_ids(row.get("raw") or {})} - set(found))
            if ids:
                found.update(volumes(t.ec2, ids))
            yield page

    def block(view: dict[str, Any], raw: dict[str, Any]) -> str:
        return dump_text(view, {**raw, "related": {"volumes": terminal.tree(found)}})

    return generic.dump_records(inv, generic.across(inv, pages), text=block)


def volume_ids(raw: dict[str, Any]) -> Iterable[str]:
    for mapping in raw.get("BlockDeviceMappings") or []:
        volume = (mapping.get("Ebs") or {}).get("VolumeId")
        if isinstance(volume, str) and volume:
            yield volume


def volumes(ec2: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """``{volume id: {"size": GiB, "snapshot_id": id}}`` for the volumes that exist (none if not allowed)."""
    from botocore.exceptions import ClientError

    found: dict[str, dict[str, Any]] = {}
    try:
        for start in range(0, len(ids), IDS_PER_CALL):
            chunk = ids[start:start + IDS_PER_CALL]
            pages = ec2.get_paginator("describe_volumes").paginate(Filters=[{"Name": "volume-id", "Values": chunk}])
            for page in pages:
                for volume in page.get("Volumes") or []:
                    found[str(volume.get("VolumeId"))] = {"size": volume.get("Size"),
                                                          "snapshot_id": volume.get("SnapshotId") or ""}
    except ClientError as exc:
        if error_code(exc) not in DENIED:
            raise
        return {}
    return found
