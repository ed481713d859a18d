"""Completion data from EC2: lookups as data, immutable snapshots, a background refresher, a disk store.

The shell uses :class:`CompletionCache`; the completion engine reads a
:class:`Snapshot`; the bash/zsh/fish entry point reads files with
:func:`oscmd_shell.cache.store.read_values`.  Importing this package imports
neither boto3 nor any terminal library.
"""

from __future__ import annotations

from typing import Any

from .snapshot import Entry, Identity, KindData, Snapshot

_MANAGER = ("CompletionCache", "quick_identity", "ttl_of")


def __getattr__(name: str) -> Any:
    # The manager (and its refresher) is the shell's; the completion entry point never loads it.
    if name in _MANAGER:
        from . import manager

        return getattr(manager, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CompletionCache", "Entry", "Identity", "KindData", "Snapshot", "quick_identity", "ttl_of"]
