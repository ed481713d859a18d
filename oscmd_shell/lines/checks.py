"""What ``set region``, ``set zone`` and ``set profile`` accept: known values only, typos refused.

A region is accepted when the completion cache lists it, or when it is one of
botocore's (and Outscale's) regions and the connection is AWS's own; with
another endpoint, the endpoint is asked (``DescribeRegions``, one attempt,
short timeouts), and if it cannot answer a region of the built-in lists is
still accepted.  A zone must be one the region lists (cache, then
``DescribeAvailabilityZones``); when the endpoint cannot answer, it must at
least start with the region's name.  A profile must be in the AWS config or
credentials file.  A refusal is a :class:`UsageError` with the closest known
value as a suggestion; nothing changes.  :func:`check_regions` takes a
comma-separated list (each element checked; ``all`` stands for itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..complete.static import REGIONS
from ..errors import OscmdError, UsageError
from ..parsing.levels import suggest
from ..shellcomp.values import profiles

if TYPE_CHECKING:
    from .state import Lines

ALL_REGIONS = "all"
CONNECT_TIMEOUT, READ_TIMEOUT = 3.0, 8.0


def ask_endpoint(runner: Lines, call: Callable[[Any], list[str]]) -> tuple[list[str] | None, str]:
    """``call(ec2)`` with the runner's connection, one attempt and short timeouts: (answer, "") or (None, why)."""
    from ..aws.errors import translate
    from ..aws.session import Clients

    ctx = runner.ctx
    settings = replace(ctx.settings, max_attempts=1, connect_attempts=1, connect_timeout=CONNECT_TIMEOUT,
                       read_timeout=READ_TIMEOUT, debug=False, dry_run=False)
    try:
        return call(Clients(settings, ctx.config, ctx.env).ec2()), ""
    except OscmdError as exc:
        return None, exc.message
    except Exception as exc:  # whatever the endpoint does, the answer is "could not ask"
        translated = translate(exc)
        return None, translated.message if translated is not None else exc.__class__.__name__


def _regions(ec2: Any) -> list[str]:
    return [str(r.get("RegionName")) for r in ec2.describe_regions(AllRegions=True).get("Regions", [])]


def _zones(ec2: Any) -> list[str]:
    return [str(z.get("ZoneName")) for z in ec2.describe_availability_zones().get("AvailabilityZones", [])]


def check_region(runner: Lines, name: str) -> None:
    """Refuse ``name`` unless it is a region of this connection."""
    if runner.cached("region", name):
        return
    endpoint = runner.ctx.settings.endpoint
    if not endpoint and name in REGIONS:
        return
    listed, why = ask_endpoint(runner, _regions)
    if listed:
        if name in listed:
            return
        raise UsageError(f"set region: the endpoint has no region '{name}'" + suggest(name, listed))
    if name in REGIONS:
        return  # a real region; the endpoint will say more when it is used
    raise UsageError(f"set region: unknown region '{name}'" + suggest(name, list(REGIONS))
                     + (f"; the endpoint could not be asked ({why})" if why else ""))


def check_regions(runner: Lines, value: str) -> list[str]:
    """The regions of a comma-separated ``value``, each checked (``all`` is taken as it is)."""
    names = [part.strip() for part in value.split(",")]
    if any(not n for n in names):
        raise UsageError(f"set region: empty region name in '{value}'")
    for name in names:
        if name != ALL_REGIONS:
            check_region(runner, name)
    return names


def check_zone(runner: Lines, name: str) -> None:
    """Refuse ``name`` unless it is a zone of the current region."""
    if runner.cached("zone", name):
        return
    region = runner.where().region
    listed, _why = ask_endpoint(runner, _zones)
    if listed:
        if name in listed:
            return
        raise UsageError(f"set zone: region {region} has no zone '{name}'" + suggest(name, listed))
    if region and not name.startswith(region):
        raise UsageError(f"set zone: '{name}' is not a zone of region {region}"
                         + suggest(name, [region + letter for letter in "abcdef"]))


def check_profile(runner: Lines, name: str) -> None:
    """Refuse ``name`` unless the AWS config or credentials file defines that profile."""
    known = profiles(runner.env)
    if name in known:
        return
    if not known:
        raise UsageError(f"set profile: no profile '{name}': ~/.aws/config and ~/.aws/credentials define none")
    listed = f"; profiles: {', '.join(known)}" if len(known) <= 8 else ""
    raise UsageError(f"set profile: no profile '{name}'" + suggest(name, known) + listed)
