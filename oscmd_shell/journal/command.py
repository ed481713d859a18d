"""The ``journal`` and ``undo`` root commands: their arguments, parsed like a verb's, then the work.

Both are declared in the registry (:data:`oscmd_shell.registry.ROOT_COMMANDS`,
with their options) and reached from the command line, the shell and scripts
through the dispatcher.  ``-h`` prints their help.
"""

from __future__ import annotations

from .. import registry
from ..context import Context
from ..output import help as helptext
from ..output.render import Renderer
from ..output.results import Outcome
from ..parsing.levels import parse_level


def run_command(name: str, args: list[str], ctx: Context, renderer: Renderer) -> Outcome:
    spec = next(c for c in registry.ROOT_COMMANDS if c.name == name)
    level = parse_level(spec.options, args, name, interspersed=True)
    if level.help:
        ctx.env.stdout.write(helptext.command_help(spec, "journal"))
        return Outcome()
    if name == "journal":
        from .view import journal

        return journal(level, ctx, renderer)
    from .undo import undo

    return undo(level, ctx, renderer)
