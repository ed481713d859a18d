"""What botocore reports becomes one line with the documented status: connect timeouts, a proxy that does not
answer, AWS config files, profiles and credential sources that fail.  Those cases run oscmd as a process
(botocore reads its files and proxies from the process environment)."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.faults import closed_port_url
from tests.support.runner import REPO, Oscmd

NO_KEYS = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}


@pytest.fixture
def full_backlog() -> Iterator[str]:
    """A loopback URL whose listener never accepts and whose queue is full: connections time out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    waiting = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        waiting.append(filler)
    yield f"http://127.0.0.1:{port}"
    for filler in waiting:
        filler.close()
    listener.close()


def test_a_connect_timeout_exits_5(oscmd: Oscmd, fast: str, full_backlog: str) -> None:
    Path(fast).write_text(Path(fast).read_text() + "connect_timeout = 1\n")
    r = oscmd("-c", fast, "-e", full_backlog, "instance", "list", endpoint=False)
    assert (r.status, r.err) == (5, f"oscmd: cannot connect to {full_backlog}/ (connect timeout)\n")


def aws_config(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "aws-config"
    path.write_text(text)
    return {"AWS_CONFIG_FILE": str(path)}


def test_a_malformed_aws_config_file_is_bad_input(oscmd: Oscmd, tmp_path: Path) -> None:
    environ = aws_config(tmp_path, "[default\nregion = us-east-1\n")
    r = oscmd.subprocess("instance", "list", environ=environ)
    assert (r.status, r.err) == (2, f"oscmd: Unable to parse config file: {environ['AWS_CONFIG_FILE']}\n")


def test_a_failing_credential_process_says_why(oscmd: Oscmd, tmp_path: Path) -> None:
    environ = aws_config(tmp_path, "[profile ops]\n"
                                   "credential_process = sh -c 'echo the session has expired >&2; exit 1'\n")
    r = oscmd.subprocess("--profile", "ops", "instance", "list", environ={**environ, **NO_KEYS})
    assert r.status == 5
    assert r.err.startswith("oscmd: Error when retrieving credentials from custom-process: "), r.err
    assert "the session has expired" in r.err and r.err.count("\n") == 1


def test_an_sso_profile_without_a_login_says_so(oscmd: Oscmd, tmp_path: Path) -> None:
    environ = aws_config(tmp_path, "[profile sso]\nsso_start_url = https://sso.example/start\nsso_region = us-east-1\n"
                                   "sso_account_id = 123456789012\nsso_role_name = admin\n")
    r = oscmd.subprocess("--profile", "sso", "instance", "list", environ={**environ, **NO_KEYS})
    assert (r.status, r.err) == (5, "oscmd: credentials could not be refreshed: Error loading SSO Token: "
                                    "Token for https://sso.example/start does not exist\n")


def test_half_a_key_pair_is_not_usable(oscmd: Oscmd, tmp_path: Path) -> None:
    environ = aws_config(tmp_path, "[profile half]\naws_access_key_id = AKIDONLY\n")
    r = oscmd.subprocess("--profile", "half", "instance", "list", environ={**environ, **NO_KEYS})
    assert (r.status, r.err) == (5, "oscmd: no usable AWS credentials: Partial credentials found in config-file, "
                                    "missing: aws_secret_access_key\n")


def test_a_proxy_that_does_not_answer_is_a_connection_failure(oscmd: Oscmd) -> None:
    proxy = closed_port_url()
    r = oscmd.subprocess("instance", "list", environ={"HTTP_PROXY": proxy, "NO_PROXY": ""})
    assert (r.status, r.err) == (5, f"oscmd: cannot connect to the proxy {proxy}: connection refused\n")


def test_an_unknown_profile_and_a_region_botocore_refuses(oscmd: Oscmd, tmp_path: Path) -> None:
    r = oscmd.subprocess("--profile", "nosuch", "instance", "list", environ=aws_config(tmp_path, ""))
    assert (r.status, r.err) == (5, "oscmd: The config profile (nosuch) could not be found\n")
    environ = aws_config(tmp_path, "[profile far]\nregion = eu west 1\naws_access_key_id = AKIDFAR\n"
                                   "aws_secret_access_key = secret\n")
    env = {**{k: v for k, v in oscmd.environ.items() if k != "AWS_DEFAULT_REGION"}, **environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "oscmd_shell", "--endpoint", str(oscmd.endpoint), "--profile", "far",
                           "instance", "list"], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (2, "oscmd: invalid region name: 'eu west 1'\n")  # botocore's check
