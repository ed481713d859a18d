"""What the prompt and the bottom toolbar say: connection, selection, cache freshness.

Pure functions from the shell's state to prompt_toolkit "formatted text"
fragments (lists of ``(style, text)``), so they are cheap at every redraw and
testable as plain data.  Nothing here may touch the network or build boto3
objects: the region shown is the configured one, or the cache's.  Every
fragment is escaped onto one line: a selection may hold ids the endpoint
returned (``use instance -i $_``) and cache problems carry its error messages.
The toolbar fits the terminal's width: what holds a default (profile
``default``, no zone) goes first, then the endpoint's scheme, then the region
(the prompt shows it); then the endpoint, the profile, the selection, the
zone and the output format are shortened or left out, in that order, so the
cache status stays readable on 80 columns.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from prompt_toolkit.utils import get_cwidth

from ..cache.lookups import LOOKUPS
from ..cache.snapshot import ALL, STORE, Snapshot
from ..output.terminal import line
from ..redact import redact

if TYPE_CHECKING:
    from .shell import Shell

Fragments = list[tuple[str, str]]
SHRINK_ORDER = ("endpoint", "profile", "use", "zone", "output")  # what gives room first when the width is short
CORE = ("instance", "volume", "address", "group", "keypair", "snapshot", "image")


def age(seconds: float) -> str:
    if seconds < 60:
        return f"{int(max(0, seconds))}s"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    return f"{int(seconds // 86400)}d"


def clock(when: float) -> str:
    return time.strftime("%H:%M", time.localtime(when))


def cache_status(snap: Snapshot, now: float) -> tuple[str, bool]:
    """One short phrase (what is loading, what failed, or how old the data is), and whether it is a problem."""
    whole = snap.problems.get(ALL)
    if whole is not None:
        return f"cache: {whole.message} ({clock(whole.when)})", True
    stored = snap.problems.get(STORE)
    if stored is not None:
        return f"cache file: {stored.message} ({clock(stored.when)})", True
    loading = [LOOKUPS[k].label for k in CORE if k in snap.loading]
    if loading:
        more = f" (+{len(loading) - 1} more)" if len(loading) > 1 else ""
        return f"{loading[0]}: loading…{more}", False
    failed = [(k, p) for k, p in snap.problems.items() if k in LOOKUPS]
    if failed:
        kind, problem = failed[0]
        return f"{LOOKUPS[kind].label}: {problem.message} ({clock(problem.when)})", True
    present = [snap.kinds[k] for k in CORE if k in snap.kinds]
    if not present:
        return ("cache: empty" if snap.identity is not None else "cache: starting…"), False
    oldest = min(d.fetched for d in present)
    stale = [LOOKUPS[k].label for k in CORE if k in snap.stale]
    count = len(snap.kinds["instance"]) if "instance" in snap.kinds else None
    head = f"cache: {count} instance{'' if count == 1 else 's'}, " if count is not None else "cache: "
    return head + f"{age(now - oldest)} old" + (f" (stale: {', '.join(stale)})" if stale else ""), False


def region_text(shell: Shell) -> str:
    return shell.region() or "default region"


def prompt(shell: Shell) -> Fragments:
    frags: Fragments = [("class:prompt.name", "oscmd"), ("", " "), ("class:prompt.region", region_text(shell))]
    for name in shell.selection:
        frags += [("", " "), ("class:prompt.selection", f"{name}:{shell.selection[name].label}")]
    frags.append(("class:prompt", "> "))
    return [(style, line(text)) for style, text in frags]


def _parts(shell: Shell, level: int) -> list[tuple[str, str]]:
    """The toolbar's (key, value) pairs, more compact at each ``level`` (0: everything, as set)."""
    settings = shell.ctx.settings
    profile = settings.profile or shell.env.environ.get("AWS_PROFILE") or ""
    endpoint = redact(shell.playground or settings.endpoint or "aws")
    if level >= 2:
        endpoint = endpoint.split("://", 1)[-1]
    if shell.playground:
        endpoint = "local playground" if level >= 2 else endpoint + " (local playground)"
    parts = [("profile", profile or "default"), ("region", region_text(shell)), ("endpoint", endpoint),
             ("zone", settings.zone or "-")]
    if settings.output != "text":
        parts.append(("output", settings.output))
    if shell.selection:
        parts.append(("use", ", ".join(f"{k} {v.label}" for k, v in shell.selection.items())))
    if level >= 1:  # what is the default says nothing
        parts = [(k, v) for k, v in parts if not (k == "zone" and v == "-") and not (k == "profile" and not profile)]
    if level >= 3:  # the prompt shows the region
        parts = [(k, v) for k, v in parts if k != "region"]
    return [(k, line(v)) for k, v in parts]


def _fragments(parts: list[tuple[str, str]], status: str, problem: bool) -> Fragments:
    frags: Fragments = []
    for key, value in parts:
        frags += [("class:bottom-toolbar.key", f" {key} "), ("class:bottom-toolbar.value", value), ("", " ")]
    style = "class:bottom-toolbar.problem" if problem else "class:bottom-toolbar.cache"
    return [*frags, ("class:bottom-toolbar.sep", "│ "), (style, status)]


def _width(frags: Fragments) -> int:
    return sum(get_cwidth(ch) for _style, text in frags for ch in text)


def toolbar(shell: Shell, now: float | None = None, columns: int | None = None) -> Fragments:
    """The bottom toolbar; with ``columns``, made to fit: defaults left out, the endpoint shortened, then cut."""
    status, problem = cache_status(shell.snapshot(), time.time() if now is None else now)
    status = line(status)
    frags: Fragments = []
    for level in range(4):
        frags = _fragments(_parts(shell, level), status, problem)
        if columns is None or _width(frags) < columns:
            return frags
    assert columns is not None
    room = max(1, columns - 1)
    parts = _parts(shell, 3)
    for key in SHRINK_ORDER:  # shorten one value, or leave it out, until the line fits
        over = _width(_fragments(parts, status, problem)) - room
        found = [i for i, (k, _v) in enumerate(parts) if k == key]
        if over <= 0:
            break
        if not found:
            continue
        value = parts[found[0]][1]
        if len(value) - over - 1 >= 7:
            parts[found[0]] = (key, value[: len(value) - over - 1] + "…")
        else:
            parts.pop(found[0])
    return _cut(_fragments(parts, status, problem), room)


def _cut(frags: Fragments, room: int) -> Fragments:
    out: Fragments = []
    used = 0
    for style, text in frags:
        if used + len(text) > room:
            out.append((style, text[: max(0, room - used - 1)] + "…"))
            break
        out.append((style, text))
        used += len(text)
    return out
