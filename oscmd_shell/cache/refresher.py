"""The background worker that fills the live cache for one connection.

A :class:`Refresher` owns one daemon thread and its own EC2 client (clients
are never shared across threads mid-call), built on that thread so boto3 is
imported there and not before the first prompt.  It loads the stored snapshot,
fetches the kinds that are missing, stale or older than the TTL, then waits
for requests (``refresh``, a mutating verb) and re-checks the TTL now and then.
Each fetched kind is swapped in as soon as it arrives; each batch is saved to
disk.  Failures become :class:`Problem` entries the toolbar can show, among
them a stored file that was ignored or could not be saved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..gcpause import paused, settle
from . import store
from .live import LiveCache
from .lookups import LOOKUPS, ORDER, fetch
from .snapshot import ALL, STORE, Identity, KindData, Snapshot

Connect = Callable[[], tuple[Identity, Any]]

IDLE_CHECK = 15.0
RETRY_AFTER = 60.0


class ConnectionProblem(Exception):
    """The whole connection failed (unreachable, credentials): stop the batch."""


def problem_text(exc: BaseException) -> tuple[str, bool]:
    """A short toolbar text for ``exc``, and whether it concerns the whole connection."""
    from ..errors import ConnectionFailure, CredentialsError, OscmdError

    translated: OscmdError | None = exc if isinstance(exc, OscmdError) else None
    if translated is None:
        try:
            from ..aws.errors import translate

            translated = translate(exc)
        except ImportError:
            translated = None
    if isinstance(translated, CredentialsError):
        return "credentials refused or missing", True
    if isinstance(translated, ConnectionFailure):
        return "endpoint unreachable", True
    text = translated.message if translated is not None else f"{exc.__class__.__name__}: {exc}"
    return text.splitlines()[0][:80] if text else "failed", False


class Refresher:
    """Fills ``live`` (generation ``generation``) from EC2 on a background thread."""

    def __init__(
        self,
        live: LiveCache,
        generation: int,
        connect: Connect,
        *,
        cache_dir: Path,
        ttl: float,
        quick: Identity | None = None,
        now: Callable[[], float] = time.time,
        idle_check: float = IDLE_CHECK,
    ) -> None:
        self.live = live
        self.generation = generation
        self.connect = connect
        self.cache_dir = cache_dir
        self.ttl = ttl
        self.quick = quick
        self.now = now
        self.idle_check = idle_check
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._client: Any = None
        self._check = False
        self._retry_at = 0.0
        self._thread = threading.Thread(target=self._run, name="oscmd-cache", daemon=True)

    # -- control (any thread) ----------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def stop(self, wait: float = 0.0) -> None:
        self._stopped.set()
        self._wake.set()
        if wait and self._thread.is_alive():
            self._thread.join(wait)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def request(self, kinds: Iterable[str], *, stale: bool = False) -> None:
        """Ask for ``kinds`` to be fetched again (``stale``: their data is known to be out of date)."""
        wanted = [k for k in kinds if k in LOOKUPS]
        if not wanted:
            return
        with self._lock:
            self._pending.update(wanted)
        self._retry_at = 0.0

        def mark(snap: Snapshot) -> Snapshot:
            snap = snap.with_loading(wanted)
            return snap.with_stale(wanted) if stale else snap

        self.live.update(self.generation, mark)
        self._wake.set()

    # -- the worker thread -------------------------------------------------------------------
    def _update(self, change: Callable[[Snapshot], Snapshot]) -> bool:
        return self.live.update(self.generation, change) is not None

    def _adopt(self, identity: Identity) -> None:
        noticed: list[str] = []
        with paused():
            stored = store.load(self.cache_dir, identity, lambda _path, why: noticed.append(why))
        if noticed:
            self._update(lambda s: s.with_problem(STORE, noticed[0], self.now()))

        def adopt(current: Snapshot) -> Snapshot:
            base = stored if stored is not None else Snapshot(identity=identity)
            return Snapshot(identity=identity, kinds=base.kinds, stale=base.stale | current.stale,
                            loading=current.loading)

        self._update(adopt)
        settle()

    def _run(self) -> None:
        if self.quick is not None:
            self._adopt(self.quick)
        self._check_expired()
        while not self._stopped.is_set():
            with self._lock:
                forced, self._pending = self._pending, set()
                check, self._check = self._check, False
            if forced or check:
                self._batch(forced, check)
                continue
            self._wake.wait(self.idle_check)
            self._wake.clear()
            if not self._stopped.is_set() and self.now() >= self._retry_at:
                self._check_expired()

    def _check_expired(self) -> None:
        """Note that expired kinds should be fetched, and show them as loading meanwhile."""
        expired = self.live.snapshot.expired(ORDER, self.now(), self.ttl)
        if expired:
            self._check = True
            self._update(lambda s: s.with_loading(expired))

    def _ensure_client(self) -> Any:
        if self._client is None:
            with paused():  # importing boto3 and building a client: no full collections meanwhile
                identity, client = self.connect()
            settle()
            if identity != self.live.snapshot.identity:
                self._adopt(identity)
            self._client = client
        return self._client

    def _batch(self, forced: set[str], check: bool) -> None:
        try:
            client = self._ensure_client()
        except Exception as exc:  # building the client failed: no credentials, bad profile...
            self._fail_all(exc)
            return
        wanted = set(forced)
        if check:
            wanted.update(self.live.snapshot.expired(ORDER, self.now(), self.ttl))
        idle = [k for k in ORDER if k not in wanted]
        self._update(lambda s: s.without_loading(idle))
        try:
            for kind in (k for k in ORDER if k in wanted):
                if self._stopped.is_set():
                    return
                self._fetch_one(client, kind)
        except ConnectionProblem:
            return
        snap = self.live.snapshot
        if self.live.generation == self.generation and snap.identity is not None:
            try:
                store.save(self.cache_dir, snap, self.now())
            except OSError as exc:
                why = f"not saved ({exc.strerror or exc})"
                self._update(lambda s: s.with_problem(STORE, why, self.now()))
            else:
                self._update(lambda s: s.without_problem(STORE))

    def _fetch_one(self, client: Any, kind: str) -> None:
        try:
            with paused():  # parsing thousands of records must not stall the keystrokes with full collections
                found = fetch(client, LOOKUPS[kind])
                data = KindData.build(found.entries, self.now(), found.keys, found.values)
        except Exception as exc:
            text, whole = problem_text(exc)
            if whole:
                self._fail_all(exc)
                raise ConnectionProblem(text) from exc
            self._update(lambda s: s.with_problem(kind, text, self.now()))
            return
        self._update(lambda s: s.with_data(kind, data))
        settle()

    def _fail_all(self, exc: BaseException) -> None:
        text, _whole = problem_text(exc)
        when = self.now()
        with self._lock:
            self._pending.clear()
        self._client = None
        self._retry_at = when + RETRY_AFTER
        self._update(lambda s: s.with_problem(ALL, text, when))
