"""What a verb handler receives: the session context and one invocation.

:class:`Context` holds what lives as long as a process or shell session (the
environment, configuration, effective settings and the AWS clients).
:class:`Invocation` is one parsed command: the object and verb specs, the
identification options, the verb's arguments (with config defaults applied),
and the identified target object, resolved on first use.  Image names are
resolved among the trusted owners only (:meth:`Invocation.image_owners`).
A read verb given several regions or profiles runs its work once per target
through :meth:`Invocation.across` (concurrently, results in target order); a
failing target is kept in :attr:`Invocation.failures` for the dispatcher to
report, and does not stop the others.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .aws.lookup import Resolved, resolve
from .aws.session import Clients
from .aws.targets import Target, TargetFailure, across
from .aws.waiting import wait_until
from .config import Config, Settings, split_names
from .env import Env
from .errors import UsageError
from .kinds import KINDS, Kind
from .output.results import Progress
from .spec import ObjectSpec, Verb

T = TypeVar("T")


def split_owners(value: str) -> list[str]:
    """Owners from a comma-separated ``-o`` or ``[ami] owner`` value, in order, each once."""
    return split_names(value)


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
        return cls(env, config, settings, Clients(settings, config, env), poll_interval=settings.poll_interval)

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
    failures: list[TargetFailure] = field(default_factory=list)
    _target: Resolved | None = None
    _filters: list[dict[str, Any]] | None = None

    @property
    def ec2(self) -> Any:
        return self.ctx.ec2()

    @property
    def kind(self) -> Kind:
        return KINDS[self.obj.kind]

    @property
    def identified(self) -> bool:
        return bool(self.ident.get("id") or self.ident.get("name") or self.ident.get("self"))

    # -- filters and targets ----------------------------------------------------------------
    def filters(self) -> list[dict[str, Any]]:
        """The EC2 filters of ``--filter`` (checked once; see :mod:`oscmd_shell.aws.filters`)."""
        if self._filters is None:
            from .aws.filters import parse

            self._filters = parse(self.kind, list(self.ident.get("filter") or []), f"{self.obj.name} {self.verb.name}")
        return self._filters

    def where(self) -> dict[str, Any]:
        """The region and profile of this invocation's connection, as every listed row carries them."""
        return {"region": self.ctx.clients.region, "profile": self.ctx.settings.profile}

    def for_target(self, target: Target) -> Invocation:
        """This command, bound to one (profile, region) target."""
        ctx = self.ctx
        bound = Context(ctx.env, ctx.config, target.clients.settings, target.clients, ctx.poll_interval)
        return Invocation(ctx=bound, obj=self.obj, verb=self.verb, ident=self.ident, args=self.args,
                          positionals=self.positionals, given=self.given, _filters=self._filters)

    def across(self, work: Callable[[Invocation], Iterable[T]]) -> Iterator[T]:
        """``work``'s items for every target: this invocation alone when there is one target, else each
        target's own invocation, concurrently, yielded in target order; failures go to :attr:`failures`."""
        if not self.ctx.settings.fleet:
            yield from work(self)
            return
        yield from across(self.ctx.clients, lambda target: work(self.for_target(target)), self.failures)

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
        return resolve(self.ec2, self.kind, ident=ident, name=self.ident.get("name"),
                       image_owners=self.owners_for(self.kind), filters=self.filters())

    def image_owners(self) -> list[str]:
        """Whose images an AMI name may select: ``ami -o`` when given, else your own and ``[ami] owner``."""
        given = self.ident.get("owner") if self.obj.kind == "image" else None
        if given:
            return split_owners(str(given))
        configured = split_owners(self.ctx.config.option_default("ami.owner") or "")
        return ["self", *[o for o in configured if o != "self"]]

    def owners_for(self, kind: Kind) -> list[str] | None:
        return self.image_owners() if kind.name == "image" else None

    def find(self, kind: str, *, ident: str | None = None, name: str | None = None, what: str = "",
             image_owners: list[str] | None = None) -> Resolved:
        """Identify another object (e.g. the volume of ``instance attach -n``); images among trusted owners."""
        if not ident and not name:
            raise UsageError(f"{self.obj.name} {self.verb.name}: give the {what or kind} with -i ID or -n NAME")
        owners = image_owners or self.owners_for(KINDS[kind])
        return resolve(self.ec2, KINDS[kind], ident=ident, name=name, image_owners=owners)

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
