"""A fault-injecting HTTP proxy on loopback, in front of the local EC2 server.

Requests are forwarded to the upstream endpoint unless the plan says
otherwise for their ``Action`` (and, with ``when``, only for requests that
carry that parameter): answer with a throttling error, an HTTP 500, an
authentication failure, any EC2 error (``error`` with ``code`` and
``message``), an HTML page or a 200 whose body is not XML (``garbage``),
delay, drop the connection, never answer, answer late (``late``: the upstream
has done the request, the answer waits; ``wait_answered`` tells a test that
moment), or pass the upstream's answer through ``edit`` first (what moto
cannot produce: an instance that stays pending, one that dies).  Every
request is counted per action, so tests can assert how many attempts were
made (or that none was), and its path and headers are kept
(``plan.requests``), so a test knows the signatures that went on the wire.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

ERROR = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{code}</Code>'
         "<Message>{msg}</Message></Error></Errors><RequestID>{rid}</RequestID></Response>")
CRASH_PAGE = (b'<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n'
              b"<h1>Internal Server Error</h1>\n<p>The server encountered an internal error.</p>\n")
KINDS = {
    "throttle": (503, "RequestLimitExceeded", "Request limit exceeded."),
    "throttling": (400, "Throttling", "Rate exceeded"),
    "http500": (500, "InternalError", "An internal error has occurred"),
    "unavailable": (503, "Unavailable", "The server is overloaded"),
    "auth": (401, "AuthFailure", "AWS was not able to validate the provided access credentials"),
    "expired": (400, "RequestExpired", "Request has expired."),
}


@dataclass
class Fault:
    kind: str
    action: str | None = None
    count: int = 1
    seconds: float = 0.0
    when: str | None = None  # a request parameter (such as "InstanceId.1") the request must carry
    code: str = "InvalidParameterValue"  # kind "error": the EC2 error code, message and HTTP status
    message: str = ""
    status: int = 400
    edit: Callable[[bytes], bytes] | None = None  # kind "edit": what the upstream's answer becomes


@dataclass
class FaultPlan:
    """A FIFO of faults, each used ``count`` times for matching actions."""

    faults: list[Fault] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answered: Counter[str] = field(default_factory=Counter)  # requests the upstream has answered
    _answer: threading.Condition = field(default_factory=threading.Condition)

    def add(self, kind: str, action: str | None = None, count: int = 1, seconds: float = 0.0, **details: Any) -> None:
        """Plan ``count`` faults of ``kind`` for ``action`` (any action when None); ``details``: see :class:`Fault`."""
        with self.lock:
            self.faults.append(Fault(kind, action, count, seconds, **details))

    def error(self, action: str, code: str, message: str, count: int = 1, **details: Any) -> Fault:
        """Answer ``count`` ``action`` requests with the EC2 error ``code``; the fault's ``count`` says what is left."""
        self.add("error", action, count, code=code, message=message, **details)
        return self.faults[-1]

    def edit(self, action: str, change: Callable[[bytes], bytes], count: int = 1_000_000) -> None:
        """Forward ``action`` requests, and pass each answer through ``change`` on its way back."""
        self.add("edit", action, count, edit=change)

    def clear(self) -> None:
        with self.lock:
            self.faults.clear()
            self.hits.clear()
            self.requests.clear()

    def take(self, action: str, params: dict[str, list[str]] | None = None) -> Fault | None:
        with self.lock:
            self.hits[action] += 1
            for fault in self.faults:
                if fault.when is not None and fault.when not in (params or {}):
                    continue
                if fault.action in (None, action) and fault.count > 0:
                    fault.count -= 1
                    return fault
        return None

    def note_answered(self, action: str) -> None:
        with self._answer:
            self.answered[action] += 1
            self._answer.notify_all()

    def wait_answered(self, action: str, timeout: float) -> bool:
        """Wait until the upstream has answered one ``action`` request (it is done there, whatever comes next)."""
        with self._answer:
            return self._answer.wait_for(lambda: self.answered[action] > 0, timeout)

    @property
    def total(self) -> int:
        return sum(self.hits.values())


class FaultProxy:
    """``FaultProxy(upstream_url)``: start it, point oscmd at ``.url``, program ``.plan``."""

    def __init__(self, upstream: str) -> None:
        self.plan = FaultPlan()
        parts = urlsplit(upstream)
        up_host, up_port = parts.hostname or "127.0.0.1", parts.port or 80
        plan = self.plan

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                params = parse_qs(body.decode(errors="replace"))
                action = (params.get("Action") or ["?"])[0]
                with plan.lock:
                    plan.requests.append((self.path, dict(self.headers.items())))
                fault = plan.take(action, params)
                if fault is not None and (fault.kind in KINDS or fault.kind == "error"):
                    status, code, msg = KINDS.get(fault.kind) or (fault.status, fault.code, fault.message)
                    self._answer(status, ERROR.format(code=code, msg=msg, rid=uuid.uuid4()).encode(), "text/xml")
                    return
                if fault is not None and fault.kind == "html":
                    self._answer(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
                    return
                if fault is not None and fault.kind == "garbage":  # a success cut short: not XML at all
                    self._answer(200, b"<DescribeInstancesResponse><reservationSet><item>cut off", "text/xml")
                    return
                if fault is not None and fault.kind == "crash":  # a server's own error page, as moto's HTTP 500s
                    self._answer(500, CRASH_PAGE, "text/html")
                    return
                if fault is not None and fault.kind == "drop":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if fault is not None and fault.kind == "blackhole":
                    time.sleep(fault.seconds or 30)
                    self.close_connection = True
                    return
                if fault is not None and fault.kind == "delay":
                    time.sleep(fault.seconds)
                conn = http.client.HTTPConnection(up_host, up_port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request("POST", self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                plan.note_answered(action)
                if fault is not None and fault.edit is not None:
                    data = fault.edit(data)
                if fault is not None and fault.kind == "late":  # done upstream, the answer is slow to come
                    time.sleep(fault.seconds)
                self._answer(resp.status, data, resp.getheader("Content-Type") or "text/xml")

            def _answer(self, status: int, data: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first (a timeout under test): nothing to report

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class BlackHole:
    """A loopback port that accepts connections and never answers; ``accepted`` is set at the first one."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.accepted = threading.Event()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            self.accepted.set()

    def close(self) -> None:
        self._closed = True
        for conn in self.held:
            conn.close()
        self.sock.close()


def closed_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"
