"""Plain aligned tables, measured in terminal cells: wide (East Asian) characters count twice.

:func:`table` pads every cell to its column's width as a terminal shows it
(``wcwidth``), so a Name in Japanese or Chinese keeps the columns after it
straight.  Cells arrive already escaped (one line, no control characters).
"""

from __future__ import annotations

from collections.abc import Sequence


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes (its length when wcwidth cannot tell)."""
    if text.isascii():
        return len(text)
    from wcwidth import wcswidth

    width = int(wcswidth(text))
    return width if width >= 0 else len(text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned table with a header rule."""
    widths = [len(h) for h in headers]
    sized = [[(c, cells(c)) for c in row] for row in rows]
    for row in sized:
        for i, (_, width) in enumerate(row):
            widths[i] = max(widths[i], width)

    def line(row: Sequence[tuple[str, int]]) -> str:
        return "  ".join(c + " " * (widths[i] - w) for i, (c, w) in enumerate(row)).rstrip()

    head = line([(h.upper(), len(h)) for h in headers])
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([head, rule, *(line(row) for row in sized)]) + "\n"
