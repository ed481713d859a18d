"""The flat attribute view of an instance, and its ``dump`` text format.

The dump shows each block device's volume size and snapshot when the
record it is given carries them under ``related`` (see
:mod:`oscmd_shell.objects.instance.dump`).
"""

from __future__ import annotations

from typing import Any

from ..viewutil import tag_lines, tags_of, when


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    placement = raw.get("Placement") or {}
    state = (raw.get("State") or {}).get("Name")
    groups = raw.get("SecurityGroups") or []
    profile = raw.get("IamInstanceProfile") or {}
    return {
        "id": raw.get("InstanceId"),
        "name": tags.get("Name", ""),
        "state": state,
        "zone": placement.get("AvailabilityZone"),
        "placement": placement.get("AvailabilityZone"),
        "type": raw.get("InstanceType"),
        "instance_type": raw.get("InstanceType"),
        "image_id": raw.get("ImageId"),
        "key_name": raw.get("KeyName"),
        "private_ip": raw.get("PrivateIpAddress"),
        "private_ip_address": raw.get("PrivateIpAddress"),
        "public_ip": raw.get("PublicIpAddress"),
        "ip_address": raw.get("PublicIpAddress"),
        "private_dns": raw.get("PrivateDnsName") or None,
        "public_dns": raw.get("PublicDnsName") or None,
        "vpc_id": raw.get("VpcId"),
        "subnet_id": raw.get("SubnetId"),
        "architecture": raw.get("Architecture"),
        "platform": raw.get("Platform") or raw.get("PlatformDetails"),
        "root_device_name": raw.get("RootDeviceName"),
        "root_device_type": raw.get("RootDeviceType"),
        "launch_time": when(raw.get("LaunchTime")),
        "security_groups": ",".join(g.get("GroupName") or g.get("GroupId", "") for g in groups),
        "security_group_ids": ",".join(g.get("GroupId", "") for g in groups),
        "iam_profile": profile.get("Arn"),
        "eip": tags.get("EIP"),
        "volumes": ",".join(
            (m.get("Ebs") or {}).get("VolumeId", "") for m in raw.get("BlockDeviceMappings") or []
        ),
        "tags": tags,
    }


def dump_text(v: dict[str, Any], raw: dict[str, Any]) -> str:
    lines = [f"==== {v['id']} ===="]
    if v["name"]:
        lines.append(f"    name: {v['name']}")
    lines.append(f"    state: {v['state']}")
    if v["state"] == "running":
        lines += [
            f"    private IP: {v['private_ip'] or ''}",
            f"    private DNS: {v['private_dns'] or ''}",
            f"    public IP: {v['public_ip'] or ''}",
            f"    public DNS: {v['public_dns'] or ''}",
        ]
    lines += [
        f"    zone: {v['zone']}",
        f"    instance type: {v['type']}",
        f"    image: {v['image_id']}",
        f"    key pair: {v['key_name'] or ''}",
        f"    architecture: {v['architecture']}",
        f"    root_device_name: {v['root_device_name']}",
        f"    security groups: {v['security_groups']}",
    ]
    if v["iam_profile"]:
        lines.append(f"    instance profile: {v['iam_profile']}")
    mappings = raw.get("BlockDeviceMappings") or []
    volumes = (raw.get("related") or {}).get("volumes") or {}
    if mappings:
        lines.append("    block_device_mapping = ")
        for m in mappings:
            ebs = m.get("Ebs") or {}
            volume = volumes.get(ebs.get("VolumeId")) or {}
            lines.append(f"        {m.get('DeviceName')}:")
            if volume:
                lines.append(f"            size: {volume.get('size')}")
            lines.append(f"            volume_id: {ebs.get('VolumeId', '')}")
            if volume:
                lines.append(f"            snapshot_id: {volume.get('snapshot_id') or ''}")
            lines.append(f"            delete_on_termination: {ebs.get('DeleteOnTermination')}")
    return "\n".join(lines) + "\n" + tag_lines(v["tags"])
