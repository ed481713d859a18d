"""Fetch ``-u`` documents and include URLs: where they may lead, and what they become.

Which URLs may be fetched at all is :mod:`.urlrules`'s decision.  No URL,
and no redirect, may lead to a link-local or metadata address: names are
resolved here and every address is checked before connecting.  A redirect
never changes the scheme.  Bodies are read up to the part allowance of
:mod:`.limits`.  What an include URL serves is typed by the document itself
(a MIME document is walked; anything else is typed by the URL's file name
and its opening bytes); the server's ``Content-Type`` is only checked
against that, and its ``Content-Disposition`` and ``X-*`` headers are
ignored.  The ``*_proxy`` variables are honoured; through a proxy
only IP-literal hosts can be checked.  Standard library only.
"""

import contextlib
import http.client
import os
import posixpath
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from email.message import Message
from typing import Any, NoReturn

from .limits import MAX_PART_BYTES, size_text
from .mimeparts import PartError, gunzip_bytes, parse_document
from .mimetypes_table import GZIP_MAGIC, content_type_for, is_container, plain_type
from .sources import InputError
from .urlrules import forbidden_address, url_refusal

USER_AGENT = "oscmd-init"
MAX_REDIRECTS = 5
#: The longest one fetch may take, answer and redirects included (a read timeout alone lets a server
#: trickle one byte every 29 s for ever).
FETCH_SECONDS = 120.0
#: Server types that say nothing about the content.
GENERIC_TYPES = ("text/plain", "application/octet-stream", "binary/octet-stream")
_FAMILIES = (
    ("text/x-shellscript", "text/x-executable", "text/x-python"),
    ("text/x-include-url", "text/x-include-once-url"),
)


def _connect(address: "tuple[str, int]", timeout: "object" = None, source_address: "object" = None) -> "socket.socket":
    """``socket.create_connection``, refusing a host any of whose addresses is forbidden."""
    host, port = address
    infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    for info in infos:
        if forbidden_address(str(info[4][0])):
            raise OSError(f"{host} resolves to {info[4][0]}, a link-local or metadata address: refused")
    last: OSError | None = None
    for family, kind, proto, _name, where in infos:
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, (int, float)):
                sock.settimeout(timeout)
            sock.connect(where)
            _Deadline.watch(sock)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
    raise last if last is not None else OSError(f"{host}: no address")


class _Deadline:
    """Ends a fetch that outlives its deadline: its sockets are shut down, so a blocked read returns."""

    current: "_Deadline | None" = None

    def __init__(self, seconds: "float") -> None:
        self.expired = False
        self._fds: list[int] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    @classmethod
    def watch(cls, sock: "socket.socket") -> None:
        deadline = cls.current
        if deadline is not None:
            with deadline._lock:
                deadline._fds.append(os.dup(sock.fileno()))  # the same socket, even once TLS wraps it

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for fd in self._fds:
                with contextlib.suppress(OSError):
                    socket.socket(fileno=os.dup(fd)).shutdown(socket.SHUT_RDWR)

    @contextlib.contextmanager
    def running(self) -> "Iterator[_Deadline]":
        _Deadline.current = self
        self._timer.start()
        try:
            yield self
        finally:
            self._timer.cancel()
            _Deadline.current = None
            with self._lock:
                for fd in self._fds:
                    with contextlib.suppress(OSError):
                        os.close(fd)
                self._fds.clear()


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: "Any", **kwargs: "Any") -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect  # type: ignore[assignment]


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: "Any", **kwargs: "Any") -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect  # type: ignore[assignment]


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: "urllib.request.Request") -> "http.client.HTTPResponse":
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, context: "ssl.SSLContext") -> None:
        super().__init__(context=context)
        self.tls = context

    def https_open(self, req: "urllib.request.Request") -> "http.client.HTTPResponse":
        return self.do_open(_HTTPSConnection, req, context=self.tls)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req: "urllib.request.Request", fp: "object", code: "int", msg: "str",
                         headers: "object", newurl: "str") -> "urllib.request.Request | None":
        old = urllib.parse.urlsplit(req.full_url).scheme.lower()
        new = urllib.parse.urlsplit(newurl)
        if new.scheme.lower() != old:
            raise urllib.error.URLError(f"redirect to {newurl} refused: it changes the scheme from {old}")
        if new.hostname and forbidden_address(new.hostname):
            raise urllib.error.URLError(f"redirect to {newurl} refused: a link-local or metadata address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


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


def _opener(env: "Mapping[str, str]", url: "str") -> "urllib.request.OpenerDirector":
    """An opener for http and https only, with the address checks and the redirect rule."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(proxies_from(env, url)), urllib.request.UnknownHandler(),
                    _HTTPHandler(), _HTTPSHandler(ssl.create_default_context()),
                    urllib.request.HTTPDefaultErrorHandler(), _Redirects(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def open_url(url: "str", env: "Mapping[str, str]", limit: "int", timeout: "float" = 30.0,
             deadline: "float" = FETCH_SECONDS) -> "tuple[Message, bytes]":
    """The response headers and body of ``url`` (gzip transfer undone), at most ``limit`` bytes, within
    ``deadline`` seconds in all (``timeout`` bounds each read)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    watch = _Deadline(deadline)
    try:
        with watch.running(), _opener(env, url).open(request, timeout=timeout) as response:
            headers, body = response.headers, bytes(response.read(limit + 1))
    except (OSError, ValueError, http.client.HTTPException) as exc:
        if watch.expired:
            raise InputError(f"{url}: no whole answer within {deadline:g} s") from None
        _failed(url, exc)
    if watch.expired:
        raise InputError(f"{url}: no whole answer within {deadline:g} s")
    if len(body) > limit:
        raise InputError(f"{url}: more than {size_text(limit)}")
    if (headers.get("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip"):
        try:
            body = gunzip_bytes(body, limit)
        except PartError as exc:
            raise InputError(f"{url}: {exc}") from None
    return headers, body


def _failed(url: "str", exc: "Exception") -> "NoReturn":
    """Raise the :class:`InputError` a failed fetch of ``url`` is."""
    if isinstance(exc, urllib.error.HTTPError):
        raise InputError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    if isinstance(exc, urllib.error.URLError):
        raise InputError(f"{url}: {exc.reason}") from None
    raise InputError(f"{url}: {exc}") from None


def fetch_body(url: "str", env: "Mapping[str, str]", limit: "int") -> "bytes":
    """The body of the ``-u`` URL ``url`` (a whole document); plain http allowed (it is on the command line)."""
    reason = url_refusal(url, http_allowed=True)
    if reason is not None:
        raise InputError(f"{url}: {reason}")
    return open_url(url, env, limit)[1]


def is_mime_document(body: "bytes") -> "bool":
    """True when ``body`` opens with MIME headers (as cloud-init tells them: ``MIME-Version`` early on)."""
    return b"mime-version:" in body[:4096].lower() or content_type_for("", body).startswith("multipart/")


def include_entity(url: "str", env: "Mapping[str, str]", limit: "int" = MAX_PART_BYTES) -> "Message":
    """What the include URL ``url`` serves, as one MIME entity typed by the document itself.

    A MIME document is parsed as it is.  Anything else becomes one part whose
    type comes from the URL's file name and the body's opening bytes (a script
    must start with ``#!`` to run); it has no file name, so nothing is
    extracted.  A server ``Content-Type`` that names another kind of content
    is refused.
    """
    headers, body = open_url(url, env, limit)
    try:
        if body.startswith(GZIP_MAGIC):
            body = gunzip_bytes(body, limit)
        name = posixpath.basename(urllib.parse.urlsplit(url).path)
        own = "message/rfc822" if is_mime_document(body) else content_type_for(name, body, "text/plain")
        served = plain_type(headers.get_content_type()) if headers.get("Content-Type") else None
        if served is not None and served not in GENERIC_TYPES and not _agree(served, own):
            raise InputError(f"{url}: the server says {served} but the document is {own}: refused")
        if is_container(own):
            return parse_document(body)
        head = f"Content-Type: {own}\nContent-Description: {name or url}\n\n"
        return parse_document(head.encode("utf-8", "replace") + body)
    except PartError as exc:
        raise InputError(f"{url}: {exc}") from None


def _agree(served: "str", own: "str") -> "bool":
    if served == own or (is_container(served) and is_container(own)):
        return True
    return any(served in family and own in family for family in _FAMILIES)
