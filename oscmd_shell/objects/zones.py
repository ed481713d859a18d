"""``oscmd -L``: the availability zones of the region, as ``REGION:ZONE`` lines."""

from __future__ import annotations

from ..context import Context
from ..dispatch import guarded
from ..output.render import Renderer
from ..output.results import Message, Outcome


def zones(ctx: Context) -> list[dict[str, str]]:
    answer = ctx.ec2().describe_availability_zones()
    return [
        {"region": z.get("RegionName", ctx.clients.region), "zone": z["ZoneName"], "state": z.get("State", "")}
        for z in answer.get("AvailabilityZones", [])
    ]


def list_zones(ctx: Context) -> Outcome:
    renderer = Renderer(ctx.env, ctx.settings.output, query=ctx.settings.query)

    def body() -> Outcome:
        found = zones(ctx)
        text = [f"{z['region']}:{z['zone']}" for z in found]
        renderer.event(Message(text, found, tuple(z["zone"] for z in found)))
        return Outcome()

    return guarded(ctx, renderer, body)
