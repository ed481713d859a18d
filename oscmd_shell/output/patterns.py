"""``list -p`` patterns: python %-formats applied to flat attribute views.

Backslash escapes (``\\t``, ``\\n``) are interpreted, ``None`` values print
as empty strings, and every formatting mistake (an unknown key, a bad
conversion) is a one-line usage error naming the close matches.
"""

from __future__ import annotations

import codecs
import difflib
import re
from typing import Any

from ..errors import UsageError

_KEY = re.compile(r"%\(([^)]*)\)")
# one conversion: %(key)flags width .precision type (the mapping form patterns use)
_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.?)", re.DOTALL)
#: the widest field a pattern may ask for: wider than any terminal, far from exhausting memory
MAX_WIDTH = 1000


def unescape(pattern: str) -> str:
    try:
        return codecs.decode(pattern.encode("latin-1", "backslashreplace"), "unicode_escape")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return pattern


def check_widths(pattern: str) -> None:
    """Reject widths and precisions over :data:`MAX_WIDTH` and ``*`` (before any request)."""
    for match in _SPEC.finditer(pattern):
        width, precision, conversion = match.groups()
        if conversion == "%" and match.group(0) == "%%":
            continue
        for value in (width, precision):
            if value == "*":
                raise UsageError(f"bad pattern '{pattern}': '*' widths are not supported; write the number")
            if value and int(value) > MAX_WIDTH:
                raise UsageError(f"bad pattern '{pattern}': field width {int(value)} is over {MAX_WIDTH}")


def keys(pattern: str) -> set[str]:
    """The attribute names a pattern uses."""
    return set(_KEY.findall(pattern))


def check(pattern: str, sample_keys: list[str]) -> None:
    """Reject a pattern naming keys the views do not have (before printing anything)."""
    check_widths(pattern)
    for key in _KEY.findall(pattern):
        if key not in sample_keys:
            close = difflib.get_close_matches(key, sample_keys, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise UsageError(f"unknown attribute '{key}' in pattern{hint}; 'list -s' shows them all")


def apply(pattern: str, row: dict[str, Any]) -> str:
    values = {k: ("" if v is None else v) for k, v in row.items()}
    try:
        return pattern % values
    except KeyError as exc:
        raise UsageError(f"unknown attribute {exc} in pattern; 'list -s' shows them all") from None
    except (TypeError, ValueError) as exc:
        raise UsageError(f"bad pattern '{pattern}': {exc}") from None
