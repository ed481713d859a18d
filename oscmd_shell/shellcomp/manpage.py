"""Write the ``oscmd(1)`` man page (roff) from the registry and the help topics.

Synopsis, root options, every object with its options and every verb with
its usage, options, notes and examples come from the registry; the
configuration, templates, user data, resources, scripts, shell, completion,
Outscale, exit-status and environment sections are the ``oscmd help`` topics.
The date is the version's (``oscmd_shell.__date__``), so the output is
reproducible and a test can check ``completions/oscmd.1`` is current.  The
decoder ``oscmd-init`` documents itself with ``--help``; no page of its own
is shipped, so none is referred to.
"""

from __future__ import annotations

from .. import __date__, __version__, registry
from ..output import help as helptext
from ..output.topics import ENVIRONMENT, ENVIRONMENT_INTRO, TOPICS
from ..spec import ObjectSpec, Option, Verb

SECTIONS = (
    ("CONFIGURATION", "config"), ("LIST PATTERNS", "patterns"), ("TEMPLATES", "templates"),
    ("USER DATA", "user-data"), ("RESOURCES", "resources"), ("SCRIPTS", "scripts"),
    ("INTERACTIVE SHELL", "shell"), ("SHELL COMPLETION", "completion"), ("OUTSCALE", "outscale"),
    ("EXIT STATUS", "exit-codes"),
)

#: (command line, what it does) for the EXAMPLES section; a test parses every line.
EXAMPLES = (
    ("oscmd instance list", "list the instances of the default region"),
    ("oscmd -r eu-west-3 --output table instance list", "the same in another region, as a table"),
    ("oscmd instance -n web1 dump", "every attribute of the instance whose Name is web1"),
    ("oscmd instance -n web1 ssh -- uptime", "run a command on it over SSH"),
    ("oscmd ami -n debian-12 run -n web2 -t t3.small -k deploy", "launch an instance from an image"),
    ("oscmd -y instance -n web2 terminate -p", "terminate it with its elastic IP and volumes, without asking"),
    ("oscmd -e fcu.eu-west-2.outscale.com instance list", "the same verbs on Outscale's EC2 API"),
    ("oscmd rotate.os", "run a script of oscmd lines"),
    ("oscmd", "start the interactive shell (on a terminal)"),
    ("oscmd --local", "the shell on a built-in local endpoint with sample data, no account needed"),
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
        f'.TH OSCMD 1 "{__date__}" "oscmd {__version__}" "User Commands"',
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
    out += [".SH ENVIRONMENT", _line(ENVIRONMENT_INTRO)]
    for names, text in ENVIRONMENT:
        out += [".TP", ", ".join(f"\\fB{esc(name)}\\fR" for name in names.split(", ")), _line(text)]
    out += [
        ".SH FILES",
        ".TP", "\\fI~/.boto\\fR, \\fI/etc/boto.cfg\\fR", "configuration (see CONFIGURATION)",
        ".TP", "\\fI~/.ssh/config\\fR", _line("read by instance ssh and addvolume for the host they connect to and "
                                          "its jump host: HostName, User, Port, IdentityFile, ProxyJump, "
                                          "UserKnownHostsFile, StrictHostKeyChecking (the command line wins)"),
        ".TP", "\\fI~/.ssh/known_hosts\\fR", "host keys also trusted (read only)",
        ".PP",
        *_preformatted(TOPICS["files"].text),
        ".SH EXAMPLES",
    ]
    for command, text in EXAMPLES:
        out += [".TP", f"\\fB{esc(command)}\\fR", _line(text)]
    out += [
        ".SH SEE ALSO",
        "\\fBoscmd\\-init \\-\\-help\\fR (the decoder of the user data, on the instance), \\fBaws\\fR(1), "
        "\\fBssh\\fR(1), \\fBssh_config\\fR(5)",
    ]
    return "\n".join(out) + "\n"
