"""Shell completion scripts and the man page, generated from the registry.

``generate(shell)`` returns the bash, zsh or fish script that ``oscmd
completion SHELL`` prints (or its usage, for ``-h``) and that ``completions/`` holds; :func:`documents`
returns every generated file by name (the three scripts, ``oscmd.1`` and
``grammar.json``, the vocabulary for review: :mod:`.grammar`).
The scripts complete structure and static values on their own and ask
``oscmd __complete`` (:mod:`.values`) for ids and Names from the cache.
Nothing is imported until asked for, so this package is free on the
``oscmd -h`` path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from ..output.results import Outcome

if TYPE_CHECKING:
    from ..context import Context
    from ..output.render import Renderer

SHELLS = ("bash", "zsh", "fish")
#: File name of each generated document inside ``completions/``.
FILES = {"bash": "oscmd.bash", "zsh": "_oscmd", "fish": "oscmd.fish", "man": "oscmd.1", "grammar": "grammar.json"}


def completion_command(args: list[str], ctx: Context, renderer: Renderer) -> Outcome:
    """The ``completion`` root command: the script (or, for ``-h``, its usage) on standard output."""
    if len(args) != 1:
        raise UsageError("usage: oscmd completion bash|zsh|fish")
    ctx.env.stdout.write(generate(args[0]))
    return Outcome()


def generate(shell: str) -> str:
    """What ``oscmd completion SHELL`` prints: the script for bash, zsh or fish, or with -h its usage."""
    if shell in ("-h", "--help"):
        from ..output.topics import TOPICS

        return f"usage: oscmd completion {'|'.join(SHELLS)}\n\n" + TOPICS["completion"].text
    if shell == "bash":
        from .bash import script
    elif shell == "zsh":
        from .zsh import script
    elif shell == "fish":
        from .fish import script
    else:
        from ..parsing.levels import suggest

        raise UsageError(f"completion: unknown shell '{shell}' (bash, zsh or fish)" + suggest(shell, list(SHELLS)))
    return script()


def documents() -> dict[str, str]:
    """Every generated file of ``completions/``, by file name."""
    from . import grammar, manpage

    docs = {FILES[shell]: generate(shell) for shell in SHELLS}
    docs[FILES["man"]] = manpage.render()
    docs[FILES["grammar"]] = grammar.render()
    return docs
