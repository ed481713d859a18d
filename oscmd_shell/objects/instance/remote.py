"""The instance verbs that reach the machine itself: ssh, ping and addvolume.

``instance ssh`` logs in with oscmd's own SSH client (see :mod:`.sshtarget`
for how user, key, address and host keys are chosen).  With a command after
``--`` (its words joined with spaces, as ``ssh`` does) the command runs with
its standard input at end-of-file, its output passes through as
:class:`Output` events with stdout and stderr kept apart, and its exit status
becomes oscmd's.  An interactive session needs the process's real terminal,
which no event can carry: the handler itself runs
:func:`oscmd_shell.ssh.remote.interactive_shell` on the process's standard
file descriptors, and only when the environment's standard streams are the
process's own (a one-shot command, or the interactive shell, which runs each
line between two prompts with the terminal in its normal mode).  That session
puts the terminal in raw mode and restores it on the way out, writes straight
to the terminal rather than through prompt_toolkit, and returns the remote
status as a :class:`Status`.  A command given on a terminal (standard input
and output both terminals) gets a remote pseudo-terminal the same way, so
``top`` or a ``sudo`` prompt work.  ``instance ping`` is
:func:`oscmd_shell.ssh.probe.ping`; ``instance addvolume`` creates, attaches
and tags a volume and can grow an LVM volume onto it by piping the built-in
``extendvol`` script to ``bash -s`` on the instance.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Generator, Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any, TextIO

from ...context import Invocation
from ...env import Env
from ...errors import ApiError, OscmdError, UsageError
from ...output.results import Event, Message, Output, Progress, Status
from ...ssh.address import given_host
from ...ssh.events import run_remote, stream
from .. import devices
from ..tagging import creator_tags, tag_specs
from ..volume.handlers import wait_volume
from .lifecycle import reason, step_errors
from .sshconnect import check_host_keys, open_connection
from .sshtarget import Route, instance_address, plan_route, playground_guard, require_running

if TYPE_CHECKING:
    from ...ssh.client import Connection

EXTENDVOL = "extendvol"


# -- ssh ----------------------------------------------------------------------------------
def _fileno(stream: Any) -> int | None:
    try:
        return int(stream.fileno())
    except (AttributeError, ValueError, OSError):  # io.UnsupportedOperation is both
        return None


def _own_streams(env: Env) -> bool:
    """Whether the environment's stdin and stdout are this process's standard streams (so a session can use them)."""
    stdin, stdout = _fileno(env.stdin), _fileno(env.stdout)
    return stdin is not None and stdout is not None and stdin == _fileno(sys.stdin) and stdout == _fileno(sys.stdout)


def session_kind(env: Env, command: str | None) -> str:
    """``"terminal"`` (hand the process's streams to the session) or ``"stream"`` (output as events)."""
    if command is not None:
        return "terminal" if env.stdin_isatty and env.stdout_isatty and _own_streams(env) else "stream"
    if _own_streams(env):
        return "terminal"
    raise UsageError("instance ssh: an interactive session needs a terminal; give a command after --")


def remote_command(words: list[str]) -> str | None:
    """The remote command line: the words after ``--`` joined with spaces (``None`` when there are none)."""
    command = " ".join(words).strip()
    return command or None


def ssh(inv: Invocation) -> Iterator[Event]:
    instance = inv.target
    command = remote_command(inv.positionals)
    kind = session_kind(inv.ctx.env, command)
    route = plan_route(inv, instance)
    if inv.args.get("openssh"):
        status = yield from _openssh(inv, route, command, kind)
        yield Status(status, ids=(instance.id,))
        return
    client = yield from open_connection(inv, route)
    try:
        if kind == "stream" and command is not None:
            status = yield from run_remote(client, command)
        else:
            yield Output("", stream="stderr")  # clears a progress line before the terminal is handed over
            status = _terminal_session(inv.ctx.env, client, command)
    finally:
        client.close()
    yield Status(status, ids=(instance.id,))


def _openssh(inv: Invocation, route: Route, command: str | None, kind: str) -> Generator[Event, None, int]:
    """Check the host keys as oscmd does, then run the system's ``ssh`` with oscmd's choices."""
    from ...ssh import openssh

    yield from check_host_keys(inv, route)
    argv = openssh.command_line(route.target, route.known_hosts, name=route.name, command=command,
                                tty=kind == "terminal" and command is not None, jump_known=route.jump_known_hosts,
                                config_file=openssh.config_file(inv.ctx.env.home))
    if kind == "stream":
        status = yield from openssh.stream(argv, inv.ctx.env.environ)
        return status
    yield Output("", stream="stderr")  # clears a progress line before the terminal is handed over
    for stream_ in (inv.ctx.env.stdout, inv.ctx.env.stderr):
        stream_.flush()
    return openssh.run(argv, inv.ctx.env.environ)


def _terminal_session(env: Env, client: Connection, command: str | None) -> int:
    from ...ssh.remote import interactive_shell

    for stream_ in (env.stdout, env.stderr):
        stream_.flush()
    return interactive_shell(client, command=command)


# -- ping ---------------------------------------------------------------------------------
def ping(inv: Invocation) -> Iterator[Event]:
    from ...ssh import probe

    args = inv.args
    instance = inv.target
    require_running(instance)
    count = int(args.get("count") or 4)
    if count < 1:
        raise UsageError(f"instance ping: -c must be at least 1, not {count}")
    port = int(args.get("port") or 22)
    if args.get("host"):
        host = given_host(str(args["host"]))
    else:
        host = instance_address(instance, private=bool(args.get("private")))
    playground_guard(inv, host)
    options = list(inv.positionals)

    def work(out: TextIO, err: TextIO) -> int:
        return probe.ping(host, count, out=out, port=port, options=options)

    status = yield from stream(work, interrupted=f"stopped pinging {host}")
    yield Status(status, ids=(instance.id,))


# -- addvolume ----------------------------------------------------------------------------
def extend_command(device: str, mount: str, blkid: str, user: str) -> str:
    """``[sudo -n] bash -s DEVICE MOUNT BLKID``: the command fed the extendvol script on its stdin."""
    argv = ["bash", "-s", device, mount, blkid]
    if user != "root":
        argv = ["sudo", "-n", *argv]
    return shlex.join(argv)


def extendvol_script() -> bytes:
    """The built-in ``extendvol`` script."""
    return resources.files("oscmd_shell").joinpath("resources").joinpath(EXTENDVOL).read_bytes()


def _volume_params(inv: Invocation, zone: str, size: int, label: str, name: str) -> dict[str, Any]:
    tags = creator_tags(inv.ctx.user, Name=f"{label}/{name}", instance=label)
    params: dict[str, Any] = {"Size": size, "AvailabilityZone": zone, "TagSpecifications": tag_specs("volume", tags)}
    if inv.args.get("volume_type"):
        params["VolumeType"] = str(inv.args["volume_type"])
    return params


def addvolume(inv: Invocation) -> Iterator[Event]:
    args = inv.args
    instance = inv.target
    name = str(args.get("name") or "").strip()
    if not name:
        raise UsageError("instance addvolume: give the volume name with -n NAME")
    size = int(args.get("size") or 0)
    if size <= 0:
        raise UsageError(f"instance addvolume: the size must be a positive number of GiB, not {args.get('size')}")
    mount, blkid = str(args.get("mount") or ""), str(args.get("deviceid") or "")
    if blkid and "=" not in blkid:
        raise UsageError(f"instance addvolume: -d takes a blkid token such as LABEL=/data or UUID=..., not {blkid!r}")
    zone = instance.view.get("zone")
    if not zone:
        raise ApiError(f"the instance {instance.label} has no availability zone")
    # Everything the SSH step needs is checked before anything is created.
    route = plan_route(inv, instance) if mount or blkid else None
    label = instance.name or instance.id
    answer = inv.ec2.create_volume(**_volume_params(inv, str(zone), size, label, name))
    vid = str(answer["VolumeId"])
    try:
        device = yield from _attach(inv, vid)
    except step_errors() as exc:
        raise ApiError(f"created volume {vid} in {zone}, but attaching it to {instance.label} failed: "
                       f"{reason(exc)}") from None
    data = {"volume_id": vid, "device": device, "instance_id": instance.id, "size": size, "zone": zone,
            "type": answer.get("VolumeType"), "name": f"{label}/{name}"}
    yield Message(f"created volume {vid} as {device}\n", data=data, ids=(vid,))
    if route is not None:
        yield from _extend(inv, route, vid, device, mount, blkid)


def _attach(inv: Invocation, vid: str) -> Generator[Progress, None, str]:
    """Wait until ``vid`` is available, attach it at the next free device, wait until it is attached."""
    instance = inv.target
    iid = instance.id
    yield from wait_volume(inv, vid, lambda v: v is not None and v.get("State") == "available", "available")
    info = devices.attach(inv.ec2, instance.raw, vid, None)
    device = str(info["device"])

    def attached(volume: dict[str, Any] | None) -> bool:
        return volume is not None and volume.get("State") == "in-use" and any(
            a.get("InstanceId") == iid and a.get("State") == "attached" for a in volume.get("Attachments") or []
        )

    yield from wait_volume(inv, vid, attached, f"attached to {iid}")
    return device


def _extend(inv: Invocation, route: Route, vid: str, device: str, mount: str, blkid: str) -> Iterator[Event]:
    """Pipe ``extendvol`` to the instance and stream its output; a failure names what stays done."""
    what = mount or blkid
    command = extend_command(device, mount, blkid, route.target.user)
    # With -o json/yaml, standard output stays machine-readable: the script's output goes to standard error.
    out = "stdout" if inv.ctx.settings.output in ("text", "table") else "stderr"
    kept = f"{vid} stays attached as {device}"
    try:
        client = yield from open_connection(inv, route)
        try:
            yield Output(f"running extendvol on {route.where}: {command}\n", stream="stderr")
            status = yield from run_remote(client, command, stdin=extendvol_script(), stdout=out, raw=False)
        finally:
            client.close()
    except OscmdError as exc:
        raise type(exc)(f"{exc.message}; {kept}, {what} was not extended", hint=exc.hint) from None
    if status != 0:
        raise ApiError(f"extendvol exited with status {status} on {route.target.host}: {what} was not extended; "
                       f"{kept}")
    data = {"volume_id": vid, "device": device, "extended": what, "status": status}
    yield Message(f"extended {what} onto {device}\n", data=data, ids=(vid,))
