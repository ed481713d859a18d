"""Colour for terminal output: dump blocks with highlighted headers and keys.

Used only when stdout is a terminal and ``NO_COLOR`` is unset.  Plain ANSI
escapes, so colouring a large dump costs no import.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^(==== )(.*)( ====)$")
_KEYVAL = re.compile(r"^(\s+)([^:=]+?)(:|\s=)(.*)$")

BOLD_CYAN = "\x1b[1;36m"
GREEN = "\x1b[32m"
DIM = "\x1b[2m"
RESET = "\x1b[0m"


def dump(text: str) -> str:
    """Colour the ``==== id ====`` headers and ``key: value`` lines of a dump."""
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        nl = line[len(body):]
        m = _HEADER.match(body)
        if m:
            out.append(f"{DIM}{m.group(1)}{RESET}{BOLD_CYAN}{m.group(2)}{RESET}{DIM}{m.group(3)}{RESET}{nl}")
            continue
        m = _KEYVAL.match(body)
        if m:
            out.append(f"{m.group(1)}{GREEN}{m.group(2)}{RESET}{m.group(3)}{m.group(4)}{nl}")
            continue
        out.append(line)
    return "".join(out)
