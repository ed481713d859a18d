"""The flat attribute view of an instance, and its ``dump`` text format.

The dump shows each block device's volume size and snapshot when the
record it is given carries them under ``related`` (see
:mod:`oscmd_shell.objects.instance.dump`).
"""

from __future__ import annotations

from typing import Any

from ..attrs import Attr
from ..viewutil import tag_lines, tags_of, when

ATTRIBUTES: tuple[Attr, ...] = (
    Attr("id", "string", "instance id (i-...)"),
    Attr("name", "string", "value of the Name tag ('' without one)"),
    Attr("state", "string", "pending, running, stopping, stopped, shutting-down or terminated"),
    Attr("state_code", "integer", "EC2's numeric state code"),
    Attr("zone", "string", "availability zone", ("placement",)),
    Attr("type", "string", "instance type", ("instance_type",)),
    Attr("image_id", "string", "image (AMI) it was launched from"),
    Attr("key_name", "string", "key pair name"),
    Attr("private_ip", "string", "primary private IPv4 address", ("private_ip_address",)),
    Attr("public_ip", "string", "public IPv4 address", ("ip_address",)),
    Attr("private_dns", "string", "private DNS name", ("private_dns_name",)),
    Attr("public_dns", "string", "public DNS name", ("public_dns_name", "dns_name")),
    Attr("vpc_id", "string", "VPC"),
    Attr("subnet_id", "string", "subnet"),
    Attr("architecture", "string", "x86_64, arm64, i386"),
    Attr("platform", "string", "platform (windows, or the platform details)"),
    Attr("hypervisor", "string", "xen or nitro"),
    Attr("virtualization_type", "string", "hvm or paravirtual"),
    Attr("root_device_name", "string", "root device (/dev/xvda...)"),
    Attr("root_device_type", "string", "ebs or instance-store"),
    Attr("kernel_id", "string", "kernel image (paravirtual)", ("kernel",)),
    Attr("ramdisk_id", "string", "RAM disk image (paravirtual)", ("ramdisk",)),
    Attr("launch_time", "string", "launch time (ISO 8601)"),
    Attr("launch_index", "integer", "index within its launch request", ("ami_launch_index",)),
    Attr("monitoring", "string", "detailed monitoring: disabled, enabled...", ("monitoring_state",)),
    Attr("ebs_optimized", "boolean", "EBS-optimised"),
    Attr("spot_instance_request_id", "string", "spot request, for a spot instance"),
    Attr("security_groups", "string[]", "security group names"),
    Attr("security_group_ids", "string[]", "security group ids"),
    Attr("iam_profile", "string", "ARN of the IAM instance profile", ("instance_profile",)),
    Attr("eip", "string", "value of the EIP tag (the address 'start' re-associates)"),
    Attr("volumes", "string[]", "ids of the attached EBS volumes"),
    Attr("tags", "map", "every tag, key to value"),
)


def view(raw: dict[str, Any]) -> dict[str, Any]:
    tags = tags_of(raw)
    placement = raw.get("Placement") or {}
    state = raw.get("State") or {}
    groups = raw.get("SecurityGroups") or []
    profile = raw.get("IamInstanceProfile") or {}
    return {
        "id": raw.get("InstanceId"),
        "name": tags.get("Name", ""),
        "state": state.get("Name"),
        "state_code": state.get("Code"),
        "zone": placement.get("AvailabilityZone"),
        "type": raw.get("InstanceType"),
        "image_id": raw.get("ImageId"),
        "key_name": raw.get("KeyName"),
        "private_ip": raw.get("PrivateIpAddress"),
        "public_ip": raw.get("PublicIpAddress"),
        "private_dns": raw.get("PrivateDnsName") or None,
        "public_dns": raw.get("PublicDnsName") or None,
        "vpc_id": raw.get("VpcId"),
        "subnet_id": raw.get("SubnetId"),
        "architecture": raw.get("Architecture"),
        "platform": raw.get("Platform") or raw.get("PlatformDetails"),
        "hypervisor": raw.get("Hypervisor"),
        "virtualization_type": raw.get("VirtualizationType"),
        "root_device_name": raw.get("RootDeviceName"),
        "root_device_type": raw.get("RootDeviceType"),
        "kernel_id": raw.get("KernelId"),
        "ramdisk_id": raw.get("RamdiskId"),
        "launch_time": when(raw.get("LaunchTime")),
        "launch_index": raw.get("AmiLaunchIndex"),
        "monitoring": (raw.get("Monitoring") or {}).get("State"),
        "ebs_optimized": raw.get("EbsOptimized"),
        "spot_instance_request_id": raw.get("SpotInstanceRequestId"),
        "security_groups": [g.get("GroupName") or g.get("GroupId", "") for g in groups],
        "security_group_ids": [g.get("GroupId", "") for g in groups],
        "iam_profile": profile.get("Arn"),
        "eip": tags.get("EIP"),
        "volumes": [(m.get("Ebs") or {}).get("VolumeId", "") for m in raw.get("BlockDeviceMappings") or []
                    if (m.get("Ebs") or {}).get("VolumeId")],
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
        f"    security groups: {','.join(v['security_groups'])}",
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
