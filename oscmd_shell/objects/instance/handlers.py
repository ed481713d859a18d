"""The instance verbs that only read: console, summary, offering, getwinpass, getrole.

``console -f`` follows the console window as it slides (only new text is
printed, until Ctrl-C; the renderer escapes it unless ``--raw``); ``summary``
and ``offering`` take vCPUs and memory from DescribeInstanceTypes where the
cloud answers it; ``getwinpass`` decrypts the Windows password with the key
pair's RSA key; ``getrole`` shows the instance profile and, where an IAM
endpoint answers, its roles.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...aws.errors import error_code
from ...aws.lookup import literal_filter
from ...context import Invocation
from ...errors import ApiError, NotAvailable, NotFound, UsageError
from ...output.results import Event, Message, Output, Records, Warning_
from ...redact import redact
from .. import generic

BROKEN_CONSOLE_STAMP = "1970-01-01"
MIN_OVERLAP = 64
TYPES_PER_CALL = 100


# -- console ----------------------------------------------------------------------------
def console_delta(old: str, new: str) -> str | None:
    """What ``new`` adds to ``old``, or None when the two windows do not line up.

    The console is a window over the last part of the output: as it grows the
    window slides, so the new buffer starts with the tail of the old one.  The
    overlap must be a clean suffix of ``old`` of at least ``MIN_OVERLAP``
    characters (or the whole of ``old``); anything else is not trusted.
    """
    if not old:
        return new
    if new.startswith(old):
        return new[len(old):]
    probe = new[:MIN_OVERLAP]
    if len(probe) < MIN_OVERLAP and old.endswith(new):
        return ""
    start = old.find(probe)
    while start != -1:
        tail = old[start:]
        if new.startswith(tail):
            return new[len(tail):]
        if tail.startswith(new):
            return ""
        start = old.find(probe, start + 1)
    return None


def _console(ec2: Any, iid: str) -> tuple[str, str]:
    answer = ec2.get_console_output(InstanceId=iid)
    stamp = str(answer.get("Timestamp") or "")
    if stamp.startswith(BROKEN_CONSOLE_STAMP):
        raise ApiError(f"{iid}: broken console (timestamp {stamp}), stop/start the instance")
    text = answer.get("Output") or ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return stamp, str(text)


def console(inv: Invocation) -> Iterator[Event]:
    iid = inv.target.id
    stamp, text = _console(inv.ec2, iid)
    if not inv.args.get("follow"):
        if not text:
            yield Warning_(f"{iid}: no console output yet")
            return
        yield Message(text, data={"instance_id": iid, "timestamp": stamp, "output": text}, ids=(iid,),
                      block=True, raw=bool(inv.args.get("raw")))
        return
    yield from follow(inv, iid, text)


def follow(inv: Invocation, iid: str, shown: str) -> Iterator[Event]:
    """Print new console text every ``--interval`` seconds until Ctrl-C (which ends it cleanly)."""
    interval = float(inv.args.get("interval") or 0.0)
    if interval < 1.0:
        raise UsageError(f"instance console: --interval must be at least 1 second, not {interval:g}")
    env = inv.ctx.env
    raw = bool(inv.args.get("raw"))
    if shown:
        yield Output(shown, raw=raw)
    try:
        while True:
            env.sleep(interval)
            _stamp, text = _console(inv.ec2, iid)
            if not text or text == shown:
                continue
            delta = console_delta(shown, text)
            if delta is None:
                yield Warning_(f"{iid}: the console window moved too far to line up; some output was skipped")
            elif delta:
                yield Output(delta, raw=raw)
            shown = text
    except KeyboardInterrupt:
        return


# -- instance type capacities ----------------------------------------------------------
@dataclass(frozen=True)
class Capacity:
    """vCPUs, memory and architectures of one instance type."""

    vcpus: int
    memory_gib: float
    architectures: tuple[str, ...] = ()


# Outscale's own types spell their size: tinav5.c2r4p2 = 2 vCPUs, 4 GiB (also tina.cXrY, ows.cXrY).
_SIZED_TYPE = re.compile(r"^(?:tina(?:v\d+)?|ows)\.c(\d+)r(\d+)(?:p\d+)?$")


def family_of(name: str) -> str:
    return name.split(".", 1)[0]


def describe_types(ec2: Any, names: list[str]) -> dict[str, Capacity]:
    """Capacities of the named types that the cloud describes (or whose name spells them)."""
    found: dict[str, Capacity] = {}
    if len(names) > TYPES_PER_CALL:
        try:
            found = _described(ec2, {})
        except Exception as exc:
            if not error_code(exc):
                raise
    else:
        found = _by_name(ec2, names)
    for name in names:
        match = _SIZED_TYPE.match(name)
        if name not in found and match:
            found[name] = Capacity(int(match.group(1)), float(match.group(2)))
    return {n: found[n] for n in names if n in found}


def _by_name(ec2: Any, names: list[str]) -> dict[str, Capacity]:
    """Describe these types; when the cloud rejects one of them, ask for each alone."""
    try:
        return _described(ec2, {"InstanceTypes": names})
    except Exception as exc:
        code = error_code(exc)
        if not code:
            raise
        if code != "InvalidInstanceType" or len(names) == 1:
            return {}
    found: dict[str, Capacity] = {}
    for name in names:
        found.update(_by_name(ec2, [name]))
    return found


def _described(ec2: Any, params: dict[str, Any]) -> dict[str, Capacity]:
    found: dict[str, Capacity] = {}
    for page in ec2.get_paginator("describe_instance_types").paginate(**params):
        for t in page.get("InstanceTypes", []):
            vcpus = int((t.get("VCpuInfo") or {}).get("DefaultVCpus") or 0)
            mib = float((t.get("MemoryInfo") or {}).get("SizeInMiB") or 0)
            arch = tuple((t.get("ProcessorInfo") or {}).get("SupportedArchitectures") or ())
            found[str(t["InstanceType"])] = Capacity(vcpus, mib / 1024, arch)
    return found


# -- summary / offering -----------------------------------------------------------------
def summary(inv: Invocation) -> Message:
    instances, counts = generic.all_raw(inv)
    states = Counter(str((r.get("State") or {}).get("Name") or "unknown") for r in instances)
    types = Counter(str(r.get("InstanceType") or "unknown") for r in instances)
    running = Counter(str(r.get("InstanceType")) for r in instances if (r.get("State") or {}).get("Name") == "running")
    caps = describe_types(inv.ec2, sorted(running)) if running else {}
    unknown = {t: n for t, n in running.items() if t not in caps}
    vcpus = sum(caps[t].vcpus * n for t, n in running.items() if t in caps)
    memory = sum(caps[t].memory_gib * n for t, n in running.items() if t in caps)
    known = bool(running) and len(unknown) < len(running)
    lines = [f"instances: {len(instances)}"]
    lines += [f"  {s}: {n}" for s, n in sorted(states.items())]
    lines.append("types:")
    lines += [f"  {t}: {n}" for t, n in sorted(types.items())]
    count = sum(running.values())
    lines.append(f"running instances: {count}")
    if count and not known:
        lines.append("  vCPUs and memory: unknown (this cloud does not describe " + ", ".join(sorted(unknown)) + ")")
    elif count:
        lines.append(f"  vCPUs: {vcpus}")
        lines.append(f"  memory: {memory:g} GiB")
        if unknown:
            n = sum(unknown.values())
            lines.append(f"  not counted: {n} instance{'s' if n > 1 else ''} of unknown type "
                         + ", ".join(sorted(unknown)))
    data = {
        "instances": len(instances),
        "states": dict(sorted(states.items())),
        "types": dict(sorted(types.items())),
        "running": {
            "count": count,
            "vcpus": vcpus if known else None,
            "memory_gib": memory if known else None,
            "unknown_types": sorted(unknown),
        },
    }
    return generic.summary(inv, lines, data, counts)


OFFERING_PATTERN = "%(type)-24s %(vcpus)4s vCPUs %(memory)9s GiB  %(architectures)s"
OFFERING_COLUMNS = ("type", "vcpus", "memory_gib", "architectures")


def offering(inv: Invocation) -> Records:
    zone = inv.args.get("zone")
    family = str(inv.args.get("family") or "").strip().rstrip(".") or None
    if zone:
        params: dict[str, Any] = {
            "LocationType": "availability-zone", "Filters": [literal_filter("location", [str(zone)])],
        }
    else:
        params = {"LocationType": "region"}
    names = sorted(_offered(inv.ec2, params, zone))
    if family:
        names = [n for n in names if family_of(n) == family]
    location = zone or inv.ctx.clients.region
    if not names:
        what = f"of family {family} " if family else ""
        raise NotFound(f"no instance type {what}is offered in {'zone' if zone else 'region'} {location}")
    caps = describe_types(inv.ec2, names)
    rows = [_offer_row(n, caps.get(n), location) for n in names]
    rows.sort(key=lambda r: (r["family"], r["vcpus"] or 0, r["memory_gib"] or 0.0, r["type"]))
    return Records("instance_type", rows, OFFERING_PATTERN, OFFERING_COLUMNS)


def _offered(ec2: Any, params: dict[str, Any], zone: str | None) -> set[str]:
    if ec2.can_paginate("describe_instance_type_offerings"):
        pages = ec2.get_paginator("describe_instance_type_offerings").paginate(**params)
    else:
        pages = iter([ec2.describe_instance_type_offerings(**params)])
    return {str(o["InstanceType"]) for page in pages for o in page.get("InstanceTypeOfferings", [])
            if zone is None or o.get("Location") == zone}


def _offer_row(name: str, cap: Capacity | None, location: str) -> dict[str, Any]:
    return {
        "type": name,
        "family": family_of(name),
        "vcpus": cap.vcpus if cap else None,
        "memory_gib": cap.memory_gib if cap else None,
        "memory": f"{cap.memory_gib:g}" if cap else "",
        "architectures": ",".join(cap.architectures) if cap else "",
        "location": location,
    }


# -- getwinpass -------------------------------------------------------------------------
def getwinpass(inv: Invocation) -> Message:
    target = inv.target
    iid = target.id
    key_name = target.raw.get("KeyName")
    given = inv.args.get("key_file")
    if not given and not key_name:
        raise UsageError(f"{iid} was launched without a key pair; give the private key with -f FILE")
    if given:
        path = inv.ctx.env.expand(str(given))
    else:
        from ...keyfiles import key_path

        guessed = key_path(inv.ctx.env.home / ".ssh", str(key_name))
        if guessed is None:
            raise UsageError(f"{iid} was launched with the key pair '{key_name}', which is not a plain file name: "
                             "give the private key with -f FILE")
        path = guessed
    key = load_rsa_key(path)
    data = str(inv.ec2.get_password_data(InstanceId=iid).get("PasswordData") or "").strip()
    if not data:
        raise NotAvailable(f"the password of {iid} is not available yet (Windows sets it a few minutes after "
                           "the first boot; other systems have none)")
    password = decrypt_password(key, data, path)
    return Message(password + "\n", data={"instance_id": iid, "password": password})


def load_rsa_key(path: Path) -> Any:
    """The RSA private key of a PEM or OpenSSH key file, with one-line errors."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    try:
        blob = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read the private key file {path}: {exc.strerror or exc}") from None
    try:
        if b"OPENSSH PRIVATE KEY" in blob:
            key: Any = serialization.load_ssh_private_key(blob, password=None)
        else:
            key = serialization.load_pem_private_key(blob, password=None)
    except TypeError:
        raise UsageError(f"{path} is protected by a passphrase; decrypt a copy first "
                         "(ssh-keygen -p -m PEM -f COPY)") from None
    except (ValueError, UnsupportedAlgorithm) as exc:
        if "password" in str(exc).lower() or "encrypted" in str(exc).lower():
            raise UsageError(f"{path} is protected by a passphrase; decrypt a copy first "
                             "(ssh-keygen -p -m PEM -f COPY)") from None
        raise UsageError(f"{path} is not a PEM or OpenSSH private key") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise UsageError(f"{path} is not an RSA key: Windows passwords are encrypted for the RSA key pair "
                         "the instance was launched with")
    return key


def decrypt_password(key: Any, data: str, path: Path) -> str:
    """PKCS#1 v1.5 decryption of the base64 password data.

    Recent OpenSSL answers a wrong key with random bytes instead of an error
    (implicit rejection), so a result that is not a printable password counts
    as a failure too.
    """
    from cryptography.hazmat.primitives.asymmetric import padding

    failure = ApiError(f"the password data cannot be decrypted with {path}: is it the instance's key pair?")
    try:
        clear = key.decrypt(base64.b64decode(data), padding.PKCS1v15())
        password = str(clear.decode("utf-8"))
    except ValueError:
        raise failure from None
    if not password or not password.isprintable():
        raise failure
    return password


# -- getrole ----------------------------------------------------------------------------
def getrole(inv: Invocation) -> Message:
    target = inv.target
    iid = target.id
    profile = target.raw.get("IamInstanceProfile") or {}
    arn = profile.get("Arn")
    if not arn:
        return Message(f"{iid} has no instance profile\n", data={"instance_id": iid, "profile": None},
                       ids=(iid,))
    name = str(arn).rsplit("/", 1)[-1]
    lines = [f"instance profile: {arn}", f"profile id: {profile.get('Id', '')}"]
    data: dict[str, Any] = {"instance_id": iid, "profile": {"arn": arn, "id": profile.get("Id"), "name": name}}
    roles, why = _profile_roles(inv, name)
    if roles is None:
        lines.append(f"roles: unknown ({why})")
        data["roles"] = None
        data["roles_unknown"] = why
    else:
        lines += [f"role: {r['name']} ({r['arn']})" for r in roles] or ["roles: none"]
        data["roles"] = roles
    return Message(lines, data=data, ids=(iid,))


def _profile_roles(inv: Invocation, name: str) -> tuple[list[dict[str, Any]] | None, str]:
    """The profile's roles from IAM, or (None, why) when no IAM endpoint answers."""
    import botocore.exceptions as be

    from ...aws.errors import translate

    iam = inv.ctx.clients.client("iam")
    endpoint = inv.ctx.settings.endpoint
    iam_url = str(getattr(iam.meta, "endpoint_url", "") or "")
    if endpoint and not _is_aws(endpoint) and _is_aws(iam_url):
        return None, f"no IAM endpoint is known for {redact(endpoint)}; set AWS_ENDPOINT_URL_IAM if the cloud has one"
    try:
        answer = iam.get_instance_profile(InstanceProfileName=name)
    except (be.ClientError, be.BotoCoreError) as exc:
        translated = translate(exc)
        return None, f"IAM: {translated.message if translated else redact(str(exc))}"
    roles = (answer.get("InstanceProfile") or {}).get("Roles") or []
    return [{"name": r.get("RoleName"), "arn": r.get("Arn"), "id": r.get("RoleId")} for r in roles], ""


def _is_aws(url: str) -> bool:
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host.endswith(".amazonaws.com") or host.endswith(".amazonaws.com.cn")
