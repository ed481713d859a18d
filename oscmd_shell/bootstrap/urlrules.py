"""Which include URLs may be fetched: https, plain http only where the bundle allows it, never a metadata address.

An include URL (``ami run -U``, a ``text/x-include-url`` line) must be
``https``; plain ``http`` is accepted only for a URL the include part names
in an ``X-Allow-Http`` header (``ami run --allow-http-include`` writes one per
http URL), because anyone on the path of a plain http request decides what
runs as root.  Link-local and metadata addresses (:data:`FORBIDDEN_NETWORKS`)
are never include targets, however they are spelled (``2852039166`` is
169.254.169.254); :mod:`.fetch` checks the addresses a host name resolves to
as well.  The launcher and the decoder both ask :func:`url_refusal`.
Standard library only.
"""

import ipaddress
import re
import socket
import urllib.parse

#: The include-part header naming a URL that may be fetched over plain http.
ALLOW_HTTP_HEADER = "X-Allow-Http"
#: Addresses never fetched: link-local (where every cloud's metadata service
#: lives), AWS's IPv6 service addresses, Alibaba's metadata, "this host".
FORBIDDEN_NETWORKS = tuple(ipaddress.ip_network(net) for net in (
    "169.254.0.0/16", "100.100.100.200/32", "0.0.0.0/8", "fe80::/10", "fd00:ec2::/32", "::/128",
))
_LEGACY_IPV4_RE = re.compile(r"[0-9a-fA-FxX.]+")


def _address(host: "str") -> "ipaddress.IPv4Address | ipaddress.IPv6Address | None":
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    if _LEGACY_IPV4_RE.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except (OSError, ValueError):
            return None
    return None


def forbidden_address(host: "str") -> "bool":
    """True when ``host`` is an address (in any spelling) that is link-local, a metadata service or unspecified."""
    ip = _address(host)
    if ip is None:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return any(ip.version == net.version and ip in net for net in FORBIDDEN_NETWORKS)


def url_refusal(url: "str", http_allowed: "bool") -> "str | None":
    """Why ``url`` may not be fetched, else None; ``http_allowed``: plain http is allowed for it."""
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return "the URL holds a space or a control character"
    try:
        parsed = urllib.parse.urlsplit(url)
        host = parsed.hostname
    except ValueError:
        return "not a valid URL"
    scheme = parsed.scheme.lower()
    if scheme not in ("http", "https") or not host:
        return "not an https URL"
    if scheme == "http" and not http_allowed:
        return "plain http: anyone on the path could change what runs as root (https is required)"
    if forbidden_address(host):
        return f"{host} is a link-local or metadata address"
    return None
