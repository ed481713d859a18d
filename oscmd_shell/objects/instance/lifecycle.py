"""The instance verbs that change it: start, stop, reboot, terminate, associate, attach.

Each handler reads everything it needs before its first mutating call (so a
``--dry-run`` still checks names and ids), then reports each thing it did as a
:class:`Message` with the original confirmation text.  ``terminate -p`` is the
one long sequence: it records the instance's own volumes and its EIP first,
terminates, waits, then releases and deletes; when a later step fails the
error says what was done and what was not.  The ``EIP`` tag is only a claim
(anyone who may tag an instance can write it): ``start`` and ``associate``
never take an address held by another instance, and ``terminate -p`` releases
it only by the rule of :mod:`..eip.claims`; what is kept is said, and why.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from ...aws.errors import error_code
from ...context import Invocation
from ...errors import ApiError, Interrupted, NotFound, OscmdError, UsageError
from ...output.results import Event, Message, Progress, Warning_
from .. import devices
from ..eip.claims import EIP_TAG, held_elsewhere, holder, is_address_ref, release_refusal
from ..tagging import tag
from ..volume.handlers import describe_volume


# -- shared helpers ---------------------------------------------------------------------
def reason(exc: BaseException) -> str:
    """One line saying why ``exc`` happened (the user-facing message of any error)."""
    if isinstance(exc, OscmdError):
        return exc.message
    from ...aws.errors import translate

    translated = translate(exc)
    return translated.message if translated is not None else f"{exc.__class__.__name__}: {exc}"


def step_errors() -> tuple[type[BaseException], ...]:
    """The errors a step of a multi-step verb may fail with (API, connection, oscmd)."""
    import botocore.exceptions as be

    return (OscmdError, be.ClientError, be.BotoCoreError)


def describe_instance(ec2: Any, iid: str) -> dict[str, Any]:
    for reservation in ec2.describe_instances(InstanceIds=[iid]).get("Reservations", []):
        for raw in reservation.get("Instances", []):
            return dict(raw)
    raise NotFound(f"the instance '{iid}' does not exist")


def state_of(raw: dict[str, Any]) -> str:
    return str((raw.get("State") or {}).get("Name") or "unknown")


def wait_state(
    inv: Invocation, iid: str, wanted: str, fail_on: tuple[str, ...] = ()
) -> Generator[Progress, None, dict[str, Any]]:
    """Wait (with progress and --timeout) until the instance is in state ``wanted``."""
    raw = yield from inv.wait(
        lambda: describe_instance(inv.ec2, iid),
        lambda r: state_of(r) == wanted,
        what=f"{iid} to be {wanted}",
        describe=state_of,
        failed=lambda r: f"it is {state_of(r)}" if state_of(r) in fail_on else None,
    )
    return raw


def find_address(inv: Invocation, ip: str) -> dict[str, Any] | None:
    """The address record of ``ip`` (a public IP or allocation id), None when it does not exist."""
    if not is_address_ref(ip):
        return None
    try:
        return inv.find("address", ident=ip).raw
    except NotFound:
        return None
    except Exception as exc:
        if error_code(exc).endswith("NotFound"):
            return None
        raise


def associate_address(ec2: Any, iid: str, address: dict[str, Any]) -> dict[str, Any]:
    """Associate ``address`` with the instance: by allocation id in a VPC, else by public IP."""
    ip = str(address.get("PublicIp"))
    allocation = address.get("AllocationId")
    if allocation and address.get("Domain") != "standard":
        answer = ec2.associate_address(AllocationId=allocation, InstanceId=iid)
    else:
        answer = ec2.associate_address(PublicIp=ip, InstanceId=iid)
    return {
        "instance_id": iid,
        "public_ip": ip,
        "allocation_id": allocation,
        "association_id": answer.get("AssociationId"),
    }


# -- start / stop / reboot --------------------------------------------------------------
def start(inv: Invocation) -> Iterator[Event]:
    target = inv.target
    iid = target.id
    eip = target.view.get("eip") or None
    answer = inv.ec2.start_instances(InstanceIds=[iid])
    change = (answer.get("StartingInstances") or [{}])[0]
    yield Message(f"{iid} starting\n", data=_change(iid, change), ids=(iid,))
    if not (inv.args.get("wait") or eip):
        return
    raw = yield from wait_state(inv, iid, "running", fail_on=("terminated", "shutting-down"))
    yield Message(f"{iid} running\n", data={"instance_id": iid, "state": state_of(raw)}, ids=(iid,))
    if not eip:
        return
    address = find_address(inv, eip)
    if address is None:
        yield Warning_(f"{iid}: the address {eip} of its {EIP_TAG} tag does not exist any more; not re-associated")
        return
    other = held_elsewhere(address, iid)
    if other:
        why = f"it is associated with {other}, and an {EIP_TAG} tag never takes an address from another"
        yield Warning_(f"{iid}: the address {eip} of its {EIP_TAG} tag was not re-associated: {why}")
        yield Message("", data={"instance_id": iid, "public_ip": address.get("PublicIp"), "associated": False,
                                "reason": why}, ids=(iid,), part="address")
        return
    try:
        info = associate_address(inv.ec2, iid, address)
    except step_errors() as exc:
        raise ApiError(f"{iid} is running, but re-associating {eip} failed: {reason(exc)}") from None
    yield Message(f"associated to '{eip}'\n", data={**info, "associated": True}, ids=(iid,), part="address")


def _change(iid: str, change: dict[str, Any]) -> dict[str, Any]:
    return {
        "instance_id": iid,
        "previous_state": (change.get("PreviousState") or {}).get("Name"),
        "state": (change.get("CurrentState") or {}).get("Name"),
    }


def stop(inv: Invocation) -> Message:
    iid = inv.target.id
    forced = bool(inv.args.get("forced"))
    params: dict[str, Any] = {"InstanceIds": [iid]}
    if forced:
        params["Force"] = True
    answer = inv.ec2.stop_instances(**params)
    data = {**_change(iid, (answer.get("StoppingInstances") or [{}])[0]), "forced": forced}
    return Message(f"{iid} stopping\n", data=data, ids=(iid,))


def reboot(inv: Invocation) -> Message:
    iid = inv.target.id
    inv.ec2.reboot_instances(InstanceIds=[iid])
    return Message(f"{iid} rebooting\n", data={"instance_id": iid, "rebooting": True}, ids=(iid,))


# -- terminate --------------------------------------------------------------------------
def own_volumes(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(volume id, device) of the EBS volumes that termination leaves behind."""
    kept = []
    for mapping in raw.get("BlockDeviceMappings") or []:
        ebs = mapping.get("Ebs") or {}
        if ebs.get("VolumeId") and ebs.get("DeleteOnTermination") is False:
            kept.append((str(ebs["VolumeId"]), str(mapping.get("DeviceName") or "")))
    return kept


def terminate(inv: Invocation) -> Iterator[Event]:
    target = inv.target
    iid = target.id
    purge = bool(inv.args.get("purge"))
    left = own_volumes(target.raw)
    eip = (target.view.get("eip") or None) if purge else None
    before = find_address(inv, eip) if eip else None  # who holds it while the instance still runs
    inv.ec2.terminate_instances(InstanceIds=[iid])
    try:
        yield from wait_state(inv, iid, "terminated")
    except step_errors() as exc:
        not_done = _purge_plan(eip, left) if purge else ""
        cls = Interrupted if isinstance(exc, Interrupted) else ApiError
        raise cls(f"{iid} is terminating{not_done}: {reason(exc)}") from None
    yield Message(f"{iid} terminated\n", data={"instance_id": iid, "state": "terminated"}, ids=(iid,))
    if not purge:
        if left:
            listed = ", ".join(v for v, _ in left)
            yield Warning_(f"kept {listed} (not deleted on termination); terminate -p also deletes them")
        return
    done = [f"{iid} terminated"]
    failed: list[str] = []
    try:
        if eip:
            yield from _release_step(inv, iid, eip, before, done, failed)
        for vid, _device in left:
            yield from _delete_step(inv, iid, vid, done, failed)
    except (Interrupted, KeyboardInterrupt):
        raise Interrupted("; ".join(done) + "; interrupted: the rest of the purge was not done") from None
    if failed:
        raise ApiError("; ".join(done) + "; NOT done: " + "; ".join(failed))


def _purge_plan(eip: str | None, left: list[tuple[str, str]]) -> str:
    things = ([f"address {eip}"] if eip else []) + [v for v, _ in left]
    return f"; nothing else was done ({', '.join(things)} kept)" if things else ""


def _release_step(inv: Invocation, iid: str, eip: str, before: dict[str, Any] | None, done: list[str],
                  failed: list[str]) -> Iterator[Event]:
    try:
        address = find_address(inv, eip)
        if address is None:
            yield Warning_(f"the address {eip} of the {EIP_TAG} tag does not exist any more")
            return
        why = release_refusal(inv.ec2, iid, before, address)
        if why:
            yield Warning_(f"the address {eip} of the {EIP_TAG} tag is kept, not released: {why}")
            yield Message("", data={"public_ip": address.get("PublicIp"), "allocation_id": address.get("AllocationId"),
                                    "released": False, "reason": why}, part="address")
            return
        release_address(inv.ec2, address)
    except step_errors() as exc:
        if isinstance(exc, Interrupted):  # Ctrl-C stops the whole purge
            raise
        failed.append(f"release {eip} ({reason(exc)})")
        return
    done.append(f"released {eip}")
    data = {"public_ip": eip, "allocation_id": address.get("AllocationId"), "released": True}
    yield Message(f"released {eip}\n", data=data, ids=(eip,), part="address")


def release_address(ec2: Any, address: dict[str, Any]) -> None:
    """Release an address, disassociating it first when EC2 says it is still in use."""
    allocation = address.get("AllocationId")
    params = {"AllocationId": allocation} if allocation else {"PublicIp": address.get("PublicIp")}
    try:
        ec2.release_address(**params)
    except Exception as exc:
        association = address.get("AssociationId")
        if not association or "InUse" not in error_code(exc):
            raise
        ec2.disassociate_address(AssociationId=association)
        ec2.release_address(**params)


def _delete_step(inv: Invocation, iid: str, vid: str, done: list[str], failed: list[str]) -> Iterator[Event]:
    try:
        volume = yield from _detached(inv, iid, vid)
        if volume is None:
            yield Warning_(f"{vid} is already gone")
            return
        other = _attached_to(volume)
        if other:
            yield Warning_(f"{vid} is now attached to {other}; not deleted")
            return
        inv.ec2.delete_volume(VolumeId=vid)
    except step_errors() as exc:
        if isinstance(exc, Interrupted):  # Ctrl-C stops the whole purge
            raise
        failed.append(f"delete {vid} ({reason(exc)})")
        return
    done.append(f"{vid} deleted")
    yield Message(f"{vid} deleted\n", data={"volume_id": vid, "deleted": True}, ids=(vid,), part="volumes", many=True)


def _attached_to(volume: dict[str, Any]) -> str | None:
    for att in volume.get("Attachments") or []:
        if att.get("InstanceId") and att.get("State") in ("attaching", "attached", "detaching"):
            return str(att["InstanceId"])
    return None


def _detached(inv: Invocation, iid: str, vid: str) -> Generator[Progress, None, dict[str, Any] | None]:
    """The volume once it no longer hangs on the terminated instance (None when it is gone)."""

    def settled(v: dict[str, Any] | None) -> bool:
        return v is None or _attached_to(v) != iid

    def describe(v: dict[str, Any] | None) -> str:
        return "deleted" if v is None else str(v.get("State"))

    volume = yield from inv.wait(
        lambda: describe_volume(inv.ec2, vid), settled, what=f"{vid} to be detached from {iid}",
        describe=describe,
    )
    return volume


# -- associate / attach -----------------------------------------------------------------
def associate(inv: Invocation) -> Message:
    target = inv.target
    iid = target.id
    given = inv.args.get("ip")
    ip = given or target.view.get("eip")
    if not ip:
        raise UsageError(f"No EIP defined for '{iid}': give the address with -i IP (or tag the instance EIP=IP)")
    if not given and not is_address_ref(str(ip)):
        raise UsageError(f"the {EIP_TAG} tag of {iid} is '{ip}', which is no address: give one with -i IP")
    address = inv.find("address", ident=str(ip)).raw
    public_ip = str(address.get("PublicIp"))
    other = held_elsewhere(address, iid)
    if other:
        source = "" if given else f" (named by the {EIP_TAG} tag of {iid})"
        raise ApiError(f"{public_ip}{source} is associated with {other}: not moved to {iid}; disassociate it "
                       f"first if that is what you want: oscmd eip -i {public_ip} disassociate",
                       code="Resource.AlreadyAssociated")
    if holder(address) == iid:
        info = {"instance_id": iid, "public_ip": public_ip, "allocation_id": address.get("AllocationId"),
                "association_id": address.get("AssociationId")}
    else:
        info = associate_address(inv.ec2, iid, address)
    try:
        tag(inv.ec2, [iid], {EIP_TAG: public_ip})
    except step_errors() as exc:
        raise ApiError(f"associated {public_ip} to {iid}, but recording it in the EIP tag failed: "
                       f"{reason(exc)}") from None
    return Message(f"associated to '{public_ip}'\n", data=info, ids=(iid,))


def attach(inv: Invocation) -> Message:
    instance = inv.target
    volume = inv.find("volume", ident=inv.args.get("volume_id"), name=inv.args.get("volume_name"),
                      what="volume")
    info = devices.attach(inv.ec2, instance.raw, volume.id, inv.args.get("device"))
    return Message(f"attached as {info['device']}\n", data=info, ids=(volume.id,))
