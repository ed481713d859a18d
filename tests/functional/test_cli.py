"""Root options, exit codes, help speed and the one-line error promise."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.runner import REPO, Oscmd, base_environ, without_coverage
from tests.support.seed import run_named


def test_help_at_every_level_needs_no_credentials(oscmd_offline: Oscmd) -> None:
    env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}
    r = oscmd_offline("-h", environ=env)
    assert r.status == 0 and "objects:" in r.out and "instance" in r.out
    r = oscmd_offline("instance", "-h", environ=env)
    assert r.status == 0 and "verbs:" in r.out and "terminate" in r.out
    r = oscmd_offline("instance", "terminate", "-h", environ=env)
    assert r.status == 0 and "--purge" in r.out and "-y/--yes" in r.out
    r = oscmd_offline("ami", "run", "-h")
    assert "config [ami] instance_type" in r.out


def test_help_is_fast_and_imports_no_boto3_or_paramiko(home: Path) -> None:
    probe = (
        "import sys, io, time; t = time.perf_counter();"
        "from oscmd_shell.cli import run; from oscmd_shell.env import Env;"
        "out = io.StringIO();"
        "e = Env(stdin=io.StringIO(), stdout=out, stderr=io.StringIO(), environ={});"
        "assert run(sys.argv[1:], e) == 0;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'paramiko', 'moto'));"
        "print(bad)"
    )
    env = without_coverage({**base_environ(home), "PYTHONPATH": str(REPO)})
    timings = []
    for args in (["-h"], ["instance", "-h"], ["ami", "run", "-h"]):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, env=env,
                              check=True)
        timings.append(time.perf_counter() - start)
        assert proc.stdout.strip() == "[]", proc.stdout
    assert min(timings) < 1.0, timings  # generous for a loaded CI machine; the benchmark measures the real figure


def test_usage_errors_exit_2_with_one_line(oscmd: Oscmd) -> None:
    for args, text in (
        (("instnace", "list"), "did you mean 'instance'"),
        (("instance", "frobnicate"), "unknown verb 'frobnicate'"),
        (("instance", "list", "--nope"), "unknown option '--nope'"),
        (("instance", "stop"), "which instance? identify it with -i ID or -n NAME"),
        (("keypair", "create"), "--name is required"),
    ):
        r = oscmd(*args)
        assert r.status == 2, (args, r.err)
        assert text in r.err
        assert len(r.err.strip().splitlines()) == 1
        assert "Traceback" not in r.err


def test_endpoint_as_url_and_region(oscmd: Oscmd, ec2: Any, server: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd("--endpoint", server.url, "instance", "list", endpoint=False)
    assert r.status == 0 and r.lines[0].endswith(" web1")
    west = server.client(region="eu-west-2")
    west.run_instances(ImageId="ami-0a1b2c3d4e5f60001", MinCount=1, MaxCount=1, TagSpecifications=[
        {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "paris"}]}])
    r = oscmd("-r", "eu-west-2", "instance", "list", "-p", "%(name)s %(zone)s")
    assert r.lines == ["paris eu-west-2a"]


def test_endpoint_from_config_file(oscmd: Oscmd, ec2: Any, server: Any, home: Path) -> None:
    run_named(ec2, "web1")
    cfg = home / "boto.cfg"
    cfg.write_text(f"[Boto]\nec2_region_name = us-east-1\nec2_region_endpoint = {server.url}\n"
                   "[Credentials]\naws_access_key_id = fromfile\naws_secret_access_key = fromfile\n")
    cfg.chmod(0o600)
    r = oscmd("-c", str(cfg), "instance", "list", endpoint=False,
              environ={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    assert r.status == 0, r.err
    assert r.lines[0].endswith(" web1")
    r = oscmd("instance", "list", endpoint=False,
              environ={"OSCONFIG": str(cfg), "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    assert r.status == 0 and r.lines[0].endswith(" web1")


def test_zone_option_is_the_default_zone(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("-z", "us-east-1c", "volume", "create", "-s", "5", "-n", "zoned")
    assert r.status == 0, r.err
    vols = ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["zoned"]}])["Volumes"]
    assert [v["AvailabilityZone"] for v in vols] == ["us-east-1c"]


def test_no_credentials_says_where_it_looked(oscmd: Oscmd) -> None:
    r = oscmd.subprocess("instance", "list", environ={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    assert r.status == 5
    assert r.err == (f"oscmd: no AWS credentials found; looked in: [Credentials] in /etc/boto.cfg, {oscmd.home}/.boto; "
                     "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; AWS profile 'default' in ~/.aws/credentials and "
                     "~/.aws/config (SSO, credential_process)\n")


def test_connection_refused_exits_5_quickly(oscmd: Oscmd) -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    start = time.monotonic()
    r = oscmd("-e", f"http://127.0.0.1:{port}", "instance", "list", endpoint=False,
              environ={"AWS_MAX_ATTEMPTS": "2"})
    assert r.status == 5
    assert "cannot connect to http://127.0.0.1:" in r.err
    assert time.monotonic() - start < 10


def test_dry_run_read_and_write(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd("--dry-run", "instance", "list")
    assert r.status == 0 and r.lines[0].endswith(" web1")
    r = oscmd("--dry-run", "volume", "create", "-s", "5", "-n", "dry")
    assert r.status == 0, r.err
    assert "would have succeeded" in r.out
    assert ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["dry"]}])["Volumes"] == []


def test_debug_shows_traceback_and_wire_log_without_secrets(oscmd: Oscmd, ec2: Any) -> None:
    secret = "CANARYsecretVALUE123"
    r = oscmd.subprocess("-d", "instance", "-i", "i-0123456789abcdef0", "dump",
                         environ={"AWS_SECRET_ACCESS_KEY": secret})
    assert r.status == 1
    assert "Traceback" in r.err
    assert "debug botocore" in r.err
    assert secret not in r.err and secret not in r.out


def test_json_output_of_messages(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("--output", "json", "-L")
    zones = json.loads(r.out)
    assert {"region": "us-east-1", "zone": "us-east-1a", "state": "available"} in zones


def test_version(oscmd_offline: Oscmd) -> None:
    from oscmd_shell import __version__

    assert oscmd_offline("--version").out == f"oscmd {__version__}\n"


def test_python_m_entry_point_and_exit_status(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd.subprocess("instance", "-n", "web1", "exist")
    assert r.status == 0
    r = oscmd.subprocess("instance", "-n", "nope", "exist")
    assert r.status == 1
    r = oscmd.subprocess("instance", "list")
    assert r.status == 0 and r.lines[0].endswith(" web1")


def test_colour_only_on_a_terminal_and_never_with_no_color(server: Any, ec2: Any, home: Path) -> None:
    import io

    from oscmd_shell.cli import run
    from oscmd_shell.env import Env

    run_named(ec2, "web1")

    def dump(tty: bool, **extra: str) -> str:
        out = io.StringIO()
        environ = {k: v for k, v in base_environ(home).items() if k != "NO_COLOR"}
        env = Env(stdin=io.StringIO(), stdout=out, stderr=io.StringIO(), environ={**environ, **extra},
                  stdout_isatty=tty)
        assert run(["-e", server.url, "instance", "-n", "web1", "dump"], env) == 0
        return out.getvalue()

    assert "\x1b[" in dump(True)
    assert "\x1b[" not in dump(True, NO_COLOR="1")
    assert "\x1b[" not in dump(False)
    assert "\x1b[" not in dump(True, TERM="dumb")


def test_json_and_yaml_print_one_document_per_command(oscmd: Oscmd, ec2: Any) -> None:
    import yaml

    r = oscmd("--output", "json", "volume", "create", "-s", "2", "-n", "j", "-w")
    assert r.status == 0, r.err
    document = json.loads(r.out)  # a create then a wait: one object, its state updated by the wait
    assert isinstance(document, dict) and document["state"] == "available" and document["size"] == 2
    assert ec2.describe_volumes(VolumeIds=[document["volume_id"]])["Volumes"][0]["State"] == "available"
    r = oscmd("--output", "yaml", "--dry-run", "volume", "create", "-s", "2")
    assert yaml.safe_load(r.out) == {"dry_run": True, "would_succeed": True}


def test_console_follow_refuses_a_busy_loop(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd("instance", "-n", "web1", "console", "-f", "--interval", "0")
    assert r.status == 2 and "--interval must be at least 1 second" in r.err


def test_playground_instances_are_never_connected_to(oscmd: Oscmd) -> None:
    r = oscmd.subprocess("--local", "instance", "-n", "db1", "ping", "-c", "1", endpoint=False)
    assert r.status == 2
    assert "the local playground's instances have no real address" in r.err


def test_metadata_service_disabled_is_honoured(oscmd: Oscmd) -> None:
    r = oscmd("instance", "-s", "dump")
    assert r.status == 5 and "AWS_EC2_METADATA_DISABLED" in r.err


# -- --debuglevel -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "debug"), [
    (("--debuglevel", "2"), True), (("--debuglevel=1",), True), (("-d", "1"), True), (("-d", "0"), False),
    (("--debuglevel", "0"), False), (("-d",), True), ((), False),
])
def test_debuglevel_above_zero_is_debug(oscmd: Oscmd, ec2: Any, args: tuple[str, ...], debug: bool) -> None:
    run_named(ec2, "web1")
    r = oscmd(*args, "instance", "list", "-p", "%(name)s")
    assert (r.status, r.lines) == (0, ["web1"]), r.err
    assert ("debug botocore" in r.err) is debug


def test_a_bad_debuglevel_is_exit_2(oscmd_offline: Oscmd) -> None:
    r = oscmd_offline("--debuglevel", "high", "instance", "list")
    assert r.status == 2 and r.err == "oscmd: --debuglevel expects a whole number of at least 0, not 'high'\n"


def test_the_completion_entry_point_answers_from_files_only(oscmd_offline: Oscmd) -> None:
    r = oscmd_offline("__complete", "resource", "w", "0")
    assert (r.status, r.out, r.err) == (0, "wrapvols\tresource\n", "")
