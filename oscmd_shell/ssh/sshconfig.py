"""Read OpenSSH's client configuration (``~/.ssh/config``) for one host, with paramiko's ``SSHConfig``.

:func:`lookup` returns what oscmd uses for a host name -- ``HostName``,
``User``, ``Port``, ``IdentityFile``, ``ProxyJump``, ``UserKnownHostsFile``,
``StrictHostKeyChecking`` and whether a ``ProxyCommand`` is set -- resolved as OpenSSH resolves them: ``Host``
and ``Match`` blocks, the first value obtained wins, ``IdentityFile`` lines
add up, ``~`` and ``%`` tokens are expanded.  ``Include`` lines, which
paramiko's reader does not follow, are expanded in place first (relative to
``~/.ssh``).  A missing file is an empty configuration.  A file oscmd cannot
read or use (unreadable, a FIFO or anything but a regular file, which is never
opened in a way that could hang, malformed, a ``Match exec`` without paramiko's
optional ``invoke`` package) is ignored with a warning, so it never stops a
login that does not need it.
"""

from __future__ import annotations

import glob
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

MAX_INCLUDE_DEPTH = 16
MAX_FILE_BYTES = 1 << 20
_INCLUDE = re.compile(r"^\s*include(?:\s*=\s*|\s+)(.+?)\s*$", re.IGNORECASE)
#: StrictHostKeyChecking values as oscmd's host-key policies ("ask" has no terminal prompt here).
POLICIES = {"yes": "strict", "accept-new": "accept-new", "ask": "accept-new", "no": "off", "off": "off"}


@dataclass(frozen=True)
class HostConfig:
    """The settings ``~/.ssh/config`` gives one host; ``None`` (or empty) where it says nothing."""

    hostname: str
    user: str | None = None
    port: int | None = None
    identity_files: tuple[str, ...] = ()
    proxy_jump: str | None = None
    known_hosts_files: tuple[str, ...] | None = None
    strict_host_key_checking: str | None = None
    proxy_command: str | None = None  # oscmd does not run one: the caller refuses rather than connect directly

    @property
    def host_key_policy(self) -> str | None:
        """``StrictHostKeyChecking`` as an oscmd host-key policy name."""
        value = (self.strict_host_key_checking or "").lower()
        return POLICIES.get(value)


def expand_includes(path: Path, home: Path, depth: int = 0) -> str:
    """The text of ``path`` with every ``Include`` line replaced by the files it names."""
    from ..fileio import read_regular

    lines: list[str] = []
    for line in read_regular(path, follow=True, limit=MAX_FILE_BYTES).decode("utf-8").splitlines():
        match = _INCLUDE.match(line)
        if match is None:
            lines.append(line)
            continue
        if depth >= MAX_INCLUDE_DEPTH:
            raise ValueError(f"Include nests more than {MAX_INCLUDE_DEPTH} files deep")
        for pattern in shlex.split(match.group(1)):
            if pattern.startswith("~/"):
                pattern = str(home / pattern[2:])
            elif not pattern.startswith("/"):
                pattern = str(home / ".ssh" / pattern)
            for name in sorted(glob.glob(pattern)):
                if Path(name).is_file():
                    lines.append(expand_includes(Path(name), home, depth + 1))
    return "\n".join(lines)


def _expand_path(value: str, home: Path) -> str:
    if value == "~" or value.startswith("~/"):
        value = str(home) + value[1:]
    return value.replace("%d", str(home)).replace("%%", "%")


def lookup(path: Path, host: str, home: Path) -> tuple[HostConfig, list[str]]:
    """What ``path`` (an OpenSSH client config) says about ``host``, and warnings about the file."""
    empty = HostConfig(hostname=host)
    try:
        text = expand_includes(path, home)
    except FileNotFoundError:
        return empty, []
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return empty, [f"warning: {path} cannot be read ({reason}); it is not used"]
    import paramiko

    try:
        found = paramiko.SSHConfig.from_text(text).lookup(host)
    except Exception as exc:  # paramiko's parser, Match exec without invoke, failed canonicalisation...
        reason = str(exc) or type(exc).__name__
        return empty, [f"warning: {path} cannot be used ({reason}); it is not used"]
    warnings: list[str] = []
    port: int | None = None
    if found.get("port"):
        try:
            port = int(str(found["port"]))
        except ValueError:
            warnings.append(f"warning: {path}: Port {found['port']!r} for {host} is not a number; it is not used")
    jump = str(found.get("proxyjump") or "").strip() or None
    proxy = str(found.get("proxycommand") or "").strip() or None
    known = found.get("userknownhostsfile")
    return HostConfig(
        hostname=str(found.get("hostname") or host),
        user=str(found["user"]) if found.get("user") else None,
        port=port,
        identity_files=tuple(_expand_path(str(p), home) for p in found.get("identityfile") or ()),
        proxy_jump=None if jump is None or jump.lower() == "none" else jump,
        known_hosts_files=tuple(_expand_path(p, home) for p in shlex.split(str(known))) if known else None,
        strict_host_key_checking=str(found["stricthostkeychecking"]) if found.get("stricthostkeychecking") else None,
        proxy_command=None if proxy is None or proxy.lower() == "none" else proxy,
    ), warnings
