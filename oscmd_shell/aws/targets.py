"""The (profile, region) targets of a read verb given several regions (``-r a,b``, ``-r all``) or profiles.

:func:`plan` turns the settings into :class:`Target` rows, each with its own
clients: one session per profile (credentials resolved once), one client per
region.  ``-r all`` means every region enabled for the account, asked of EC2
(DescribeRegions) once per profile.  The clients are built here, in the
calling thread, before any target runs.  A profile whose credentials or region
list cannot be had, or a target whose client cannot be built, is a
:class:`TargetFailure` naming it; the other targets still run.  A regional
endpoint (``fcu.eu-west-2.outscale.com``) is pointed at each region in turn;
any other endpoint serves every region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

from ..errors import ApiError, Exit, OscmdError
from .session import Clients

T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    """One place a read verb runs: a profile (None: the default credentials) and a region."""

    profile: str | None
    region: str
    clients: Clients

    def label(self) -> str:
        return target_label(self.profile, self.region)


@dataclass(frozen=True)
class TargetFailure:
    """A target (or a whole profile) that failed, and why."""

    label: str
    error: OscmdError


def target_label(profile: str | None, region: str | None) -> str:
    where = f"region {region}" if region else ""
    if profile:
        return f"profile {profile}, {where}" if where else f"profile {profile}"
    return where or "the default region"


def as_error(exc: BaseException) -> OscmdError:
    """``exc`` as the one-line error oscmd reports for it."""
    if isinstance(exc, OscmdError):
        return exc
    from .errors import translate

    return translate(exc) or ApiError(f"internal error: {exc.__class__.__name__}: {exc}")


def enabled_regions(clients: Clients) -> list[str]:
    """Every region enabled for the account (EC2's DescribeRegions), sorted."""
    answer = clients.ec2().describe_regions()
    return sorted(str(r["RegionName"]) for r in answer.get("Regions") or [] if r.get("RegionName"))


def plan(clients: Clients) -> tuple[list[Target], list[TargetFailure]]:
    """The targets of ``clients``' settings, in order (profile by profile, regions as given)."""
    s = clients.settings
    targets: list[Target] = []
    failures: list[TargetFailure] = []
    for profile in s.profiles or (s.profile,):
        try:
            base = clients if profile == s.profile else Clients(
                replace(s, profile=profile, profiles=(), sources=dict(s.sources)), clients.config, clients.env)
            regions = enabled_regions(base) if s.regions == ("all",) else list(s.regions or (base.region,))
        except Exception as exc:
            failures.append(TargetFailure(target_label(profile, None), as_error(exc)))
            continue
        for region in regions:
            target = Target(profile, region, base.with_region(region))
            try:
                # built here, one after the other: the first loads EC2's model, the others reuse it (built
                # concurrently, every thread would parse the same 2 MB model at once)
                target.clients.ec2()
            except Exception as exc:
                failures.append(TargetFailure(target.label(), as_error(exc)))
                continue
            targets.append(target)
    return targets, failures


def across(clients: Clients, work: Callable[[Target], Iterable[T]], failures: list[TargetFailure]) -> Iterator[T]:
    """``work``'s items for every target of ``clients``' settings, run concurrently, yielded in target order;
    a target (or profile) that fails is appended to ``failures`` and does not stop the others."""
    from ..fanout import ordered

    targets, failed = plan(clients)
    failures.extend(failed)

    def failed_target(index: int, exc: BaseException) -> None:
        failures.append(TargetFailure(targets[index].label(), as_error(exc)))

    yield from ordered([partial(work, t) for t in targets], failed_target)


def failure_status(failures: Iterable[TargetFailure]) -> int:
    """The exit status of a run where ``failures`` failed: 5 when each was a connection failure, else 3."""
    return int(Exit.CONNECTION if all(f.error.exit == Exit.CONNECTION for f in failures) else Exit.API)
