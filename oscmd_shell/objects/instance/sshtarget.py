"""How oscmd reaches an instance over SSH: login, key, address, host keys, and streamed commands.

:func:`plan_route` turns the options of ``instance ssh``/``addvolume`` (their
config defaults already applied), ``~/.ssh/config``, the instance and its
image into a :class:`Route`.  The address is ``--host``, else ``--private``'s
private IP, else the public DNS name when it resolves, the public IP, the
private IP; ``~/.ssh/config`` is then read for that name (``HostName``,
``User``, ``Port``, ``IdentityFile``, ``ProxyJump``, ``UserKnownHostsFile``,
``StrictHostKeyChecking``, for the jump host too).  Each setting comes from
the command line, else ``~/.ssh/config``, else oscmd's config file, else a
default: the user guessed from the image family (else ``root``), port 22, no
jump host, the ``accept-new`` policy.  Keys are tried in order: ``-f``, the
host's ``IdentityFile`` lines, ``[Credentials] key_file`` or
``~/.ssh/KEYPAIR.pem``, else the ssh-agent and default keys.  Host keys are
checked against oscmd's own known_hosts in the XDG config directory (the one
written), ``~/.ssh/known_hosts`` or the ``UserKnownHostsFile`` files (read
only), and the console output's fingerprints when it lists some.
How long to wait for sshd is chosen here too (:func:`ssh_wait`);
:mod:`.sshconnect` waits and logs in.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ...aws.lookup import Resolved
from ...context import Invocation
from ...errors import ApiError, UsageError
from ...ssh.hostkeys import HostKeyPolicy, KnownHosts, parse_console_fingerprints

if TYPE_CHECKING:
    from ...ssh.client import SshTarget

T = TypeVar("T")

#: Image-name fragments and the user their images log in with (name first, then description).
USER_FAMILIES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("al2023", "amzn", "amazon linux"), "ec2-user"),
    (("debian",), "admin"),
    (("ubuntu",), "ubuntu"),
    (("centos",), "centos"),
    (("rhel", "red hat", "redhat", "suse", "sles"), "ec2-user"),
    (("fedora",), "fedora"),
)
DEFAULT_USER = "root"
BOOT_WINDOW = 600.0  # an instance launched or started this recently may still be starting sshd
BOOT_WAIT = 300.0  # how long to wait for sshd then, unless --connect-timeout says otherwise
SSH_CONFIG = ".ssh/config"


# -- choosing -----------------------------------------------------------------------------
def guess_user(name: str, description: str = "") -> str:
    """The usual login user of an image, from its name, else its description; ``root`` when unknown."""
    for text in (name, description):
        lowered = text.lower()
        for fragments, user in USER_FAMILIES:
            if any(fragment in lowered for fragment in fragments):
                return user
    return DEFAULT_USER


def image_user(ec2: Any, image_id: str | None) -> str:
    """The login user guessed from the image (DescribeImages); ``root`` when the image is unknown or gone."""
    if not image_id:
        return DEFAULT_USER
    try:
        images = ec2.describe_images(ImageIds=[image_id]).get("Images") or []
    except Exception:  # a deregistered or foreign image: fall back to the default user
        return DEFAULT_USER
    if not images:
        return DEFAULT_USER
    return guess_user(str(images[0].get("Name") or ""), str(images[0].get("Description") or ""))


def login_user(inv: Invocation, instance: Resolved) -> str:
    """``-u`` / ``[Credentials] user``, else the image family's user, else ``root``."""
    given = inv.args.get("user")
    if given:
        return str(given)
    return image_user(inv.ec2, instance.view.get("image_id"))


def key_file(inv: Invocation, instance: Resolved) -> str | None:
    """``-f`` / ``[Credentials] key_file`` (it must exist), else ``~/.ssh/KEYPAIR.pem`` when it exists.

    ``None`` means the ssh-agent and the default ``~/.ssh/id_*`` keys.
    """
    env = inv.ctx.env
    given = inv.args.get("key_file")
    if given:
        path = env.expand(str(given))
        if not path.is_file():
            raise UsageError(f"no accessible private key file: '{given}'")
        return str(path)
    from ...keyfiles import guessed_key

    guessed = guessed_key(env.home, instance.view.get("key_name"))
    return str(guessed) if guessed is not None else None


def resolves(name: str) -> bool:
    """Whether a host name resolves to an address here."""
    try:
        return bool(socket.getaddrinfo(name, None, type=socket.SOCK_STREAM))
    except (OSError, UnicodeError):
        return False


def instance_address(
    instance: Resolved, *, private: bool = False, resolve: Callable[[str], bool] = resolves
) -> str:
    """The address to reach the instance at: public DNS (when it resolves), public IP, private IP.

    ``private`` picks the private IP.  An instance with no address at all is an error.
    """
    from ...ssh.address import pick

    view = instance.view
    if private:
        if not view.get("private_ip"):
            raise ApiError(f"the instance {instance.label} has no private IP address")
        return str(pick(instance.label, None, None, view["private_ip"], resolve=resolve))
    address = pick(instance.label, view.get("public_dns"), view.get("public_ip"), view.get("private_ip"),
                   resolve=resolve)
    if address is None:
        raise ApiError(f"the instance {instance.label} has no address to connect to", hint="give one with --host")
    return address


def playground_guard(inv: Invocation, host: str) -> None:
    """Under ``--local`` the sample instances' addresses are not real: never connect to them.

    The playground's endpoint and data stay on this machine.  The address of a
    sample instance is made up: it may be anyone's public address, or one of
    the operator's own loopback addresses (where whatever listens on port 22
    is not the instance).  So the address is refused unless the user named a
    host with ``--host``, and then only a loopback one (``--host 127.0.0.1
    --port ...``) is allowed.
    """
    import ipaddress

    if not inv.ctx.settings.local:
        return
    hint = "connect to a server of yours with --host 127.0.0.1 --port PORT"
    if not inv.args.get("host"):
        raise UsageError(f"{host}: the local playground's instances have no real address; {hint}")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise UsageError(f"{host}: under --local only a loopback --host is allowed; {hint}")


def require_running(instance: Resolved) -> None:
    """Refuse an instance that is not running, naming its state."""
    state = str(instance.view.get("state") or "unknown")
    if state != "running":
        hint = "start it with: oscmd instance -i " + instance.id + " start -w" if state == "stopped" else None
        raise ApiError(f"the instance {instance.label} is {state}: it must be running", hint=hint)


def expected_fingerprints(ec2: Any, instance_id: str) -> frozenset[str] | None:
    """Host-key fingerprints the instance printed on its console; ``None`` when it shows none (or cannot be read)."""
    try:
        text = ec2.get_console_output(InstanceId=instance_id).get("Output") or ""
    except Exception:  # no console (yet): new keys are then judged by the policy alone
        return None
    found = parse_console_fingerprints(str(text))
    return frozenset(found) if found else None


def known_hosts(inv: Invocation, expected: frozenset[str] | None = None) -> KnownHosts:
    """oscmd's known_hosts (written), ``~/.ssh/known_hosts`` (read only), the policy and the console's keys."""
    env = inv.ctx.env
    return KnownHosts(
        path=env.config_dir / "known_hosts",
        read_only=[env.home / ".ssh" / "known_hosts"],
        policy=HostKeyPolicy.parse(str(inv.args.get("host_key_policy") or "accept-new")),
        expected_fingerprints=expected,
    )


@dataclass(frozen=True)
class Route:
    """Everything needed to log in to one instance.

    ``name`` is the host name ``~/.ssh/config`` was read for (``target.host``
    is where its ``HostName`` points); ``wait`` is how long to wait for sshd
    to answer before logging in (0: try once).
    """

    instance: Resolved
    target: SshTarget
    known_hosts: KnownHosts
    wait: float
    name: str = ""
    jump_known_hosts: KnownHosts | None = None
    notes: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        jump = self.target.jump_target()
        via = f" through {jump.label}" if jump is not None else ""
        return f"{self.target.user}@{self.target.host} port {self.target.port}{via}"


def launched_ago(instance: Resolved, now: float | None = None) -> float | None:
    """Seconds since the instance was launched or last started (EC2's LaunchTime); None when unknown."""
    text = str(instance.view.get("launch_time") or "")
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return (time.time() if now is None else now) - when.timestamp()


def ssh_wait(inv: Invocation, instance: Resolved) -> float:
    """Seconds to wait for sshd: ``--connect-timeout`` (or its config key), else 300 right after a launch or start.

    An instance that has been running for a while either answers or does not:
    waiting five minutes for a refused port helps nobody.
    """
    given = inv.args.get("connect_timeout")
    if given is not None:
        timeout = float(given)
        if timeout <= 0:
            raise UsageError(f"--connect-timeout must be a positive number of seconds, not {given}")
        return timeout
    age = launched_ago(instance)
    return BOOT_WAIT if age is None or age < BOOT_WINDOW else 0.0


def _port(value: Any, where: str) -> int:
    port = int(value)
    if not 0 < port < 65536:
        raise UsageError(f"{where} {port} is out of range")
    return port


def _existing(paths: tuple[str, ...], skip: set[str]) -> list[str]:
    """The files of ``paths`` that exist, each once, less ``skip`` (OpenSSH skips missing IdentityFiles too)."""
    out: list[str] = []
    for path in paths:
        if path not in skip and path not in out and _is_file(path):
            out.append(path)
    return out


def _is_file(path: str) -> bool:
    try:
        return Path(path).is_file()
    except OSError:
        return False


def _policy(inv: Invocation, config_policy: str | None) -> str:
    """``--host-key-policy``, else ``StrictHostKeyChecking``, else ``[ssh] host_key_policy`` or accept-new."""
    if "host_key_policy" in inv.given or not config_policy:
        return str(inv.args.get("host_key_policy") or "accept-new")
    return config_policy


def _known(inv: Invocation, policy: str, files: tuple[str, ...] | None) -> KnownHosts:
    base = known_hosts(inv)
    read_only = base.read_only if files is None else tuple(Path(f) for f in files)
    return replace(base, read_only=read_only, policy=HostKeyPolicy.parse(policy))


def configured_target(
    inv: Invocation, name: str, *, user: Callable[[], str], key: Callable[[], str | None]
) -> tuple[SshTarget, KnownHosts, KnownHosts | None, list[str]]:
    """Apply ``~/.ssh/config`` to ``name``: the command line wins over it, and it wins over oscmd's config.

    Returns the target (with its jump host resolved the same way), the
    host-key settings of the target and of the jump host, and warnings about
    ``~/.ssh/config``.  ``user`` and ``key`` give oscmd's own choices
    (``[Credentials]``, the image's user, ``~/.ssh/KEYPAIR.pem``).
    """
    from ...ssh.client import SshTarget, parse_jump
    from ...ssh.sshconfig import lookup

    env, args, given = inv.ctx.env, inv.args, inv.given
    path = env.home / SSH_CONFIG
    found, notes = lookup(path, name, env.home)
    _no_proxy_command(name, found.proxy_command, path)
    own = key()
    identities = _existing(found.identity_files, {own} if own else set())
    if "key_file" in given or not identities or not own:
        primary, more = own, identities
    else:  # both: ~/.ssh/config's keys are tried first, and none of them has to load
        primary, more = None, [*identities, own]
    login = str(args["user"]) if "user" in given else found.user or user()
    port = _port(args.get("port") or 22, "--port") if "port" in given or found.port is None else found.port
    spec = args.get("jump") if "jump" in given else found.proxy_jump or args.get("jump")
    jump: SshTarget | None = None
    jump_known: KnownHosts | None = None
    if spec:
        text = str(spec).removeprefix("ssh://")
        if "," in text:
            raise UsageError(f"jump hosts {text!r}: oscmd goes through one jump host, not a chain",
                             hint="give the jump host nearest the instance with -J, if it can be reached directly")
        hop = parse_jump(text, user=login)
        hop_found, hop_notes = lookup(path, hop.host, env.home)
        _no_proxy_command(hop.host, hop_found.proxy_command, path)
        notes += [n for n in hop_notes if n not in notes]
        if hop_found.proxy_jump:
            raise UsageError(f"jump host {hop.host} is itself reached through {hop_found.proxy_jump} "
                             f"({path}): oscmd goes through one jump host, not a chain")
        hop_user = hop.user if "@" in text else hop_found.user or login
        hop_port = hop.port if _has_port(text) else hop_found.port or 22
        hop_keys = _existing(hop_found.identity_files, set())
        jump = SshTarget(host=hop_found.hostname, port=hop_port, user=hop_user, key_file=primary,
                         more_keys=tuple(dict.fromkeys([*hop_keys, *more])))
        jump_known = _known(inv, _policy(inv, hop_found.host_key_policy), hop_found.known_hosts_files)
    target = SshTarget(host=found.hostname, port=port, user=login, key_file=primary, jump=jump,
                       more_keys=tuple(more))
    known = _known(inv, _policy(inv, found.host_key_policy), found.known_hosts_files)
    return target, known, jump_known, notes


def _no_proxy_command(host: str, command: str | None, path: Path) -> None:
    """Refuse a host ``~/.ssh/config`` reaches through a ``ProxyCommand``: oscmd would connect directly instead."""
    if command:
        raise UsageError(f"{path} reaches {host} through a ProxyCommand, which oscmd does not run (it would "
                         "connect directly instead): oscmd did not connect",
                         hint="give the bastion as a jump host (-J HOST, or ProxyJump in the file), or connect "
                              "with ssh yourself")


def _has_port(spec: str) -> bool:
    host = spec.rpartition("@")[2]
    return host.rpartition("]")[2].startswith(":") if host.startswith("[") else host.count(":") == 1


def plan_route(inv: Invocation, instance: Resolved) -> Route:
    """Check the options and the instance and choose user, key, address and host-key settings.

    Nothing connects to the instance yet; every local mistake (missing key,
    bad jump spec, stopped instance) is reported before anything else happens.
    """
    args = inv.args
    require_running(instance)
    if "port" in inv.given:
        _port(args.get("port") or 22, "--port")
    wait = ssh_wait(inv, instance)
    name = str(args["host"]) if args.get("host") else instance_address(instance, private=bool(args.get("private")))
    playground_guard(inv, name)
    target, known, jump_known, notes = configured_target(
        inv, name, user=lambda: login_user(inv, instance), key=lambda: key_file(inv, instance))
    playground_guard(inv, target.host)
    known = known.with_expected(expected_fingerprints(inv.ec2, instance.id))
    return Route(instance=instance, target=target, known_hosts=known, wait=wait, name=name,
                 jump_known_hosts=jump_known, notes=tuple(notes))
