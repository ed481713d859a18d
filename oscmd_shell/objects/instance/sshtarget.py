"""How oscmd reaches an instance over SSH: login, key, address, host keys, and streamed commands.

:func:`plan_route` turns the options of ``instance ssh``/``addvolume`` (their
config defaults already applied), the instance and its image into a
:class:`Route`: the user (``-u``, else guessed from the image family, else
``root``), the key (``-f``, else ``~/.ssh/KEYPAIR.pem`` when it exists, else
the ssh-agent and default keys), the address (``--host``, else ``--private``'s
private IP, else the public DNS name when it resolves, the public IP, the
private IP), the port and the jump host, and the host-key settings (oscmd's
own known_hosts in the XDG config directory, ``~/.ssh/known_hosts`` read only,
the ``--host-key-policy``, and the fingerprints of the console output when it
lists some).  :func:`open_connection` waits for the port (``--connect-timeout``,
with progress) and logs in; remote output is streamed as events by
:mod:`oscmd_shell.ssh.events`.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ...aws.lookup import Resolved
from ...context import Invocation
from ...errors import ApiError, ConnectionFailure, Interrupted, OscmdError, UsageError
from ...output.results import Event, Progress, Warning_
from ...ssh.hostkeys import HostKeyPolicy, KnownHosts, parse_console_fingerprints

if TYPE_CHECKING:
    from ...ssh.client import Connection, SshTarget

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
LOGIN_TIMEOUT = 30.0  # TCP connect, banner and authentication, once the port answers
PROBE_INTERVAL = 1.0


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
    key_name = instance.view.get("key_name")
    if key_name:
        candidate = env.home / ".ssh" / f"{key_name}.pem"
        if candidate.is_file():
            return str(candidate)
    return None


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
    view = instance.view
    if private:
        if not view.get("private_ip"):
            raise ApiError(f"the instance {instance.label} has no private IP address")
        return str(view["private_ip"])
    dns, public_ip, private_ip = view.get("public_dns"), view.get("public_ip"), view.get("private_ip")
    if dns and (not (public_ip or private_ip) or resolve(str(dns))):
        return str(dns)
    for address in (public_ip, private_ip):
        if address:
            return str(address)
    raise ApiError(f"the instance {instance.label} has no address to connect to", hint="give one with --host")


def playground_guard(inv: Invocation, host: str) -> None:
    """Under ``--local`` the sample instances' addresses are not real: never connect to them.

    The playground's endpoint and data stay on this machine; an ssh or ping to
    the fake public address of a sample instance would leave it, so only
    loopback hosts (``--host 127.0.0.1 --port ...``) are allowed there.
    """
    import ipaddress

    if not inv.ctx.settings.local:
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise UsageError(f"{host}: the local playground's instances have no real address; "
                         "connect to a server of yours with --host 127.0.0.1 --port PORT")


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
    """Everything needed to log in to one instance."""

    instance: Resolved
    target: SshTarget
    known_hosts: KnownHosts
    connect_timeout: float

    @property
    def where(self) -> str:
        via = f" through {self.target.jump}" if self.target.jump else ""
        return f"{self.target.user}@{self.target.host} port {self.target.port}{via}"


def plan_route(inv: Invocation, instance: Resolved) -> Route:
    """Check the options and the instance and choose user, key, address and host-key settings.

    Nothing connects to the instance yet; every local mistake (missing key,
    bad jump spec, stopped instance) is reported before anything else happens.
    """
    from ...ssh.client import SshTarget, parse_jump

    args = inv.args
    require_running(instance)
    key = key_file(inv, instance)
    port = int(args.get("port") or 22)  # --port and --connect-timeout were range-checked when parsed
    timeout = float(args.get("connect_timeout") or 300.0)
    user = login_user(inv, instance)
    jump = str(args["jump"]) if args.get("jump") else None
    if jump:
        parse_jump(jump, user=user, key_file=key)  # a malformed spec is a usage error now
    host = str(args["host"]) if args.get("host") else instance_address(instance, private=bool(args.get("private")))
    playground_guard(inv, host)
    target = SshTarget(host=host, port=port, user=user, key_file=key, jump=jump)
    known = known_hosts(inv, expected_fingerprints(inv.ec2, instance.id))
    return Route(instance=instance, target=target, known_hosts=known, connect_timeout=timeout)


# -- connecting ---------------------------------------------------------------------------
def probe_port(host: str, port: int, timeout: float) -> str | None:
    """``None`` when ``host``:``port`` accepts a TCP connection, else why not."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except TimeoutError:
        return "no answer"
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


def wait_for_port(inv: Invocation, host: str, port: int, timeout: float) -> Generator[Progress, None, None]:
    """Wait until ``host``:``port`` accepts TCP connections, with progress; give up after ``timeout`` seconds."""
    env = inv.ctx.env
    start = env.clock()
    try:
        while True:
            elapsed = env.clock() - start
            why = probe_port(host, port, max(0.5, min(5.0, timeout - elapsed)))
            if why is None:
                return
            elapsed = env.clock() - start
            if elapsed >= timeout:
                raise ConnectionFailure(
                    f"{host} port {port} did not answer within {timeout:g} s ({why})",
                    hint="raise --connect-timeout to wait longer",
                )
            yield Progress(f"waiting for ssh on {host} port {port}: {why} ({int(elapsed)}s)")
            env.sleep(min(PROBE_INTERVAL, max(0.05, timeout - elapsed)))
    except KeyboardInterrupt:
        raise Interrupted(f"stopped waiting for {host} port {port}") from None


def open_connection(inv: Invocation, route: Route) -> Generator[Event, None, Connection]:
    """Wait for the SSH port (not through a jump host), log in, and announce new host keys."""
    from ...ssh.client import connect

    target = route.target
    if target.jump is None:
        yield from wait_for_port(inv, target.host, target.port, route.connect_timeout)
    notes = io.StringIO()
    try:
        client = connect(target, known_hosts=route.known_hosts, timeout=min(route.connect_timeout, LOGIN_TIMEOUT),
                         out=notes)
    except OscmdError:
        yield from (Warning_(line) for line in notes.getvalue().splitlines())
        raise
    yield from (Warning_(line) for line in notes.getvalue().splitlines())
    return client
