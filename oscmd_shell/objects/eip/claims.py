"""Who holds an elastic IP and who claims it: the rule every verb that moves or releases one follows.

An address is *held* by what it is associated with (an instance, or a
network interface).  It is *claimed* by every instance not yet terminated
whose ``EIP`` tag names it (its public IP or allocation id, compared
exactly).  A tag is only a claim: anyone allowed to tag an instance can write
one.  So an ``EIP`` tag never moves an address held by another instance, and
``instance terminate -p`` releases an address only when the instance held it,
or when nothing holds it and no other instance claims it.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ...aws.lookup import iter_raw, literal_filter, tag_value
from ...kinds import KINDS

EIP_TAG = "EIP"
NOT_TERMINATED = ["pending", "running", "stopping", "stopped", "shutting-down"]


def is_address_ref(value: str) -> bool:
    """Whether ``value`` can name an address at all: an IP address or an allocation id."""
    if value.startswith("eipalloc-"):
        return len(value) > len("eipalloc-") and value.replace("-", "").isalnum()
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def holder(address: dict[str, Any] | None) -> str | None:
    """What the address is associated with (an instance or a network interface), if anything."""
    if not address:
        return None
    if address.get("InstanceId"):
        return str(address["InstanceId"])
    if address.get("AssociationId"):
        return str(address.get("NetworkInterfaceId") or address["AssociationId"])
    return None


def held_elsewhere(address: dict[str, Any] | None, iid: str) -> str | None:
    """What holds the address when it is not the instance ``iid``."""
    held = holder(address)
    return held if held and held != iid else None


def claimants(ec2: Any, address: dict[str, Any], *, besides: str | None = None,
              among: list[str] | None = None) -> list[str]:
    """Instances not terminated whose EIP tag names ``address`` (all, or only ``among``), except ``besides``."""
    refs = [str(v) for v in (address.get("PublicIp"), address.get("AllocationId")) if v]
    if not refs or among == []:
        return []
    params: dict[str, Any] = {"Filters": [literal_filter(f"tag:{EIP_TAG}", refs),
                                          {"Name": "instance-state-name", "Values": NOT_TERMINATED}]}
    if among is not None:
        params["InstanceIds"] = among
    out: list[str] = []
    for raw in iter_raw(ec2, KINDS["instance"], **params):
        iid = str(raw.get("InstanceId"))
        state = (raw.get("State") or {}).get("Name")
        if iid != besides and state != "terminated" and tag_value(raw, EIP_TAG) in refs and iid not in out:
            out.append(iid)
    return out


def release_refusal(ec2: Any, iid: str, before: dict[str, Any] | None, now: dict[str, Any]) -> str | None:
    """Why ``terminate -p`` of ``iid`` must keep the address (None: it is the instance's to release).

    ``before`` is the address as read before the instance was terminated (termination disassociates it),
    ``now`` as read just before releasing it.
    """
    other = held_elsewhere(now, iid) or held_elsewhere(before, iid)
    if other:
        return f"it is associated with {other}, not with {iid}"
    if iid in (holder(before), holder(now)):
        return None
    claimed = claimants(ec2, now, besides=iid)
    if claimed:
        return f"it was not associated with {iid} and the {EIP_TAG} tag of {', '.join(claimed)} claims it"
    return None
