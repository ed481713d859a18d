"""The interactive shell: ``oscmd`` with no object on a terminal.

Each line is ``OBJECT [args] VERB [args]`` (or a built-in such as ``set``,
``use``, ``help``), run by the same dispatcher as scripts.  The shell keeps a
completion cache fresh in the background, shows the connection and selection
in the prompt and toolbar, and never lets a keystroke wait on the network.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..context import Context


def start_shell(ctx: Context, playground: Any = None) -> int:
    """Run the shell for ``ctx`` (``playground``: the local endpoint, shown in the toolbar)."""
    from .loop import start_shell as run

    return run(ctx, playground=playground)


__all__ = ["start_shell"]
