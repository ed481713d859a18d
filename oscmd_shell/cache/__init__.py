"""Completion data from EC2: lookups as data, immutable snapshots, a background refresher, a disk store.

The shell uses :class:`CompletionCache`; the completion engine reads a
:class:`Snapshot`; the bash/zsh/fish entry point reads files with
:func:`oscmd_shell.cache.store.read_values`.  Importing this package imports
neither boto3 nor any terminal library.
"""

from .manager import CompletionCache, quick_identity, ttl_of
from .snapshot import Entry, Identity, KindData, Snapshot

__all__ = ["CompletionCache", "Entry", "Identity", "KindData", "Snapshot", "quick_identity", "ttl_of"]
