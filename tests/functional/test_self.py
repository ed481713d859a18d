"""``-s/--self``: the instance (or its image) this command runs on, through IMDSv2."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.support.runner import Oscmd
from tests.support.seed import IMAGE, run_named


class FakeIMDS:
    """An instance metadata service on loopback that only answers with a v2 token."""

    def __init__(self, instance_id: str, image_id: str) -> None:
        values = {"/latest/meta-data/instance-id": instance_id, "/latest/meta-data/ami-id": image_id}
        self.requests: list[str] = []
        requests = self.requests

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(self, status: int, body: str) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_PUT(self) -> None:
                requests.append(f"PUT {self.path}")
                ok = self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
                self._send(200 if ok else 400, "TOKEN" if ok else "")

            def do_GET(self) -> None:
                requests.append(f"GET {self.path}")
                if self.headers.get("X-aws-ec2-metadata-token") != "TOKEN":
                    self._send(401, "")
                    return
                value = values.get(self.path)
                self._send(200 if value else 404, value or "")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def imds(ec2: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeIMDS, str]]:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE)
    monkeypatch.setenv("OSCMD_IMDS_ENDPOINT", fake.url)
    yield fake, iid
    fake.stop()


def test_self_finds_this_instance_and_its_image(oscmd: Oscmd, imds: tuple[FakeIMDS, str]) -> None:
    fake, iid = imds
    r = oscmd("instance", "-s", "list", "-p", "%(id)s %(name)s")
    assert r.status == 0, r.err
    assert r.lines == [f"{iid} me"]
    assert fake.requests[:2] == ["PUT /latest/api/token", "GET /latest/meta-data/instance-id"]
    r = oscmd("ami", "-s", "list", "-p", "%(id)s")
    assert r.lines == [IMAGE]


def test_self_off_ec2_is_one_clear_line(oscmd: Oscmd, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OSCMD_IMDS_ENDPOINT", "http://127.0.0.1:9")
    r = oscmd("instance", "-s", "dump")
    assert r.status == 5
    assert r.err.strip().startswith("oscmd: the instance metadata service did not answer")
    assert "only work on an EC2 instance" in r.err
