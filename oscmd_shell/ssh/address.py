"""Which address of an instance to connect to, and whether a text is a host at all.

An instance's addresses come from the endpoint, and they end up as an
argument of ``ping`` and ``ssh`` and in a TCP connection: :func:`is_host`
accepts only an IP address or a DNS name (labels of letters, digits, ``-`` and
``_``, none starting with ``-``), so nothing the endpoint answers can become a
program's option (``-f``, ``-oProxyCommand=...``).  :func:`pick` chooses as
oscmd always has -- the public DNS name when it resolves here, else the
public IP, else the private IP -- after checking every address it may choose
from: a malformed one is an :class:`ApiError` naming it (escaped where it is
shown), never a connection attempt.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

from ..errors import ApiError, UsageError

_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_DNS_NAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?", re.ASCII)
MAX_NAME = 253


def is_host(text: str) -> bool:
    """Whether ``text`` is an IP address or a DNS name (never an option-like word)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return len(text) <= MAX_NAME and _DNS_NAME.fullmatch(text) is not None
    return True


def given_host(text: str, option: str = "--host") -> str:
    """A host named on the command line: a UsageError unless it is an IP address or a DNS name."""
    if not is_host(text):
        raise UsageError(f"{option} '{text}' is not an IP address or a host name")
    return text


def pick(label: str, dns: object, public_ip: object, private_ip: object, *,
         resolve: Callable[[str], bool]) -> str | None:
    """The public DNS name (when it resolves), the public IP, the private IP; None when there is none."""
    for what, value in (("public DNS name", dns), ("public IP address", public_ip),
                        ("private IP address", private_ip)):
        if value and not is_host(str(value)):
            raise ApiError(f"the endpoint gave the instance {label} a {what} that is not an address: '{value}'; "
                           "nothing was run")
    if dns and (not (public_ip or private_ip) or resolve(str(dns))):
        return str(dns)
    for address in (public_ip, private_ip):
        if address:
            return str(address)
    return None
