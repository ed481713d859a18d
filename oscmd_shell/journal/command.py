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
from ..parsing.levels import LevelResult, parse_level
from ..spec import Builtin


def journal_command(args: list[str], ctx: Context, renderer: Renderer) -> Outcome:
    level = _parse("journal", args)
    if level is None:
        return _help("journal", ctx)
    from .view import journal

    return journal(level, ctx, renderer)


def undo_command(args: list[str], ctx: Context, renderer: Renderer) -> Outcome:
    level = _parse("undo", args)
    if level is None:
        return _help("undo", ctx)
    from .undo import undo

    return undo(level, ctx, renderer)


def _parse(name: str, args: list[str]) -> LevelResult | None:
    """The command's arguments parsed like a verb's, or None when they ask for its help."""
    spec = _spec(name)
    level = parse_level(spec.options, args, name, interspersed=True)
    return None if level.help else level


def _help(name: str, ctx: Context) -> Outcome:
    ctx.env.stdout.write(helptext.command_help(_spec(name), "journal"))
    return Outcome()


def _spec(name: str) -> Builtin:
    spec = registry.get_root_command(name)
    assert spec is not None, name
    return spec
