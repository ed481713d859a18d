"""Secrets never reach output, logs, history or the cache; sensitive files are private.

A canary secret key and session token are configured; after a session of
commands (debug wire log included) every byte oscmd wrote — stdout, stderr and
every file under HOME except the config itself — is searched for them.  The
same holds for credentials written into the endpoint URL: a user name and
password there are refused (botocore would drop them), a query-string token is
used but only ever shown as ``***``; the signatures the wire carried (recorded
by a loopback proxy) never appear in the ``-d`` log.
"""

from __future__ import annotations

import io
import re
import stat
from pathlib import Path
from typing import Any

from oscmd_shell.cli import run
from oscmd_shell.env import Env
from tests.support.canaries import CANARY_SECRET, CANARY_TOKEN, canary_config, written_files
from tests.support.ec2server import LocalEC2
from tests.support.faults import FaultProxy, closed_port_url
from tests.support.runner import Oscmd
from tests.support.seed import IMAGE, run_named, volume


def test_canary_secrets_are_never_written(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    cfg = canary_config(home)
    env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}
    outputs = []
    for args in (
        ("instance", "list"),
        ("--output", "json", "instance", "-n", "web1", "dump"),
        ("-d", "instance", "list"),
        ("-d", "volume", "create", "-s", "1", "-n", "v"),
        ("-d", "instance", "-i", "i-0123456789abcdef0", "dump"),
        ("keypair", "create", "-n", "deploy"),
        ("-d", "keypair", "create", "-n", "other", "-o", str(home / "keys")),
    ):
        r = oscmd.subprocess("-c", str(cfg), *args, environ=env)
        outputs += [r.out, r.err]
    assert any("debug botocore" in text for text in outputs)  # the wire log really ran
    pem = home / ".ssh" / "deploy.pem"
    key_body = "".join(pem.read_text().splitlines()[1:-1])
    for text in outputs:
        assert CANARY_SECRET not in text and CANARY_TOKEN not in text
        assert key_body[:40] not in text
    for path in written_files(home, {cfg}):
        data = path.read_bytes()
        assert CANARY_SECRET.encode() not in data, path
        assert CANARY_TOKEN.encode() not in data, path


def test_the_debug_log_never_shows_user_data(oscmd: Oscmd, ec2: Any) -> None:
    canary = "CANARY-udata-51c7"
    r = oscmd("-d", "ami", "-i", IMAGE, "run", "-n", "ud1", "-N", "--no-wait", "-V", f"DB_PASS={canary}",
              "-F", "api_key", canary)
    assert r.status == 0, r.err
    assert "debug botocore" in r.err and "'UserData': '***'" in r.err
    [iid] = [i["InstanceId"] for res in ec2.describe_instances()["Reservations"] for i in res["Instances"]]
    sent = ec2.describe_instance_attribute(InstanceId=iid, Attribute="userData")["UserData"]["Value"]
    assert len(sent) > 100
    for text in (r.out, r.err):
        assert canary not in text and sent[:60] not in text and sent[-60:] not in text


def test_private_key_files_are_0600_in_0700_dirs(oscmd: Oscmd, home: Path) -> None:
    r = oscmd("keypair", "create", "-n", "deploy")
    assert r.status == 0, r.err
    pem = home / ".ssh" / "deploy.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    assert stat.S_IMODE(pem.parent.stat().st_mode) == 0o700


def test_world_readable_config_with_keys_is_warned(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    cfg = canary_config(home)
    cfg.chmod(0o644)
    r = oscmd("-c", str(cfg), "instance", "list")
    assert "readable by others" in r.err and f"chmod 600 {cfg}" in r.err
    assert CANARY_SECRET not in r.err


URL_USER, URL_PASSWORD, URL_TOKEN = "alice", "URLpw4242xyz", "URLqueryTOKEN7777"
NO_ENV_KEYS = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}


def assert_never_shown(texts: list[str], *secrets: str) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, (secret, text)


def test_credentials_in_an_endpoint_url_are_refused_and_never_shown(
    oscmd: Oscmd, ec2: Any, server: LocalEC2, home: Path
) -> None:
    """botocore drops a URL's user name and password without a word: oscmd refuses them, redacted."""
    with_userinfo = f"http://{URL_USER}:{URL_PASSWORD}@127.0.0.1:{server.port}"
    bare_host = f"{URL_USER}:{URL_PASSWORD}@127.0.0.1:{server.port}"
    cfg = home / "endpoint.cfg"
    cfg.write_text(f"[Boto]\nec2_region_endpoint = {with_userinfo}   ; the gateway's login\n")
    attempts: list[tuple[tuple[str, ...], dict[str, str], str]] = [
        (("-e", with_userinfo), {}, "(-e)"),
        (("-d", "-e", bare_host), {}, "(-e)"),
        ((), {"AWS_ENDPOINT_URL_EC2": with_userinfo}, "(AWS_ENDPOINT_URL_EC2)"),
        ((), {"AWS_ENDPOINT_URL": with_userinfo}, "(AWS_ENDPOINT_URL)"),
        (("-d", "-c", str(cfg)), {}, f"({cfg}: [Boto] ec2_region_endpoint)"),
    ]
    for args, environ, origin in attempts:
        r = oscmd.subprocess(*args, "volume", "create", "-s", "1", "-n", "v1", endpoint=False, environ=environ)
        assert r.status == 2, r.err
        assert f"://***@127.0.0.1:{server.port}' {origin}: a user name or password in the URL is never sent" in r.err
        assert_never_shown([r.out, r.err], URL_USER, URL_PASSWORD)
    assert ec2.describe_volumes()["Volumes"] == []  # nothing was sent anywhere


def test_debug_log_shows_no_signature_secret_key_or_endpoint_token(
    oscmd: Oscmd, ec2: Any, server: LocalEC2, home: Path
) -> None:
    """`-d` against a real endpoint: the signatures that went on the wire never reach stderr."""
    proxy = FaultProxy(server.url)
    try:
        cfg = canary_config(home)
        endpoint = f"{proxy.url}/?token={URL_TOKEN}"
        r = oscmd.subprocess("-d", "-c", str(cfg), "-e", endpoint, "volume", "create", "-s", "1", "-n", "v1",
                             endpoint=False, environ=NO_ENV_KEYS)
        requests = list(proxy.plan.requests)
    finally:
        proxy.stop()
    assert r.status == 0, r.err
    assert [v["Size"] for v in ec2.describe_volumes()["Volumes"]] == [1]
    assert requests and all(path == f"/?token={URL_TOKEN}" for path, _headers in requests)
    signatures = [m.group(1) for _path, headers in requests
                  for m in [re.search(r"Signature=([0-9a-f]{64})", headers["Authorization"])] if m]
    assert len(signatures) == len(requests)
    assert_never_shown([r.out, r.err], *signatures, CANARY_SECRET, CANARY_TOKEN, URL_TOKEN)
    assert "debug botocore.auth: Signature:\n***" in r.err  # the line botocore logs is there, redacted
    assert f"{proxy.url}/?token=***" in r.err and "'Authorization': b'***'" in r.err


def test_connection_failures_show_the_endpoint_redacted(oscmd: Oscmd, home: Path) -> None:
    dead = closed_port_url()
    for debug in ((), ("-d",)):
        r = oscmd.subprocess(*debug, "-e", f"{dead}/?token={URL_TOKEN}", "volume", "list", endpoint=False,
                             environ={"AWS_MAX_ATTEMPTS": "1"})
        assert r.status == 5, r.err
        assert f"cannot connect to {dead}/?token=***: connection refused" in r.err
        assert_never_shown([r.out, r.err], URL_TOKEN)
    written = [p.read_text(errors="replace") for p in written_files(home, set())]
    assert_never_shown(written, URL_TOKEN)


def test_confirmations_name_the_endpoint_redacted(oscmd: Oscmd, ec2: Any, server: LocalEC2, home: Path) -> None:
    vid = volume(ec2, "v1")
    endpoint = f"{server.url}/?token={URL_TOKEN}"
    refused = oscmd("-e", endpoint, "volume", "-n", "v1", "delete", endpoint=False)
    assert refused.status == 4
    assert f"(region us-east-1 at {server.url}/?token=***) is destructive" in refused.err
    asked: list[str] = []
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=oscmd.environ, stdin_isatty=True,
              ask=lambda question: asked.append(question) or "n")
    assert run(["-e", endpoint, "volume", "-n", "v1", "delete"], env) == 4
    assert len(asked) == 1 and f"at {server.url}/?token=***). Proceed?" in asked[0]
    assert_never_shown([refused.out, refused.err, out.getvalue(), err.getvalue(), *asked], URL_TOKEN)
    assert [v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]] == [vid]
