"""The validated launch plan of ``ami run``: everything checked and resolved before RunInstances.

:func:`build_plan` does every check that can fail before anything is
created: the instance name and its uniqueness among live instances, the
volume specs, the user data and its resources, the image (object level or
template), the snapshots, the security groups (names resolved to ids), the
private IP against its subnet.  It then assembles the RunInstances
parameters, merging the template's ``run_instances`` pass-through.  Only read
calls are made here, so ``--dry-run`` validates all of it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from ..aws.lookup import Resolved, iter_raw, literal_filter, tag_value
from ..context import Invocation, split_owners
from ..errors import ApiError, NotFound, UsageError
from ..kinds import KINDS
from .options import LaunchOptions, UserData, user_data
from .volumes import BlockDevices, block_devices

# Image-name fragments and the login user their images ship with.
USER_GUESSES = (
    (("al2023", "amzn", "amazon", "rhel", "redhat", "suse", "sles"), "ec2-user"),
    (("debian",), "admin"),
    (("ubuntu",), "ubuntu"),
    (("centos",), "centos"),
    (("fedora",), "fedora"),
)
LIVE_STATES = ("pending", "running", "stopping", "stopped", "shutting-down")


@dataclass
class LaunchPlan:
    """What will be launched, and how to reach it afterwards."""

    opts: LaunchOptions
    image: Resolved
    name: str
    params: dict[str, Any]
    user_data: UserData
    devices: BlockDevices
    user: str
    key_file: str | None
    windows: bool


USER_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,31}")


def guess_user(image_name: str) -> str:
    """The usual login user of an image, from its name; ``root`` when unknown."""
    lowered = image_name.lower()
    for fragments, user in USER_GUESSES:
        if any(fragment in lowered for fragment in fragments):
            return user
    return "root"


def is_windows(image: dict[str, Any]) -> bool:
    platform = f"{image.get('Platform') or ''} {image.get('PlatformDetails') or ''}"
    return "windows" in platform.lower()


def build_plan(inv: Invocation, opts: LaunchOptions) -> LaunchPlan:
    """Check and resolve everything, in order: local checks first, then read-only API calls."""
    name = opts.instance_name
    if not name:
        raise UsageError("ami run: the instance needs a name: give -n NAME (or -H HOSTNAME, or name in the template)")
    block_devices(opts.volume_size, opts.snap_id)  # the volume grammar, before any call
    if opts.user and not USER_RE.fullmatch(opts.user):  # it goes into ssh's command line and the hint printed
        raise UsageError(f"user {opts.user!r} is not a user name (letters, digits, '.', '_' and '-')")
    data = user_data(opts)
    _check_private_ip(opts.private_ip_address)
    image = _image(inv, opts)
    ec2 = inv.ec2
    check_duplicate(ec2, name)
    snapshots = [_snapshot(inv, ref) for ref in opts.snap_id]
    devices = block_devices(opts.volume_size, snapshots)
    vpc_id = _subnet_vpc(ec2, opts) if opts.subnet_id else None
    groups = resolve_groups(ec2, opts.security_groups, vpc_id)
    params = run_parameters(inv, opts, image, name, data, devices, groups)
    return LaunchPlan(
        opts=opts, image=image, name=name, params=params, user_data=data, devices=devices,
        user=opts.user or guess_user(image.name), key_file=find_key_file(inv, opts), windows=is_windows(image.raw),
    )


def find_key_file(inv: Invocation, opts: LaunchOptions) -> str | None:
    """``-f`` (or template, or config) when given, else ``~/.ssh/KEYPAIR.pem`` when it exists."""
    if opts.key_file:
        return opts.key_file
    from ..keyfiles import guessed_key

    guessed = guessed_key(inv.ctx.env.home, opts.key_name)
    return str(guessed) if guessed is not None else None


def _image(inv: Invocation, opts: LaunchOptions) -> Resolved:
    if inv.identified:
        return inv.target
    if opts.ami_id:
        return inv.find("image", ident=opts.ami_id)
    if opts.ami_name:
        owners = None if inv.ident.get("owner") else split_owners(opts.ami_owner or "") or None
        return inv.find("image", name=opts.ami_name, image_owners=owners)
    raise UsageError("ami run: which image? give ami -i ID or ami -n NAME, or ami_id or ami_name in the template")


def check_duplicate(ec2: Any, name: str) -> None:
    """Refuse a Name already carried by a live (not terminated) instance."""
    filters = [literal_filter("tag:Name", [name]), {"Name": "instance-state-name", "Values": list(LIVE_STATES)}]
    clashes = []
    for raw in iter_raw(ec2, KINDS["instance"], Filters=filters):
        state = (raw.get("State") or {}).get("Name")
        if tag_value(raw, "Name") == name and state != "terminated":
            clashes.append(f"{raw['InstanceId']} ({state})")
    if clashes:
        raise ApiError(
            f"duplicate name: an instance named '{name}' already exists: {', '.join(clashes)}; nothing was launched",
            code="DuplicateName",
        )


def _snapshot(inv: Invocation, ref: str) -> str:
    """A snapshot id, from an id (any owner) or a Name tag (own snapshots)."""
    if ref.startswith("snap-"):
        found = inv.ec2.describe_snapshots(SnapshotIds=[ref]).get("Snapshots") or []
        if not found:
            raise NotFound(f"the snapshot '{ref}' does not exist")
        return str(found[0]["SnapshotId"])
    return inv.find("snapshot", name=ref).id


def _subnet_vpc(ec2: Any, opts: LaunchOptions) -> str | None:
    subnets = ec2.describe_subnets(SubnetIds=[opts.subnet_id]).get("Subnets") or []
    if not subnets:
        raise NotFound(f"the subnet '{opts.subnet_id}' does not exist")
    subnet = subnets[0]
    if opts.private_ip_address:
        cidr = ipaddress.ip_network(subnet["CidrBlock"])
        if ipaddress.ip_address(opts.private_ip_address) not in cidr:
            raise UsageError(
                f"private IP {opts.private_ip_address} is outside subnet {opts.subnet_id} ({subnet['CidrBlock']})"
            )
    vpc = subnet.get("VpcId")
    return str(vpc) if vpc else None


def _check_private_ip(address: str | None) -> None:
    if address is None:
        return
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise UsageError(f"private IP '{address}' is not an IP address") from None


def _default_vpc(ec2: Any) -> str | None:
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}]).get("Vpcs") or []
    return str(vpcs[0]["VpcId"]) if vpcs else None


def resolve_groups(ec2: Any, refs: list[str], vpc_id: str | None) -> list[str]:
    """Security-group ids for ``refs`` (names or ``sg-`` ids), in order; unknown ones are an error."""
    if not refs:
        return []
    kind = KINDS["group"]
    ids = [r for r in refs if r.startswith("sg-")]
    names = [r for r in refs if not r.startswith("sg-")]
    resolved: dict[str, str] = {}
    if ids:
        known = {g["GroupId"] for g in iter_raw(ec2, kind, Filters=[literal_filter("group-id", ids)])}
        missing = [i for i in ids if i not in known]
        if missing:
            raise NotFound(f"security group {', '.join(missing)} does not exist")
        resolved.update({i: i for i in ids})
    if names:
        by_name: dict[str, list[dict[str, Any]]] = {}
        for group in iter_raw(ec2, kind, Filters=[literal_filter("group-name", names)]):
            by_name.setdefault(group["GroupName"], []).append(group)
        default_vpc: list[str | None] = []
        for name in names:
            groups = by_name.get(name, [])
            if vpc_id is not None:
                groups = [g for g in groups if g.get("VpcId") == vpc_id]
            elif len(groups) > 1:
                if not default_vpc:
                    default_vpc.append(_default_vpc(ec2))
                in_default = [g for g in groups if g.get("VpcId") == default_vpc[0]]
                groups = in_default or groups
            if not groups:
                where = f" in {vpc_id}" if vpc_id else ""
                raise NotFound(f"security group '{name}' does not exist{where}")
            if len(groups) > 1:
                listed = ", ".join(f"{g['GroupId']} ({g.get('VpcId')})" for g in groups)
                raise UsageError(f"security group name '{name}' matches {listed}; give the sg- id")
            resolved[name] = str(groups[0]["GroupId"])
    ordered: list[str] = []
    for ref in refs:
        if resolved[ref] not in ordered:
            ordered.append(resolved[ref])
    return ordered


def run_parameters(
    inv: Invocation, opts: LaunchOptions, image: Resolved, name: str, data: UserData,
    devices: BlockDevices, groups: list[str],
) -> dict[str, Any]:
    """The RunInstances keyword arguments: oscmd's own, merged with the template pass-through."""
    extra = dict(opts.run_instances)
    params: dict[str, Any] = {"ImageId": image.id, "MinCount": 1, "MaxCount": 1, "InstanceType": opts.instance_type}
    if opts.key_name:
        params["KeyName"] = opts.key_name
    if data.encoded:
        params["UserData"] = data.encoded
    mappings = _mappings(extra.pop("BlockDeviceMappings", None), devices)
    if mappings:
        params["BlockDeviceMappings"] = mappings
    if "EbsOptimized" not in extra and devices.ebs_optimized:
        params["EbsOptimized"] = True
    placement = dict(extra.pop("Placement", None) or {})
    zone = opts.placement or (None if opts.subnet_id else inv.ctx.settings.zone)
    if zone:
        placement["AvailabilityZone"] = zone
    if placement:
        params["Placement"] = placement
    if opts.instance_profile:
        key = "Arn" if opts.instance_profile.startswith("arn:") else "Name"
        params["IamInstanceProfile"] = {key: opts.instance_profile}
    creator = creator_of(inv, opts)
    tags = {"creator": creator, **opts.tags, "Name": name}
    params["TagSpecifications"] = _tag_specs(extra.pop("TagSpecifications", None), tags, creator)
    _network(params, opts, groups, extra.pop("NetworkInterfaces", None))
    params.update(extra)
    return params


def creator_of(inv: Invocation, opts: LaunchOptions) -> str:
    """The ``creator`` tag: the local user, unless the template's ``tag:creator`` says otherwise."""
    return opts.tags.get("creator") or inv.ctx.user


def _mappings(extra: Any, devices: BlockDevices) -> list[dict[str, Any]]:
    given = list(extra or [])
    ours = {m["DeviceName"] for m in devices.mappings}
    for mapping in given:
        if isinstance(mapping, dict) and mapping.get("DeviceName") in ours:
            raise UsageError(
                f"run_instances BlockDeviceMappings: {mapping['DeviceName']} is also an -s/-i volume device"
            )
    return [*given, *devices.mappings]


def _tag_specs(extra: Any, instance_tags: dict[str, str], user: str) -> list[dict[str, Any]]:
    wanted: dict[str, dict[str, str]] = {"instance": dict(instance_tags), "volume": {"creator": user}}
    specs: list[dict[str, Any]] = []
    for spec in extra or []:
        rtype = spec.get("ResourceType") if isinstance(spec, dict) else None
        if rtype in wanted:
            given = {t["Key"]: t["Value"] for t in spec.get("Tags") or []}
            wanted[str(rtype)] = {**given, **wanted[str(rtype)]}
        else:
            specs.append(spec)
    for rtype, tags in wanted.items():
        specs.insert(0 if rtype == "instance" else 1, {
            "ResourceType": rtype, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]})
    return specs


def _network(params: dict[str, Any], opts: LaunchOptions, groups: list[str], interfaces: Any) -> None:
    """Security groups and subnet at top level, or on the first network interface when there is one."""
    if opts.private_ip_address or opts.associate_public_ip is not None:
        if interfaces:
            raise UsageError(
                "run_instances NetworkInterfaces cannot be combined with -I or associate_public_ip_address"
            )
        interface: dict[str, Any] = {"DeviceIndex": 0}
        if opts.private_ip_address:
            interface["PrivateIpAddress"] = opts.private_ip_address
        if opts.associate_public_ip is not None:
            interface["AssociatePublicIpAddress"] = opts.associate_public_ip
        interfaces = [interface]
    if interfaces:
        first = next((i for i in interfaces if isinstance(i, dict) and i.get("DeviceIndex") == 0), None)
        if first is None:
            raise UsageError("run_instances NetworkInterfaces: no interface with DeviceIndex 0")
        for key, wanted, where in (("Groups", groups, "the security groups"),
                                   ("SubnetId", opts.subnet_id, "the subnet")):
            given: Any = first.get(key)
            same = set(given) == set(wanted) if isinstance(given, list) and isinstance(wanted, list) \
                else given == wanted
            if wanted and key in first and not same:  # never silently the template's over the line's
                raise UsageError(f"run_instances NetworkInterfaces gives {key} {first[key]!r} but {where} given "
                                 f"are {wanted!r}: give them in one place")
            if wanted:
                first[key] = wanted
        params["NetworkInterfaces"] = interfaces
        return
    if groups:
        params["SecurityGroupIds"] = groups
    if opts.subnet_id:
        params["SubnetId"] = opts.subnet_id
