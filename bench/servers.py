"""Local endpoints for the benchmarks: live moto, canned responses, a delaying proxy, dead ports.

:class:`MotoProcess` runs moto's EC2 server in a child process on 127.0.0.1
(so its threads never compete with the harness) and gives a boto3 client on
it (in any region: one moto serves every region, told apart by the request's
signature), a reset, and seeding helpers.  :class:`CannedServer` is a small
threaded HTTP server on 127.0.0.1 that answers EC2 query POSTs from captured
XML: DescribeInstances pages are chosen by ``NextToken`` (or, for a request
carrying a ``Filter``, one canned filtered answer), other actions by name,
optionally after a fixed delay (the "slow endpoint").  :class:`DelayProxy`
forwards every request to another endpoint after a fixed delay (a far region).
:func:`dead_endpoint` returns a loopback URL whose port nobody listens on.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .common import PYTHON, REGION, SCRIPTS, oscmd_env

ERROR_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidAction</Code>'
    "<Message>The canned benchmark endpoint has no answer for {action}</Message></Error></Errors>"
    "<RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>"
)


class MotoProcess:
    """moto's server in a child process on a random loopback port."""

    def __init__(self, timeout: float = 60.0) -> None:
        self._proc = subprocess.Popen(
            [PYTHON, str(SCRIPTS / "moto_server.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env=oscmd_env(Path("/nonexistent-oscmd-bench-home")), text=True,
        )
        stdout = self._proc.stdout
        assert stdout is not None
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not result or not result[0].startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError("moto server did not start")
        self.url = result[0].strip()
        self._client: Any = None
        self.client().describe_regions()  # the first request is slow: pay it here

    def client(self, region: str = REGION) -> Any:
        if region != REGION:
            return self._new_client(region)
        if self._client is None:
            self._client = self._new_client(region)
        return self._client

    def _new_client(self, region: str) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(  # noqa: TID251 - the benchmark's own view of the server
            "ec2", endpoint_url=self.url, region_name=region, aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"total_max_attempts": 1}, read_timeout=300, connect_timeout=5),
        )

    def reset(self) -> None:
        req = urllib.request.Request(f"{self.url}/moto-api/reset", method="POST", data=b"")
        with urllib.request.urlopen(req, timeout=30) as resp:
            json.loads(resp.read() or b"{}")

    def stop(self) -> None:
        proc = self._proc
        if proc.poll() is None:
            try:
                if proc.stdin is not None:
                    proc.stdin.close()
                proc.wait(timeout=10)
            except (subprocess.TimeoutExpired, OSError):
                proc.kill()
                proc.wait(timeout=10)

    def __enter__(self) -> MotoProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def seed_instances(ec2: Any, count: int, *, per_reservation: int = 1, prefix: str = "node",
                   itypes: Sequence[str] = ("t3.micro", "t3.small", "m5.large")) -> list[str]:
    """Launch ``count`` instances named ``PREFIX-00001``... (one Name tag each); return their ids."""
    ids: list[str] = []
    n = 0
    while n < count:
        k = min(per_reservation, count - n)
        answer = ec2.run_instances(
            ImageId="ami-0a1b2c3d4e5f60001", MinCount=k, MaxCount=k, InstanceType=itypes[n % len(itypes)],
            TagSpecifications=[{"ResourceType": "instance",
                                "Tags": [{"Key": "Name", "Value": f"{prefix}-{n + 1:05d}"},
                                         {"Key": "team", "Value": ("blue", "green", "red")[n % 3]}]}],
        )
        ids.extend(i["InstanceId"] for i in answer["Instances"])
        n += k
    return ids


def seed_volumes(ec2: Any, count: int, *, prefix: str = "data") -> list[str]:
    ids = []
    for n in range(count):
        answer = ec2.create_volume(
            Size=1 + n % 8, AvailabilityZone=f"{REGION}a", VolumeType="gp3",
            TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": f"{prefix}-{n + 1:04d}"}]}],
        )
        ids.append(answer["VolumeId"])
    return ids


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _CannedHTTPServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        query = urllib.parse.parse_qs(body)
        action = (query.get("Action") or [""])[0]
        canned = self.server.canned
        canned.count(action)
        if canned.delay:
            time.sleep(canned.delay)
        if action == "DescribeInstances" and canned.filtered is not None and "Filter.1.Name" in query:
            status, payload = 200, canned.filtered
        else:
            status, payload = canned.answer(action, (query.get("NextToken") or [""])[0])
        self.send_response(status)
        self.send_header("Content-Type", "text/xml;charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        return


class _CannedHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    canned: CannedServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer (a killed child, a client timeout) is not news."""


class CannedServer:
    """Answers EC2 query requests from captured XML on 127.0.0.1 (random port)."""

    def __init__(self, pages: Sequence[bytes], others: Mapping[str, bytes] | None = None,
                 delay: float = 0.0, filtered: bytes | None = None) -> None:
        self.pages = list(pages)
        self.others = dict(others or {})
        self.delay = delay
        self.filtered = filtered
        self.calls: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd = _CannedHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.canned = self
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True)
        self._thread.start()

    def count(self, action: str) -> None:
        with self._lock:
            self.calls[action] = self.calls.get(action, 0) + 1

    def answer(self, action: str, token: str) -> tuple[int, bytes]:
        if action == "DescribeInstances" and self.pages:
            index = 0
            if token.startswith("page-"):
                try:
                    index = int(token[5:])
                except ValueError:
                    index = len(self.pages)
            if 0 <= index < len(self.pages):
                return 200, self.pages[index]
        if action in self.others:
            return 200, self.others[action]
        return 400, ERROR_XML.format(action=action or "(none)").encode()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> CannedServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _ProxyHTTPServer

    def do_POST(self) -> None:
        import http.client

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        time.sleep(self.server.delay)
        upstream = http.client.HTTPConnection(self.server.upstream_host, self.server.upstream_port, timeout=300)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            upstream.request("POST", self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            payload = answer.read()
        finally:
            upstream.close()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        return


class _ProxyHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    delay: float
    upstream_host: str
    upstream_port: int

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up mid-answer is not news."""


class DelayProxy:
    """Forwards every request to ``upstream`` after ``delay`` seconds (each request in its own thread)."""

    def __init__(self, upstream: str, delay: float) -> None:
        parts = urllib.parse.urlsplit(upstream)
        self._httpd = _ProxyHTTPServer(("127.0.0.1", 0), _ProxyHandler)
        self._httpd.delay = delay
        self._httpd.upstream_host = parts.hostname or "127.0.0.1"
        self._httpd.upstream_port = parts.port or 80
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DelayProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def dead_endpoint() -> str:
    """A loopback URL on a port that was free a moment ago and has no listener (ECONNREFUSED)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
