"""The verbs of ``eip``: count, allocate, associate, disassociate and release addresses.

VPC addresses are addressed by their allocation and association ids, classic
ones by the public IP.  Associating records the address in the instance's
``EIP`` tag (the convention ``instance start`` relies on); disassociating and
releasing remove that tag where it named the address.  A step that fails after
the address changed says what was done.
"""

from __future__ import annotations

from typing import Any

from ...aws.lookup import Resolved
from ...context import Invocation
from ...errors import ApiError, OscmdError
from ...output.results import Message
from .. import generic
from ..tagging import creator_tags, tag, tag_specs, untag
from .claims import EIP_TAG, claimants
from .claims import holder as _holder


def _ref(raw: dict[str, Any]) -> dict[str, str]:
    """The parameter naming an address: its allocation id (VPC), else its IP (classic)."""
    if raw.get("AllocationId"):
        return {"AllocationId": str(raw["AllocationId"])}
    return {"PublicIp": str(raw["PublicIp"])}


def _error_text(exc: Exception) -> str:
    from ...aws.errors import translate

    if isinstance(exc, OscmdError):
        return exc.message
    translated = translate(exc)
    return translated.message if translated is not None else f"{exc.__class__.__name__}: {exc}"


def _clear_eip_tags(inv: Invocation, raw: dict[str, Any], instance_ids: list[str] | None = None) -> list[str]:
    """Remove the EIP tag from the instances (all, or ``instance_ids``) whose tag names the address."""
    tagged = claimants(inv.ec2, raw, among=instance_ids)
    if tagged:
        untag(inv.ec2, tagged, [EIP_TAG])
    return tagged


def _after(done: str, step: str, exc: Exception) -> ApiError:
    return ApiError(f"{done}, but {step} failed: {_error_text(exc)}")


def summary(inv: Invocation) -> Message:
    addresses, counts = generic.all_raw(inv)
    free = [raw for raw in addresses if _holder(raw) is None]
    return generic.summary(inv, [f"{len(addresses)} EIP reserved, {len(free)} unassociated"],
                           {"reserved": len(addresses), "unassociated": len(free)}, counts)


def allocate(inv: Invocation) -> Message:
    tags = creator_tags(inv.ctx.user, Name=inv.args.get("name"))
    params: dict[str, Any] = {"Domain": "vpc"}
    specs = tag_specs("elastic-ip", tags)
    if specs:
        params["TagSpecifications"] = specs
    answer = inv.ec2.allocate_address(**params)
    ip = str(answer["PublicIp"])
    data = {"public_ip": ip, "allocation_id": answer.get("AllocationId"), "domain": answer.get("Domain"),
            "name": inv.args.get("name")}
    return Message(ip, data=data, ids=(ip,))


def associate(inv: Invocation) -> Message:
    address = inv.target
    instance = inv.find("instance", ident=inv.args.get("instance_id"), name=inv.args.get("instance_name"),
                        what="instance")
    ip = str(address.raw["PublicIp"])
    holder = _holder(address.raw)
    data = {"public_ip": ip, "instance_id": instance.id}
    if holder == instance.id:
        _record_tag(inv, instance, ip, f"{ip} was already associated with {instance.label}")
        return Message(f"{ip} is already associated with {instance.label}", data=data, ids=(ip,))
    if holder is not None:
        raise ApiError(f"{ip} is associated with {holder}; disassociate it first: oscmd eip -i {ip} disassociate",
                       code="Resource.AlreadyAssociated")
    answer = inv.ec2.associate_address(InstanceId=instance.id, **_ref(address.raw))
    data["association_id"] = answer.get("AssociationId")
    _record_tag(inv, instance, ip, f"{ip} was associated with {instance.label}")
    return Message(f"{ip} associated to {instance.label}", data=data, ids=(ip,))


def _record_tag(inv: Invocation, instance: Resolved, ip: str, done: str) -> None:
    if instance.view.get("tags", {}).get(EIP_TAG) == ip:
        return
    try:
        tag(inv.ec2, [instance.id], {EIP_TAG: ip})
    except Exception as exc:
        raise _after(done, f"recording it in the {EIP_TAG} tag of {instance.id}", exc) from None


def disassociate(inv: Invocation) -> Message:
    address = inv.target
    raw = address.raw
    ip = str(raw["PublicIp"])
    holder = _holder(raw)
    if holder is None:
        raise ApiError(f"{ip} is not associated with any instance")
    if raw.get("AssociationId"):
        inv.ec2.disassociate_address(AssociationId=raw["AssociationId"])
    else:
        inv.ec2.disassociate_address(PublicIp=ip)
    done = f"{ip} was disassociated from {holder}"
    instance_id = raw.get("InstanceId") or None
    try:
        cleared = _clear_eip_tags(inv, raw, [instance_id] if instance_id else [])
    except Exception as exc:
        raise _after(done, f"removing the {EIP_TAG} tag of {instance_id}", exc) from None
    lines = [f"{ip} disassociated from {holder}"]
    lines += [f"{EIP_TAG} tag removed from {i}" for i in cleared]
    return Message(lines, data={"public_ip": ip, "disassociated_from": holder, "untagged": cleared},
                   ids=(ip,))


def release(inv: Invocation) -> Message:
    address = inv.target
    raw = address.raw
    ip = str(raw["PublicIp"])
    holder = _holder(raw)
    if holder is not None:
        raise ApiError(
            f"{ip} is associated with {holder}: EC2 refuses to release an associated address "
            f"(InvalidIPAddress.InUse); run 'oscmd eip -i {ip} disassociate' first",
            code="InvalidIPAddress.InUse",
        )
    inv.ec2.release_address(**_ref(raw))
    try:
        cleared = _clear_eip_tags(inv, raw)
    except Exception as exc:
        raise _after(f"{ip} was released", f"removing {EIP_TAG} tags naming it", exc) from None
    lines = [f"{ip} released"] + [f"{EIP_TAG} tag removed from {i}" for i in cleared]
    return Message(lines, data={"public_ip": ip, "released": True, "untagged": cleared}, ids=(ip,))
