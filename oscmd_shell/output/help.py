"""Help text for every grammar level, derived from the registry.

``oscmd -h`` lists root options and objects, ``oscmd OBJECT -h`` its
identification options and verbs, ``oscmd OBJECT VERB -h`` the verb's options
and positionals, with defaults and the config keys that supply them.
"""

from __future__ import annotations

from .. import registry
from ..spec import Builtin, ObjectSpec, Option, Verb

USAGE = "usage: oscmd [options] OBJECT [object-options] VERB [verb-options] [args]"


def _option_line(opt: Option) -> tuple[str, str]:
    flags = ", ".join(opt.flags)
    if opt.arity == 1:
        flags += f" {opt.shown_metavar}"
    elif opt.arity > 1:
        flags += f" {opt.metavar or ' '.join(['VALUE'] * opt.arity)}"
    notes = []
    if opt.required:
        notes.append("required")
    if opt.repeat:
        notes.append("repeatable")
    if opt.default not in (None, False, [], ""):
        notes.append(f"default {opt.default}")
    if opt.config:
        section, _, key = opt.config.partition(".")
        notes.append(f"config [{section}] {key}")
    text = opt.help + (f" ({'; '.join(notes)})" if notes else "")
    return flags, text


def _columns(rows: list[tuple[str, str]], indent: int = 2) -> str:
    if not rows:
        return ""
    width = min(34, max(len(a) for a, _ in rows) + 2)
    out = []
    for left, right in rows:
        if len(left) + 2 > width:
            out.append(" " * indent + left)
            out.append(" " * (indent + width) + right)
        else:
            out.append(" " * indent + left.ljust(width) + right)
    return "\n".join(out) + "\n"


def root_help() -> str:
    rows = [_option_line(o) for o in registry.ROOT_OPTIONS] + [("-h, --help", "show this help")]
    objects = [(o.name, o.help) for o in registry.OBJECTS]
    commands = [(c.name, c.help) for c in registry.ROOT_COMMANDS]
    return (
        f"{USAGE}\n"
        "       oscmd [options]                 (the shell on a terminal, else a script on stdin)\n"
        "       oscmd [options] SCRIPT.os       (run a script)\n\n"
        "A command line and interactive shell for the EC2 API (AWS and EC2-compatible clouds).\n\n"
        "options:\n" + _columns(rows) + "\nobjects:\n" + _columns(objects) + "\ncommands:\n" + _columns(commands)
        + "\n'oscmd OBJECT -h' lists an object's verbs; 'oscmd help TOPIC' explains config, templates, scripts...\n"
    )


def object_help(obj: ObjectSpec) -> str:
    rows = [_option_line(o) for o in obj.options] + [("-h, --help", "show this help")]
    verbs = [(v.name, v.help + (" [destructive]" if v.destructive else "")) for v in obj.verbs]
    return (
        f"usage: oscmd [options] {obj.name} [object-options] VERB [verb-options]\n\n{obj.help}\n\n"
        "object options:\n" + _columns(rows) + "\nverbs:\n" + _columns(verbs)
        + f"\n'oscmd {obj.name} VERB -h' describes a verb.\n"
    )


def verb_usage(obj: ObjectSpec, verb: Verb) -> str:
    parts = [f"oscmd [options] {obj.name} [object-options] {verb.name}"]
    for opt in verb.options:
        shown = opt.short or opt.long
        arg = "" if opt.is_flag else f" {opt.shown_metavar}"
        parts.append(f"{shown}{arg}" if opt.required else f"[{shown}{arg}]")
    for pos in verb.positionals:
        parts.append(f"[{pos.name}...]" if pos.repeat else pos.name)
    return "usage: " + " ".join(parts)


def verb_help(obj: ObjectSpec, verb: Verb) -> str:
    text = verb_usage(obj, verb) + "\n\n" + verb.help + "\n"
    if verb.description:
        text += "\n" + verb.description + "\n"
    flags = "/".join(f for f in ("-i", "-n", "-s") if obj.option(f))
    needs = {"required": f"needs an identified {obj.name} ({flags})",
             "optional": f"identifying the {obj.name} ({flags}) is optional",
             "none": f"needs no identified {obj.name}"}[verb.target]
    text += f"\n{needs}.\n"
    rows = [_option_line(o) for o in verb.options] + [("-h, --help", "show this help")]
    text += "\noptions:\n" + _columns(rows)
    if verb.positionals:
        text += "\narguments:\n" + _columns([(p.name, p.help) for p in verb.positionals])
    if verb.examples:
        text += "\nexamples:\n" + "".join(f"  {e}\n" for e in verb.examples)
    return text


def command_help(cmd: Builtin, topic: str) -> str:
    """``oscmd journal -h``: a root command's usage, what it does, its options, and its help topic."""
    rows = [_option_line(o) for o in cmd.options] + [("-h, --help", "show this help")]
    return (f"usage: oscmd [options] {cmd.usage}\n\n{cmd.help}\n\noptions:\n" + _columns(rows)
            + f"\n'oscmd help {topic}' tells more.\n")
