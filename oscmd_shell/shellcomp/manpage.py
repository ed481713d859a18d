"""Write the ``oscmd(1)`` man page (roff) from the registry and the help topics.

Synopsis, root options, every object with its options and every verb with
its usage, options, notes and examples come from the registry; the
configuration, templates, user data, resources, scripts, shell, completion,
Outscale and exit-status sections are the ``oscmd help`` topics.  The output
is deterministic (no date), so a test can check ``completions/oscmd.1`` is
current.
"""

from __future__ import annotations

from .. import __version__, registry
from ..output import help as helptext
from ..output.topics import TOPICS
from ..spec import ObjectSpec, Option, Verb

SECTIONS = (
    ("CONFIGURATION", "config"), ("LIST PATTERNS", "patterns"), ("TEMPLATES", "templates"),
    ("USER DATA", "user-data"), ("RESOURCES", "resources"), ("SCRIPTS", "scripts"),
    ("INTERACTIVE SHELL", "shell"), ("SHELL COMPLETION", "completion"), ("OUTSCALE", "outscale"),
    ("EXIT STATUS", "exit-codes"),
)


def esc(text: str) -> str:
    """Escape running text for roff (backslashes and dashes)."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def _line(text: str) -> str:
    """One input line; a leading dot or quote would be read as a request."""
    text = esc(text)
    return "\\&" + text if text.startswith((".", "'")) else text


def _preformatted(text: str) -> list[str]:
    lines = [".nf"]
    for raw in text.rstrip("\n").splitlines():
        lines.append(_line(raw) if raw.strip() else ".sp")
    lines.append(".fi")
    return lines


def _flags(opt: Option) -> str:
    flags = ", ".join(f"\\fB{esc(f)}\\fR" for f in opt.flags)
    if opt.arity == 1:
        flags += f" \\fI{esc(opt.shown_metavar)}\\fR"
    elif opt.arity > 1:
        flags += f" \\fI{esc(opt.metavar or ' '.join(['VALUE'] * opt.arity))}\\fR"
    return flags


def _options(options: tuple[Option, ...]) -> list[str]:
    lines: list[str] = []
    for opt in options:
        _flags_text, text = helptext._option_line(opt)
        lines += [".TP", _flags(opt), _line(text)]
    return lines


def _verb(obj: ObjectSpec, verb: Verb) -> list[str]:
    usage = helptext.verb_usage(obj, verb).removeprefix("usage: ")
    lines = [f'.SS "{obj.name} {verb.name}"', _line(verb.help + ("." if not verb.help.endswith(".") else "")),
             ".PP", _line(usage)]
    if verb.description:
        lines += [".PP", _line(verb.description)]
    lines += _options(verb.options)
    for pos in verb.positionals:
        lines += [".TP", f"\\fI{esc(pos.name)}\\fR" + ("..." if pos.repeat else ""), _line(pos.help)]
    if verb.examples:
        lines += [".PP", "Examples:", ".RS", ".nf", *(_line(e) for e in verb.examples), ".fi", ".RE"]
    return lines


def render() -> str:
    """The whole man page."""
    out = [
        f'.TH OSCMD 1 "" "oscmd {__version__}" "User Commands"',
        ".SH NAME",
        "oscmd \\- command line and interactive shell for the Amazon EC2 API",
        ".SH SYNOPSIS",
        ".B oscmd",
        "[\\fIoptions\\fR] \\fIOBJECT\\fR [\\fIobject\\-options\\fR] \\fIVERB\\fR [\\fIverb\\-options\\fR]"
        " [\\fIargs\\fR]",
        ".br",
        ".B oscmd",
        "[\\fIoptions\\fR] [\\fISCRIPT.os\\fR]",
        ".br",
        ".B oscmd help",
        "[\\fITOPIC\\fR | \\fIOBJECT\\fR [\\fIVERB\\fR]]",
        ".br",
        ".B oscmd completion",
        "\\fBbash\\fR | \\fBzsh\\fR | \\fBfish\\fR",
        ".SH DESCRIPTION",
        _line("oscmd drives the EC2 API of AWS and of EC2-compatible clouds such as Outscale. One grammar "
              "serves one-shot commands, scripts and the interactive shell: root options, then an object, its "
              "options, a verb and the verb's options and arguments. Each level owns its options (the -n of "
              "ami is not the -n of ami run) and -h works at every level."),
        ".PP",
        _line("Without an object, oscmd starts the interactive shell when standard input is a terminal, and "
              "otherwise runs the lines it reads there as a script. --local starts a built-in local EC2 "
              "endpoint with sample data, so everything can be tried without an account."),
        ".SH OPTIONS",
        *_options(registry.ROOT_OPTIONS),
        ".TP",
        "\\fB\\-h\\fR, \\fB\\-\\-help\\fR",
        "show help (at every level)",
        ".SH OBJECTS",
    ]
    for obj in registry.OBJECTS:
        out += [".TP", f"\\fB{esc(obj.name)}\\fR", _line(obj.help)]
    for obj in registry.OBJECTS:
        out += [f".SH {obj.name.upper()}", _line(obj.help + "."), ".PP", "Object options:"]
        out += _options(obj.options)
        if obj.description:
            out += [".PP", _line(obj.description)]
        out += [".PP", "Verbs: " + ", ".join(f"\\fB{esc(v.name)}\\fR" for v in obj.verbs) + "."]
        for verb in obj.verbs:
            out += _verb(obj, verb)
    for title, name in SECTIONS:
        out += [f".SH {title}", *_preformatted(TOPICS[name].text)]
    out += [
        ".SH FILES",
        ".TP", "\\fI~/.boto\\fR, \\fI/etc/boto.cfg\\fR", "configuration (see CONFIGURATION)",
        ".PP",
        *_preformatted(TOPICS["files"].text),
        ".SH SEE ALSO",
        "\\fBoscmd\\-init\\fR(1) (\\fBoscmd\\-init \\-\\-help\\fR), \\fBaws\\fR(1), \\fBssh\\fR(1)",
    ]
    return "\n".join(out) + "\n"
