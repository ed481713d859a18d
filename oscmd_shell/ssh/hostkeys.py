"""Decide whether an SSH server's host key is trusted, and remember new keys.

Keys are looked up in oscmd's own known_hosts file (read and written, one
locked line per new key) and in further OpenSSH known_hosts files such as
``~/.ssh/known_hosts`` (read only; hashed host names, wildcard patterns and
``@revoked`` lines are understood, and a line OpenSSH skips is skipped).
A :class:`HostKeyPolicy` says what happens to a key seen for the first time;
a key that differs from a recorded one is refused unless the policy is ``off``.
When the EC2 console output of the instance is available, the fingerprints it
lists (see :func:`parse_console_fingerprints`) restrict which new keys may be
accepted.  This module only handles public-key blobs and text, so it does not
import paramiko.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import hashlib
import hmac
import os
import re
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from oscmd_shell.errors import ConnectionFailure, UsageError
from oscmd_shell.fileio import append_record, private_dir, read_regular

Announce = Callable[[str], None]

_KEY_LABELS = {
    "ssh-ed25519": "ED25519",
    "ssh-rsa": "RSA",
    "ecdsa-sha2-nistp256": "ECDSA",
    "ecdsa-sha2-nistp384": "ECDSA",
    "ecdsa-sha2-nistp521": "ECDSA",
    "ssh-dss": "DSA",
    "sk-ssh-ed25519@openssh.com": "ED25519-SK",
    "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK",
}

# Algorithm names a transport may negotiate for a key of each known_hosts type.
_ALGORITHMS = {"ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")}

_MARKERS = ("@cert-authority", "@revoked")
_SHA1_SIZE = 20
_EC_POINT_SIZES = {"nistp256": 65, "nistp384": 97, "nistp521": 133}  # 0x04 || X || Y
KNOWN_HOSTS_LIMIT = 64 << 20
_BEGIN_FINGERPRINTS = "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
_END_FINGERPRINTS = "-----END SSH HOST KEY FINGERPRINTS-----"
# What may stand before a console line of the fingerprint block: a kernel time, a syslog
# priority and date, and the tag of the writer (cloud-init, or its "ec2" logger tag).
_CONSOLE_PREFIX = (r"(?:\[\s*\d+\.\d+\]\s*)?(?:<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )?"
                   r"(?:(?P<tag>ec2|cloud-init)(?:\[\d+\])?: )?")
_CONSOLE_BEGIN_RE = re.compile(_CONSOLE_PREFIX + re.escape(_BEGIN_FINGERPRINTS) + r"\s*")
_CONSOLE_END_RE = re.compile(_CONSOLE_PREFIX + re.escape(_END_FINGERPRINTS) + r"\s*")
_CONSOLE_KEY_RE = re.compile(
    _CONSOLE_PREFIX + r"\d+ (?P<fp>SHA256:[A-Za-z0-9+/]{43}=?|(?:MD5:)?(?:[0-9A-Fa-f]{2}:){15}[0-9A-Fa-f]{2})"
    r" .*\([A-Za-z0-9-]+\)\s*"
)
_CONSOLE_TAG_RE = re.compile(_CONSOLE_PREFIX)
_KERNEL_TIME_RE = re.compile(r"\[\s*\d+\.\d+\]")
_SHA256_RE = re.compile(r"SHA256:([A-Za-z0-9+/]{43})=?")
_MD5_RE = re.compile(r"(?<![0-9A-Fa-f:])((?:[0-9A-Fa-f]{2}:){15}[0-9A-Fa-f]{2})(?![0-9A-Fa-f:])")


class HostKeyPolicy(enum.Enum):
    """What to do with a host key that no known_hosts file mentions."""

    STRICT = "strict"  # refuse it
    ACCEPT_NEW = "accept-new"  # record it in oscmd's file and say so
    OFF = "off"  # accept anything, record nothing, warn when a known key changed

    @classmethod
    def parse(cls, text: str) -> HostKeyPolicy:
        """Read a policy name; OpenSSH's ``yes``/``no`` spellings are accepted too."""
        word = text.strip().lower()
        aliases = {"yes": cls.STRICT, "no": cls.OFF}
        if word in aliases:
            return aliases[word]
        for policy in cls:
            if policy.value == word:
                return policy
        choices = ", ".join(policy.value for policy in cls)
        raise UsageError(f"unknown host-key policy {text!r}: expected one of {choices}")


def key_type_of(blob: bytes) -> str:
    """Return the algorithm name written at the start of an SSH public-key blob."""
    if len(blob) < 4:
        raise ValueError("public key blob is too short")
    (length,) = struct.unpack(">I", blob[:4])
    if length == 0 or len(blob) < 4 + length:
        raise ValueError("public key blob is truncated")
    return blob[4 : 4 + length].decode("ascii", errors="replace")


def sha256_fingerprint(blob: bytes) -> str:
    """OpenSSH's ``SHA256:...`` fingerprint of a public-key blob."""
    digest = hashlib.sha256(blob).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def md5_fingerprint(blob: bytes) -> str:
    """The legacy ``MD5:aa:bb:...`` fingerprint of a public-key blob."""
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return "MD5:" + ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def describe_key(blob: bytes) -> str:
    """A short label such as ``ED25519 SHA256:...`` for messages."""
    try:
        key_type = key_type_of(blob)
    except ValueError:
        key_type = "unknown"
    return f"{_KEY_LABELS.get(key_type, key_type)} {sha256_fingerprint(blob)}"


def host_key_name(host: str, port: int) -> str:
    """The name a known_hosts file uses for ``host`` on ``port`` (``[host]:port`` off port 22)."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host if port == 22 else f"[{host}]:{port}"


def normalize_fingerprint(text: str) -> str:
    """Canonical form of a fingerprint string: ``SHA256:<base64 without padding>`` or ``MD5:<hex pairs>``."""
    text = text.strip()
    sha = _SHA256_RE.fullmatch(text)
    if sha:
        return "SHA256:" + sha.group(1)
    md5 = _MD5_RE.fullmatch(text.removeprefix("MD5:").removeprefix("md5:"))
    if md5:
        return "MD5:" + md5.group(1).lower()
    return text


def parse_console_fingerprints(console_text: str) -> set[str]:
    """The host-key fingerprints of the last well-formed block an instance printed on its console.

    cloud-init writes them between ``-----BEGIN SSH HOST KEY FINGERPRINTS-----``
    and ``-----END SSH HOST KEY FINGERPRINTS-----``, one key a line, such as
    ``256 SHA256:abc... root@host (ECDSA)`` or, on older images,
    ``2048 0f:1e:...:9a /etc/ssh/ssh_host_rsa_key.pub (RSA)``; lines may carry
    a kernel time, a syslog date and an ``ec2:`` or ``cloud-init:`` tag.  A
    block counts only when its BEGIN marker starts a line (after such a
    prefix), every line of its writer up to its END marker is one key line
    with the same tag, and it lists at least one key; a block left open, or
    holding any other line of its writer, counts for nothing.  Lines of
    another writer printed in between (another tag, or the kernel's own
    timestamped messages in an untagged block) are passed over: they cannot
    add a key, and a remote peer able to make the kernel log a line must not
    be able to void the check.  Lines end at ``\n`` only.  The last
    block that counts wins (an instance prints one per boot), never a merge.
    The result holds normalized ``SHA256:...`` and ``MD5:...`` strings and is
    empty when no block counts.
    """
    found: set[str] = set()
    block: set[str] | None = None
    tag: str | None = None
    for raw in console_text.split("\n"):
        line = raw.rstrip("\r")
        begin = _CONSOLE_BEGIN_RE.fullmatch(line)
        if begin is not None:
            block, tag = set(), begin.group("tag")
            continue
        if block is None:
            continue
        end = _CONSOLE_END_RE.fullmatch(line)
        key = None if end is not None else _CONSOLE_KEY_RE.fullmatch(line)
        match = end or key
        if (match.group("tag") if match is not None else _tag_of(line)) != tag or (
                match is None and tag is None and _KERNEL_TIME_RE.match(line)):
            continue  # another writer's line, printed in the middle: not part of the block
        if match is None:
            block = None  # a line of the block's writer that is not a key: the block is not well formed
        elif end is not None:
            if block:
                found = block
            block = None
        else:
            block.add(normalize_fingerprint(match.group("fp")))
    return found


def _tag_of(line: str) -> str | None:
    found = _CONSOLE_TAG_RE.match(line)
    return found.group("tag") if found is not None else None


@dataclasses.dataclass(frozen=True)
class KnownKey:
    """One usable line of a known_hosts file."""

    path: Path
    line: int
    hosts: str  # the host field as written (patterns or a |1|salt|hash entry)
    key_type: str
    blob: bytes
    revoked: bool = False

    @property
    def fingerprint(self) -> str:
        return sha256_fingerprint(self.blob)

    @property
    def where(self) -> str:
        return f"{self.path} line {self.line}"

    def matches(self, name: str) -> bool:
        """Whether this line applies to the known_hosts host name ``name``."""
        if self.hosts.startswith("|1|"):
            _, _, salt_b64, hash_b64 = self.hosts.split("|", 3)
            salt = base64.b64decode(salt_b64)
            wanted = base64.b64decode(hash_b64)
            digest = hmac.new(salt, name.encode("utf-8"), hashlib.sha1).digest()
            return hmac.compare_digest(digest, wanted)
        matched = False
        for pattern in self.hosts.split(","):
            negated = pattern.startswith("!")
            if _pattern_matches(pattern[1:] if negated else pattern, name):
                if negated:
                    return False
                matched = True
        return matched


def _pattern_matches(pattern: str, name: str) -> bool:
    regex = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern.lower())
    return re.fullmatch(regex, name) is not None


def read_known_hosts(path: Path, *, lenient: bool = False) -> list[KnownKey]:
    """Parse one known_hosts file; a missing file has no keys.

    ``@cert-authority`` lines are checked but not returned (oscmd does not
    authenticate hosts by certificate).  oscmd's own file is read strictly: a
    malformed line raises a :class:`UsageError` that names the file and the
    line.  With ``lenient`` (the user's OpenSSH files, only ever read) a line
    OpenSSH skips is skipped the same way: an unknown marker, a bad hashed
    name, an unknown key type, a key that does not decode, garbage.  A link is
    followed only in a lenient file; a FIFO or a directory is never read.
    """
    try:
        if os.path.realpath(path) == os.devnull:  # UserKnownHostsFile /dev/null: the usual "no file" idiom
            return []
        data = read_regular(path, limit=KNOWN_HOSTS_LIMIT, follow=lenient)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UsageError(f"cannot read known_hosts file {path}: {exc.strerror or exc}") from exc
    keys: list[KnownKey] = []
    for number, raw in enumerate(data.decode("utf-8", errors="replace").split("\n"), start=1):
        try:
            key = _parse_line(path, number, raw)
        except UsageError:
            if not lenient:
                raise
            continue
        if key is not None:
            keys.append(key)
    return keys


def _parse_line(path: Path, number: int, raw: str) -> KnownKey | None:
    """The key of one line, None for a comment, a blank or a CA line; :class:`UsageError` if malformed.

    The checks are OpenSSH's (``hostfile.c``): a known marker, a ``|1|`` name
    whose salt and hash are 20 bytes, a key type OpenSSH knows whose base64
    blob has that type's exact fields.
    """
    line = raw.strip()
    if not line or line.startswith("#"):
        return None

    def malformed(why: str) -> UsageError:
        return UsageError(
            f"malformed known_hosts file {path} line {number}: {why}",
            hint="fix or delete that line",
        )

    fields = line.split()
    marker = None
    if fields[0].startswith("@"):
        marker = fields.pop(0)
        if marker not in _MARKERS:
            raise malformed(f"unknown marker {marker[:40]!r}")
    if len(fields) < 3:
        raise malformed("expected 'hosts key-type base64-key'")
    hosts, key_type, encoded = fields[0], fields[1], fields[2]
    if hosts.startswith("|"):
        parts = hosts.split("|")
        if len(parts) != 4 or parts[0] or parts[1] != "1":
            raise malformed("unsupported hashed host name")
        try:
            salt = base64.b64decode(parts[2], validate=True)
            digest = base64.b64decode(parts[3], validate=True)
        except binascii.Error as exc:
            raise malformed("hashed host name is not valid base64") from exc
        if len(salt) != _SHA1_SIZE or len(digest) != _SHA1_SIZE:
            raise malformed("hashed host name is not a SHA-1 salt and hash")
    if key_type not in _KEY_LABELS:
        raise malformed(f"unknown key type {key_type[:40]!r}")
    try:
        blob = base64.b64decode(encoded, validate=True)
        embedded = key_type_of(blob)
    except (binascii.Error, ValueError) as exc:
        raise malformed("the key is not valid base64") from exc
    if embedded != key_type:
        raise malformed(f"the key is a {embedded[:40]} key but the line says {key_type}")
    if not _well_formed(key_type, blob):
        raise malformed(f"the key is not a valid {key_type} key")
    if marker == "@cert-authority":
        return None
    return KnownKey(path, number, hosts, key_type, blob, revoked=marker == "@revoked")


def _strings(blob: bytes) -> list[bytes] | None:
    """The length-prefixed strings making up ``blob`` exactly, or None."""
    out: list[bytes] = []
    at = 0
    while at < len(blob):
        if at + 4 > len(blob):
            return None
        (length,) = struct.unpack(">I", blob[at : at + 4])
        at += 4
        if at + length > len(blob):
            return None
        out.append(blob[at : at + length])
        at += length
    return out


def _well_formed(key_type: str, blob: bytes) -> bool:
    """Whether ``blob`` has exactly the fields of a ``key_type`` public key."""
    parts = _strings(blob)
    if parts is None:
        return False
    fields = parts[1:]
    if key_type in ("ssh-ed25519", "sk-ssh-ed25519@openssh.com"):
        return len(fields) == (1 if key_type == "ssh-ed25519" else 2) and len(fields[0]) == 32
    if key_type == "ssh-rsa":
        return len(fields) == 2 and all(fields)
    if key_type == "ssh-dss":
        return len(fields) == 4 and all(fields)
    curve = key_type.removeprefix("sk-").removeprefix("ecdsa-sha2-").removesuffix("@openssh.com")
    point = _EC_POINT_SIZES.get(curve)
    wanted = 3 if key_type.startswith("sk-") else 2
    return (point is not None and len(fields) == wanted and fields[0] == curve.encode()
            and len(fields[1]) == point and fields[1][:1] == b"\x04")


@dataclasses.dataclass(frozen=True)
class KnownHosts:
    """The host-key trust settings for one connection attempt.

    ``path`` is oscmd's own known_hosts file, the only one ever written (mode
    0600, its directory created 0700).  ``read_only`` lists OpenSSH files
    consulted as well, typically ``~/.ssh/known_hosts``.  ``expected_fingerprints``
    is ``None`` when nothing is known about the server out of band; otherwise
    it holds the fingerprints from the instance's console output, and a new key
    must be one of them (an empty set therefore refuses every new key).
    """

    path: Path
    read_only: Sequence[Path] = ()
    policy: HostKeyPolicy = HostKeyPolicy.ACCEPT_NEW
    expected_fingerprints: frozenset[str] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "read_only", tuple(self.read_only))
        if self.expected_fingerprints is not None:
            normalized = frozenset(normalize_fingerprint(fp) for fp in self.expected_fingerprints)
            object.__setattr__(self, "expected_fingerprints", normalized)

    def with_expected(self, fingerprints: Iterable[str] | None) -> KnownHosts:
        """A copy that checks new keys against ``fingerprints`` (``None``: no check)."""
        expected = None if fingerprints is None else frozenset(fingerprints)
        return dataclasses.replace(self, expected_fingerprints=expected)

    def keys_for(self, host: str, port: int) -> list[KnownKey]:
        """Every recorded key for ``host`` on ``port``, oscmd's file first."""
        name = host_key_name(host, port)
        return [key for key in self._all_keys() if key.matches(name)]

    def preferred_algorithms(self, host: str, port: int) -> list[str]:
        """Host-key algorithms to ask the server for first: those of the keys already recorded."""
        algorithms: list[str] = []
        for key in self.keys_for(host, port):
            if key.revoked:
                continue
            for algorithm in _ALGORITHMS.get(key.key_type, (key.key_type,)):
                if algorithm not in algorithms:
                    algorithms.append(algorithm)
        return algorithms

    def verify(self, host: str, port: int, blob: bytes, *, announce: Announce) -> None:
        """Accept the key ``blob`` offered by ``host``:``port`` or raise :class:`ConnectionFailure`.

        ``announce`` receives one line for each key recorded and for each
        warning (a changed key let through by the ``off`` policy).
        """
        name = host_key_name(host, port)
        where = f"{host} port {port}"
        offered = describe_key(blob)
        recorded = self.keys_for(host, port)
        for key in recorded:
            if key.revoked and key.blob == blob:
                raise ConnectionFailure(
                    f"host key of {where} ({offered}) is marked as revoked in {key.where}; refusing to connect"
                )
        trusted = [key for key in recorded if not key.revoked]
        if any(key.blob == blob for key in trusted):
            return
        if trusted:
            known = "; ".join(f"{describe_key(key.blob)} in {key.where}" for key in trusted)
            if self.policy is HostKeyPolicy.OFF:
                announce(f"warning: host key of {where} has changed: offered {offered}, known {known}")
                return
            first = trusted[0]
            raise ConnectionFailure(
                f"host key of {where} has changed: the server offers {offered} but {known}; "
                "someone may be intercepting the connection, or the host was rebuilt",
                hint=f"if the change is expected, remove the old key: ssh-keygen -R '{name}' -f {first.path}",
            )
        if self.expected_fingerprints is not None and not self._console_lists(blob):
            if self.policy is HostKeyPolicy.OFF:
                announce(f"warning: host key of {where} ({offered}) is not listed in the console output")
                return
            listed = ", ".join(sorted(self.expected_fingerprints)) or "no fingerprints at all"
            raise ConnectionFailure(
                f"host key of {where} ({offered}) is not among the fingerprints in the instance's "
                f"console output ({listed}); refusing to connect"
            )
        if self.policy is HostKeyPolicy.OFF:
            return
        if self.policy is HostKeyPolicy.STRICT:
            raise ConnectionFailure(
                f"host key of {where} ({offered}) is unknown and the host-key policy is strict",
                hint=f"connect once with the accept-new policy, or add the key to {self.path}",
            )
        self._record(name, blob)
        checked = " (matches the console output)" if self.expected_fingerprints is not None else ""
        announce(f"added host key of {where} ({offered}){checked} to {self.path}")

    def _console_lists(self, blob: bytes) -> bool:
        expected = self.expected_fingerprints or frozenset()
        return sha256_fingerprint(blob) in expected or md5_fingerprint(blob) in expected

    def _all_keys(self) -> Iterator[KnownKey]:
        yield from read_known_hosts(self.path)
        for path in self.read_only:
            yield from read_known_hosts(path, lenient=True)

    def _record(self, name: str, blob: bytes) -> None:
        line = f"{name} {key_type_of(blob)} {base64.b64encode(blob).decode('ascii')}\n"
        try:
            private_dir(self.path.parent)
            append_record(self.path, line.encode("ascii"))
        except OSError as exc:
            raise UsageError(f"cannot write known_hosts file {exc.filename or self.path}: "
                             f"{exc.strerror or exc}") from exc
