"""The steps of an undo that concern addresses, security groups, key pairs, tags and image sharing.

The same contract as :mod:`.steps`: a one-line text, a check against the
world first (``do``, ``done``, ``differs``; a tag step on an object the undo
removes anyway is dropped), then the API call.  Addresses are named by
allocation id (VPC) or public IP (classic); rules are matched source by
source (protocol, ports, CIDR or group), as EC2 stores them.
"""

from __future__ import annotations

from typing import Any

from .before import rule_key, sources
from .steps import DO, GONE, Run, Step, Verdict, World, differs, done, state_of


def _ref(ref: str) -> dict[str, str]:
    return {"AllocationId": ref} if ref.startswith("eipalloc-") else {"PublicIp": ref}


def address(world: World, ref: str) -> dict[str, Any] | None:
    key = "AllocationIds" if ref.startswith("eipalloc-") else "PublicIps"
    return world.one(lambda: world.ec2.describe_addresses(**{key: [ref]}).get("Addresses") or [])


def _holder(raw: dict[str, Any]) -> str | None:
    return raw.get("InstanceId") or raw.get("NetworkInterfaceId") or None


class Release(Step):
    """Undo an allocation."""

    def __init__(self, ref: str, ip: str) -> None:
        super().__init__(f"release address {ip or ref}" + (f" ({ref})" if ip and ip != ref else ""))
        self.ref = ref

    def check(self, world: World) -> Verdict:
        raw = address(world, self.ref)
        if raw is None:
            return done(f"{self.ref} is already released")
        holder = _holder(raw)
        if holder and ("disassociate", self.ref) not in world.will:
            return differs(f"{raw.get('PublicIp')} is associated with {holder} now")
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("remove", self.ref)}

    def run(self, world: World) -> Run:
        world.ec2.release_address(**_ref(self.ref))
        return f"{self.ref} released"


class Disassociate(Step):
    """Undo an association (with the association EC2 shows now, if it is with the same instance)."""

    def __init__(self, ref: str, instance: str) -> None:
        super().__init__(f"disassociate address {ref} from {instance}")
        self.ref, self.instance = ref, instance
        self.association: str | None = None

    def check(self, world: World) -> Verdict:
        raw = address(world, self.ref)
        holder = _holder(raw) if raw is not None else None
        if raw is None or holder is None:
            return done(f"{self.ref} is not associated any more")
        if holder != self.instance and raw.get("NetworkInterfaceId") != self.instance:
            return differs(f"{raw.get('PublicIp')} is associated with {holder} now, not with {self.instance}")
        self.text = f"disassociate address {raw.get('PublicIp')} ({self.ref}) from {self.instance}"
        self.association = raw.get("AssociationId")
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("disassociate", self.ref)}

    def run(self, world: World) -> Run:
        if self.association:
            world.ec2.disassociate_address(AssociationId=self.association)
        else:
            world.ec2.disassociate_address(PublicIp=self.ref)
        return f"{self.ref} disassociated from {self.instance}"


class Associate(Step):
    """Undo a disassociation: associate the address with the instance (or interface) that held it."""

    def __init__(self, ref: str, instance: str, interface: str, private_ip: str) -> None:
        super().__init__(f"associate address {ref} with {instance or interface}")
        self.ref, self.instance, self.interface, self.private_ip = ref, instance, interface, private_ip

    def check(self, world: World) -> Verdict:
        raw = address(world, self.ref)
        if raw is None:
            return differs(f"{self.ref} does not exist any more")
        holder = _holder(raw)
        if holder and holder in (self.instance, self.interface):
            return done(f"{self.ref} is associated with {holder} already")
        if holder:
            return differs(f"{raw.get('PublicIp')} is associated with {holder} now")
        if self.instance:
            instance = world.instance(self.instance)
            if instance is None or state_of(instance) in GONE:
                return differs(f"{self.instance} is {state_of(instance) if instance else 'gone'}")
        return DO

    def run(self, world: World) -> Run:
        params: dict[str, Any] = _ref(self.ref)
        if self.instance:
            params["InstanceId"] = self.instance
        else:
            params["NetworkInterfaceId"] = self.interface
            if self.private_ip:
                params["PrivateIpAddress"] = self.private_ip
        world.ec2.associate_address(**params)
        return f"{self.ref} associated with {self.instance or self.interface}"


class DeleteGroup(Step):
    def __init__(self, gid: str, name: str) -> None:
        super().__init__(f"delete security group {gid}" + (f" ({name})" if name else ""))
        self.gid = gid

    def check(self, world: World) -> Verdict:
        if _group(world, self.gid) is None:
            return done(f"{self.gid} is already deleted")
        filters = [{"Name": "instance.group-id", "Values": [self.gid]}]
        users = [i["InstanceId"] for r in world.ec2.describe_instances(Filters=filters).get("Reservations") or []
                 for i in r.get("Instances") or [] if state_of(i) not in GONE
                 and ("remove", i.get("InstanceId")) not in world.will]
        if users:
            return differs(f"{self.gid} is used by {', '.join(users)} now")
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("remove", self.gid)}

    def run(self, world: World) -> Run:
        world.ec2.delete_security_group(GroupId=self.gid)
        return f"{self.gid} deleted"


def _group(world: World, gid: str) -> dict[str, Any] | None:
    return world.one(lambda: world.ec2.describe_security_groups(GroupIds=[gid]).get("SecurityGroups") or [])


def _present(group: dict[str, Any]) -> set[str]:
    return {rule_key(p.get("IpProtocol"), p.get("FromPort"), p.get("ToPort"), source)
            for p in group.get("IpPermissions") or [] for source, _ in sources(p)}


def _split(perms: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each (rule key, one-source IpPermissions) of ``perms``."""
    out: list[tuple[str, dict[str, Any]]] = []
    fields = {"IpRanges": "CidrIp", "Ipv6Ranges": "CidrIpv6", "UserIdGroupPairs": "GroupId",
              "PrefixListIds": "PrefixListId"}
    for perm in perms:
        head: dict[str, Any] = {k: perm[k] for k in ("IpProtocol", "FromPort", "ToPort") if k in perm}
        for key, field in fields.items():
            for item in perm.get(key) or []:
                if isinstance(item, dict) and isinstance(item.get(field), str):
                    out.append((rule_key(perm.get("IpProtocol"), perm.get("FromPort"), perm.get("ToPort"),
                                         item[field]), {**head, key: [dict(item)]}))
    return out


def _described(perm: dict[str, Any], description: str | None) -> dict[str, Any]:
    out = dict(perm)
    for key in ("IpRanges", "Ipv6Ranges", "UserIdGroupPairs", "PrefixListIds"):
        if key in out:
            items = [{k: v for k, v in item.items() if k != "Description"} for item in out[key]]
            out[key] = [{**item, "Description": description} for item in items] if description else items
    return out


class Rules(Step):
    """Undo added rules (revoke them) or removed rules (authorize them again, with their descriptions)."""

    def __init__(self, gid: str, perms: list[dict[str, Any]], *, add: bool,
                 before: dict[str, str | None] | None = None) -> None:
        self.parts = _split(perms)
        if before is not None:  # re-adding what a revoke removed: only what was there, with its description
            self.parts = [(k, _described(p, before[k])) for k, p in self.parts if k in before]
        verb = "add" if add else "remove"
        listed = ", ".join(k for k, _ in self.parts) or "no rule"
        super().__init__(f"{verb} inbound {'rule' if len(self.parts) == 1 else 'rules'} {listed} "
                         f"{'to' if add else 'of'} {gid}")
        self.gid, self.add = gid, add

    def check(self, world: World) -> Verdict:
        group = _group(world, self.gid)
        if group is None:
            return differs(f"{self.gid} does not exist any more") if self.add else done(f"{self.gid} is gone")
        present = _present(group)
        self.parts = [(k, p) for k, p in self.parts if (k in present) != self.add]
        if not self.parts:
            return done(f"the rules of {self.gid} are already so")
        return DO

    def run(self, world: World) -> Run:
        perms = [p for _, p in self.parts]
        if self.add:
            world.ec2.authorize_security_group_ingress(GroupId=self.gid, IpPermissions=perms)
        else:
            for perm in perms:  # descriptions are not part of what a revoke matches
                for key in ("IpRanges", "Ipv6Ranges", "UserIdGroupPairs", "PrefixListIds"):
                    for item in perm.get(key) or []:
                        item.pop("Description", None)
            world.ec2.revoke_security_group_ingress(GroupId=self.gid, IpPermissions=perms)
        return f"{self.gid}: {'added' if self.add else 'removed'} {', '.join(k for k, _ in self.parts)}"


class DeleteKey(Step):
    def __init__(self, key: str, key_pair_id: str, fingerprint: str = "") -> None:
        super().__init__(f"delete key pair {key} (a private key file saved for it stays where it is)")
        self.key, self.key_pair_id, self.fingerprint = key, key_pair_id, fingerprint

    def check(self, world: World) -> Verdict:
        raw = world.one(lambda: world.ec2.describe_key_pairs(KeyNames=[self.key]).get("KeyPairs") or [])
        if raw is None:
            return done(f"the key pair {self.key} is already deleted")
        if self.key_pair_id and raw.get("KeyPairId") and raw.get("KeyPairId") != self.key_pair_id:
            return differs(f"the key pair {self.key} is {raw.get('KeyPairId')} now, not {self.key_pair_id} "
                           "(another key of the same name)")
        if not (self.key_pair_id and raw.get("KeyPairId")) and self.fingerprint \
                and raw.get("KeyFingerprint") != self.fingerprint:  # no ids to compare: the key itself
            return differs(f"the key pair {self.key} has another fingerprint now (another key of the same name)")
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("remove", self.key)}

    def run(self, world: World) -> Run:
        world.ec2.delete_key_pair(KeyName=self.key)
        return f"key pair {self.key} deleted"


class RestoreTags(Step):
    """Undo tag writes on one resource: put back the previous values (None: the tag did not exist)."""

    kind = "tags"

    def __init__(self, resource: str, previous: dict[str, str | None], written: dict[str, str | None]) -> None:
        shown = ", ".join(f"remove tag {k}" if v is None else f"set tag {k}={v!r} again" for k, v in previous.items())
        super().__init__(f"{shown} on {resource}")
        self.resource, self.previous, self.written = resource, previous, written

    def check(self, world: World) -> Verdict:
        if ("remove", self.resource) in world.will:
            return Verdict("drop")
        answer = world.ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [self.resource]},
                                                  {"Name": "key", "Values": sorted(self.previous)}])
        now: dict[str, str | None] = dict.fromkeys(self.previous)
        for item in answer.get("Tags") or []:
            if item.get("Key") in now and item.get("ResourceId") == self.resource:
                now[item["Key"]] = item.get("Value")
        now.update({k: v for (r, k), v in world.tags_after.items() if r == self.resource and k in now})
        if now == self.previous:
            return done(f"the tags of {self.resource} are already so")
        for key, value in now.items():
            if value != self.written.get(key):
                return differs(f"the tag {key} of {self.resource} is {value!r} now, not {self.written.get(key)!r} "
                               "as the change left it")
        world.tags_after.update({(self.resource, k): v for k, v in self.previous.items()})
        return DO

    def run(self, world: World) -> Run:
        put = [{"Key": k, "Value": v} for k, v in self.previous.items() if v is not None]
        gone = [{"Key": k} for k, v in self.previous.items() if v is None]
        if put:
            world.ec2.create_tags(Resources=[self.resource], Tags=put)
        if gone:
            world.ec2.delete_tags(Resources=[self.resource], Tags=gone)
        return f"tags of {self.resource} restored"


class LaunchPermission(Step):
    """Undo sharing (or unsharing) an image with accounts."""

    def __init__(self, image_id: str, add: list[str], remove: list[str]) -> None:
        parts = ([f"share it again with {', '.join(add)}"] if add else []) + \
                ([f"stop sharing it with {', '.join(remove)}"] if remove else [])
        super().__init__(f"image {image_id}: {'; '.join(parts)}")
        self.image_id, self.add, self.remove = image_id, add, remove

    def check(self, world: World) -> Verdict:
        if ("remove", self.image_id) in world.will:
            return Verdict("drop")
        raw = world.image(self.image_id)
        if raw is None or raw.get("State") == "deregistered":
            return done(f"{self.image_id} is gone")
        return DO

    def run(self, world: World) -> Run:
        change: dict[str, Any] = {}
        if self.add:
            change["Add"] = [{"UserId": u} for u in self.add]
        if self.remove:
            change["Remove"] = [{"UserId": u} for u in self.remove]
        world.ec2.modify_image_attribute(ImageId=self.image_id, LaunchPermission=change)
        return f"launch permission of {self.image_id} restored"
