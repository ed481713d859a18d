"""The flat attribute view of a key pair, and its ``dump`` text format."""

from __future__ import annotations

from typing import Any

from ..attrs import Attr
from ..viewutil import tags_of, when

ATTRIBUTES: tuple[Attr, ...] = (
    Attr("id", "string", "the key name (its identifier)"),
    Attr("name", "string", "the key name"),
    Attr("key_pair_id", "string", "key pair id (key-...)"),
    Attr("fingerprint", "string", "fingerprint EC2 computed"),
    Attr("type", "string", "rsa or ed25519"),
    Attr("create_time", "string", "creation time (ISO 8601)"),
    Attr("tags", "map", "every tag, key to value"),
)


def view(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": raw.get("KeyName"),
        "name": raw.get("KeyName"),
        "key_pair_id": raw.get("KeyPairId"),
        "fingerprint": raw.get("KeyFingerprint"),
        "type": raw.get("KeyType"),
        "create_time": when(raw.get("CreateTime")),
        "tags": tags_of(raw),
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any]) -> str:
    return f"{v['name']} : {v['fingerprint']}\n"
