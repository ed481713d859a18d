"""Which EC2 operations change something, told by their names.

EC2's read operations are named ``Describe…``, ``Get…``, ``List…`` and
``Search…``; every other operation changes something.  ``--dry-run`` adds
``DryRun`` to the others (:mod:`.session`) and the journal records them
(:mod:`oscmd_shell.journal.hooks`).  Stdlib only, imports nothing of oscmd.
"""

from __future__ import annotations

READ_PREFIXES = ("Describe", "Get", "List", "Search")


def mutating(op: str) -> bool:
    """Whether the EC2 operation named ``op`` (``RunInstances``) changes something."""
    return not op.startswith(READ_PREFIXES)
