"""The shell-only built-in commands: refresh, history, save, help, exit.

Each takes the shell (what it needs of it is :class:`ShellState`; the
:class:`~oscmd_shell.repl.shell.Shell` is one) and its arguments and returns an
:class:`Outcome`; usage mistakes raise :class:`UsageError`, which the shell
prints as one line.  ``set``, ``use`` and ``unset`` work in scripts
too and live with the line runner (:mod:`oscmd_shell.lines.builtins`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol

from .. import registry
from ..cache.manager import CompletionCache
from ..errors import UsageError
from ..lines.builtins import usage
from ..lines.saved import Recorder, script_text, write_script
from ..output.results import Outcome
from ..parsing.levels import suggest


class ShellState(Protocol):
    """What the shell-only built-ins use of the shell."""

    cache: CompletionCache | None
    lines: list[str]
    recorder: Recorder | None
    done: bool

    @property
    def env(self) -> Any: ...

    def say(self, text: str) -> None: ...


Builtin = Callable[[ShellState, list[str]], Outcome]


def refresh(shell: ShellState, args: list[str]) -> Outcome:
    if shell.cache is None:
        raise UsageError("refresh: this shell has no completion cache")
    kinds: list[str] | None = None
    if args and args[0] != "all":
        kinds = []
        for word in args:
            obj = registry.get_object(word)
            if obj is not None:
                kinds.append(obj.kind)
            elif word in ("zone", "region"):
                kinds.append(word)
            else:
                raise UsageError(f"refresh: unknown object '{word}'" + suggest(word, registry.object_names()))
    wanted = shell.cache.refresh(kinds)
    shell.say(f"reloading {', '.join(wanted)} in the background")
    return Outcome()


def history(shell: ShellState, args: list[str]) -> Outcome:
    count = len(shell.lines)
    if args:
        try:
            count = int(args[0])
        except ValueError:
            raise UsageError(f"history: '{args[0]}' is not a number") from None
    start = max(0, len(shell.lines) - count)
    shell.say("".join(f"{i + 1:5}  {line}\n" for i, line in enumerate(shell.lines[start:], start=start)) or "\n")
    return Outcome()


def save(shell: ShellState, args: list[str]) -> Outcome:
    force = [a for a in args if a in ("-f", "--force")]
    names = [a for a in args if a not in ("-f", "--force")]
    if len(names) != 1:
        raise UsageError(usage("save"))
    entries = shell.recorder.entries if shell.recorder is not None else []
    if not entries:
        raise UsageError("save: no successful line to save yet")
    text = script_text(entries, name=names[0])
    path = shell.env.expand(names[0])
    replaced = write_script(path, text, force=bool(force), ask=shell.env.ask, shown=names[0])
    shell.say(f"saved {len(entries)} line(s) and their context to {names[0]}{' (replaced)' if replaced else ''}")
    return Outcome()


SHELL_HELP = """Type OBJECT [object options] VERB [verb options], as in scripts; Tab completes.
Root options such as --dry-run, -y or --output json may lead a line.

shell commands:
{builtins}
objects:
{objects}
$_ (and $1, $2...) stand for the ids the previous line produced:
  eip allocate
  eip -i $_ associate -n web1
After 'use instance -n web1', 'console' alone means 'instance -n web1 console'.
$_, set, use and unset work in scripts too; 'save FILE.os' writes this session as a script
that replays in the region and context each line ran in: 'oscmd -y FILE.os'.  save asks
before replacing a file; 'save -f FILE.os' does not.
A line may end with '| COMMAND' (output to /bin/sh -c COMMAND), '> FILE' or '>> FILE'.
Keys: Tab completes (a single candidate with a space; again: cycles the menu), Up/Down
recall history lines starting as typed, Esc closes the menu, Right arrow takes the grey
suggestion, Ctrl-R searches the history, Ctrl-C clears the line or stops a running
command, Ctrl-Z suspends the shell, Ctrl-D leaves.
'help OBJECT', 'help OBJECT VERB' and 'help TOPIC' ('help shell') tell more.
"""


def help_(shell: ShellState, args: list[str]) -> Outcome:
    if not args:
        rows = [(b.usage, b.help) for b in registry.BUILTINS] + [("!COMMAND", "run COMMAND with /bin/sh")]
        rows += [(c.usage.split(" [-")[0], c.help) for c in registry.ROOT_COMMANDS if c.options]  # journal, undo
        builtins = "".join(f"  {usage:<48} {text}\n" for usage, text in rows)
        objects = "".join(f"  {o.name:<14} {o.help}\n" for o in registry.OBJECTS)
        shell.say(SHELL_HELP.format(builtins=builtins, objects=objects))
        return Outcome()
    builtin = next((b for b in registry.BUILTINS if b.name == args[0]), None)
    if builtin is not None:
        shell.say(f"usage: {builtin.usage}\n  {builtin.help}\n")
        return Outcome()
    try:
        topics = importlib.import_module("oscmd_shell.output.topics")
    except ImportError:
        raise UsageError(f"help: no help on '{args[0]}'" + suggest(args[0], registry.object_names())) from None
    shell.say(str(topics.render(args)))
    return Outcome()


def exit_(shell: ShellState, args: list[str]) -> Outcome:
    shell.done = True
    return Outcome()


SHELL_COMMANDS: dict[str, Builtin] = {
    "refresh": refresh, "history": history, "save": save, "help": help_, "exit": exit_,
}
