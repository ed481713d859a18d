"""Faults injected between oscmd and the local EC2 server: retries, timeouts, outages."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.faults import BlackHole, FaultProxy, closed_port_url
from tests.support.runner import REPO, Oscmd
from tests.support.seed import run_named


@pytest.fixture
def fast_cfg(fast: str) -> Path:
    """The ``fast`` config, where a connection or an answer is given up after 1 s."""
    cfg = Path(fast)
    cfg.write_text(cfg.read_text() + "read_timeout = 1\nconnect_timeout = 1\n")
    return cfg


def via(proxy: FaultProxy, cfg: Path, *args: str) -> list[str]:
    return ["-c", str(cfg), "-e", proxy.url, *args]


def test_a_burst_of_five_throttles_is_survived(oscmd: Oscmd, ec2: Any, proxy: FaultProxy, fast_cfg: Path) -> None:
    run_named(ec2, "web1")
    proxy.plan.add("throttle", "DescribeInstances", count=5)
    r = oscmd(*via(proxy, fast_cfg, "instance", "list"), endpoint=False)
    assert r.status == 0, r.err
    assert r.lines[0].endswith(" web1")
    assert proxy.plan.hits["DescribeInstances"] == 6


def test_throttling_code_and_5xx_are_retried(oscmd: Oscmd, ec2: Any, proxy: FaultProxy, fast_cfg: Path) -> None:
    run_named(ec2, "web1")
    proxy.plan.add("throttling", "DescribeInstances", count=2)
    proxy.plan.add("http500", "DescribeInstances", count=1)
    proxy.plan.add("unavailable", "DescribeInstances", count=1)
    r = oscmd(*via(proxy, fast_cfg, "instance", "list"), endpoint=False)
    assert r.status == 0, r.err
    assert proxy.plan.hits["DescribeInstances"] == 5


def test_final_failure_names_operation_and_attempts(oscmd: Oscmd, proxy: FaultProxy, fast_cfg: Path) -> None:
    proxy.plan.add("throttle", "DescribeVolumes", count=100)
    r = oscmd(*via(proxy, fast_cfg, "volume", "list"), endpoint=False)
    assert r.status == 3
    assert r.err.strip() == "oscmd: DescribeVolumes: RequestLimitExceeded: Request limit exceeded. (after 6 attempts)"
    assert proxy.plan.hits["DescribeVolumes"] == 6
    proxy.plan.clear()
    proxy.plan.add("throttle", "DescribeVolumes", count=100)
    cfg = fast_cfg.parent / "three.cfg"
    cfg.write_text(fast_cfg.read_text() + "max_attempts = 3\n")
    r = oscmd(*via(proxy, cfg, "volume", "list"), endpoint=False)
    assert r.status == 3 and "(after 3 attempts)" in r.err
    assert proxy.plan.hits["DescribeVolumes"] == 3


def test_auth_failure_is_not_retried_and_exits_5(oscmd: Oscmd, proxy: FaultProxy, fast_cfg: Path) -> None:
    proxy.plan.add("auth", "DescribeInstances", count=10)
    r = oscmd(*via(proxy, fast_cfg, "instance", "list"), endpoint=False)
    assert r.status == 5
    assert "AuthFailure" in r.err and len(r.err.strip().splitlines()) == 1
    assert proxy.plan.hits["DescribeInstances"] == 1


def test_an_html_error_page_is_one_line_naming_the_http_status(oscmd: Oscmd, proxy: FaultProxy, fast_cfg: Path) -> None:
    proxy.plan.add("html", "DescribeInstances", count=100)  # a proxy's 502 page: botocore's ClientError "502"
    r = oscmd(*via(proxy, fast_cfg, "instance", "list"), endpoint=False)
    assert (r.status, r.err) == (3, "oscmd: DescribeInstances: the endpoint answered HTTP 502 Bad Gateway, "
                                    "not an EC2 error (after 6 attempts)\n")
    assert proxy.plan.hits["DescribeInstances"] == 6  # a 502 is worth retrying


@pytest.mark.parametrize("kind", ["garbage", "crash"])
def test_an_answer_that_is_not_xml_is_one_line(oscmd: Oscmd, proxy: FaultProxy, fast_cfg: Path, kind: str) -> None:
    """A success cut short, or a server's crash page (as moto's HTTP 500s): botocore's ResponseParserError."""
    proxy.plan.add(kind, "DescribeInstances", count=100)
    r = oscmd(*via(proxy, fast_cfg, "instance", "list"), endpoint=False)
    assert (r.status, r.err) == (3, "oscmd: the endpoint sent a response that is not valid EC2 XML "
                                    "(a server-side error)\n")
    assert proxy.plan.hits["DescribeInstances"] == 1  # not retried


def test_dropped_connection_exits_5(oscmd: Oscmd, proxy: FaultProxy, fast_cfg: Path) -> None:
    proxy.plan.add("drop", "DescribeInstances", count=100)
    start = time.monotonic()
    r = oscmd(*via(proxy, fast_cfg, "instance", "list"), endpoint=False)
    assert (r.status, r.err) == (5, f"oscmd: {proxy.url}/ closed the connection without answering\n")
    assert proxy.plan.hits["DescribeInstances"] == 2
    assert time.monotonic() - start < 10


def test_endpoint_that_never_answers_times_out(oscmd: Oscmd, fast_cfg: Path) -> None:
    hole = BlackHole()
    try:
        start = time.monotonic()
        r = oscmd("-c", str(fast_cfg), "-e", hole.url, "instance", "list", endpoint=False)
        elapsed = time.monotonic() - start
    finally:
        hole.close()
    assert (r.status, r.err) == (5, f"oscmd: no answer from {hole.url}/ (read timeout)\n")
    assert elapsed < 10  # 1 s per attempt (read_timeout), where the hole would hold each for ever


def test_connection_refused_and_tls_failure(oscmd: Oscmd, server: LocalEC2, fast_cfg: Path) -> None:
    closed = closed_port_url()
    r = oscmd("-c", str(fast_cfg), "-e", closed, "instance", "list", endpoint=False)
    assert (r.status, r.err) == (5, f"oscmd: cannot connect to {closed}/: connection refused\n")
    r = oscmd("-c", str(fast_cfg), "-e", f"https://127.0.0.1:{server.port}", "instance", "list", endpoint=False)
    assert r.status == 5
    assert r.err.startswith(f"oscmd: TLS failure talking to https://127.0.0.1:{server.port}/: "), r.err


def test_dns_failure(oscmd: Oscmd, fast_cfg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def fake(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "ec2.nowhere.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    r = oscmd("-c", str(fast_cfg), "-e", "http://ec2.nowhere.test", "instance", "list", endpoint=False)
    assert r.status == 5
    assert "cannot connect to http://ec2.nowhere.test" in r.err


def test_credentials_rejected_mid_batch(oscmd: Oscmd, ec2: Any, proxy: FaultProxy, fast_cfg: Path) -> None:
    run_named(ec2, "web1")
    proxy.plan.add("expired", "DescribeVolumes", count=1)
    r = oscmd(*via(proxy, fast_cfg), stdin="instance list\nvolume list\ninstance list\n", endpoint=False)
    assert r.status == 5
    assert r.err.strip() == "<stdin>:2: DescribeVolumes: RequestExpired: Request has expired."
    assert len(r.lines) == 1


def test_ctrl_c_in_a_batch_stops_cleanly(ec2: Any, proxy: FaultProxy, fast_cfg: Path, oscmd: Oscmd) -> None:
    run_named(ec2, "web1")
    proxy.plan.add("delay", "DescribeVolumes", count=1, seconds=8)
    env = {**oscmd.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "oscmd_shell", *via(proxy, fast_cfg)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    assert proc.stdin is not None
    proc.stdin.write("instance list\nvolume list\ninstance list\n")
    proc.stdin.close()
    proc.stdin = None
    deadline = time.monotonic() + 20
    while proxy.plan.hits["DescribeVolumes"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "<stdin>:2: interrupted (1 line(s) completed before it)" in err
    assert "Traceback" not in err
    assert out.splitlines()[0].endswith(" web1")
    assert proxy.plan.hits["DescribeInstances"] == 1


def test_refreshing_credentials_are_refreshed_within_a_session(
    server: LocalEC2, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    from datetime import datetime, timedelta, timezone

    from oscmd_shell.config import Config, Settings
    from oscmd_shell.context import Context
    from oscmd_shell.dispatch import execute
    from oscmd_shell.env import Env

    counter = home / "calls"
    expiry = (datetime.now(timezone.utc) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    script = home / "creds.sh"
    script.write_text(
        "#!/bin/sh\n"
        f"echo x >> {counter}\n"
        'echo \'{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "s", '
        f'"SessionToken": "t", "Expiration": "{expiry}"}}\'\n'
    )
    script.chmod(0o755)
    aws_config = home / "aws_config"
    aws_config.write_text(f"[profile proc]\ncredential_process = {script}\n")
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_config))
    out = io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=io.StringIO(), environ={"HOME": str(home)})
    ctx = Context.build(env, Config(), Settings(endpoint=server.url, region="us-east-1", profile="proc"))
    for _ in range(3):
        assert execute(["volume", "list"], ctx).status == 0
    # credentials expiring within botocore's refresh window are fetched again, without a restart
    assert len(counter.read_text().splitlines()) >= 2
    assert "AKIDPROCESS" not in out.getvalue()


def test_mfa_code_is_asked_once_per_session(server: LocalEC2, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from oscmd_shell.config import Config, Settings
    from oscmd_shell.context import Context
    from oscmd_shell.dispatch import execute
    from oscmd_shell.env import Env

    asked: list[str] = []

    def prompter(prompt: str = "") -> str:
        asked.append(prompt)
        return "123456"

    aws_config = home / "aws_config"
    aws_config.write_text(
        "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base\n"
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n"
        "mfa_serial = arn:aws:iam::123456789012:mfa/me\n"
        f"services = local\n[services local]\nsts =\n  endpoint_url = {server.url}\n"
    )
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(aws_config))
    env = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={"HOME": str(home)},
              ask=prompter)
    ctx = Context.build(env, Config(), Settings(endpoint=server.url, region="us-east-1", profile="admin"))
    for _ in range(3):
        outcome = execute(["instance", "list"], ctx)
        assert outcome.status == 0, outcome.error
    assert len(asked) == 1


def test_shell_environment_unchanged() -> None:
    # the fault tests must not leak settings into the process environment
    assert os.environ.get("AWS_ACCESS_KEY_ID") == "testing"
