"""What the prompt and the bottom toolbar say: connection, selection, cache freshness.

Pure functions from the shell's state to prompt_toolkit "formatted text"
fragments (lists of ``(style, text)``), so they are cheap at every redraw and
testable as plain data.  Nothing here may touch the network or build boto3
objects: the region shown is the configured one, or the cache's.  Every
fragment is escaped onto one line: a selection may hold ids the endpoint
returned (``use instance -i $_``) and cache problems carry its error messages.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..cache.lookups import LOOKUPS
from ..cache.snapshot import ALL, STORE, Snapshot
from ..output.terminal import line
from ..redact import redact

if TYPE_CHECKING:
    from .shell import Shell

Fragments = list[tuple[str, str]]
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
    return _escaped(frags)


def toolbar(shell: Shell, now: float | None = None) -> Fragments:
    settings = shell.ctx.settings
    environ = shell.env.environ
    profile = settings.profile or environ.get("AWS_PROFILE") or "default"
    endpoint = redact(shell.playground or settings.endpoint or "aws")
    if shell.playground:
        endpoint += " (local playground)"
    parts: list[tuple[str, str]] = [
        ("profile", profile), ("region", region_text(shell)), ("endpoint", endpoint), ("zone", settings.zone or "-"),
    ]
    if settings.output != "text":
        parts.append(("output", settings.output))
    if shell.selection:
        parts.append(("use", ", ".join(f"{k} {v.label}" for k, v in shell.selection.items())))
    frags: Fragments = []
    for key, value in parts:
        frags += [("class:bottom-toolbar.key", f" {key} "), ("class:bottom-toolbar.value", value), ("", " ")]
    status, problem = cache_status(shell.snapshot(), time.time() if now is None else now)
    style = "class:bottom-toolbar.problem" if problem else "class:bottom-toolbar.cache"
    frags += [("class:bottom-toolbar.sep", "│ "), (style, status)]
    return _escaped(frags)


def _escaped(frags: Fragments) -> Fragments:
    return [(style, line(text)) for style, text in frags]


def toolbar_text(shell: Shell, now: float | None = None) -> str:
    return "".join(text for _style, text in toolbar(shell, now))
