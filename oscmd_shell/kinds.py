"""Which EC2 call lists each kind of object, and how to find one by id or name.

One frozen table, written once, read by object resolution (``-i``/``-n``),
the generic read verbs (``list``/``dump``/``exist``), the shell's cache and the
completion labels.  Each kind also names its flat attribute view builder,
imported only when data actually arrives.  Stdlib only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    """How one kind of EC2 object is described, identified and viewed."""

    name: str
    label: str
    operation: str
    result_key: str
    id_field: str
    id_param: str
    view: str
    nested_key: str | None = None
    name_filter: str | None = None
    name_field: str | None = None
    base_params: dict[str, object] = field(default_factory=dict)
    default_pattern: str = "%(id)s %(name)s"
    columns: tuple[str, ...] = ("id", "name")
    live_states: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            name="instance",
            label="instance",
            operation="describe_instances",
            result_key="Reservations",
            nested_key="Instances",
            id_field="InstanceId",
            id_param="InstanceIds",
            name_filter="tag:Name",
            view="oscmd_shell.objects.instance.view:view",
            columns=("id", "name", "state", "type", "zone", "public_ip", "private_ip"),
            live_states=("pending", "running", "stopping", "stopped", "shutting-down"),
        ),
        Kind(
            name="image",
            label="ami",
            operation="describe_images",
            result_key="Images",
            id_field="ImageId",
            id_param="ImageIds",
            name_filter="name",
            name_field="Name",
            view="oscmd_shell.objects.ami.view:view",
            default_pattern="%(ownerId)12s %(id)s %(name)s",
            columns=("id", "name", "state", "owner_id", "architecture", "creation_date"),
        ),
        Kind(
            name="volume",
            label="volume",
            operation="describe_volumes",
            result_key="Volumes",
            id_field="VolumeId",
            id_param="VolumeIds",
            name_filter="tag:Name",
            view="oscmd_shell.objects.volume.view:view",
            columns=("id", "name", "size", "type", "state", "zone", "instance_id", "device"),
        ),
        Kind(
            name="snapshot",
            label="snapshot",
            operation="describe_snapshots",
            result_key="Snapshots",
            id_field="SnapshotId",
            id_param="SnapshotIds",
            name_filter="tag:Name",
            base_params={"OwnerIds": ["self"]},
            view="oscmd_shell.objects.snapshot.view:view",
            columns=("id", "name", "size", "state", "progress", "volume_id", "start_time"),
        ),
        Kind(
            name="address",
            label="eip",
            operation="describe_addresses",
            result_key="Addresses",
            id_field="PublicIp",
            id_param="PublicIps",
            view="oscmd_shell.objects.eip.view:view",
            default_pattern="%(public_ip)15s %(instance_id)s",
            columns=("public_ip", "allocation_id", "domain", "instance_id", "private_ip"),
        ),
        Kind(
            name="group",
            label="securitygroup",
            operation="describe_security_groups",
            result_key="SecurityGroups",
            id_field="GroupId",
            id_param="GroupIds",
            name_filter="group-name",
            name_field="GroupName",
            view="oscmd_shell.objects.securitygroup.view:view",
            columns=("id", "name", "vpc_id", "description"),
        ),
        Kind(
            name="keypair",
            label="keypair",
            operation="describe_key_pairs",
            result_key="KeyPairs",
            id_field="KeyName",
            id_param="KeyNames",
            name_filter="key-name",
            name_field="KeyName",
            view="oscmd_shell.objects.keypair.view:view",
            default_pattern="%(name)s %(fingerprint)s",
            columns=("name", "id", "type", "fingerprint"),
        ),
    )
}


def kind(name: str) -> Kind:
    return KINDS[name]
