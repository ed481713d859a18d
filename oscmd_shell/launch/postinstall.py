"""The ``ami run`` post-install: run ``oscmd-init decode`` on the new instance over SSH.

Once the instance is running, :func:`post_install` waits for its SSH port,
logs in (host keys checked against oscmd's known_hosts and, when the console
already lists them, the instance's own fingerprints), uploads the decoder as
a self-contained zipapp built from :mod:`oscmd_shell.bootstrap`
(:func:`build_zipapp`) into a fresh temporary directory, runs it with sudo,
streams its output as it comes and reports its status.  With
``--upload-user-data`` the document is uploaded too and decoded from the file
instead of the metadata service.  Address: ``--host``, else the public DNS
name, the public IP, the private IP; ``~/.ssh/config`` is applied to it as
for ``instance ssh``.  Every failure names the instance and says that it is
running.
"""

from __future__ import annotations

import io
import shlex
import socket
import zipfile
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..context import Invocation
from ..errors import ApiError, ConnectionFailure, OscmdError, UsageError
from ..output.results import Event, Message, Warning_
from ..ssh.events import run_remote

if TYPE_CHECKING:
    from ..ssh.client import Connection, SshTarget
    from ..ssh.hostkeys import KnownHosts

ZIPAPP_NAME = "oscmd-init.pyz"
USER_DATA_NAME = "user-data.mime"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# The zipapp's entry point stamps the version of the oscmd that built it (``oscmd-init --version``).
_MAIN = ("import runpy\nimport bootstrap\nbootstrap.STAMPED_VERSION = {version!r}\n"
         "runpy.run_module('bootstrap', run_name='__main__', alter_sys=True)\n")
NO_PYTHON = 127
AUTH_TRIES = 3


def build_zipapp() -> bytes:
    """``oscmd-init`` as one runnable file: ``python3 oscmd-init.pyz decode ...`` (reproducible bytes)."""
    from .. import __version__, bootstrap

    source = Path(bootstrap.__file__).resolve().parent
    buffer = io.BytesIO()
    buffer.write(b"#!/usr/bin/env python3\n")
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("__main__.py", _ZIP_TIME), _MAIN.format(version=__version__))
        for path in sorted(source.glob("*.py")):
            info = zipfile.ZipInfo(f"bootstrap/{path.name}", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def address_of(instance: dict[str, Any], resolve: Callable[[str], bool] | None = None) -> str | None:
    """The address to reach an instance at: public DNS (when it resolves), public IP, then private IP.

    A malformed address is an :class:`ApiError` (see :func:`oscmd_shell.ssh.address.pick`).
    """
    from ..objects.instance.sshtarget import resolves
    from ..ssh.address import pick

    dns, public_ip, private_ip = (instance.get(k) for k in ("PublicDnsName", "PublicIpAddress", "PrivateIpAddress"))
    return pick(str(instance.get("InstanceId")), dns, public_ip, private_ip, resolve=resolve or resolves)


def _running(instance: dict[str, Any]) -> str:
    name = next((t.get("Value") for t in instance.get("Tags") or [] if t.get("Key") == "Name"), None)
    label = f"{instance['InstanceId']} ({name})" if name else str(instance["InstanceId"])
    return f"the instance {label} is running"


def key_file_for(inv: Invocation, instance: dict[str, Any]) -> str | None:
    """``-f``/config key file, else ``~/.ssh/KEYPAIR.pem`` when it exists."""
    given = inv.args.get("key_file")
    if given:
        return str(inv.ctx.env.expand(str(given)))
    from ..keyfiles import guessed_key

    guessed = guessed_key(inv.ctx.env.home, instance.get("KeyName") or inv.args.get("key_name"))
    return str(guessed) if guessed is not None else None


def check_inputs(inv: Invocation) -> None:
    """Before the launch: a named key file must exist and the jump host must parse."""
    key_file = inv.args.get("key_file")
    if key_file and not inv.ctx.env.expand(str(key_file)).is_file():
        raise UsageError(f"no accessible private key file: '{key_file}' (needed by the post-install; -N skips it)")
    if inv.args.get("jump"):
        from ..ssh.client import parse_jump

        parse_jump(str(inv.args["jump"]), user=str(inv.args.get("user") or "root"))


def _user(inv: Invocation, instance: dict[str, Any]) -> str:
    if inv.args.get("user"):
        return str(inv.args["user"])
    from .plan import guess_user

    try:
        images = inv.ec2.describe_images(ImageIds=[instance["ImageId"]]).get("Images") or []
    except Exception:
        images = []
    return guess_user(str(images[0].get("Name") or "")) if images else "root"


def _expected_fingerprints(inv: Invocation, instance_id: str) -> set[str] | None:
    """Host-key fingerprints printed on the console, when it shows any yet."""
    from ..ssh.hostkeys import parse_console_fingerprints

    try:
        text = inv.ec2.get_console_output(InstanceId=instance_id).get("Output") or ""
    except Exception:
        return None
    found = parse_console_fingerprints(str(text))
    return found or None


def _probe(host: str, port: int) -> str | None:
    """None when ``host:port`` accepts a TCP connection, else why not."""
    try:
        with socket.create_connection((host, port), timeout=5):
            return None
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


def _ready(why: str | None) -> bool:
    return why is None


def _why(done: str) -> Callable[[str | None], str]:
    def describe(why: str | None) -> str:
        return why or done

    return describe


def post_install(inv: Invocation, instance: dict[str, Any], document: bytes) -> Generator[Event, None, None]:
    """Run the decoder on ``instance`` (running); yields progress, its output and the outcome."""
    running = _running(instance)
    try:
        yield from _post_install(inv, instance, document, running)
    except OscmdError as exc:
        if running in exc.message:
            raise
        raise type(exc)(f"post-install: {exc.message}; {running} (-N skips the post-install)") from exc


def _post_install(
    inv: Invocation, instance: dict[str, Any], document: bytes, running: str
) -> Generator[Event, None, None]:
    from ..objects.instance.sshtarget import configured_target, playground_guard

    host = inv.args.get("host") or address_of(instance)
    if not host:
        raise ApiError(f"post-install: the instance has no address to connect to; {running}")
    playground_guard(inv, str(host))
    key_file = key_file_for(inv, instance)
    target, known, jump_known, notes = configured_target(
        inv, str(host), user=lambda: _user(inv, instance), key=lambda: key_file)
    playground_guard(inv, target.host)
    if target.key_file is None and not target.more_keys:
        from ..keyfiles import plain_name

        key = instance.get("KeyName")
        tried = "-f, [Credentials] key_file" + (f", ~/.ssh/{key}.pem" if key and plain_name(key) else "") + \
            ", ~/.ssh/config"
        raise UsageError(f"post-install: no private key file found (tried {tried}); {running}; "
                         "give -f FILE, or -N to skip the post-install")
    yield from (Warning_(note) for note in notes)
    if target.jump is None:

        def probe() -> str | None:
            return _probe(target.host, target.port)

        yield from inv.wait(probe, _ready, what=f"ssh on {target.host} port {target.port}", describe=_why("open"))
    # read after the wait: a fresh instance prints its host key fingerprints late in its boot
    known = known.with_expected(_expected_fingerprints(inv, str(instance["InstanceId"])))
    client = yield from _connect(inv, target, known, jump_known)
    try:
        status = yield from _decode(inv, client, target, document)
    finally:
        client.close()
    if status == NO_PYTHON:
        raise ApiError(f"post-install: python3 is not installed on the instance; {running}")
    if status != 0:
        raise ApiError(f"post-install: oscmd-init exited with status {status}; {running}")
    yield Message(f"post-install on {instance['InstanceId']} done", data={"done": True, "status": 0},
                  ids=(str(instance["InstanceId"]),), part="post_install")


def _connect(
    inv: Invocation, target: SshTarget, known: KnownHosts, jump_known: KnownHosts | None
) -> Generator[Event, None, Connection]:
    """Log in, retrying while the fresh instance is not ready (sshd starting, key not yet installed).

    A host-key refusal stops at once; an authentication failure after
    :data:`AUTH_TRIES` tries (the key is then really not the instance's).
    """
    from ..ssh.client import connect

    notes = io.StringIO()
    client: list[Connection] = []
    refused: list[str] = []

    def attempt() -> str | None:
        try:
            client.append(connect(target, known_hosts=known, out=notes, jump_known_hosts=jump_known))
        except ConnectionFailure as exc:
            if exc.message.startswith("authentication"):
                refused.append(exc.message)
            return exc.message
        return None

    def permanent(why: str | None) -> str | None:
        if why and ("host key" in why or len(refused) >= AUTH_TRIES):
            return why
        return None

    where = f"{target.user}@{target.host} port {target.port}"
    try:
        yield from inv.wait(attempt, _ready, what=f"ssh login as {where}", describe=_why("logged in"),
                            failed=permanent)
    except OscmdError:
        yield from (Warning_(line) for line in notes.getvalue().splitlines())
        raise
    yield from (Warning_(line) for line in notes.getvalue().splitlines())
    return client[0]


def _decode(inv: Invocation, client: Connection, target: SshTarget, document: bytes) -> Generator[Event, None, int]:
    from ..ssh import remote

    args = inv.args
    made = io.BytesIO()
    errors = io.BytesIO()
    if remote.run(client, "mktemp -d /tmp/oscmd-init.XXXXXX", stdout=made, stderr=errors) != 0:
        raise ApiError(f"cannot make a temporary directory on {target.host}: "
                       f"{errors.getvalue().decode('utf-8', 'replace').strip()}")
    workdir = made.getvalue().decode("utf-8", "replace").strip()
    app = f"{workdir}/{ZIPAPP_NAME}"
    remote.upload(client, build_zipapp(), app, mode=0o600)
    command = ["python3", app, "decode"]
    if args.get("root"):
        command += ["--root", str(args["root"])]
    if args.get("upload_user_data"):
        if not document:
            yield Warning_("no user data to upload: nothing to decode")
            remote.run(client, f"rm -rf {shlex.quote(workdir)}", stdout=io.BytesIO(), stderr=io.BytesIO())
            return 0
        remote.upload(client, document, f"{workdir}/{USER_DATA_NAME}", mode=0o600)
        command += ["-n", "-f", f"{workdir}/{USER_DATA_NAME}"]
    sudo = "" if target.user == "root" else "sudo -n "
    line = (f"command -v python3 >/dev/null 2>&1 || {{ echo 'python3 is not installed' >&2; exit {NO_PYTHON}; }}; "
            f"{sudo}{shlex.join(command)}; status=$?; rm -rf {shlex.quote(workdir)}; exit $status")
    yield Warning_(f"post-install: running oscmd-init decode on {target.host} as {target.user}")
    # With -o json/yaml, standard output stays machine-readable: the remote output goes to standard error.
    out = "stdout" if inv.ctx.settings.output in ("text", "table") else "stderr"
    status = yield from run_remote(client, line, stdout=out, raw=False,
                                   interrupted="interrupted; the remote oscmd-init was abandoned")
    return status
