"""Tag conventions shared by the verbs: Name, creator, EIP, instance.

``tag`` writes tags on EC2 resources (skipping empty values); ``creator_tags``
adds the local user as ``creator``, as the original tool did on everything it
created; ``tag_specs`` builds ``TagSpecifications`` for create calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def tag(ec2: Any, resource_ids: Iterable[str], tags: Mapping[str, str | None]) -> None:
    ids = [r for r in resource_ids if r]
    pairs = [{"Key": k, "Value": str(v)} for k, v in tags.items() if v is not None]
    if ids and pairs:
        ec2.create_tags(Resources=ids, Tags=pairs)


def untag(ec2: Any, resource_ids: Iterable[str], keys: Iterable[str]) -> None:
    ids = [r for r in resource_ids if r]
    if ids:
        ec2.delete_tags(Resources=ids, Tags=[{"Key": k} for k in keys])


def creator_tags(user: str, **tags: str | None) -> dict[str, str | None]:
    return {**{k: v for k, v in tags.items() if v}, "creator": user}


def tag_specs(resource_type: str, tags: Mapping[str, str | None]) -> list[dict[str, Any]]:
    pairs = [{"Key": k, "Value": str(v)} for k, v in tags.items() if v]
    return [{"ResourceType": resource_type, "Tags": pairs}] if pairs else []
