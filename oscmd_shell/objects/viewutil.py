"""Small helpers shared by the per-object flat views and dump formatters."""

from __future__ import annotations

from typing import Any


def tags_of(raw: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t.get("Value", "") for t in raw.get("Tags") or [] if "Key" in t}


def tag_lines(tags: dict[str, str]) -> str:
    if not tags:
        return ""
    return "    tags =\n" + "".join(f"            {k}: {v}\n" for k, v in sorted(tags.items()))


def when(value: Any) -> str | None:
    """Timestamps arrive as ISO strings (or datetimes from other parsers): keep a string."""
    if value is None:
        return None
    iso = getattr(value, "isoformat", None)
    return str(iso()) if callable(iso) else str(value)
