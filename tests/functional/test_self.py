"""``-s/--self`` and ``-S``: the instance (or its image, or its region) this command runs on, from a
metadata service on loopback that speaks IMDSv2, or only IMDSv1.  ``-S ROLE`` is checked against a
crafted endpoint that records each request's signature scope and session token."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.support.crafted import CraftedEC2, Instance
from tests.support.runner import Oscmd, Result
from tests.support.seed import IMAGE, run_named


class FakeIMDS:
    """An instance metadata service on loopback.

    With ``token_status`` 200 it only answers with a v2 token (as IMDSv2 set to
    "required"); with 403, 404 or 405 it refuses tokens and answers without one
    (an IMDSv1-only service).
    """

    def __init__(self, instance_id: str, image_id: str, token_status: int = 200,
                 more: dict[str, str] | None = None) -> None:
        values = {"/latest/meta-data/instance-id": instance_id, "/latest/meta-data/ami-id": image_id,
                  "/latest/dynamic/instance-identity/document": json.dumps({"region": "us-east-1"}), **(more or {})}
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


def metadata_at(url: str) -> dict[str, str]:
    """The environment pointing oscmd at a metadata service (the tests' base environment disables it)."""
    return {"AWS_EC2_METADATA_SERVICE_ENDPOINT": url, "AWS_EC2_METADATA_DISABLED": ""}


@pytest.fixture
def imds(ec2: Any, oscmd: Oscmd) -> Iterator[tuple[FakeIMDS, str]]:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE)
    oscmd.environ.update(metadata_at(fake.url))
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
    r = oscmd("instance", "-s", "dump", environ=metadata_at("http://127.0.0.1:9"))
    assert r.status == 5
    assert r.err.strip().startswith("oscmd: the instance metadata service did not answer")
    assert "only work on an EC2 instance" in r.err


@pytest.mark.parametrize("refusal", [403, 404, 405])
def test_an_imdsv1_service_is_read_without_a_token(oscmd: Oscmd, ec2: Any, refusal: int) -> None:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE, token_status=refusal)
    try:
        r = oscmd("instance", "-s", "list", "-p", "%(id)s %(name)s", environ=metadata_at(fake.url))
    finally:
        fake.stop()
    assert (r.status, r.lines) == (0, [f"{iid} me"]), r.err
    assert fake.requests == ["PUT /latest/api/token", "GET /latest/meta-data/instance-id"]


def test_botocore_endpoint_variable_moves_the_service_and_the_older_name_still_works(oscmd: Oscmd, ec2: Any) -> None:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE)
    dead = "http://127.0.0.1:9"
    try:
        # AWS_EC2_METADATA_SERVICE_ENDPOINT wins over the older OSCMD_IMDS_ENDPOINT (a dead port here).
        first = oscmd("instance", "-s", "list", "-p", "%(id)s",
                      environ={**metadata_at(fake.url + "/"), "OSCMD_IMDS_ENDPOINT": dead})
        # Alone, the older name still moves the service.
        second = oscmd("instance", "-s", "list", "-p", "%(id)s",
                       environ={"OSCMD_IMDS_ENDPOINT": fake.url, "AWS_EC2_METADATA_DISABLED": ""})
    finally:
        fake.stop()
    assert (first.status, first.lines) == (0, [iid]), first.err
    assert (second.status, second.lines) == (0, [iid]), second.err
    assert fake.requests.count("GET /latest/meta-data/instance-id") == 2


def test_metadata_disabled_wins_over_the_botocore_endpoint(oscmd: Oscmd, ec2: Any) -> None:
    [iid] = run_named(ec2, "me")
    fake = FakeIMDS(iid, IMAGE)
    try:
        r = oscmd("instance", "-s", "dump", environ={**metadata_at(fake.url), "AWS_EC2_METADATA_DISABLED": "true"})
    finally:
        fake.stop()
    assert r.status == 5 and "AWS_EC2_METADATA_DISABLED" in r.err
    assert fake.requests == []


def test_a_refused_value_is_one_line(oscmd: Oscmd, ec2: Any) -> None:
    fake = FakeIMDS("", IMAGE, token_status=404)
    try:
        r = oscmd("instance", "-s", "dump", environ=metadata_at(fake.url))
    finally:
        fake.stop()
    assert r.status == 5
    assert r.err.strip() == (f"oscmd: the instance metadata service at {fake.url} refused "
                             "/latest/meta-data/instance-id (HTTP 404): -s/--self and -S only work on an EC2 instance")


# -- -S ROLE: the role's credentials and the instance's region ------------------------------------------
ROLE_KEY = "ASIAROLEEXAMPLE0001"
ROLE_TOKEN = "role-session-token-0001"


def role_values(region: str = "us-west-2", credentials: object = None) -> dict[str, str]:
    document = credentials if credentials is not None else {
        "Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": ROLE_KEY, "SecretAccessKey": "role-secret-0001",
        "Token": ROLE_TOKEN, "Expiration": "2099-01-01T00:00:00Z"}
    return {"/latest/dynamic/instance-identity/document": json.dumps({"region": region}),
            "/latest/meta-data/iam/security-credentials/web": json.dumps(document)}


@pytest.fixture
def crafted() -> Iterator[CraftedEC2]:
    server = CraftedEC2([Instance()])
    yield server
    server.stop()


def scope(headers: dict[str, str]) -> tuple[str, str]:
    """(access key id, region) of a request's SigV4 credential scope."""
    credential = headers["authorization"].split("Credential=", 1)[1].split(",", 1)[0]
    key, _date, region, _service, _end = credential.split("/")
    return key, region


def with_imds(oscmd: Oscmd, values: dict[str, str], *args: str, **environ: str) -> tuple[Result, FakeIMDS]:
    """Run oscmd with a metadata service answering ``values``; the result and the (stopped) service."""
    fake = FakeIMDS("i-x", IMAGE, more=values)
    try:
        return oscmd(*args, environ={**metadata_at(fake.url), **environ}), fake
    finally:
        fake.stop()


def test_role_credentials_and_region_win_over_config_and_environment(
    oscmd_offline: Oscmd, crafted: CraftedEC2, home: Path
) -> None:
    cfg = home / "oscmd.cfg"
    cfg.write_text("[Boto]\nec2_region_name = eu-west-1\n[Credentials]\naws_access_key_id = AKIAFROMCONFIG00001\n"
                   "aws_secret_access_key = config-secret\n")
    cfg.chmod(0o600)
    r, fake = with_imds(oscmd_offline, role_values(), "-c", str(cfg), "-e", crafted.url, "-S", "web", "instance",
                        "list", "-p", "%(id)s", AWS_REGION="ap-south-1")
    assert (r.status, r.lines) == (0, ["i-0c0ffee0c0ffee000"]), r.err
    [headers] = crafted.headers
    assert scope(headers) == (ROLE_KEY, "us-west-2")
    assert headers["x-amz-security-token"] == ROLE_TOKEN
    assert "GET /latest/meta-data/iam/security-credentials/web" in fake.requests


def test_region_on_the_command_line_wins_over_the_role(oscmd_offline: Oscmd, crafted: CraftedEC2) -> None:
    r, fake = with_imds(oscmd_offline, role_values(), "-e", crafted.url, "-r", "eu-central-1", "-S", "web",
                        "instance", "list")
    assert r.status == 0, r.err
    assert scope(crafted.headers[0]) == (ROLE_KEY, "eu-central-1")
    assert "GET /latest/dynamic/instance-identity/document" not in fake.requests


def test_the_role_region_replaces_a_config_endpoint(home: Path) -> None:
    from oscmd_shell.aws.role import apply_region
    from oscmd_shell.config import load_config, resolve_settings
    from oscmd_shell.env import Env
    from oscmd_shell.parsing.command import parse_root

    cfg = home / "oscmd.cfg"
    cfg.write_text("[Boto]\nec2_region_name = eu-west-2\nec2_region_endpoint = fcu.eu-west-2.outscale.com\n")
    fake = FakeIMDS("i-x", IMAGE, more=role_values("ca-central-1"))
    environ = {"HOME": str(home), **metadata_at(fake.url)}
    env = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ=environ)
    try:
        for argv, endpoint in ((["-c", str(cfg), "-S", "web"], None),
                               (["-c", str(cfg), "-S", "web", "-e", "http://127.0.0.1:9"], "http://127.0.0.1:9")):
            root = parse_root(argv)
            settings = resolve_settings(root.values, root.given, load_config(str(cfg), env), environ)
            apply_region(settings, environ)
            assert (settings.region, settings.endpoint) == ("ca-central-1", endpoint)
    finally:
        fake.stop()


@pytest.mark.parametrize("role", ["../user-data", "web/../../x", "web role", "wéb", "web?x=1", "a" * 65, ".."])
def test_a_role_that_is_not_a_role_name_asks_nothing(oscmd: Oscmd, role: str) -> None:
    r, fake = with_imds(oscmd, role_values(), "-S", role, "instance", "list")
    assert r.status == 2
    assert r.err == f"oscmd: -S: '{role}' is not an IAM role name (letters, digits and +=,.@_- only)\n"
    assert fake.requests == []


@pytest.mark.parametrize(("values", "message"), [
    (role_values(region="us-west-2.example.net/x"), "an identity document whose region is not a region name"),
    (role_values(credentials={"Code": "AssumeRoleUnauthorizedAccess"}),
     "-S web: the instance metadata service answered AssumeRoleUnauthorizedAccess instead of credentials"),
    (role_values(credentials={"Code": "Success", "AccessKeyId": ROLE_KEY}),
     "-S web: the instance metadata service answered incomplete credentials"),
    (role_values(credentials={"Code": "Success", "AccessKeyId": "-x", "SecretAccessKey": "s", "Token": "t"}),
     "-S web: the instance metadata service answered a malformed access key id"),
    (role_values(credentials=["not", "a", "document"]),
     "-S web: the instance metadata service did not answer credentials"),
])
def test_what_the_metadata_service_answers_is_checked(
    oscmd_offline: Oscmd, crafted: CraftedEC2, values: dict[str, str], message: str
) -> None:
    r, _fake = with_imds(oscmd_offline, values, "-e", crafted.url, "-S", "web", "instance", "list")
    assert r.status == 5
    assert len(r.err.splitlines()) == 1 and message in r.err, r.err
    assert crafted.requests == []


def test_an_unknown_role_is_one_line(oscmd_offline: Oscmd, crafted: CraftedEC2) -> None:
    region = {"/latest/dynamic/instance-identity/document": json.dumps({"region": "eu-west-3"})}
    r, fake = with_imds(oscmd_offline, region, "-e", crafted.url, "-S", "web", "instance", "list")
    assert r.status == 5
    assert r.err == (f"oscmd: the instance metadata service at {fake.url} refused "
                     "/latest/meta-data/iam/security-credentials/web (HTTP 404): -s/--self and -S only work on an "
                     "EC2 instance\n")


def test_role_and_profile_cannot_be_combined(oscmd: Oscmd) -> None:
    r = oscmd("--profile", "ops", "-S", "web", "instance", "list")
    assert r.status == 2
    assert r.err == "oscmd: -S takes the instance role's credentials: it cannot be combined with --profile\n"
