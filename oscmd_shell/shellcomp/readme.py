"""Write the README's table of objects and verbs from the registry, between two marker comments.

:func:`command_table` renders one section per object (its identification
options, then a row per verb: what it does and its options);
:func:`update_readme` puts it between :data:`BEGIN` and :data:`END` in the
README text, so a test can tell when the committed README is stale.
"""

from __future__ import annotations

from .. import registry
from ..spec import Option, Verb

BEGIN = "<!-- BEGIN COMMAND TABLE: generated from the registry by `python -m oscmd_shell.shellcomp`; do not edit -->"
END = "<!-- END COMMAND TABLE -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _option(opt: Option) -> str:
    flag = opt.short or opt.long
    if opt.arity == 1:
        flag += f" {opt.shown_metavar}"
    elif opt.arity > 1:
        flag += f" {opt.metavar or ' '.join(['VALUE'] * opt.arity)}"
    return "`" + flag + ("`…" if opt.repeat else "`") + (" (required)" if opt.required else "")


def _options(verb: Verb) -> str:
    parts = [_option(o) for o in verb.options]
    parts += [f"`[{p.name}…]`" if p.repeat else f"`{p.name}`" for p in verb.positionals]
    return _cell(" ".join(parts))


def _verb_help(verb: Verb) -> str:
    text = verb.help
    if verb.destructive:
        text += " (destructive: asks first)"
    return _cell(text)


def command_table() -> str:
    """The Markdown sections, one per object."""
    out: list[str] = []
    for obj in registry.OBJECTS:
        ident = ", ".join(_option(o) for o in obj.options)
        out += [f"#### `{obj.name}`: {obj.help}", "", f"Identified with {ident}.", "",
                "| verb | what it does | options and arguments |", "|---|---|---|"]
        out += [f"| `{v.name}` | {_verb_help(v)} | {_options(v)} |" for v in obj.verbs]
        out.append("")
    return "\n".join(out)


def update_readme(text: str) -> str:
    """``text`` with the generated table between the markers (unchanged if they are missing)."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return text
    return text[: start + len(BEGIN)] + "\n" + command_table() + text[end:]
