"""The shell's completion cache: one live snapshot, one refresher per connection.

:class:`CompletionCache` is what the shell talks to.  ``start(ctx)`` (again on
``set region`` or ``set endpoint``) begins a new generation for the context's
connection and starts its refresher; ``invalidate`` marks the kinds a verb
changed as stale and has them fetched again; ``refresh`` re-fetches on demand.
The refresher's EC2 client is built from the session's settings with short
timeouts and a single attempt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import DEFAULT_CACHE_TTL as DEFAULT_TTL
from .live import Listener, LiveCache
from .lookups import LOOKUPS, ORDER
from .refresher import Connect, Refresher
from .snapshot import Identity, Snapshot

if TYPE_CHECKING:
    from ..config import Settings
    from ..context import Context

CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 10.0

ConnectFactory = Callable[["Context"], Connect]


def quick_identity(settings: Settings, environ: Mapping[str, str]) -> Identity | None:
    """The connection identity when it is known without boto3 (keys in the environment or INI)."""
    if settings.profile or settings.role or not settings.region:
        return None
    key = None
    if settings.local and settings.access_key and settings.secret_key:
        key = settings.access_key
    elif environ.get("AWS_ACCESS_KEY_ID") and environ.get("AWS_SECRET_ACCESS_KEY"):
        key = environ["AWS_ACCESS_KEY_ID"]
    elif settings.access_key and settings.secret_key:
        key = settings.access_key
    if not key:
        return None
    return Identity.of(settings.endpoint, settings.region, key)


def refresher_connect(ctx: Context, connect_timeout: float = CONNECT_TIMEOUT,
                      read_timeout: float = READ_TIMEOUT) -> Connect:
    """A function building the refresher's own client (run on the refresher's thread)."""

    def connect() -> tuple[Identity, Any]:
        from ..aws.session import Clients

        settings = replace(ctx.settings, max_attempts=1, retry_mode="standard", connect_timeout=connect_timeout,
                           read_timeout=read_timeout, debug=False, dry_run=False)
        clients = Clients(settings, ctx.config, ctx.env)
        _endpoint, region, key = clients.identity()
        client = clients.ec2()
        from ..aws.chunked import install

        install(client)  # its parses must not hold the interpreter lock for long: the prompt shares it
        return Identity.of(settings.endpoint, region, key), client

    return connect


def ttl_of(ctx: Context) -> float:
    """``[oscmd] cache_ttl`` in seconds (default 10 minutes; checked with the other settings)."""
    return ctx.settings.cache_ttl


class CompletionCache:
    """The live snapshot and its refresher, for whichever connection the shell uses now."""

    def __init__(self, cache_dir: Path, *, ttl: float = DEFAULT_TTL, connect_factory: ConnectFactory | None = None,
                 now: Callable[[], float] = time.time, idle_check: float = 15.0) -> None:
        self.cache_dir = cache_dir
        self.ttl = ttl
        self.connect_factory: ConnectFactory = connect_factory or refresher_connect
        self.now = now
        self.idle_check = idle_check
        self.live = LiveCache()
        self._refresher: Refresher | None = None

    @property
    def snapshot(self) -> Snapshot:
        return self.live.snapshot

    def subscribe(self, listener: Listener) -> None:
        self.live.subscribe(listener)

    def start(self, ctx: Context) -> None:
        """Serve ``ctx``'s connection from now on (a new generation, a new refresher)."""
        if self._refresher is not None:
            self._refresher.stop()
        generation = self.live.begin()
        self._refresher = Refresher(
            self.live, generation, self.connect_factory(ctx), cache_dir=self.cache_dir, ttl=self.ttl,
            quick=quick_identity(ctx.settings, ctx.env.environ), now=self.now, idle_check=self.idle_check,
        )
        self._refresher.start()

    def invalidate(self, kinds: Iterable[str]) -> None:
        """``kinds`` were changed by a command: mark them stale and fetch them again."""
        if self._refresher is not None:
            self._refresher.request(kinds, stale=True)

    def refresh(self, kinds: Iterable[str] | None = None) -> list[str]:
        """Fetch ``kinds`` (all when None) again; return the ones requested."""
        wanted = [k for k in (ORDER if kinds is None else kinds) if k in LOOKUPS]
        if self._refresher is not None:
            self._refresher.request(wanted)
        return wanted

    def close(self, wait: float = 0.5) -> None:
        if self._refresher is not None:
            self._refresher.stop(wait)
            self._refresher = None
