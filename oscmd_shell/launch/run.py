"""The ``ami run`` handler: launch one instance from a validated plan, then settle it.

Everything that can be checked is checked first (:mod:`.plan`); then a single
RunInstances call creates the instance with its tags and volumes.  After it,
the handler waits for ``running`` (on a terminal, with ``-w`` or ``-e``),
associates a new elastic IP (``-e``), names each volume ``NAME/sdX``, prints
the instance with its addresses and an ssh hint, and runs the post-install
over SSH unless ``-N``.  When a step after the launch fails or is
interrupted, what exists is printed first and the error names it, so nothing
is left behind unnoticed.  ``--show-user-data`` prints the document and
launches nothing, without any API call.
"""

from __future__ import annotations

import shlex
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..context import Invocation
from ..errors import ApiError, ConnectionFailure, Interrupted, OscmdError, UsageError
from ..objects.tagging import tag
from ..output.results import Event, Message, Output, Result, Warning_
from .options import LaunchOptions, gather, user_data
from .plan import LaunchPlan, build_plan, creator_of
from .postinstall import address_of, check_inputs, post_install
from .volumes import short_device

FAILED_STATES = ("shutting-down", "terminated")


def run(inv: Invocation) -> Result:
    """``ami run``: see the module docstring."""
    opts = gather(inv.args, inv.given, inv.ctx.env.expand)
    if inv.args.get("show_user_data"):
        return _show_user_data(opts)
    wait, post = _decide(inv, opts)
    plan = build_plan(inv, opts)
    if post and not plan.windows:
        # The post-install reads these from the arguments: give it the template's and the guessed values.
        inv.args["user"] = plan.user
        inv.args["key_file"] = plan.key_file
        check_inputs(inv)
    return _launch(inv, plan, wait=wait, post=post)


def _decide(inv: Invocation, opts: LaunchOptions) -> tuple[bool, bool]:
    """Whether to wait for ``running``, and whether the post-install will run."""
    args, env = inv.args, inv.ctx.env
    if args.get("wait") and args.get("no_wait"):
        raise UsageError("ami run: -w/--wait and --no-wait contradict each other")
    if opts.elastic_ip and args.get("no_wait"):
        raise UsageError("ami run: -e needs the instance running: drop --no-wait")
    terminal = env.stdin_isatty or env.stdout_isatty or env.in_shell
    wait = bool(args.get("wait") or opts.elastic_ip or (terminal and not args.get("no_wait")))
    return wait, wait and not args.get("notrun")


def _show_user_data(opts: LaunchOptions) -> Iterator[Event]:
    data = user_data(opts)
    if not data.document:
        return iter([Warning_("no user data would be sent (no -V, -s, -H, -F, -U or -r)")])
    text = data.document.decode("utf-8", "replace")
    shown = Output(text if text.endswith("\n") else text + "\n", raw=True)  # built from the user's own files
    return iter([shown, *(Warning_(line) for line in data.summary())])


@dataclass
class Launched:
    """What exists after RunInstances, kept up to date so a failure can name it."""

    name: str
    instance: dict[str, Any]
    volumes: dict[str, str] = field(default_factory=dict)
    address: dict[str, str] = field(default_factory=dict)  # PublicIp, AllocationId of a new elastic IP
    associated: bool = False

    @property
    def instance_id(self) -> str:
        return str(self.instance["InstanceId"])

    @property
    def state(self) -> str:
        return str((self.instance.get("State") or {}).get("Name") or "unknown")

    def update(self, instance: dict[str, Any]) -> None:
        self.instance = instance
        for mapping in instance.get("BlockDeviceMappings") or []:
            volume = (mapping.get("Ebs") or {}).get("VolumeId")
            if volume:
                self.volumes[str(mapping["DeviceName"])] = str(volume)

    def exists(self) -> str:
        parts = [f"instance {self.instance_id} ({self.name}, {self.state})"]
        if self.volumes:
            parts.append("volumes " + ", ".join(f"{v} ({d})" for d, v in self.volumes.items()))
        if self.address:
            how = "associated" if self.associated else "not associated"
            parts.append(f"elastic IP {self.address['PublicIp']} ({self.address.get('AllocationId', '')}, {how})")
        return "; ".join(parts)

    def data(self) -> dict[str, Any]:
        return {
            "instance_id": self.instance_id, "name": self.name, "state": self.state,
            "volumes": [{"device": d, "volume_id": v} for d, v in self.volumes.items()],
            "elastic_ip": self.address.get("PublicIp"), "allocation_id": self.address.get("AllocationId"),
        }

    def failure(self, exc: BaseException) -> OscmdError:
        """The error to raise for ``exc``, naming what exists."""
        if isinstance(exc, KeyboardInterrupt):
            return Interrupted(f"interrupted after the launch; left: {self.exists()}")
        if isinstance(exc, OscmdError):
            message = exc.message
        else:
            from ..aws.errors import translate

            translated = translate(exc)
            message = translated.message if translated is not None else f"{type(exc).__name__}: {exc}"
        text = f"{message}; the launch went part-way, left: {self.exists()}"
        if isinstance(exc, Interrupted):
            return Interrupted(text)
        if isinstance(exc, ConnectionFailure):
            return ConnectionFailure(text)
        return ApiError(text)


def _launch(inv: Invocation, plan: LaunchPlan, *, wait: bool, post: bool) -> Iterator[Event]:
    answer = inv.ec2.run_instances(**plan.params)
    launched = Launched(plan.name, answer["Instances"][0])
    launched.update(launched.instance)
    try:
        yield from _settle(inv, plan, launched, wait)
    except (Exception, KeyboardInterrupt) as exc:
        yield Message(f"launched, then stopped part-way: {launched.exists()}", data=launched.data(),
                      ids=(launched.instance_id,))
        raise launched.failure(exc) from exc
    yield _report(inv, plan, launched, waited=wait)
    if plan.windows:
        if post:
            yield Warning_(f"{launched.instance_id} runs Windows: no post-install over ssh "
                           f"(get the password with: oscmd instance -i {launched.instance_id} getwinpass)")
        return
    if post:
        yield from post_install(inv, launched.instance, plan.user_data.document)
    elif not wait and not inv.args.get("notrun"):
        yield Warning_(f"post-install not run: not waiting for {launched.instance_id} without a terminal "
                       "(give -w to wait and run it, -N to skip it)")


def _describe(inv: Invocation, launched: Launched) -> dict[str, Any]:
    """The instance as EC2 describes it now; the last known record while EC2 does not know it yet.

    Right after RunInstances, DescribeInstances may still answer
    ``InvalidInstanceID.NotFound`` (EC2 is eventually consistent).
    """
    from botocore.exceptions import ClientError

    try:
        reservations = inv.ec2.describe_instances(InstanceIds=[launched.instance_id]).get("Reservations") or []
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "InvalidInstanceID.NotFound":
            return launched.instance
        raise
    for reservation in reservations:
        for instance in reservation.get("Instances") or []:
            launched.update(dict(instance))
            return launched.instance
    return launched.instance


def _settle(inv: Invocation, plan: LaunchPlan, launched: Launched, wait: bool) -> Generator[Event, None, None]:
    ec2 = inv.ec2
    creator = creator_of(inv, plan.opts)
    interfaces = [str(n["NetworkInterfaceId"]) for n in launched.instance.get("NetworkInterfaces") or []
                  if n.get("NetworkInterfaceId")]
    tag(ec2, interfaces, {"creator": creator})
    iid = launched.instance_id
    if wait:
        def poll() -> dict[str, Any]:
            return _describe(inv, launched)

        def failed(instance: dict[str, Any]) -> str | None:
            state = (instance.get("State") or {}).get("Name")
            if state not in FAILED_STATES:
                return None
            reason = (instance.get("StateReason") or {}).get("Message") or "no reason given"
            return f"the instance is {state}: {reason}"

        yield from inv.wait(
            poll, lambda i: (i.get("State") or {}).get("Name") == "running",
            what=f"{iid} ({plan.name}) to be running",
            describe=lambda i: str((i.get("State") or {}).get("Name")), failed=failed,
        )
    else:
        _describe(inv, launched)
    if plan.opts.elastic_ip:
        _elastic_ip(inv, launched)
    for device, volume in launched.volumes.items():
        tag(ec2, [volume], {"Name": f"{plan.name}/{short_device(device)}", "creator": creator})
    expected = [m["DeviceName"] for m in plan.devices.mappings if m["DeviceName"] not in launched.volumes]
    if expected:
        yield Warning_(f"{', '.join(expected)} not attached yet: their volumes were not named {plan.name}/sdX "
                       "(wait with -w to name them)")


def _elastic_ip(inv: Invocation, launched: Launched) -> None:
    ec2 = inv.ec2
    iid = launched.instance_id
    vpc = bool(launched.instance.get("VpcId"))
    answer = ec2.allocate_address(Domain="vpc" if vpc else "standard")
    launched.address = {"PublicIp": str(answer["PublicIp"])}
    if answer.get("AllocationId"):
        launched.address["AllocationId"] = str(answer["AllocationId"])
    if "AllocationId" in launched.address:
        ec2.associate_address(InstanceId=iid, AllocationId=launched.address["AllocationId"])
    else:
        ec2.associate_address(InstanceId=iid, PublicIp=launched.address["PublicIp"])
    launched.associated = True
    tag(ec2, [iid], {"EIP": launched.address["PublicIp"]})
    _describe(inv, launched)


def ssh_hint(plan: LaunchPlan, instance: dict[str, Any], host: str | None) -> str | None:
    try:
        address = host or address_of(instance)
    except ApiError:  # a malformed address gets no hint (the launch itself went well)
        return None
    if not address:
        return None
    key = ["-i", plan.key_file] if plan.key_file else []
    return shlex.join(["ssh", *key, f"{plan.user}@{address}"])  # pasted into a shell: one word each


def _report(inv: Invocation, plan: LaunchPlan, launched: Launched, *, waited: bool) -> Message:
    i = launched.instance
    iid = launched.instance_id
    state = launched.state
    first = f"new instance {iid} ({plan.name}) launched: {state}"
    if not waited:
        first += " (not waiting without a terminal; -w waits)"
    zone = (i.get("Placement") or {}).get("AvailabilityZone")
    lines = [first, f"  image {plan.image.id} ({plan.image.name}), type {i.get('InstanceType')}, zone {zone}"]
    if i.get("PublicDnsName") or i.get("PublicIpAddress"):
        lines.append(f"  public: {i.get('PublicDnsName') or '-'} {i.get('PublicIpAddress') or ''}".rstrip())
    if i.get("PrivateIpAddress"):
        lines.append(f"  private: {i.get('PrivateDnsName') or '-'} {i.get('PrivateIpAddress')}")
    if launched.address:
        lines.append(f"  elastic IP: {launched.address['PublicIp']}")
    if launched.volumes:
        named = ", ".join(f"{d} {v}" for d, v in launched.volumes.items())
        lines.append(f"  volumes: {named}")
    data = launched.data()
    data.update({"image_id": plan.image.id, "instance_type": i.get("InstanceType"), "zone": zone,
                 "public_dns": i.get("PublicDnsName") or None, "public_ip": i.get("PublicIpAddress"),
                 "private_ip": i.get("PrivateIpAddress")})
    if plan.windows:
        lines.append(f"get the Administrator password with: oscmd instance -i {iid} getwinpass")
    else:
        hint = ssh_hint(plan, i, inv.args.get("host"))
        if hint:
            lines += ["connect with", f"  {hint}"]
            data["ssh"] = hint
    return Message(lines, data=data, ids=(iid,))
