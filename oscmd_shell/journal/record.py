"""Recording one change: its intent before the first API call, each call and result, its outcome.

:class:`Recording` is armed by the dispatcher around every verb
(:func:`.verbs.recorded`) and by ``undo`` around its own steps; the client hooks
(:mod:`.hooks`) report each mutating call to it.  Nothing is written until a
call is about to be sent: then the intent (time, process, connection, the
command as run with secret values as ``***``, object, verb, targets), then one
``call`` record before each request and one ``result`` after its answer, and
the outcome when the command ends (``ok``, ``failed`` with its message, or
``interrupted``).  A process killed part-way leaves intent and calls without
an outcome: the journal shows it as interrupted, listing what exists.  When the
journal cannot be written, the command still runs and says so once.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import Exit, Interrupted, OscmdError
from ..output.results import Outcome, Warning_
from . import store
from .effects import account_of, effects
from .params import clean

if TYPE_CHECKING:
    from ..config import Settings
    from ..env import Env
    from ..output.render import Renderer



class Connection(Protocol):
    """What the journal needs of a connection (:class:`~oscmd_shell.aws.session.Clients` is one)."""

    settings: Settings
    env: Env
    journal: Any  # the Recording of the command running now, if any
    account: str | None

    @property
    def region(self) -> str: ...


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Recording:
    """One change being written to the journal at ``path``; thread-safe, lazy until the first call."""

    def __init__(self, path: Path, describe: Callable[[], dict[str, Any]]) -> None:
        self.path = path
        self.id = secrets.token_hex(8)
        self._describe = describe
        self._lock = threading.Lock()
        self._seq = 0
        self.started = False
        self.failed: str | None = None
        self.created: set[str] = set()
        self.account: str | None = None

    def _write(self, record: dict[str, Any]) -> None:
        if self.failed is not None:
            return
        try:
            store.append(self.path, record)
        except OSError as exc:
            self.failed = f"{exc.filename or self.path}: {exc.strerror or exc}"

    def _start(self) -> None:
        if self.started:
            return
        self.started = True
        try:
            meta = self._describe()
        except Exception as exc:  # the intent is written whatever part of it cannot be told
            meta = {"note": clean(f"incomplete: {exc.__class__.__name__}")}
        pid = os.getpid()
        self._write({"kind": "intent", "change": self.id, "v": 1, "time": now(), "pid": pid,
                     "pid_start": store.process_start(pid), "host": store.host(), **meta})

    def sent(self, op: str, params: dict[str, Any], before: dict[str, Any]) -> int:
        """Record a call about to be sent (writing the intent first); return its number in the change."""
        with self._lock:
            self._start()
            self._seq += 1
            self._write({"kind": "call", "change": self.id, "seq": self._seq, "time": now(), "op": op,
                         "params": params, "before": before})
            return self._seq

    def answered(self, seq: int, op: str, params: dict[str, Any], answer: dict[str, Any]) -> None:
        found = effects(op, params, answer)
        record: dict[str, Any] = {"kind": "result", "change": self.id, "seq": seq, "state": "ok", **found}
        account = account_of(op, answer)
        with self._lock:
            for entry in found.get("created", []):
                self.created.add(entry["id"])
                self.created.update(v["id"] for v in entry.get("volumes", []))
                self.created.update(entry.get("interfaces", []))
            if account:
                self.account = record["account"] = account
            self._write(record)

    def refused(self, seq: int, code: str) -> None:
        with self._lock:
            self._write({"kind": "result", "change": self.id, "seq": seq, "state": "error", "error": clean(code, 100)})

    def unanswered(self, seq: int, why: str) -> None:
        with self._lock:
            self._write({"kind": "result", "change": self.id, "seq": seq, "state": "unknown", "error": clean(why, 100)})

    def finish(self, result: str, status: int, message: str = "") -> None:
        """The outcome (only for a change that made a call: a command that changed nothing leaves nothing)."""
        with self._lock:
            if not self.started:
                return
            record: dict[str, Any] = {"kind": "outcome", "change": self.id, "time": now(), "result": result,
                                      "status": status}
            if message:
                record["message"] = clean(message)
            if self.account:
                record["account"] = self.account
            self._write(record)

    def finish_error(self, exc: BaseException) -> None:
        if isinstance(exc, KeyboardInterrupt):
            self.finish("interrupted", Exit.INTERRUPTED, "interrupted")
        elif isinstance(exc, Interrupted):
            self.finish("interrupted", exc.exit, exc.message)
        elif isinstance(exc, OscmdError):
            self.finish("failed", exc.exit, exc.message)
        elif isinstance(exc, Exception):
            from ..aws.errors import translate

            translated = translate(exc)
            if translated is not None:
                self.finish("failed", translated.exit, translated.message)
            else:
                self.finish("failed", Exit.API, f"{exc.__class__.__name__}: {exc}")
        else:
            self.finish("interrupted", Exit.INTERRUPTED, exc.__class__.__name__)

    def warning(self) -> Warning_ | None:
        if self.failed is None:
            return None
        return Warning_(f"warning: the journal could not be written ({self.failed}); this change is not "
                        "recorded there")


def record_in(clients: Connection, recording: Recording, run: Callable[[], Outcome],
              renderer: Renderer) -> Outcome:
    """Run ``run`` with ``recording`` receiving its API calls, and write its outcome."""
    previous = clients.journal
    clients.journal = recording
    try:
        outcome = run()
    except BaseException as exc:
        clients.journal = previous
        recording.finish_error(exc)
        _warn(recording, renderer)
        raise
    clients.journal = previous
    recording.finish("ok" if outcome.status == 0 else "failed", int(outcome.status), outcome.error or "")
    _warn(recording, renderer)
    return outcome


def _warn(recording: Recording, renderer: Renderer) -> None:
    warning = recording.warning()
    if warning is not None:
        renderer.event(warning)


def connection(clients: Connection) -> dict[str, Any]:
    """Where a change is made: region, endpoint (credentials redacted), profile, account when known."""
    settings = clients.settings
    try:
        region = clients.region
    except Exception:  # an unusable profile: the call itself will say why
        region = settings.region or "?"
    profile = settings.profile or clients.env.environ.get("AWS_PROFILE") or None
    found: dict[str, Any] = {"region": clean(region, 100), "endpoint": clean(settings.endpoint or "aws"),
                             "profile": clean(profile, 100) if profile else None}
    if clients.account:
        found["account"] = clients.account
    return found
