"""The registry: root options, every object with its verbs, and the shell built-ins.

This is the single source of truth for the grammar.  Parsing, help at every
level, the interactive completer, the shell-completion scripts and the README's
command table all read it.  It is pure data; building it imports no AWS or
terminal library.
"""

from __future__ import annotations

from .objects import SPECS
from .spec import Builtin, ObjectSpec, Option

OUTPUT_FORMATS = ("text", "table", "json", "yaml")

ROOT_OPTIONS: tuple[Option, ...] = (
    Option(("-c", "--config"), "config", "boto-style INI file to read instead of the usual ones "
           "(default: $OSCONFIG)", values="file", metavar="FILE"),
    Option(("-e", "--endpoint"), "endpoint", "EC2 endpoint URL or host (a bare host means https)",
           metavar="URL"),
    Option(("-r", "--region"), "region", "region name; several, comma-separated, or 'all': read verbs (list, dump, "
           "summary, exist) run in each", values="region", metavar="REGION"),
    Option(("-z", "--zone"), "zone", "default availability zone", values="zone", metavar="ZONE"),
    Option(("-L", "--listzone"), "listzone", "list the availability zones of the region (of each region given) "
           "and exit", arity=0),
    Option(("--profile",), "profile", "AWS profile (from ~/.aws/config); several, comma-separated: read verbs run "
           "with each", values="profile", metavar="NAME"),
    Option(("--output", "-o"), "output", "output format", choices=OUTPUT_FORMATS, config="oscmd.output"),
    Option(("--query",), "query", "JMESPath expression applied to the document --output json would print "
           "('help json')", metavar="EXPR"),
    Option(("-y", "--yes"), "yes", "assume yes to confirmations of destructive verbs", arity=0),
    Option(("--dry-run",), "dry_run", "ask EC2 whether mutating requests would succeed; change nothing",
           arity=0),
    Option(("-d", "--debug"), "debug", "show tracebacks and the botocore wire log (secrets redacted)", arity=0),
    Option(("--debuglevel",), "debuglevel", "the 2017 tool's debug level: N > 0 is --debug (so is '-d N')",
           type="whole", metavar="N"),
    Option(("--timeout",), "timeout", "seconds a wait may last before giving up", type="seconds",
           config="oscmd.wait_timeout", metavar="SECONDS"),
    Option(("--keep-going",), "keep_going", "scripts: go on after a failing line", arity=0),
    Option(("--local",), "local", "start a built-in local EC2 endpoint with sample data and use it", arity=0),
    Option(("-S", "--securitycredentials"), "securitycredentials",
           "on an EC2 instance: use the credentials of this IAM role and the instance's region",
           metavar="ROLE"),
    Option(("--version",), "version", "print the version and exit", arity=0),
)

BUILTINS: tuple[Builtin, ...] = (
    Builtin("set", "change a setting for the lines after it", "set region|endpoint|zone|profile|output VALUE",
            ("region", "endpoint", "zone", "profile", "output")),
    Builtin("use", "select an object so later lines may omit it", "use OBJECT -n NAME | -i ID"),
    Builtin("unset", "forget a selection or the zone", "unset [OBJECT|zone|all]"),
    Builtin("refresh", "reload completion data from EC2", "refresh [OBJECT]"),
    Builtin("history", "show this session's lines", "history [N]"),
    Builtin("save", "write a script replaying the session where it ran (mode 0600)", "save [-f] FILE.os"),
    Builtin("help", "help on the shell, an object, or a topic", "help [OBJECT|TOPIC]"),
    Builtin("exit", "leave the shell", "exit"),
)

# Commands that stand where an object stands, in the shell and on the command line.
ROOT_COMMANDS: tuple[Builtin, ...] = (
    Builtin("help", "help on a topic ('oscmd help' lists them: config, templates, user-data, shell...)",
            "help [TOPIC]", handler="oscmd_shell.output.topics:help_command"),
    Builtin("completion", "print the shell-completion script for bash, zsh or fish", "completion bash|zsh|fish",
            ("bash", "zsh", "fish"), handler="oscmd_shell.shellcomp:completion_command"),
    Builtin("journal", "list the changes oscmd made, numbered, newest last ('journal show N': one in full)",
            "journal [show N] [-n COUNT] [--region REGION] [--object OBJECT] [--since WHEN] [--all]", ("show",),
            handler="oscmd_shell.journal.command:journal_command", connected=True, options=(
                Option(("-n", "--count"), "count", "how many changes to list (default 20)", type="count",
                       metavar="COUNT"),
                Option(("--region",), "region", "only changes made in this region", values="region",
                       metavar="REGION"),
                Option(("--object",), "object", "only changes of this object (or 'undo')",
                       choices=(*(o.name for o in SPECS), "undo")),
                Option(("--since",), "since", "only changes since a date (2026-11-25, 2026-11-25T14:00) or "
                       "for a while (30m, 12h, 7d)", metavar="WHEN"),
                Option(("--all",), "all", "list every change (no -n limit)", arity=0),
            )),
    Builtin("undo", "reverse a recorded change (default: the latest of this connection); shows and asks first",
            "undo [N] [-y] [--dry-run]", handler="oscmd_shell.journal.command:undo_command", connected=True,
            options=(
                Option(("-y", "--yes"), "yes", "do not ask (needed without a terminal)", arity=0),
                Option(("--dry-run",), "dry_run", "show what undo would do and check it; change nothing",
                       arity=0),
            )),
)

OBJECTS: tuple[ObjectSpec, ...] = SPECS
_BY_NAME = {o.name: o for o in OBJECTS}


def get_object(name: str) -> ObjectSpec | None:
    return _BY_NAME.get(name)


def get_root_command(name: str) -> Builtin | None:
    return next((c for c in ROOT_COMMANDS if c.name == name), None)


def object_names() -> list[str]:
    return [o.name for o in OBJECTS]
