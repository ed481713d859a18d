"""Saved sessions: the successful lines and their context, written as a script that replays exactly.

A :class:`Recorder` keeps each successful line as it was typed (``$_`` stays
``$_``) with a :class:`Where`: the region, endpoint, zone, profile, output
format and ``use`` selection in force when it ran.  :func:`script_text` writes
that context as ``set``/``unset``/``use`` lines, all of it first and then
wherever it changes, so a replay acts on the same region and objects whatever
the replaying environment says.  Credentials never reach the file: lines that
carry them are never recorded, ``set`` lines are written from the context
(never as typed), and an endpoint's ``user:password@`` is dropped with a
comment saying so.  :func:`write_script` writes the file through
:mod:`oscmd_shell.fileio`: atomically, mode 0600, never through a link, and
over an existing file only when told to or after asking.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Refused, UsageError
from ..fileio import LinkRefused, write_file
from ..redact import redact
from .words import Selection

SCRIPT_MODE = 0o600  # a script is no secret, but it may name internal hosts and accounts' objects


@dataclass(frozen=True)
class Where:
    """The context one line ran in."""

    region: str | None
    endpoint: str | None = None
    zone: str | None = None
    profile: str | None = None
    output: str = "text"
    local: bool = False  # the endpoint was the --local playground's (a new port each run)
    selection: tuple[Selection, ...] = ()

    @property
    def connection(self) -> tuple[object, ...]:
        return (self.local, self.endpoint, self.profile, self.region)


@dataclass(frozen=True)
class Entry:
    """One successful line, as typed, and its context."""

    line: str
    where: Where


@dataclass
class Recorder:
    """The successful lines of a session, in order."""

    entries: list[Entry] = field(default_factory=list)

    def add(self, line: str, where: Where) -> None:
        self.entries.append(Entry(line, where))


def script_text(entries: Sequence[Entry], *, name: str = "FILE") -> str:
    """The script that replays ``entries``: a header, then context lines and lines."""
    shown = shlex.quote(name) if name.isprintable() else "FILE"
    local = "--local " if any(e.where.local for e in entries) else ""
    out = ["# oscmd script saved from an interactive session: its set/use lines give every line the",
           "# region and context it ran in.  Run it with (-y confirms the destructive lines again):",
           f"#   oscmd {local}-y {shown}"]
    previous: Where | None = None
    for number, entry in enumerate(entries, start=1):
        if entry.line.splitlines() != [entry.line]:
            raise UsageError(f"save: line {number} of the session holds a line break, which a script "
                             "cannot say; nothing was written")
        out += context_lines(previous, entry.where)
        out.append(entry.line)
        previous = entry.where
    return "\n".join(out) + "\n"


def context_lines(before: Where | None, now: Where) -> list[str]:
    """The ``set``/``unset``/``use`` lines that turn context ``before`` (None: unknown) into ``now``."""
    out: list[str] = []
    moved = before is None or before.connection != now.connection
    if before is None or (before.local, before.endpoint) != (now.local, now.endpoint):
        out += _endpoint(now)
    if before is not None and before.profile and not now.profile:
        out.append("# from here the session used the default credentials")
    elif now.profile and (before is None or now.profile != before.profile):
        out.append(f"set profile {shlex.quote(now.profile)}")
    if moved and now.region:
        out.append(f"set region {shlex.quote(now.region)}")  # after endpoint: it may guess a region
    if now.zone and (moved or before is None or now.zone != before.zone):
        out.append(f"set zone {shlex.quote(now.zone)}")
    elif not now.zone and (before is None or before.zone):
        out.append("unset zone")
    if before is None or now.output != before.output:
        out.append(f"set output {shlex.quote(now.output)}")
    # a replayed `set region` / `set endpoint` / `set profile` forgets the selection, as the session did
    out += _selection(before.selection if before is not None and not moved else (), now.selection)
    return out


def _endpoint(now: Where) -> list[str]:
    if now.local:  # its port changes every run; and a replay elsewhere must not act on a real account
        return ["# the session ran on the local playground: it replays there only (oscmd --local FILE)",
                "set endpoint local"]
    if not now.endpoint:
        return []
    url = redact(now.endpoint)
    note = ["# credentials in the endpoint URL were replaced by ***: give them another way"]
    return [*(note if url != now.endpoint else []), f"set endpoint {shlex.quote(url)}"]


def _selection(old: tuple[Selection, ...], new: tuple[Selection, ...]) -> list[str]:
    """Lines turning selection ``old`` into ``new`` (``use`` moves an object to the end)."""
    if old == new:
        return []
    if not new:
        return ["unset all"]
    kept = [s for s in old if s in new]
    if tuple(kept) == new[: len(kept)]:
        names = {s.obj for s in new}
        out = [f"unset {s.obj}" for s in old if s not in new and s.obj not in names]
        added = new[len(kept):]
    else:
        out = ["unset all"]
        added = new
    # a 'use' written with $_ is saved so where it was typed: there $_ means what it meant then
    return out + [s.typed if s.typed and s not in old else "use " + shlex.join([s.obj, *s.tokens])
                  for s in added]


def write_script(path: Path, text: str, *, force: bool, ask: Callable[[str], str] | None,
                 shown: str | None = None) -> bool:
    """Write ``text`` to ``path`` (mode 0600); return True when it replaced a file.

    A symbolic link or anything but a regular file at ``path`` is refused; an
    existing file is replaced only with ``force`` or when ``ask`` gets "y".
    The file is written whole under a temporary name and then renamed, so a
    failure (a full disk) leaves the old file as it was.  Messages name the
    file as ``shown`` (as the user wrote it).
    """
    name = shown or str(path)
    if path.is_symlink():
        raise UsageError(f"save: {name} is a symbolic link; oscmd never writes through one")
    exists = os.path.lexists(path)
    if exists and not path.is_file():
        raise UsageError(f"save: {name} exists and is not a regular file")
    if exists and not force:
        if ask is None:
            raise Refused(f"save: {name} exists; 'save -f {name}' replaces it")
        if ask(f"save: {name} exists. Replace it? [y/N] ").strip().lower() not in ("y", "yes"):
            raise Refused(f"save: {name} not replaced; nothing was written")
    try:
        write_file(path, text.encode("utf-8"), mode=SCRIPT_MODE, replace=exists)
    except LinkRefused:
        raise UsageError(f"save: {name} is a symbolic link; oscmd never writes through one") from None
    except FileExistsError:
        raise Refused(f"save: {name} appeared while saving; it was left as it is") from None
    except OSError as exc:
        kept = " (the old file is unchanged)" if exists else ""
        raise UsageError(f"save: cannot write {name}: {exc.strerror or exc}{kept}") from None
    return exists
