"""The grammar's data model: options, positionals, verbs, objects (stdlib only).

These frozen dataclasses are the vocabulary the registry is written in.  The
parsers, ``-h`` at every level, the shell's completer, the bash/zsh/fish scripts
and the README's command table are all derived from instances of them, so a
field added here is a field every consumer can see.  Nothing here imports boto3
or any other heavy module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# the numbers of numeric.KINDS, and a list -p pattern (checked for field widths)
ValueType = Literal["str", "int", "float", "count", "whole", "port", "seconds", "delay", "pattern"]
Target = Literal["none", "optional", "required"]


@dataclass(frozen=True)
class Option:
    """One option of one grammar level.

    ``arity`` is the number of values it takes (0 for a flag, 2 for ``-F KEY VALUE``).
    ``repeat`` collects every occurrence in a list.  ``config`` names the INI key
    (``section.key``) that supplies the default when the command line does not.
    ``values`` names the completion source of its value (a cache kind such as
    ``instance``, or ``file``, ``dir``, ``zone``, ``region``, ``instance_type``...).
    ``sensitive`` marks a value that may be a secret (it goes into an instance's
    user data): the journal of changes writes ``***`` in its place.
    """

    flags: tuple[str, ...]
    dest: str
    help: str
    arity: int = 1
    repeat: bool = False
    type: ValueType = "str"
    choices: tuple[str, ...] = ()
    default: object = None
    config: str | None = None
    metavar: str | None = None
    values: str | None = None
    required: bool = False
    sensitive: bool = False

    @property
    def is_flag(self) -> bool:
        return self.arity == 0

    @property
    def long(self) -> str:
        longs = [f for f in self.flags if f.startswith("--")]
        return longs[0] if longs else self.flags[0]

    @property
    def short(self) -> str | None:
        shorts = [f for f in self.flags if not f.startswith("--")]
        return shorts[0] if shorts else None

    @property
    def shown_metavar(self) -> str:
        if self.metavar:
            return self.metavar
        if self.choices:
            return "{" + ",".join(self.choices) + "}"
        return self.dest.upper()


@dataclass(frozen=True)
class Positional:
    """Positional arguments of a verb (always the last, possibly repeated, slot)."""

    name: str
    help: str
    repeat: bool = True
    values: str | None = None


@dataclass(frozen=True)
class Verb:
    """One verb of one object.

    ``target`` says whether the verb needs an identified object (``required``),
    works on one or all (``optional``) or ignores object identification
    (``none``).  ``destructive`` verbs confirm first; ``destructive_if`` names an
    option that makes an otherwise safe verb destructive (``stop -f``).
    ``mutates`` lists the cache kinds the verb changes, so the shell refreshes
    them.  ``read`` marks the read verbs (``list``, ``dump``, ``summary``,
    ``exist``): only they accept ``--filter`` and run across several regions or
    profiles.  ``handler`` is ``module:function``, imported only when the verb runs.
    """

    name: str
    help: str
    handler: str | None
    options: tuple[Option, ...] = ()
    positionals: tuple[Positional, ...] = ()
    target: Target = "required"
    destructive: bool = False
    destructive_if: str | None = None
    mutates: tuple[str, ...] = ()
    description: str = ""
    examples: tuple[str, ...] = ()
    read: bool = False

    def option(self, flag: str) -> Option | None:
        return find_option(self.options, flag)


@dataclass(frozen=True)
class ObjectSpec:
    """One EC2 object type: its identification options and its verbs."""

    name: str
    help: str
    kind: str
    options: tuple[Option, ...]
    verbs: tuple[Verb, ...]
    description: str = ""
    _verb_index: dict[str, Verb] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._verb_index.update({v.name: v for v in self.verbs})

    def verb(self, name: str) -> Verb | None:
        return self._verb_index.get(name)

    @property
    def verb_names(self) -> list[str]:
        return [v.name for v in self.verbs]

    def option(self, flag: str) -> Option | None:
        return find_option(self.options, flag)


@dataclass(frozen=True)
class Builtin:
    """A shell built-in or root command (``set``, ``help``, ``journal``...), completed like objects.

    ``args`` are the words it takes first (completed); ``options`` its own options
    (root commands such as ``journal`` and ``undo`` parse them with the same parser
    as a verb's).  A root command's ``handler`` is ``module:function``, imported
    only when it runs and called with its arguments, the context and the renderer;
    ``connected`` ones read the settings and the connection (``journal``, ``undo``),
    the others run before any config is read (``help``, ``completion``).
    """

    name: str
    help: str
    usage: str
    args: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    handler: str | None = None
    connected: bool = False


def find_option(options: tuple[Option, ...], flag: str) -> Option | None:
    """Return the option answering to ``flag`` (exact flag match), if any."""
    for opt in options:
        if flag in opt.flags:
            return opt
    return None


def all_flags(options: tuple[Option, ...]) -> list[str]:
    return [f for opt in options for f in opt.flags]
