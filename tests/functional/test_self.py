"""``-s/--self`` and ``-S``: the instance (or its image, or its region) this command runs on, from a
metadata service on loopback that speaks IMDSv2, or only IMDSv1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.support.runner import Oscmd
from tests.support.seed import IMAGE, run_named


class FakeIMDS:
    """An instance metadata service on loopback.

    With ``token_status`` 200 it only answers with a v2 token (as IMDSv2 set to
    "required"); with 403, 404 or 405 it refuses tokens and answers without one
    (an IMDSv1-only service).
    """

    def __init__(self, instance_id: str, image_id: str, token_status: int = 200) -> None:
        values = {"/latest/meta-data/instance-id": instance_id, "/latest/meta-data/ami-id": image_id,
                  "/latest/dynamic/instance-identity/document": json.dumps({"region": "us-east-1"})}
        self.requests: list[str] = []
        requests = self.requests
        v1 = token_status != 200

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
                if v1:
                    self._send(token_status, "")
                    return
                self._send(200 if ok else 400, "TOKEN" if ok else "")

            def do_GET(self) -> None:
                requests.append(f"GET {self.path}")
                if not v1 and self.headers.get("X-aws-ec2-metadata-token") != "TOKEN":
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
def imds(ec2: Any, oscmd: Oscmd) -> Iterator[tuple[FakeIMDS, str]]:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE)
    oscmd.environ["OSCMD_IMDS_ENDPOINT"] = fake.url
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


def test_self_off_ec2_is_one_clear_line(oscmd: Oscmd) -> None:
    r = oscmd("instance", "-s", "dump", environ={"OSCMD_IMDS_ENDPOINT": "http://127.0.0.1:9"})
    assert r.status == 5
    assert r.err.strip().startswith("oscmd: the instance metadata service did not answer")
    assert "only work on an EC2 instance" in r.err


@pytest.mark.parametrize("refusal", [403, 404, 405])
def test_an_imdsv1_service_is_read_without_a_token(oscmd: Oscmd, ec2: Any, refusal: int) -> None:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE, token_status=refusal)
    try:
        r = oscmd("instance", "-s", "list", "-p", "%(id)s %(name)s", environ={"OSCMD_IMDS_ENDPOINT": fake.url})
    finally:
        fake.stop()
    assert (r.status, r.lines) == (0, [f"{iid} me"]), r.err
    assert fake.requests == ["PUT /latest/api/token", "GET /latest/meta-data/instance-id"]


def test_botocore_endpoint_variable_moves_the_service(oscmd: Oscmd, ec2: Any) -> None:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE)
    try:
        # AWS_EC2_METADATA_SERVICE_ENDPOINT wins over the older OSCMD_IMDS_ENDPOINT (a dead port here).
        r = oscmd("instance", "-s", "list", "-p", "%(id)s",
                  environ={"AWS_EC2_METADATA_SERVICE_ENDPOINT": fake.url + "/", "AWS_EC2_METADATA_DISABLED": "",
                           "OSCMD_IMDS_ENDPOINT": "http://127.0.0.1:9"})
    finally:
        fake.stop()
    assert (r.status, r.lines) == (0, [iid]), r.err
    assert fake.requests[:2] == ["PUT /latest/api/token", "GET /latest/meta-data/instance-id"]


def test_metadata_disabled_wins_over_the_botocore_endpoint(oscmd: Oscmd, ec2: Any) -> None:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE)
    try:
        r = oscmd("instance", "-s", "dump", environ={"AWS_EC2_METADATA_SERVICE_ENDPOINT": fake.url,
                                                     "AWS_EC2_METADATA_DISABLED": "true", "OSCMD_IMDS_ENDPOINT": ""})
    finally:
        fake.stop()
    assert r.status == 5 and "AWS_EC2_METADATA_DISABLED" in r.err
    assert fake.requests == []


def test_a_refused_value_is_one_line(oscmd: Oscmd, ec2: Any) -> None:
    fake = FakeIMDS("", IMAGE, token_status=404)
    try:
        r = oscmd("instance", "-s", "dump", environ={"OSCMD_IMDS_ENDPOINT": fake.url})
    finally:
        fake.stop()
    assert r.status == 5
    assert r.err.strip() == (f"oscmd: the instance metadata service at {fake.url} refused "
                             "/latest/meta-data/instance-id (HTTP 404): -s/--self and -S only work on an EC2 instance")
