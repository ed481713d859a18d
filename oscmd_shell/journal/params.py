"""What of an API request goes into the journal: an allow-list per operation, nothing else.

:func:`essential` keeps, for each operation, only the parameters named in
:data:`ALLOWED` (a path such as ``BlockDeviceMappings.Ebs.VolumeSize`` reaches
into lists and structures), and for an operation it does not know, only the
resource ids (parameters ending in ``Id`` or ``Ids``).  Content that may be
secret is never kept: ``UserData`` and ``PublicKeyMaterial`` become their size
and SHA-256, every other value is a short string, number or boolean that has
been through :func:`~oscmd_shell.redact.redact`.  Parameters left out are
named (``omitted``), never shown.  Stdlib only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from typing import Any

from ..redact import redact

_TAGS = ("TagSpecifications.ResourceType", "TagSpecifications.Tags.Key", "TagSpecifications.Tags.Value")
_BDM = ("BlockDeviceMappings.DeviceName", "BlockDeviceMappings.Ebs.VolumeSize", "BlockDeviceMappings.Ebs.VolumeType",
        "BlockDeviceMappings.Ebs.SnapshotId", "BlockDeviceMappings.Ebs.DeleteOnTermination",
        "BlockDeviceMappings.Ebs.Encrypted", "BlockDeviceMappings.Ebs.Iops", "BlockDeviceMappings.Ebs.Throughput")
_PERMS = ("IpPermissions.IpProtocol", "IpPermissions.FromPort", "IpPermissions.ToPort",
          "IpPermissions.IpRanges.CidrIp", "IpPermissions.IpRanges.Description",
          "IpPermissions.Ipv6Ranges.CidrIpv6", "IpPermissions.Ipv6Ranges.Description",
          "IpPermissions.UserIdGroupPairs.GroupId", "IpPermissions.UserIdGroupPairs.UserId",
          "IpPermissions.UserIdGroupPairs.GroupName", "IpPermissions.UserIdGroupPairs.Description",
          "IpPermissions.PrefixListIds.PrefixListId", "GroupId", "GroupName", "SecurityGroupRuleIds")
_INSTANCES = ("InstanceIds", "Force", "Hibernate")
_ADDRESS = ("AllocationId", "PublicIp")

#: Operation -> the parameter paths recorded (``UserData``/``PublicKeyMaterial``: size and hash only).
ALLOWED: dict[str, tuple[str, ...]] = {
    "RunInstances": ("ImageId", "InstanceType", "MinCount", "MaxCount", "KeyName", "SubnetId", "SecurityGroupIds",
                     "SecurityGroups", "Placement.AvailabilityZone", "PrivateIpAddress", "IamInstanceProfile.Arn",
                     "IamInstanceProfile.Name", "EbsOptimized", "UserData", *_BDM, *_TAGS),
    "StartInstances": ("InstanceIds",),
    "StopInstances": _INSTANCES,
    "RebootInstances": ("InstanceIds",),
    "TerminateInstances": ("InstanceIds",),
    "CreateVolume": ("AvailabilityZone", "Size", "SnapshotId", "VolumeType", "Iops", "Throughput", "Encrypted",
                     *_TAGS),
    "DeleteVolume": ("VolumeId",),
    "AttachVolume": ("VolumeId", "InstanceId", "Device"),
    "DetachVolume": ("VolumeId", "InstanceId", "Device", "Force"),
    "CreateSnapshot": ("VolumeId", "Description", *_TAGS),
    "DeleteSnapshot": ("SnapshotId",),
    "CreateImage": ("InstanceId", "Name", "Description", "NoReboot", *_BDM, *_TAGS),
    "RegisterImage": ("Name", "Description", "Architecture", "RootDeviceName", "VirtualizationType", *_BDM, *_TAGS),
    "CopyImage": ("SourceImageId", "SourceRegion", "Name", "Description", "Encrypted"),
    "DeregisterImage": ("ImageId",),
    "ModifyImageAttribute": ("ImageId", "Attribute", "OperationType", "UserIds", "UserGroups",
                             "LaunchPermission.Add.UserId", "LaunchPermission.Add.Group",
                             "LaunchPermission.Remove.UserId", "LaunchPermission.Remove.Group"),
    "CreateSecurityGroup": ("GroupName", "Description", "VpcId", *_TAGS),
    "DeleteSecurityGroup": ("GroupId", "GroupName"),
    "AuthorizeSecurityGroupIngress": _PERMS,
    "RevokeSecurityGroupIngress": _PERMS,
    "CreateKeyPair": ("KeyName", "KeyType", "KeyFormat", *_TAGS),
    "ImportKeyPair": ("KeyName", "PublicKeyMaterial", *_TAGS),
    "DeleteKeyPair": ("KeyName", "KeyPairId"),
    "AllocateAddress": ("Domain", "Address", "PublicIpv4Pool", *_TAGS),
    "ReleaseAddress": _ADDRESS,
    "AssociateAddress": (*_ADDRESS, "InstanceId", "NetworkInterfaceId", "PrivateIpAddress", "AllowReassociation"),
    "DisassociateAddress": ("AssociationId", "PublicIp"),
    "CreateTags": ("Resources", "Tags.Key", "Tags.Value"),
    "DeleteTags": ("Resources", "Tags.Key", "Tags.Value"),
}
#: Parameters whose content is never recorded: only its size and SHA-256.
HASHED = ("UserData", "PublicKeyMaterial")
MAX_TEXT = 512
_SKIP = object()
_ID_NAME = re.compile(r"(?:Id|Ids)$")


def essential(op: str, params: dict[str, Any]) -> dict[str, Any]:
    """The recorded form of ``params`` for operation ``op`` (a new structure; ``params`` is not changed)."""
    allowed = ALLOWED.get(op)
    if allowed is None:
        allowed = tuple(k for k in params if _ID_NAME.search(k))
    kept: dict[str, Any] = {}
    omitted: list[str] = []
    for key, value in params.items():
        if key == "DryRun":
            continue
        part = _part(key, value, allowed)
        if part is _SKIP:
            omitted.append(key)
        elif part is not None:
            kept[key] = part
    if omitted:
        kept["omitted"] = sorted(omitted)
    return kept


def _part(key: str, value: Any, allowed: tuple[str, ...] | list[str]) -> Any:
    """What is recorded of ``value`` under ``key``: ``_SKIP`` when ``allowed`` names none of it."""
    if key in allowed:
        return digest(value) if key in HASHED else _scalar_or_list(value)
    deeper = [p[len(key) + 1:] for p in allowed if p.startswith(key + ".")]
    return _select(value, deeper) if deeper else _SKIP


def digest(value: Any) -> dict[str, Any]:
    """Size and SHA-256 of a secret-bearing value (user data as the instance receives it, decoded)."""
    data = value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    if not isinstance(value, bytes):
        try:
            data = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            pass  # not base64: hash it as it is
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _select(value: Any, paths: list[str]) -> Any:
    """The parts of a structure (or of each element of a list) that ``paths`` name."""
    if isinstance(value, list):
        out = [_select(item, paths) for item in value[:100]]
        return [o for o in out if o is not None] or None
    if not isinstance(value, dict):
        return None
    kept: dict[str, Any] = {}
    for key, item in value.items():
        part = _part(key, item, paths) if isinstance(key, str) else _SKIP
        if part is not _SKIP and part is not None:
            kept[key] = part
    return kept or None


def _scalar_or_list(value: Any) -> Any:
    if isinstance(value, list):
        out = [_scalar(v) for v in value[:100]]
        return [o for o in out if o is not None]
    return _scalar(value)


def _scalar(value: Any) -> Any:
    """A bool, number or short redacted string; anything else (bytes, structures) is not recorded."""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return clean(value)
    return None


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` redacted and cut to ``limit`` characters (journal values are never long)."""
    text = redact(text)
    return text if len(text) <= limit else text[:limit] + "..."
