"""The steps of an undo that concern instances, volumes, snapshots and images: check, then run.

Each :class:`Step` says in one line what it will do, checks the world first
(:meth:`Step.check` returns a :class:`Verdict`: ``do``, ``done`` when things
are already as the undo would leave them, or ``differs`` when the world no
longer matches the record, with the difference) and only then acts
(:meth:`Step.run`: what it did, after progress events when it waits).
:class:`World` is EC2 as the undo sees it: describes by id (a missing object
is None), what the earlier steps of the plan will do (``will``: a volume a
step detaches may then be deleted), and waiting with the usual timeout and
Ctrl-C.  The steps on addresses, groups, key pairs and tags are in
:mod:`.netsteps`.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from ..aws.errors import error_code
from ..aws.waiting import wait_until
from ..output.results import Progress

T = TypeVar("T")
Run = Generator[Progress, None, str] | str  # a step that waits yields progress; the text says what it did
LAUNCH_SLACK = 120.0  # seconds between a launch and the attachment of a volume made by that launch
GONE = ("terminated", "shutting-down")


@dataclass(frozen=True)
class Verdict:
    """What the world says about a step: ``do`` it, already ``done``, it ``differs``, or ``drop`` it silently."""

    state: str
    why: str = ""


DO = Verdict("do")


def done(why: str) -> Verdict:
    return Verdict("done", why)


def differs(why: str) -> Verdict:
    return Verdict("differs", why)


@dataclass
class World:
    """EC2 for the undo: describes, the plan's coming effects, waits (timeout, Ctrl-C)."""

    ec2: Any
    timeout: float
    interval: float
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    will: set[tuple[str, str]] = field(default_factory=set)
    tags_after: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def one(self, call: Callable[[], list[dict[str, Any]]]) -> dict[str, Any] | None:
        try:
            found = call()
        except Exception as exc:
            if error_code(exc).endswith(("NotFound", ".Malformed", "NotFoundException")):
                return None
            raise
        return dict(found[0]) if found else None

    def instance(self, iid: str) -> dict[str, Any] | None:
        def call() -> list[dict[str, Any]]:
            reservations = self.ec2.describe_instances(InstanceIds=[iid]).get("Reservations") or []
            return [i for r in reservations for i in r.get("Instances") or [] if i.get("InstanceId") == iid]
        return self.one(call)

    def volume(self, vid: str) -> dict[str, Any] | None:
        return self.one(lambda: self.ec2.describe_volumes(VolumeIds=[vid]).get("Volumes") or [])

    def snapshot(self, sid: str) -> dict[str, Any] | None:
        return self.one(lambda: self.ec2.describe_snapshots(SnapshotIds=[sid]).get("Snapshots") or [])

    def image(self, image_id: str) -> dict[str, Any] | None:
        return self.one(lambda: self.ec2.describe_images(ImageIds=[image_id]).get("Images") or [])

    def wait(self, poll: Callable[[], T], ok: Callable[[T], bool], what: str,
             describe: Callable[[T], str]) -> Generator[Progress, None, T]:
        return wait_until(poll, ok, what=what, describe=describe, timeout=self.timeout, interval=self.interval,
                          clock=self.clock, sleep=self.sleep)

    def wait_volume(self, vid: str, ok: Callable[[dict[str, Any] | None], bool],
                    what: str) -> Generator[Progress, None, dict[str, Any] | None]:
        """Wait until volume ``vid`` (None once deleted) is as ``ok`` wants."""
        return self.wait(lambda: self.volume(vid), ok, f"{vid} to be {what}",
                         lambda v: "gone" if v is None else str(v.get("State")))


class Step:
    """One action of an undo."""

    kind = "step"

    def __init__(self, text: str) -> None:
        self.text = text
        self.details: list[str] = []  # more lines under the step, once checked

    def check(self, world: World) -> Verdict:
        raise NotImplementedError

    def effects(self) -> set[tuple[str, str]]:
        """What this step will have done, for the checks of the steps after it."""
        return set()

    def run(self, world: World) -> Run:
        raise NotImplementedError


def state_of(raw: dict[str, Any] | None) -> str:
    return str(((raw or {}).get("State") or {}).get("Name") or "unknown")


def name_of(raw: dict[str, Any]) -> str:
    for item in raw.get("Tags") or []:
        if item.get("Key") == "Name" and isinstance(item.get("Value"), str):
            return f" ({item['Value']})"
    return ""


def attachment(volume: dict[str, Any] | None) -> dict[str, Any] | None:
    for att in (volume or {}).get("Attachments") or []:
        if att.get("InstanceId") and att.get("State") in ("attaching", "attached", "detaching"):
            return dict(att)
    return None


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _launched_with(instance: dict[str, Any], attached: Any) -> bool:
    launch, when = _when(instance.get("LaunchTime")), _when(attached)
    if launch is None or when is None or (launch.tzinfo is None) != (when.tzinfo is None):
        return False
    return abs((when - launch).total_seconds()) <= LAUNCH_SLACK


class Terminate(Step):
    """Undo a launch: terminate the instance, then delete the volumes the launch made that outlive it."""

    def __init__(self, iid: str, volumes: list[str], interfaces: list[str]) -> None:
        super().__init__(f"terminate instance {iid}")
        self.iid = iid
        self.recorded = volumes
        self.interfaces = interfaces  # deleted with the instance
        self.delete: list[str] = []
        self.going: list[str] = []

    def check(self, world: World) -> Verdict:
        raw = world.instance(self.iid)
        if raw is None or state_of(raw) in GONE:
            return done(f"{self.iid} is already {state_of(raw) if raw else 'gone'}")
        self.text += name_of(raw)
        others: list[str] = []
        seen: set[str] = set()
        for mapping in raw.get("BlockDeviceMappings") or []:
            ebs = mapping.get("Ebs") or {}
            vid = ebs.get("VolumeId")
            if not vid:
                continue
            seen.add(vid)
            if vid not in self.recorded and not _launched_with(raw, ebs.get("AttachTime")):
                others.append(f"{vid} ({mapping.get('DeviceName')})")
            elif ebs.get("DeleteOnTermination"):
                self.going.append(vid)
            else:
                self.delete.append(vid)
        for vid in self.recorded:
            if vid in seen:
                continue
            volume = world.volume(vid)
            held = attachment(volume)
            if held is not None:
                others.append(f"{vid}, made by the launch, is attached to {held['InstanceId']} now")
            elif volume is not None:
                self.delete.append(vid)
        if others:
            return differs(f"{self.iid} has volumes the launch did not give it: {', '.join(others)}; "
                           "detach them first, or terminate it yourself")
        self.details = [f"then delete volume {v}, made by the launch (it outlives the instance)" for v in self.delete]
        self.details += [f"volume {v} goes with it (deleted on termination)" for v in self.going]
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("remove", i) for i in [self.iid, *self.delete, *self.going, *self.interfaces]}

    def run(self, world: World) -> Run:
        world.ec2.terminate_instances(InstanceIds=[self.iid])
        deleted = []
        for vid in self.delete:
            volume = yield from world.wait_volume(vid, lambda v: v is None or attachment(v) is None,
                                                  f"released by {self.iid}")
            if volume is not None:
                world.ec2.delete_volume(VolumeId=vid)
                deleted.append(vid)
        return f"{self.iid} terminated" + (f"; deleted {', '.join(deleted)}" if deleted else "")


class SetState(Step):
    """Undo a start (stop the instance) or a stop (start it again)."""

    def __init__(self, iid: str, wanted: str) -> None:
        super().__init__(f"{'stop' if wanted == 'stopped' else 'start'} instance {iid}")
        self.iid = iid
        self.wanted = wanted

    def check(self, world: World) -> Verdict:
        raw = world.instance(self.iid)
        state = state_of(raw)
        if raw is None or state in GONE:
            return differs(f"{self.iid} is {state if raw else 'gone'}")
        self.text += name_of(raw)
        if self.wanted == "stopped":
            return done(f"{self.iid} is already {state}") if state in ("stopped", "stopping") else DO
        return done(f"{self.iid} is already {state}") if state in ("running", "pending") else DO

    def run(self, world: World) -> Run:
        if self.wanted == "stopped":
            world.ec2.stop_instances(InstanceIds=[self.iid])
            return f"{self.iid} stopping"
        yield from world.wait(lambda: world.instance(self.iid), lambda r: state_of(r) != "stopping",
                              f"{self.iid} to be stopped", state_of)
        world.ec2.start_instances(InstanceIds=[self.iid])
        return f"{self.iid} starting"


class DeleteVolume(Step):
    def __init__(self, vid: str) -> None:
        super().__init__(f"delete volume {vid}")
        self.vid = vid

    def check(self, world: World) -> Verdict:
        volume = world.volume(self.vid)
        if volume is None:
            return done(f"{self.vid} is already deleted")
        self.text += name_of(volume) + f" ({volume.get('Size')} GiB, {volume.get('AvailabilityZone')})"
        held = attachment(volume)
        if held is not None and ("detach", self.vid) not in world.will:
            return differs(f"{self.vid} is attached to {held['InstanceId']} now")
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("remove", self.vid)}

    def run(self, world: World) -> Run:
        volume = yield from world.wait_volume(self.vid, lambda v: v is None or attachment(v) is None, "detached")
        if volume is None:
            return f"{self.vid} was already gone"
        world.ec2.delete_volume(VolumeId=self.vid)
        return f"{self.vid} deleted"


class Detach(Step):
    """Undo an attachment."""

    def __init__(self, vid: str, iid: str, device: str) -> None:
        super().__init__(f"detach volume {vid} from {iid}" + (f" ({device})" if device else ""))
        self.vid, self.iid, self.device = vid, iid, device

    def check(self, world: World) -> Verdict:
        held = attachment(world.volume(self.vid))
        if held is None:
            return done(f"{self.vid} is not attached any more")
        if held.get("InstanceId") != self.iid:
            return differs(f"{self.vid} is attached to {held.get('InstanceId')} now, not to {self.iid}")
        self.device = self.device or str(held.get("Device") or "")
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("detach", self.vid)}

    def run(self, world: World) -> Run:
        params = {"VolumeId": self.vid, "InstanceId": self.iid}
        if self.device:
            params["Device"] = self.device
        world.ec2.detach_volume(**params)
        return f"{self.vid} detached from {self.iid}"


class Attach(Step):
    """Undo a detachment: attach the volume where it was."""

    def __init__(self, vid: str, iid: str, device: str) -> None:
        super().__init__(f"attach volume {vid} to {iid} as {device}")
        self.vid, self.iid, self.device = vid, iid, device

    def check(self, world: World) -> Verdict:
        volume = world.volume(self.vid)
        if volume is None:
            return differs(f"{self.vid} does not exist any more")
        held = attachment(volume)
        if held is not None:
            if held.get("InstanceId") == self.iid:
                return done(f"{self.vid} is attached to {self.iid} already")
            return differs(f"{self.vid} is attached to {held.get('InstanceId')} now")
        raw = world.instance(self.iid)
        if raw is None or state_of(raw) in GONE:
            return differs(f"{self.iid} is {state_of(raw) if raw else 'gone'}")
        used = {m.get("DeviceName") for m in raw.get("BlockDeviceMappings") or []}
        if self.device in used:
            return differs(f"{self.iid} uses {self.device} for another volume now")
        return DO

    def run(self, world: World) -> Run:
        yield from world.wait_volume(self.vid, lambda v: v is None or v.get("State") == "available", "available")
        world.ec2.attach_volume(VolumeId=self.vid, InstanceId=self.iid, Device=self.device)
        return f"{self.vid} attached to {self.iid} as {self.device}"


class DeleteSnapshot(Step):
    def __init__(self, sid: str) -> None:
        super().__init__(f"delete snapshot {sid}")
        self.sid = sid

    def check(self, world: World) -> Verdict:
        snap = world.snapshot(self.sid)
        if snap is None:
            return done(f"{self.sid} is already deleted")
        self.text += name_of(snap)
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("remove", self.sid)}

    def run(self, world: World) -> Run:
        world.ec2.delete_snapshot(SnapshotId=self.sid)
        return f"{self.sid} deleted"


class Deregister(Step):
    """Undo an image made (its snapshots too when the same call made them: CreateImage, CopyImage)."""

    def __init__(self, image_id: str, with_snapshots: bool) -> None:
        super().__init__(f"deregister image {image_id}")
        self.image_id = image_id
        self.with_snapshots = with_snapshots
        self.snapshots: list[str] = []

    def check(self, world: World) -> Verdict:
        raw = world.image(self.image_id)
        if raw is None or raw.get("State") == "deregistered":
            return done(f"{self.image_id} is already deregistered")
        if isinstance(raw.get("Name"), str):
            self.text += f" ({raw['Name']})"
        if self.with_snapshots:
            self.snapshots = [str(m["Ebs"]["SnapshotId"]) for m in raw.get("BlockDeviceMappings") or []
                              if (m.get("Ebs") or {}).get("SnapshotId")]
            self.details = [f"then delete its snapshot {s}, made with it" for s in self.snapshots]
        return DO

    def effects(self) -> set[tuple[str, str]]:
        return {("remove", self.image_id), *(("remove", s) for s in self.snapshots)}

    def run(self, world: World) -> Run:
        world.ec2.deregister_image(ImageId=self.image_id)
        for sid in self.snapshots:
            world.ec2.delete_snapshot(SnapshotId=sid)
        return f"{self.image_id} deregistered" + (f"; deleted {', '.join(self.snapshots)}" if self.snapshots else "")
