"""Standard streams the way they really arrive: closed, full, a pipe whose reader left, a BOM.

Every case runs oscmd as a real process (``python -m oscmd_shell``) against the
local EC2 server, because the failures under test only exist between a process
and its file descriptors: ``>&-`` leaves ``sys.stdout`` as None, ``/dev/full``
fails on flush, and a pipe with no reader raises EPIPE.  Each one must end with
at most one line on stderr (never a traceback) and its documented status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.faults import FaultProxy
from tests.support.runner import REPO, Oscmd

OSCMD = [sys.executable, "-m", "oscmd_shell"]


def _environ(oscmd: Oscmd) -> dict[str, str]:
    return {**oscmd.environ, "PYTHONPATH": str(REPO)}


def _instances(ec2: Any, names: list[str]) -> list[str]:
    ids = []
    for name in names:
        reply = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}])
        ids.append(reply["Instances"][0]["InstanceId"])
    return ids


def _run_shell(command: str, oscmd: Oscmd, *args: str) -> subprocess.CompletedProcess[str]:
    """Run oscmd with ``command`` as the redirection (e.g. ``>&-``) through a POSIX shell."""
    argv = " ".join(f"'{a}'" for a in [*OSCMD, "--endpoint", str(oscmd.endpoint), *args])
    return subprocess.run(["/bin/sh", "-c", f"exec {argv} {command}"], capture_output=True, text=True,
                          env=_environ(oscmd), cwd=oscmd.home, timeout=60, check=False)


def _run_into_dead_pipe(oscmd: Oscmd, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run oscmd with stdout on a pipe whose read end is already closed: every write gets EPIPE."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([*OSCMD, "--endpoint", str(oscmd.endpoint), *args], stdout=write_end,
                              stderr=subprocess.PIPE, input=stdin.encode() if stdin is not None else None,
                              env=_environ(oscmd), cwd=oscmd.home, timeout=60, check=False)
    finally:
        os.close(write_end)


def test_closed_stdout_is_one_line_and_status_6(oscmd: Oscmd, ec2: Any) -> None:
    _instances(ec2, ["web1"])
    proc = _run_shell(">&-", oscmd, "instance", "list")
    assert proc.returncode == 6, proc.stderr
    assert proc.stderr == "oscmd: cannot write to standard output: Bad file descriptor\n"


def test_closed_stdout_never_lets_a_mutation_half_done(oscmd: Oscmd, ec2: Any) -> None:
    """The request runs (it does not depend on stdout); only the report of it is lost, and said so."""
    proc = _run_shell(">&-", oscmd, "volume", "create", "-s", "1", "-z", "us-east-1a", "-n", "closed")
    assert proc.returncode == 6, proc.stderr
    assert "cannot write to standard output" in proc.stderr and "Traceback" not in proc.stderr
    volumes = ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["closed"]}])["Volumes"]
    assert len(volumes) == 1


@pytest.mark.parametrize("output", ["text", "json", "yaml", "table"])
def test_full_disk_on_stdout_is_one_line_and_status_6(oscmd: Oscmd, ec2: Any, output: str) -> None:
    _instances(ec2, ["web1", "web2"])
    proc = _run_shell(">/dev/full", oscmd, "--output", output, "instance", "list")
    assert proc.returncode == 6, proc.stderr
    assert proc.stderr == "oscmd: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("output", ["text", "json", "yaml", "table"])
def test_closed_pipe_is_quiet_with_status_141(oscmd: Oscmd, ec2: Any, output: str) -> None:
    _instances(ec2, ["web1"])
    proc = _run_into_dead_pipe(oscmd, "--output", output, "instance", "list")
    assert proc.returncode == 141
    assert proc.stderr == b""


@pytest.mark.parametrize("args", [("completion", "zsh"), ("help", "config"), ("instance", "-h"), ("--version",)])
def test_closed_pipe_after_commands_without_a_connection(oscmd: Oscmd, args: tuple[str, ...]) -> None:
    proc = _run_into_dead_pipe(oscmd, *args)
    assert (proc.returncode, proc.stderr) == (141, b"")


def test_closed_pipe_stops_a_script_quietly(oscmd: Oscmd, ec2: Any) -> None:
    _instances(ec2, ["web1"])
    proc = _run_into_dead_pipe(oscmd, stdin="instance list\nvolume create -s 1 -z us-east-1a -n after\n")
    assert (proc.returncode, proc.stderr) == (141, b"")
    assert ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["after"]}])["Volumes"] == []


def test_script_file_with_a_byte_order_mark_runs(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    ids = _instances(ec2, ["web1"])
    script = tmp_path / "bom.os"
    script.write_bytes("\ufeffinstance list\n".encode())
    result = oscmd(str(script))
    assert (result.status, result.err) == (0, "")
    assert result.lines == [f"{ids[0]} web1"]


def test_piped_script_with_a_byte_order_mark_runs(oscmd: Oscmd, ec2: Any) -> None:
    ids = _instances(ec2, ["web1"])
    proc = subprocess.run([*OSCMD, "--endpoint", str(oscmd.endpoint)], input="\ufeffinstance list\n".encode(),
                          capture_output=True, env=_environ(oscmd), timeout=60, check=False)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert proc.stdout.decode() == f"{ids[0]} web1\n"


@pytest.mark.parametrize("pattern", ["%(id)-100000000s", "%(id).999999s", "%(id)*s"])
def test_huge_pattern_widths_are_refused_before_any_request(server: Any, home: Path, pattern: str) -> None:
    proxy = FaultProxy(server.url)
    try:
        result = Oscmd(proxy.url, home)("instance", "list", "-p", pattern)
        assert result.status == 2
        assert result.err.startswith("oscmd: instance list: bad pattern") or "bad pattern" in result.err
        assert proxy.plan.total == 0
    finally:
        proxy.stop()


def test_reasonable_pattern_widths_still_work(oscmd: Oscmd, ec2: Any) -> None:
    ids = _instances(ec2, ["web1"])
    result = oscmd("instance", "list", "-p", "%(name)-8s|%(id).5s|%%")
    assert (result.status, result.lines) == (0, [f"web1    |{ids[0][:5]}|%"])


def test_hint_is_printed_on_its_own_line(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    _instances(ec2, ["web1"])
    key = tmp_path / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", str(key)], check=True)
    result = oscmd("instance", "-n", "web1", "ssh", "-f", str(key), "--", "true")
    assert result.status == 2
    assert result.err == (f"oscmd: private key file '{key}' is encrypted and no passphrase was given\n"
                          "oscmd: hint: give its passphrase, or use a key that has none\n")


def test_hint_is_printed_in_scripts_with_the_line(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    _instances(ec2, ["web1"])
    key = tmp_path / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", str(key)], check=True)
    result = oscmd(stdin=f"instance -n web1 ssh -f {key} -- true\n")
    assert result.status == 2
    assert result.err.splitlines() == [
        f"<stdin>:1: private key file '{key}' is encrypted and no passphrase was given",
        "<stdin>:1: hint: give its passphrase, or use a key that has none"]


def test_sigint_ignored_at_start_is_restored(oscmd: Oscmd, ec2: Any) -> None:
    """Started with SIGINT ignored (a background job), oscmd still stops on Ctrl-C with status 130."""
    import signal
    import time

    _instances(ec2, ["web1"])
    script = "!sleep 0.5\n" + "instance list\n" * 2000
    proc = subprocess.Popen([*OSCMD, "--endpoint", str(oscmd.endpoint)], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_environ(oscmd),
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(script.encode())
    proc.stdin.close()
    time.sleep(2.0)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 130
    assert b"interrupted" in proc.stderr.read()


def test_json_output_stays_valid_when_a_confirmation_is_asked(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    """The question goes to the terminal; stdout, redirected to a file, holds only the JSON document."""
    import pexpect

    volume = ec2.create_volume(Size=1, AvailabilityZone="us-east-1a", TagSpecifications=[
        {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "scratch"}]}])["VolumeId"]
    out = tmp_path / "out.json"
    argv = " ".join([*OSCMD, "--endpoint", str(oscmd.endpoint), "--output", "json", "volume", "-n", "scratch",
                     "delete"])
    child = pexpect.spawn("/bin/sh", ["-c", f"exec {argv} > {out}"], env=_environ(oscmd), cwd=str(REPO),
                          encoding="utf-8", timeout=30)
    child.expect(r"Proceed\? \[y/N\] ")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    document = json.loads(out.read_text())
    assert volume in json.dumps(document)
    assert "Proceed" not in out.read_text()
    assert ec2.describe_volumes(Filters=[{"Name": "volume-id", "Values": [volume]}])["Volumes"] == []


def test_hint_is_printed_in_the_shell(server: Any, ec2: Any, home: Path, tmp_path: Path) -> None:
    from oscmd_shell.cache import CompletionCache
    from oscmd_shell.repl.loop import shell_context
    from oscmd_shell.repl.shell import Shell
    from tests.support.session import make_session

    _instances(ec2, ["web1"])
    key = tmp_path / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", str(key)], check=True)
    session = make_session(server.url, home)
    ctx = shell_context(session.ctx, ask=lambda _q: "n")
    shell = Shell(ctx, cache=CompletionCache(ctx.env.cache_dir))
    try:
        outcome = shell.handle(f"instance -n web1 ssh -f {key} -- true")
    finally:
        shell.close()
    assert outcome.status == 2
    assert session.err.getvalue().splitlines() == [
        f"private key file '{key}' is encrypted and no passphrase was given",
        "hint: give its passphrase, or use a key that has none"]
