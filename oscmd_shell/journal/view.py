"""``oscmd journal``: the recorded changes, one line each, newest last; ``journal show N``: one in full.

Each line gives the change's number (what ``journal show`` and ``undo`` take),
its local time, region, the command as it ran, how it ended (``ok``,
``failed``, ``interrupted``, ``running`` in another process, ``undone by N``)
and what it created or removed.  ``--region``, ``--object`` and ``--since``
filter; ``-n`` (default 20) or ``--all`` say how many.  ``--output json`` (or
yaml) prints the records themselves.  Text from the journal is escaped on its
way to the terminal by the renderer.
"""

from __future__ import annotations

import calendar
import json
import os
import re
import time
from typing import Any

from ..context import Context
from ..errors import UsageError
from ..output.render import Renderer
from ..output.results import Message, Outcome
from ..parsing.levels import LevelResult
from . import store
from .inverse import plan

DEFAULT_COUNT = 20
_SPAN = re.compile(r"^(\d+)([smhdw])$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def epoch(change: store.Change) -> float | None:
    try:
        return calendar.timegm(time.strptime(change.text("time"), "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return None


def local_time(change: store.Change, seconds: bool = False) -> str:
    when = epoch(change)
    if when is None:
        return "?"
    return time.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M", time.localtime(when))


def since(text: str, now: float) -> float:
    """The moment ``--since`` names: a span back from now (30m, 12h, 7d) or a local date and time."""
    span = _SPAN.match(text.strip())
    if span:
        return now - int(span.group(1)) * _UNIT[span.group(2)]
    for fmt in _DATE_FORMATS:
        try:
            return time.mktime(time.strptime(text.strip(), fmt))
        except ValueError:
            continue
    raise UsageError(f"journal: --since expects a date (2026-11-25, 2026-11-25T14:00) or a span (30m, 12h, 7d), "
                     f"not '{text}'")


def running(change: store.Change) -> bool:
    """Whether another process is still making ``change`` (no outcome yet, and its writer lives)."""
    return change.outcome is None and change.intent.get("pid") != os.getpid() and store.alive(change.intent)


def status(change: store.Change) -> str:
    if running(change):
        text = "running"
    elif change.status == "failed" and any(c.state != "error" for c in change.calls):
        text = "failed part-way"
    else:
        text = change.status
    if change.undone_by:
        text += f", undone by {', '.join(str(n) for n in change.undone_by)}"
    if change.undoes:
        text += f" (undid {change.intent.get('undoes_number', '?')})"
    return text


def summary(change: store.Change) -> str:
    """What the change made and removed, by id."""
    made = [e["id"] for c in change.calls if c.state == "ok" for e in c.created() if e.get("type") != "association"]
    gone = [e["id"] for c in change.calls if c.state == "ok" for e in c.removed() if e.get("type") != "association"]
    unsure = [c.op for c in change.calls if c.state == "unknown"]
    parts = ([f"created {', '.join(made)}"] if made else []) + ([f"removed {', '.join(gone)}"] if gone else [])
    parts += [f"{', '.join(unsure)} got no answer"] if unsure else []
    return "; ".join(parts)


def journal(level: LevelResult, ctx: Context, renderer: Renderer) -> Outcome:
    words = level.positionals
    path = store.path_of(ctx.env)
    try:
        changes = store.read(path)
    except OSError as exc:
        raise UsageError(f"cannot read the journal {exc.filename or path}: {exc.strerror or exc}") from None
    if words[:1] == ["show"]:
        change = store.numbered(changes, words[1]) if len(words) == 2 else None
        if change is None:
            raise UsageError(f"usage: journal show N (changes: {store.span(changes)})")
        renderer.event(Message(show(change), data=change.record()))
        return Outcome()
    if words:
        raise UsageError(f"journal: unexpected '{words[0]}' (usage: journal [show N] [-n COUNT] [--region REGION] "
                         "[--object OBJECT] [--since WHEN] [--all])")
    picked = select(changes, level.values, time.time())
    if not picked:
        where = "" if changes else f" ({path} holds none yet)"
        renderer.event(Message(f"no change recorded{' matches' if changes else ''}{where}", data=[]))
        return Outcome()
    renderer.event(Message(listing(picked), data=[c.record() for c in picked]))
    return Outcome()


def select(changes: list[store.Change], values: dict[str, Any], now: float) -> list[store.Change]:
    picked = changes
    if values.get("region"):
        picked = [c for c in picked if c.intent.get("region") == values["region"]]
    if values.get("object"):
        picked = [c for c in picked if c.text("object") == values["object"]]
    if values.get("since"):
        start = since(str(values["since"]), now)
        picked = [c for c in picked if (epoch(c) or 0) >= start]
    if not values.get("all"):
        picked = picked[-int(values.get("count") or DEFAULT_COUNT):]
    return picked


def listing(changes: list[store.Change]) -> list[str]:
    """One line per change: number, time, region, how it ended, the command, what it made or removed."""
    states = [status(c) for c in changes]
    width = max(len(str(c.number)) for c in changes)
    region = max(len(c.text("region") or "-") for c in changes)
    ended = max(len(s) for s in states)
    rows = []
    for change, state in zip(changes, states, strict=True):
        what = summary(change)
        rows.append(f"{change.number:>{width}}  {local_time(change)}  {(change.text('region') or '-'):<{region}}  "
                    f"{state:<{ended}}  {change.text('line') or '-'}" + (f"  ({what})" if what else ""))
    return rows


def show(change: store.Change) -> list[str]:
    intent = change.intent
    where = f"{intent.get('region')} at {intent.get('endpoint')}"
    if intent.get("profile"):
        where += f", profile {intent['profile']}"
    account = intent.get("account") or (change.outcome or {}).get("account")
    if account:
        where += f", account {account}"
    lines = [f"change {change.number}: {status(change)}",
             f"  when     {local_time(change, seconds=True)} ({change.text('time')})",
             f"  command  {change.text('line') or '-'}",
             f"  where    {where}",
             f"  process  {intent.get('pid')} on {intent.get('host') or '?'}"]
    targets = intent.get("targets")
    if isinstance(targets, list) and targets:
        lines.append(f"  target   {', '.join(str(t) for t in targets)}")
    lines.append("  calls")
    for call in change.calls:
        lines.append(f"    {call.seq}. {call.op}  {_call_state(call)}")
        if call.params:
            lines.append(f"       {_params(call.params)}")
    if change.outcome is not None:
        message = change.outcome.get("message")
        lines.append(f"  outcome  {change.status}" + (f": {message}" if isinstance(message, str) else ""))
    else:
        lines.append("  outcome  none recorded: the process ended before the command did (killed, or the "
                     "machine stopped); the calls above are what it did")
    lines.append("  undo     " + _undo_text(change))
    return lines


def _call_state(call: store.Call) -> str:
    if call.state == "ok":
        facts = [f"created {e['type']} {e['id']}" for e in call.created()]
        facts += [f"removed {e['type']} {e['id']}" for e in call.removed()]
        facts += [f"{e['id']} {e['from']} -> {e['to']}" for e in call.changed() if e.get("from")]
        return "ok" + (f": {'; '.join(facts)}" if facts else "")
    error = (call.result or {}).get("error")
    if call.state == "error":
        return f"refused by EC2 ({error})"
    return "sent, no answer" + (f" ({error})" if error else "") + ": it may have taken effect"


def _params(params: dict[str, Any]) -> str:
    text = " ".join(f"{k}={v if isinstance(v, str) else json.dumps(v, separators=(',', ':'))}"
                    for k, v in params.items())
    return text if len(text) <= 400 else text[:400] + "..."


def _undo_text(change: store.Change) -> str:
    if not change.effective:
        return "nothing to undo: every call was refused"
    steps = plan(change)
    if steps.irreversible:
        return "cannot be undone: " + "; ".join(steps.irreversible)
    if not steps.steps:
        return "nothing to undo" + (f" ({'; '.join(steps.notes)})" if steps.notes else "")
    return f"'oscmd undo {change.number}' would: " + "; ".join(s.text for s in steps.steps) + \
        (f" (note: {'; '.join(steps.notes)})" if steps.notes else "")
