"""``oscmd -L``: the availability zones of the region, as ``REGION:ZONE`` lines.

Given several regions or profiles (``-r a,b``, ``-r all``, ``--profile a,b``),
every target is asked, concurrently, and its zones printed in target order, as
a read verb does (:meth:`~oscmd_shell.context.Invocation.across`); a target
that fails is named on stderr, the others still print, and the status says
what failed (5 when every failure was a connection, else 3).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..aws.targets import Target, TargetFailure, across
from ..context import Context
from ..dispatch import guarded, report_failures
from ..output.render import Renderer
from ..output.results import Message, Outcome


def zones(ctx: Context, target: Target | None = None) -> list[dict[str, str]]:
    """The zones of ``target`` (None: the context's own region), each with its region and, for a profile, that."""
    clients = target.clients if target is not None else ctx.clients
    answer = clients.ec2().describe_availability_zones()
    found = [
        {"region": z.get("RegionName", clients.region), "zone": z["ZoneName"], "state": z.get("State", "")}
        for z in answer.get("AvailabilityZones", [])
    ]
    if target is not None and target.profile and ctx.settings.profiles:
        for zone in found:
            zone["profile"] = target.profile
    return found


def list_zones(ctx: Context) -> Outcome:
    renderer = Renderer(ctx.env, ctx.settings.output, query=ctx.settings.query)
    failures: list[TargetFailure] = []

    def body() -> Outcome:
        found = [z for batch in _batches(ctx, failures) for z in batch]
        text = [f"{z['region']}:{z['zone']}" for z in found]
        renderer.event(Message(text, found, tuple(z["zone"] for z in found)))
        return Outcome(report_failures(failures, renderer) if failures else 0)

    return guarded(ctx, renderer, body)


def _batches(ctx: Context, failures: list[TargetFailure]) -> Iterator[list[dict[str, str]]]:
    """The zones of each target in order: the context's region alone, or every planned target concurrently."""
    if not ctx.settings.fleet:
        yield zones(ctx)
        return
    yield from across(ctx.clients, lambda target: iter([zones(ctx, target)]), failures)
