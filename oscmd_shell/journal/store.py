"""The journal file: where it lives, appending one record, reading the changes back.

The journal is ``STATE/journal.jsonl`` (``~/.local/state/oscmd`` unless
``XDG_STATE_HOME`` says otherwise), mode 0600 in a 0700 directory: one JSON
object per line, ASCII only, appended with one ``write`` under an exclusive lock
(:func:`~oscmd_shell.fileio.append_record`), so concurrent oscmd processes never
mix or lose records.  A change is several records sharing its ``change`` id:
``intent`` (written just before its first API call), a ``call`` before each
call and a ``result`` after it, and ``outcome`` at the end.  :func:`read`
groups them back into :class:`Change` objects numbered in the order their
intents were written (1 is the oldest).  A line that is not a well-formed
record is skipped, never fatal.

The journal stays bounded: once it holds :data:`ROTATE_AT` bytes, the next
record first sets it aside as ``journal.1.jsonl`` (replacing the one set aside
before) and starts a new file whose first record, ``base``, says how many
changes came before it.  Both files are read, so the last few thousand changes
are always there, and a change keeps its number for as long as it is kept.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..env import Env
from ..fileio import Rotation, append_record, private_dir, read_regular

FILE = "journal.jsonl"
PREVIOUS = "journal.1.jsonl"
ROTATE_AT = 4 << 20  # bytes: a change takes 0.5-3 KiB, so the two files keep thousands of changes
READ_LIMIT = 256 << 20  # a journal past this (grown by another program) asks to be moved aside
KINDS = ("intent", "call", "result", "outcome")


def path_of(env: Env) -> Path:
    return env.state_dir / FILE


def previous_of(path: Path) -> Path:
    """Where the journal at ``path`` is set aside once full."""
    return path.with_name(PREVIOUS)


def encode(record: dict[str, Any]) -> bytes:
    """One record as one ASCII line (no control character can reach a terminal that shows the file)."""
    return (json.dumps(record, ensure_ascii=True, separators=(",", ":"), default=str) + "\n").encode("ascii")


def append(path: Path, record: dict[str, Any]) -> None:
    """Append ``record`` (the directory is made 0700, the file 0600; a link or FIFO is refused)."""
    private_dir(path.parent)
    append_record(path, encode(record), rotation=Rotation(ROTATE_AT, previous_of(path), _base))


def _base(full: bytes) -> bytes:
    """The first record of the file that follows the full journal ``full``: how many changes came before."""
    changes = parse(full)
    before = changes[-1].number if changes else _first_base(full)
    return encode({"kind": "base", "changes": before})


def _first_base(data: bytes) -> int:
    record = _base_record(data.split(b"\n", 1)[0])
    return record if record is not None else 0


@dataclass
class Call:
    """One API call of a change: what was sent, what was known before, and its result (None: no answer)."""

    seq: int
    op: str
    params: dict[str, Any]
    before: dict[str, Any]
    time: str
    result: dict[str, Any] | None = None

    @property
    def state(self) -> str:
        """``ok``, ``error`` (EC2 refused: nothing changed) or ``unknown`` (sent, no answer)."""
        if self.result is None:
            return "unknown"
        value = self.result.get("state")
        return value if value in ("ok", "error") else "unknown"

    def created(self) -> list[dict[str, Any]]:
        return _entries(self.result, "created")

    def removed(self) -> list[dict[str, Any]]:
        return _entries(self.result, "removed")

    def changed(self) -> list[dict[str, Any]]:
        return _entries(self.result, "changed")

    def record(self) -> dict[str, Any]:
        return {"seq": self.seq, "op": self.op, "time": self.time, "params": self.params, "before": self.before,
                "state": self.state, "result": self.result}


def _entries(result: dict[str, Any] | None, key: str) -> list[dict[str, Any]]:
    value = (result or {}).get(key)
    return [e for e in value if isinstance(e, dict) and isinstance(e.get("id"), str)] if isinstance(value, list) \
        else []


@dataclass
class Change:
    """One recorded change, as read back."""

    number: int
    id: str
    intent: dict[str, Any]
    calls: list[Call] = field(default_factory=list)
    outcome: dict[str, Any] | None = None
    undone_by: list[int] = field(default_factory=list)

    def text(self, key: str) -> str:
        value = self.intent.get(key)
        return value if isinstance(value, str) else ""

    @property
    def undoes(self) -> str:
        return self.text("undoes")

    @property
    def effective(self) -> bool:
        """Whether any call may have changed something (it succeeded, or got no answer)."""
        return any(c.state != "error" for c in self.calls)

    @property
    def status(self) -> str:
        """``ok``, ``failed`` or ``interrupted`` (no outcome: killed, or still running elsewhere)."""
        if self.outcome is None:
            return "interrupted"
        value = self.outcome.get("result")
        return value if value in ("ok", "failed", "interrupted") else "failed"

    def record(self) -> dict[str, Any]:
        """Everything recorded about the change (``--output json``)."""
        return {"number": self.number, "change": self.id, "status": self.status, "intent": self.intent,
                "calls": [c.record() for c in self.calls], "outcome": self.outcome,
                "undone_by": list(self.undone_by)}


def read(path: Path) -> list[Change]:
    """Every change of the journal at ``path`` and of the one set aside before it, oldest first."""
    parts = []
    for part in (previous_of(path), path):
        try:
            parts.append(read_regular(part, limit=READ_LIMIT))
        except FileNotFoundError:
            continue
    return parse(b"\n".join(parts))


def numbered(changes: list[Change], wanted: str) -> Change | None:
    """The change numbered ``wanted`` (digits), if the journal still holds it."""
    if not (wanted.isascii() and wanted.isdigit()):
        return None
    number = int(wanted)
    return next((c for c in changes if c.number == number), None)


def span(changes: list[Change]) -> str:
    """The numbers the journal holds, for an error message: ``1 to 57``, or ``none yet``."""
    return f"{changes[0].number} to {changes[-1].number}" if changes else "none yet"


def parse(data: bytes) -> list[Change]:
    changes: dict[str, Change] = {}
    pending: dict[str, dict[int, Call]] = {}
    count = 0
    for raw in data.split(b"\n"):
        base = _base_record(raw)
        if base is not None:
            count = max(count, base)  # the changes before this file, some perhaps no longer kept
            continue
        record = _load(raw)
        if record is None:
            continue
        cid, kind = record["change"], record["kind"]
        if kind == "intent":
            if cid not in changes:
                count += 1
                changes[cid] = Change(count, cid, record)
            continue
        change = changes.get(cid)
        if change is None:
            continue
        if kind == "outcome":
            change.outcome = change.outcome or record
        elif kind == "call":
            call = _call(record)
            if call is not None and call.seq not in pending.setdefault(cid, {}):
                pending[cid][call.seq] = call
                change.calls.append(call)
        elif kind == "result":
            seq = record.get("seq")
            found = pending.get(cid, {}).get(seq) if isinstance(seq, int) else None
            if found is not None and found.result is None:
                found.result = record
    ordered = list(changes.values())
    by_id = {c.id: c for c in ordered}
    for change in ordered:
        target = by_id.get(change.undoes)
        if target is not None and change.status == "ok" and change.number > target.number:
            target.undone_by.append(change.number)
    return ordered


def _base_record(raw: bytes) -> int | None:
    """The count a ``base`` record line gives, or None when the line is something else."""
    if not raw.startswith(b'{"kind":"base"'):
        return None
    try:
        value = json.loads(raw).get("changes")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _load(raw: bytes) -> dict[str, Any] | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        record = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("kind") not in KINDS or not isinstance(record.get("change"), str):
        return None
    return record


def _call(record: dict[str, Any]) -> Call | None:
    seq, op = record.get("seq"), record.get("op")
    if not isinstance(seq, int) or not isinstance(op, str):
        return None
    params = record.get("params")
    before = record.get("before")
    return Call(seq, op, params if isinstance(params, dict) else {}, before if isinstance(before, dict) else {},
                str(record.get("time") or ""))


def alive(intent: dict[str, Any]) -> bool:
    """Whether the process that wrote ``intent`` still runs on this machine (its change is in progress)."""
    pid, start = intent.get("pid"), intent.get("pid_start")
    if not isinstance(pid, int) or pid <= 0 or intent.get("host") != host():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is another user's: not ours, so not the writer
        return False
    return start is None or process_start(pid) == start


def host() -> str:
    return os.uname().nodename if hasattr(os, "uname") else ""


def process_start(pid: int) -> int | None:
    """When process ``pid`` started, in clock ticks since boot (Linux), so a reused pid is told apart."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = text.rsplit(")", 1)[-1].split()
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None
