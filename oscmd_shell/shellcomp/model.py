"""Flatten the registry into the grammar levels the bash, zsh and fish scripts walk.

A :class:`Level` is one place on the command line (``root``, ``instance``,
``instance/start``, ``help``...): the options valid there (flags, arity,
repeatability, value source, help), the words that lead to another level
(objects, verbs, help topics, shells), and the value source of its
positional arguments.  A value :class:`Source` says how a shell completes a
value: inline choices, a static list, file or directory paths, or live values
read from the completion cache through ``oscmd __complete``.  Every script
generator reads these levels, so the three scripts cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import registry
from ..spec import Option

#: The hidden first argument of ``oscmd`` that prints live values for the shell scripts.
COMPLETE_WORD = "__complete"
#: Value sources read from the completion cache (or the disk) by ``oscmd __complete``.
LIVE = ("zone", "profile", "resource")
#: Value sources given as fixed word lists inside the scripts.
STATIC = ("instance_type", "volume_type", "protocol", "region", "shell", "topic")
PATHS = ("file", "dir")
END = "end"
HELP_OPTION = Option(("-h", "--help"), "help", "show help", arity=0)


@dataclass(frozen=True)
class Source:
    """How a value is completed: ``kind`` is none, choices, static, file, dir or live."""

    kind: str = "none"
    name: str = ""
    words: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """Compact spelling used inside the scripts' tables."""
        if self.kind == "choices":
            return "=" + " ".join(self.words)
        if self.kind == "static":
            return "@" + self.name
        if self.kind == "live":
            return "live:" + self.name
        return "" if self.kind == "none" else self.kind


@dataclass(frozen=True)
class Slot:
    """One option of one level."""

    flags: tuple[str, ...]
    arity: int
    dest: str
    repeat: bool
    source: Source
    help: str
    metavar: str

    @property
    def code(self) -> str:
        return "|".join((" ".join(self.flags), str(self.arity), self.dest, "1" if self.repeat else "0",
                         self.source.code))


@dataclass(frozen=True)
class Child:
    """A word that moves the walk to another level (an object, a verb, a topic, a shell)."""

    word: str
    level: str
    help: str


@dataclass(frozen=True)
class Level:
    """One grammar level: its options, the words leading on, and its positionals."""

    path: str
    options: tuple[Slot, ...] = ()
    children: tuple[Child, ...] = ()
    positional: Source = Source()
    positional_repeat: bool = True
    positional_help: str = ""
    scripts: bool = False
    dirs: str = ""


def source_of(values: str | None, choices: tuple[str, ...] = ()) -> Source:
    """The completion source of an option or positional (unknown names complete nothing)."""
    if choices:
        for word in choices:
            if not word or any(c.isspace() or c in "|'\"\\$`" for c in word):
                raise ValueError(f"choice {word!r} cannot be written into a completion script")
        return Source("choices", words=choices)
    if not values:
        return Source()
    if values in PATHS:
        return Source(values)
    if values in STATIC:
        return Source("static", values)
    if values in LIVE or ":" in values:
        return Source("live", values)
    return Source()


def _slot(opt: Option) -> Slot:
    metavar = opt.metavar or ("" if opt.is_flag else opt.shown_metavar)
    return Slot(opt.flags, opt.arity, opt.dest, opt.repeat, source_of(opt.values, opt.choices),
                " ".join(opt.help.replace("%%", "%").split()), metavar)


def _slots(options: tuple[Option, ...]) -> tuple[Slot, ...]:
    return (*(_slot(o) for o in options), _slot(HELP_OPTION))


def _resource_dirs(options: tuple[Option, ...]) -> str:
    """The dest of the directories searched for ``resource`` values at this level, if any."""
    if not any(o.values == "resource" for o in options):
        return ""
    return next((o.dest for o in options if o.values == "dir" and o.repeat), "")


def topics() -> list[tuple[str, str]]:
    """(name, title) of every help topic."""
    from ..output.topics import TOPICS

    return [(name, topic.title) for name, topic in TOPICS.items()]


def levels() -> list[Level]:
    """Every level of the grammar, root first."""
    out: list[Level] = []
    roots = [Child(o.name, o.name, o.help) for o in registry.OBJECTS]
    roots += [Child(c.name, c.name, c.help) for c in registry.ROOT_COMMANDS]
    out.append(Level("root", _slots(registry.ROOT_OPTIONS), tuple(roots), scripts=True))
    for obj in registry.OBJECTS:
        verbs = tuple(Child(v.name, f"{obj.name}/{v.name}", v.help) for v in obj.verbs)
        out.append(Level(obj.name, _slots(obj.options), verbs))
        for verb in obj.verbs:
            pos = verb.positionals[0] if verb.positionals else None
            out.append(Level(
                f"{obj.name}/{verb.name}", _slots(verb.options),
                positional=source_of(pos.values) if pos else Source(),
                positional_repeat=pos.repeat if pos else False,
                positional_help=pos.help if pos else "",
                dirs=_resource_dirs(verb.options),
            ))
    help_children = [Child(name, END, title) for name, title in topics()]
    help_children += [Child(o.name, f"help/{o.name}", o.help) for o in registry.OBJECTS]
    out.append(Level("help", children=tuple(help_children)))
    for obj in registry.OBJECTS:
        out.append(Level(f"help/{obj.name}", children=tuple(Child(v.name, END, v.help) for v in obj.verbs)))
    shells = tuple(Child(s, END, f"print the {s} completion script") for s in static_lists()["shell"])
    out.append(Level("completion", (_slot(HELP_OPTION),), shells))
    for command in registry.ROOT_COMMANDS:  # journal, undo: options of their own
        if command.options:
            words = tuple(Child(a, END, f"{command.name} {a}") for a in command.args)
            out.append(Level(command.name, _slots(command.options), words))
    return out


def static_lists() -> dict[str, tuple[str, ...]]:
    """The fixed word lists written into every script."""
    from ..complete.static import INSTANCE_TYPES, PROTOCOLS, REGIONS, SHELLS, VOLUME_TYPES

    return {
        "instance_type": INSTANCE_TYPES,
        "volume_type": VOLUME_TYPES,
        "protocol": PROTOCOLS,
        "region": REGIONS,
        "shell": SHELLS,
        "topic": tuple(name for name, _ in topics()),
    }


def connection_dests() -> tuple[str, ...]:
    """Root option dests that choose the connection, passed on to ``oscmd __complete``."""
    return ("config", "endpoint", "region", "profile", "local")


def quote(text: str) -> str:
    """``text`` as one single-quoted word for bash and zsh."""
    return "'" + text.replace("'", "'\\''") + "'"
