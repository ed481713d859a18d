"""The state of the local EC2 server, read with boto3: what 'verb then undo' must leave unchanged.

:func:`world` describes every object oscmd can change (live instances with
their state, tags and volumes; volumes with their attachments and tags; your
snapshots and images with who may launch them; addresses with their holder
and tags; security groups with every rule and its description; key pairs)
into plain comparable data.  Terminated instances are left out: EC2 (and the
local server) list them for a while after, and termination is how a launch
is undone.  So are the snapshots the local server makes by itself for every
image registered (``Auto-created snapshot for AMI ...``): EC2 registers an
image on the snapshot it is given, and makes none.
"""

from __future__ import annotations

from typing import Any

MOTO_OWN_SNAPSHOT = "Auto-created snapshot for AMI"


def tags(raw: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in raw.get("Tags") or []}


def _rules(group: dict[str, Any], key: str) -> list[tuple[Any, ...]]:
    out = []
    for perm in group.get(key) or []:
        head = (perm.get("IpProtocol"), perm.get("FromPort"), perm.get("ToPort"))
        for item in perm.get("IpRanges") or []:
            out.append((*head, item["CidrIp"], item.get("Description")))
        for item in perm.get("Ipv6Ranges") or []:
            out.append((*head, item["CidrIpv6"], item.get("Description")))
        for item in perm.get("UserIdGroupPairs") or []:
            out.append((*head, item["GroupId"], item.get("Description")))
    return sorted(out, key=repr)


def world(ec2: Any) -> dict[str, Any]:
    instances = {}
    for reservation in ec2.describe_instances()["Reservations"]:
        for raw in reservation["Instances"]:
            if raw["State"]["Name"] in ("terminated", "shutting-down"):
                continue
            volumes = sorted((m["DeviceName"], m["Ebs"]["VolumeId"]) for m in raw.get("BlockDeviceMappings") or [])
            instances[raw["InstanceId"]] = (raw["State"]["Name"], tags(raw), volumes)
    volumes = {v["VolumeId"]: (v["State"], v["Size"], tags(v),
                               sorted((a["InstanceId"], a["Device"]) for a in v.get("Attachments") or []))
               for v in ec2.describe_volumes()["Volumes"]}
    own = ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]
    snapshots = {s["SnapshotId"]: (s["VolumeId"], tags(s)) for s in own
                 if not str(s.get("Description") or "").startswith(MOTO_OWN_SNAPSHOT)}
    images = {}
    for image in ec2.describe_images(Owners=["self"])["Images"]:
        shared = ec2.describe_image_attribute(ImageId=image["ImageId"], Attribute="launchPermission")
        images[image["ImageId"]] = (image["State"], image.get("Name"), tags(image),
                                    sorted(p.get("UserId") or p.get("Group") for p in shared["LaunchPermissions"]))
    addresses = {a.get("AllocationId") or a["PublicIp"]: (a["PublicIp"], a.get("InstanceId") or None, tags(a))
                 for a in ec2.describe_addresses()["Addresses"]}
    groups = {g["GroupId"]: (g["GroupName"], _rules(g, "IpPermissions"), _rules(g, "IpPermissionsEgress"))
              for g in ec2.describe_security_groups()["SecurityGroups"]}
    keys = {k["KeyName"]: k["KeyPairId"] for k in ec2.describe_key_pairs()["KeyPairs"]}
    return {"instances": instances, "volumes": volumes, "snapshots": snapshots, "images": images,
            "addresses": addresses, "groups": groups, "keys": keys}
