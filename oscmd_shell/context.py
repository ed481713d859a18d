"""What a verb handler receives: the session context and one invocation.

:class:`Context` holds what lives as long as a process or shell session (the
environment, configuration, effective settings and the AWS clients).
:class:`Invocation` is one parsed command: the object and verb specs, the
identification options, the verb's arguments (with config defaults applied),
and the identified target object, resolved on first use.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .aws.lookup import Resolved, resolve
from .aws.session import Clients
from .aws.waiting import wait_until
from .config import Config, Settings
from .env import Env
from .errors import UsageError
from .kinds import KINDS, Kind
from .output.results import Progress
from .spec import ObjectSpec, Verb

T = TypeVar("T")


@dataclass
class Context:
    """Long-lived state: environment, config, settings, clients."""

    env: Env
    config: Config
    settings: Settings
    clients: Clients
    poll_interval: float = 2.0

    @classmethod
    def build(cls, env: Env, config: Config, settings: Settings) -> Context:
        interval = config.getfloat("oscmd", "poll_interval")
        return cls(env, config, settings, Clients(settings, config, env), poll_interval=interval or 2.0)

    def ec2(self) -> Any:
        return self.clients.ec2()

    @property
    def user(self) -> str:
        try:
            return getpass.getuser()
        except (OSError, KeyError):
            return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


@dataclass
class Invocation:
    """One command, as a handler sees it."""

    ctx: Context
    obj: ObjectSpec
    verb: Verb
    ident: dict[str, Any]
    args: dict[str, Any]
    positionals: list[str] = field(default_factory=list)
    given: set[str] = field(default_factory=set)
    _target: Resolved | None = None

    @property
    def ec2(self) -> Any:
        return self.ctx.ec2()

    @property
    def kind(self) -> Kind:
        return KINDS[self.obj.kind]

    @property
    def identified(self) -> bool:
        return bool(self.ident.get("id") or self.ident.get("name") or self.ident.get("self"))

    @property
    def target(self) -> Resolved:
        """The identified object (resolved once, on first use)."""
        if self._target is None:
            self._target = self.resolve_ident()
        return self._target

    def resolve_ident(self) -> Resolved:
        ident = self.ident.get("id")
        if self.ident.get("self"):
            from .aws import imds

            path = "meta-data/ami-id" if self.obj.kind == "image" else "meta-data/instance-id"
            ident = imds.get(path, self.ctx.env.environ)
        return resolve(self.ec2, self.kind, ident=ident, name=self.ident.get("name"))

    def find(self, kind: str, *, ident: str | None = None, name: str | None = None, what: str = "") -> Resolved:
        """Identify another object (e.g. the volume of ``instance attach -n``)."""
        if not ident and not name:
            raise UsageError(f"{self.obj.name} {self.verb.name}: give the {what or kind} with -i ID or -n NAME")
        return resolve(self.ec2, KINDS[kind], ident=ident, name=name)

    def wait(
        self,
        poll: Callable[[], T],
        done: Callable[[T], bool],
        *,
        what: str,
        describe: Callable[[T], str],
        failed: Callable[[T], str | None] | None = None,
    ) -> Generator[Progress, None, T]:
        env = self.ctx.env
        return wait_until(
            poll, done, what=what, describe=describe, failed=failed,
            timeout=self.ctx.settings.wait_timeout, interval=self.ctx.poll_interval,
            clock=env.clock, sleep=env.sleep,
        )
