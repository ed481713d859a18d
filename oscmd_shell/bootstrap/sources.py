"""Read the decoder's inputs and turn each into one checked MIME tree.

An input is a file (``-`` is standard input), the body of an ``http``/``https``
URL, the instance user data, or, for ``text/x-include-url`` parts, an HTTP
response whose headers and body together form one MIME entity.  Gzip input is
decompressed and base64 input decoded before parsing; a document that is not
MIME, or whose multipart structure is broken or truncated, is refused with one
line naming the input.  Standard library only.
"""

import base64
import binascii
import os
import posixpath
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from email.errors import CloseBoundaryNotFoundDefect, NoBoundaryInMultipartDefect, StartBoundaryNotFoundDefect
from email.message import Message

from .mimeparts import PartError, gunzip_bytes, is_transfer_encoded, parse_document
from .mimetypes_table import GZIP_MAGIC, content_type_for

USER_AGENT = "oscmd-init"
_BASE64_RE = re.compile(rb"^[A-Za-z0-9+/=\s]+$")
_BROKEN = (NoBoundaryInMultipartDefect, StartBoundaryNotFoundDefect, CloseBoundaryNotFoundDefect)
# Response headers that describe the HTTP transfer, not the entity.
_TRANSFER_HEADERS = ("content-length", "content-encoding", "transfer-encoding")


class InputError(Exception):
    """An input cannot be read or is not a usable MIME document; the message is one line."""


def read_file(path: "str") -> "bytes":
    """The bytes of ``path``; ``-`` reads standard input."""
    if path == "-":
        return bytes(sys.stdin.buffer.read())
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def check_url(url: "str") -> "str":
    """``url`` unchanged when it is an http or https URL with a host."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        raise InputError(f"{url}: not an http or https URL")
    return url


def proxies_from(env: "Mapping[str, str]", url: "str") -> "dict[str, str]":
    """The proxies ``*_proxy`` variables of ``env`` give for ``url`` (``no_proxy`` honoured)."""
    proxies: dict[str, str] = {}
    for name, value in env.items():
        lowered = name.lower()
        if value and lowered.endswith("_proxy") and (name == lowered or lowered[:-6] not in proxies):
            proxies[lowered[:-6]] = value
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    if _bypassed(host, proxies.pop("no", "")):
        return {}
    return proxies


def _bypassed(host: "str", no_proxy: "str") -> "bool":
    """True when ``host`` matches the ``no_proxy`` list (``*``, names and ``.domain`` suffixes)."""
    for entry in no_proxy.replace(" ", ",").split(","):
        entry = entry.strip().lower().lstrip(".")
        if entry == "*" or (entry and (host == entry or host.endswith("." + entry))):
            return True
    return False


def _open(url: "str", env: "Mapping[str, str]", timeout: "float") -> "tuple[Message, bytes]":
    opener = urllib.request.build_opener(urllib.request.ProxyHandler(proxies_from(env, url)))
    request = urllib.request.Request(check_url(url), headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.headers, bytes(response.read())
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"{url}: {exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"{url}: {exc}") from None


def fetch_body(url: "str", env: "Mapping[str, str]", timeout: "float" = 30.0) -> "bytes":
    """The body of ``url`` (a whole document), decompressed if the server gzipped it."""
    headers, body = _open(url, env, timeout)
    if (headers.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
        body = _gunzip(url, body)
    return body


def fetch_entity(url: "str", env: "Mapping[str, str]", timeout: "float" = 30.0) -> "bytes":
    """The response to ``url`` as one MIME entity: its content headers, a blank line, the body.

    The server's ``Content-Type`` therefore decides what the decoder does; when
    the server sends none, the type is taken from the URL's file name and the
    body's opening bytes.  ``Content-*`` and ``X-*`` headers are kept (so
    ``Content-Disposition``, ``X-Mode``... work); the transfer's own headers
    are dropped, and a gzip ``Content-Encoding`` is undone.
    """
    headers, body = _open(url, env, timeout)
    if (headers.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
        body = _gunzip(url, body)
    lines = []
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in _TRANSFER_HEADERS or not lowered.startswith(("content-", "x-")):
            continue
        lines.append(f"{name}: {' '.join(value.split())}")
    if headers.get("Content-Type") is None:
        name = posixpath.basename(urllib.parse.urlsplit(url).path)
        lines.insert(0, f"Content-Type: {content_type_for(name, body)}")
    # http.client decoded the header bytes as Latin-1: encoding back gives them unchanged.
    head = "".join(line + "\n" for line in lines).encode("latin-1", "replace")
    return head + b"\n" + body


def _gunzip(origin: "str", data: "bytes") -> "bytes":
    try:
        return gunzip_bytes(data)
    except PartError as exc:
        raise InputError(f"{origin}: {exc}") from None


def unwrap(data: "bytes", origin: "str") -> "bytes":
    """``data`` with gzip compression and base64 encoding undone (either, both, or neither)."""
    if data.startswith(GZIP_MAGIC):
        return _gunzip(origin, data)
    stripped = data.strip()
    if stripped and _BASE64_RE.match(stripped):
        try:
            decoded = base64.b64decode(b"".join(stripped.split()), validate=True)
        except (binascii.Error, ValueError):
            return data
        if decoded.startswith(GZIP_MAGIC):
            return _gunzip(origin, decoded)
        return decoded
    return data


def load_document(data: "bytes", origin: "str") -> "Message":
    """``data`` unwrapped and parsed; raises :class:`InputError` when it is not a sound MIME tree."""
    if not data.strip():
        raise InputError(f"{origin}: empty input")
    try:
        message = parse_document(unwrap(data, origin))
    except PartError as exc:
        raise InputError(f"{origin}: {exc}") from None
    check_tree(message, origin)
    return message


def check_tree(message: "Message", origin: "str") -> None:
    """Refuse a tree with a multipart whose boundary is missing, never opened or never closed."""
    for part in message.walk():
        if is_transfer_encoded(part):
            continue  # an encoded container is decoded and checked when it is reached
        for defect in part.defects:
            if isinstance(defect, _BROKEN):
                raise InputError(
                    f"{origin}: malformed MIME document ({_defect_text(defect)} in a {part.get_content_type()} part)"
                )


def _defect_text(defect: "object") -> "str":
    if isinstance(defect, NoBoundaryInMultipartDefect):
        return "no boundary"
    if isinstance(defect, StartBoundaryNotFoundDefect):
        return "the boundary never starts"
    return "the closing boundary is missing, the document is truncated"


def display_origin(path: "str") -> "str":
    """How an input path is named in messages."""
    return "stdin" if path == "-" else os.path.normpath(path)
