"""Build the IpPermissions of ``add_rule``/``remove_rule`` from their options.

Pure and local: protocols (repeatable, lower-cased, ``all`` -> ``-1``), the
port range (``-P FROM:TO``, a single port, ``ALL``, or ``-f``/``-t``), the
source networks (``-m``, IPv4 and IPv6, checked with :mod:`ipaddress`) and a
source group already resolved to a group pair.  Every mistake is a
:class:`UsageError` raised before any API call; the result is one
``(label, IpPermission)`` per protocol.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from ...errors import UsageError

NAMED = {"tcp": "tcp", "udp": "udp", "icmp": "icmp", "icmpv6": "icmpv6", "all": "-1", "-1": "-1"}
NUMBERED = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6"}
PORTED = ("tcp", "udp")
ICMP = ("icmp", "icmpv6")
_RANGE = re.compile(r"^\s*(-?\d+)\s*(?:[:-]\s*(-?\d+)\s*)?$")

Permission = dict[str, Any]


def protocols(values: list[str], where: str) -> list[str]:
    """Normalise the ``-p`` values (repeatable, or comma-separated) in the order given."""
    out: list[str] = []
    for value in values:
        for part in str(value).split(","):
            word = part.strip().lower()
            if not word:
                continue
            if word in NAMED:
                proto = NAMED[word]
            elif word in NUMBERED:
                proto = NUMBERED[word]
            elif word.isdigit() and 0 <= int(word) <= 255:
                proto = str(int(word))
            else:
                raise UsageError(f"{where}: unknown protocol '{part.strip()}' "
                                 "(use tcp, udp, icmp, icmpv6, all or a protocol number 0-255)")
            if proto not in out:
                out.append(proto)
    if not out:
        raise UsageError(f"{where}: give the protocol with -p (tcp, udp, icmp, icmpv6, all or a number; repeatable)")
    return out


def ports(proto: str, port_range: str | None, from_port: int | None, to_port: int | None,
          where: str) -> tuple[int, int] | None:
    """(FromPort, ToPort) for ``proto``, or None when the protocol has no ports."""
    if port_range is not None and (from_port is not None or to_port is not None):
        raise UsageError(f"{where}: give the ports either with -P or with -f/-t, not both")
    if to_port is not None and from_port is None:
        raise UsageError(f"{where}: -t needs -f (the first port, or the ICMP type)")
    if proto not in PORTED and proto not in ICMP:
        return None
    icmp = proto in ICMP
    if port_range is not None:
        if port_range.strip().upper() == "ALL":
            return (-1, -1) if icmp else (0, 65535)
        match = _RANGE.match(port_range)
        if not match:
            raise UsageError(f"{where}: -P '{port_range}' is not a port range (FROM:TO, PORT or ALL)")
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) is not None else (-1 if icmp else low)
    elif from_port is not None:
        low = from_port
        high = to_port if to_port is not None else (-1 if icmp else from_port)
    elif icmp:
        return (-1, -1)
    else:
        raise UsageError(f"{where}: {proto} rules need ports: -P PORT, -P FROM:TO, -P ALL, or -f FROM [-t TO]")
    _check_ports(proto, low, high, where)
    return (low, high)


def _check_ports(proto: str, low: int, high: int, where: str) -> None:
    if proto in ICMP:
        if not (-1 <= low <= 255 and -1 <= high <= 255):
            raise UsageError(f"{where}: {proto} type and code must be between -1 (any) and 255, not {low}:{high}")
        if low == -1 and high != -1:
            raise UsageError(f"{where}: an {proto} code needs a type: -P TYPE:CODE")
        return
    if not (0 <= low <= 65535 and 0 <= high <= 65535):
        raise UsageError(f"{where}: ports must be between 0 and 65535, not {low}:{high}")
    if low > high:
        raise UsageError(f"{where}: the port range {low}:{high} is backwards (FROM must not exceed TO)")


def networks(masks: list[str], where: str) -> tuple[list[str], list[str]]:
    """Split the ``-m`` values into IPv4 and IPv6 CIDRs, each checked."""
    v4: list[str] = []
    v6: list[str] = []
    for value in masks:
        for part in str(value).split(","):
            text = part.strip()
            if not text:
                continue
            try:
                net = ipaddress.ip_network(text, strict=True)
            except ValueError:
                raise UsageError(_bad_network(text, where)) from None
            bucket = v4 if net.version == 4 else v6
            if str(net) not in bucket:
                bucket.append(str(net))
    return v4, v6


def _bad_network(text: str, where: str) -> str:
    try:
        loose = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return (f"{where}: -m '{text}' is not a CIDR (expected A.B.C.D/N, e.g. 203.0.113.0/24, "
                "or an IPv6 prefix such as 2001:db8::/32)")
    return f"{where}: -m '{text}' has host bits set; did you mean {loose}?"


def check_sources(masks: list[str], source_group: str | None, where: str) -> None:
    if masks and source_group:
        raise UsageError(f"{where}: -m and -s are mutually exclusive: a rule opens to networks or to a group")
    if not masks and not source_group:
        raise UsageError(f"{where}: give the source with -m CIDR (repeatable; -m 0.0.0.0/0 means everyone) "
                         "or -s GROUP")


def port_text(proto: str, span: tuple[int, int] | None) -> str:
    if span is None:
        return "ALL"
    low, high = span
    if proto in ICMP:
        if low == -1:
            return "ALL"
        return f"{low}" if high == -1 else f"{low}:{high}"
    if (low, high) == (0, 65535):
        return "ALL"
    return str(low) if low == high else f"{low}-{high}"


def label(proto: str, span: tuple[int, int] | None) -> str:
    name = "all" if proto == "-1" else proto
    return name if proto == "-1" else f"{name}/{port_text(proto, span)}"


def build(
    protos: list[str],
    *,
    port_range: str | None,
    from_port: int | None,
    to_port: int | None,
    v4: list[str],
    v6: list[str],
    pair: dict[str, str] | None,
    description: str | None,
    where: str,
) -> list[tuple[str, Permission]]:
    """One ``(label, IpPermission)`` per protocol."""
    desc = {"Description": description} if description else {}
    out: list[tuple[str, Permission]] = []
    for proto in protos:
        span = ports(proto, port_range, from_port, to_port, where)
        perm: Permission = {"IpProtocol": proto}
        if span is not None:
            perm["FromPort"], perm["ToPort"] = span
        if v4:
            perm["IpRanges"] = [{"CidrIp": c, **desc} for c in v4]
        if v6:
            perm["Ipv6Ranges"] = [{"CidrIpv6": c, **desc} for c in v6]
        if pair:
            perm["UserIdGroupPairs"] = [{**pair, **desc}]
        out.append((label(proto, span), perm))
    return out


def sources_text(v4: list[str], v6: list[str], pair: dict[str, str] | None) -> str:
    if pair:
        group = pair.get("GroupId") or pair.get("GroupName", "")
        return f"{pair['UserId']}:{group}" if pair.get("UserId") else group
    return ", ".join([*v4, *v6])
