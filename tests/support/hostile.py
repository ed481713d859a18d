"""Hostile file-system states planted where oscmd reads or writes: files, links, FIFOs, directories.

``plant(path, kind, victim)`` puts one of :data:`KINDS` at ``path``: a file
(``old\\n``), a link to ``victim``, a dangling link to :func:`through` (a name
that must never appear), a FIFO or a directory.
"""

from __future__ import annotations

import os
from pathlib import Path

KINDS = ("file", "link", "dangling link", "fifo", "directory")


def through(victim: Path) -> Path:
    """Where a dangling link planted next to ``victim`` points: writing through it would create this."""
    return victim.with_name(victim.name + ".made-through-a-link")


def plant(path: Path, kind: str, victim: Path) -> None:
    if kind == "file":
        path.write_bytes(b"old\n")
    elif kind == "link":
        path.symlink_to(victim)
    elif kind == "dangling link":
        path.symlink_to(through(victim))
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        raise ValueError(f"unknown kind {kind!r}")
