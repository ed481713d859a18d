"""``ami run`` after RunInstances: waiting, part-way failures, the final report and the post-install over SSH."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ssh.harness import SshServer, running
from tests.support.faults import FaultProxy
from tests.support.launches import nothing_launched, only, tags, volumes_of
from tests.support.runner import REPO, Oscmd
from tests.support.seed import IMAGE

WINDOWS = "ami-0a1b2c3d4e5f60004"


def via(proxy: FaultProxy, fast: str, *args: str) -> list[str]:
    return ["-c", fast, "-e", proxy.url, *args]


def test_part_way_failure_names_what_exists(oscmd: Oscmd, ec2: Any, fast: str, proxy: FaultProxy) -> None:
    proxy.plan.error("AllocateAddress", "AddressLimitExceeded", "too many")
    r = oscmd(*via(proxy, fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-e", "-s", "10", "-N"), endpoint=False)
    assert r.status == 3
    instance = only(ec2, "web1")
    iid = instance["InstanceId"]
    volume = volumes_of(ec2, instance)["/dev/sdf"]["VolumeId"]
    assert r.out.startswith(f"launched, then stopped part-way: instance {iid} (web1, running); volumes {volume}")
    assert r.err.startswith("oscmd: AllocateAddress: AddressLimitExceeded: too many; the launch went part-way")
    assert iid in r.err and volume in r.err
    assert ec2.describe_addresses()["Addresses"] == []


def test_interrupted_after_allocation_names_the_address(oscmd: Oscmd, ec2: Any, fast: str, proxy: FaultProxy) -> None:
    """A real Ctrl-C (SIGINT) while AssociateAddress is unanswered."""
    proxy.plan.add("blackhole", "AssociateAddress", seconds=20)
    env = {**oscmd.environ, "PYTHONPATH": str(REPO)}
    argv = via(proxy, fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-e", "-N")
    proc = subprocess.Popen([sys.executable, "-m", "oscmd_shell", *argv], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 30
    while proxy.plan.hits["AssociateAddress"] == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proxy.plan.hits["AssociateAddress"] == 1, "oscmd never asked to associate the address"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    [address] = ec2.describe_addresses()["Addresses"]
    assert "AssociationId" not in address
    assert f"elastic IP {address['PublicIp']} ({address['AllocationId']}, not associated)" in err
    assert only(ec2, "web1")["InstanceId"] in err
    assert "Traceback" not in err


# moto cannot keep an instance pending, nor let one die on its own: its answers are edited on the way back.
def instance_state(data: bytes, code: int, name: str, reason: tuple[str, str] | None = None) -> bytes:
    """A DescribeInstances answer where every instance is in state ``name`` (and has ``reason``: code, message)."""
    data = re.sub(rb"<instanceState>.*?</instanceState>",
                  f"<instanceState><code>{code}</code><name>{name}</name></instanceState>".encode(), data, flags=re.S)
    if reason is not None:
        data = re.sub(rb"<stateReason>.*?</stateReason>",
                      f"<stateReason><code>{reason[0]}</code><message>{reason[1]}</message></stateReason>".encode(),
                      data, flags=re.S)
    return data


def test_a_wait_that_times_out_names_what_exists(oscmd: Oscmd, ec2: Any, fast: str, proxy: FaultProxy) -> None:
    r = oscmd(*via(proxy, fast, "--timeout", "0.2", "ami", "-i", IMAGE, "run", "-n", "web1", "-s", "10", "-w", "-N"),
              endpoint=False)
    assert r.status == 0, r.err  # as moto answers: running at once
    proxy.plan.edit("DescribeInstances", lambda data: instance_state(data, 0, "pending"))
    r = oscmd(*via(proxy, fast, "--timeout", "0.2", "ami", "-i", IMAGE, "run", "-n", "web2", "-s", "10", "-w", "-N"),
              endpoint=False)
    assert r.status == 3
    iid = only(ec2, "web2")["InstanceId"]
    assert r.err.startswith(f"oscmd: timed out after 0s waiting for {iid} (web2) to be running; it is pending")
    assert f"left: instance {iid} (web2, pending); volumes vol-" in r.err
    assert r.out.startswith(f"launched, then stopped part-way: instance {iid} (web2, pending)")


def test_an_instance_that_dies_while_waited_for(oscmd: Oscmd, ec2: Any, fast: str, proxy: FaultProxy) -> None:
    reason = ("Server.InsufficientInstanceCapacity", "no capacity")
    proxy.plan.edit("DescribeInstances", lambda data: instance_state(data, 48, "terminated", reason))
    r = oscmd(*via(proxy, fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-w", "-N"), endpoint=False)
    assert r.status == 3
    assert "the instance is terminated: no capacity" in r.err, r.err


def test_an_instance_not_yet_known_to_describe(oscmd: Oscmd, ec2: Any, fast: str, proxy: FaultProxy) -> None:
    """EC2 is eventually consistent: the first describe of a new instance may not know it yet."""
    not_yet = proxy.plan.error("DescribeInstances", "InvalidInstanceID.NotFound", "not yet", when="InstanceId.1")
    r = oscmd(*via(proxy, fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-s", "10", "-w", "-N"), endpoint=False)
    assert r.status == 0, r.err
    assert not_yet.count == 0, "the describe by id never came"
    assert "launched: running" in r.out
    assert tags(volumes_of(ec2, only(ec2, "web1"))["/dev/sdf"])["Name"] == "web1/sdf"


def test_without_a_terminal_it_does_not_wait(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1")
    assert r.status == 0, r.err
    iid = only(ec2, "web1")["InstanceId"]
    assert "(not waiting without a terminal; -w waits)" in r.out.splitlines()[0]
    assert f"post-install not run: not waiting for {iid}" in r.err


def test_json_output(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("-o", "json", "ami", "-i", IMAGE, "run", "-n", "web1", "-s", "10", "-N", "-w", "-f", "/k.pem")
    assert r.status == 0, r.err
    data = json.loads(r.out)
    instance = only(ec2, "web1")
    assert data["instance_id"] == instance["InstanceId"]
    assert data["state"] == "running"
    assert data["volumes"][0]["device"] == "/dev/sdf"
    assert data["ssh"] == f"ssh -i /k.pem ec2-user@{instance['PublicIpAddress']}"  # moto's names do not resolve


def test_configured_user_and_key_in_the_hint(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    config = tmp_path / "boto.fast"
    config.write_text("[Credentials]\nuser = ops\nkey_file = ~/keys/ops.pem\n[ami]\ninstance_type = t3.nano\n")
    r = oscmd("-c", str(config), "ami", "-i", IMAGE, "run", "-n", "web1", "-N", "-w")
    assert r.status == 0, r.err
    instance = only(ec2, "web1")
    assert instance["InstanceType"] == "t3.nano"
    assert f"ssh -i {oscmd.home}/keys/ops.pem ops@{instance['PublicIpAddress']}" in r.out


def test_post_install_without_a_key_file(oscmd: Oscmd, ec2: Any, fast: str) -> None:
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-w")
    assert r.status == 2
    iid = only(ec2, "web1")["InstanceId"]
    assert r.out.startswith(f"new instance {iid} (web1) launched: running")
    assert "no private key file found" in r.err
    assert f"the instance {iid} (web1) is running" in r.err
    assert "-N" in r.err


def test_a_missing_key_file_is_refused_before_the_launch(oscmd: Oscmd, ec2: Any, tmp_path: Path) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-w", "-f", str(tmp_path / "nope.pem"))
    assert r.status == 2
    assert "no accessible private key file" in r.err
    nothing_launched(ec2)


def test_windows_has_no_post_install(oscmd: Oscmd, ec2: Any, fast: str) -> None:
    r = oscmd("-c", fast, "ami", "-i", WINDOWS, "run", "-n", "win1", "-w")
    assert r.status == 0, r.err
    iid = only(ec2, "win1")["InstanceId"]
    assert f"oscmd instance -i {iid} getwinpass" in r.out
    assert "runs Windows: no post-install" in r.err


def test_wait_flags_contradict(oscmd: Oscmd, ec2: Any) -> None:
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-w", "--no-wait")
    assert (r.status, r.err) == (2, "oscmd: ami run: -w/--wait and --no-wait contradict each other\n")
    r = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-e", "--no-wait")
    assert (r.status, r.err) == (2, "oscmd: ami run: -e needs the instance running: drop --no-wait\n")
    nothing_launched(ec2)


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    """A real OpenSSH server on loopback, standing in for the new instance."""
    with running(tmp_path_factory.mktemp("sshd")) as server:
        yield server


@pytest.mark.ssh
def test_post_install_runs_the_decoder_over_ssh(
    oscmd: Oscmd, ec2: Any, fast: str, sshd: SshServer, tmp_path: Path
) -> None:
    resources = tmp_path / "res"
    resources.mkdir()
    (resources / "greet").write_text('#!/bin/sh\necho "greeting is $greeting"\n'
                                     'echo "$greeting" > "$OSCMD_ROOT/greeting.txt"\n')
    root = tmp_path / "instance-root"
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-w", "-V", "greeting=hello", "-F", "role", "web",
              "-r", "greet", "-R", str(resources), "--host", sshd.host, "--port", str(sshd.port), "-u", sshd.user,
              "-f", str(sshd.client_key), "--upload-user-data", "--root", str(root))
    assert r.status == 0, r.err
    iid = only(ec2, "web1")["InstanceId"]
    assert r.out.startswith(f"new instance {iid} (web1) launched: running")
    assert "greeting is hello" in r.out  # the script's output, streamed
    assert r.out.rstrip().endswith(f"post-install on {iid} done")
    assert (root / "greeting.txt").read_text() == "hello\n"
    assert "role: web" in (root / "etc/facter/facts.d/localfacts.yaml").read_text()
    assert f"added host key of {sshd.host} port {sshd.port}" in r.err
    assert (oscmd.home / ".config" / "oscmd" / "known_hosts").read_text().count("ssh-ed25519") == 1


@pytest.mark.ssh
def test_post_install_reports_a_failing_decoder(
    oscmd: Oscmd, ec2: Any, fast: str, sshd: SshServer, tmp_path: Path
) -> None:
    resources = tmp_path / "res"
    resources.mkdir()
    (resources / "fail").write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-w", "-r", "fail", "-R", str(resources),
              "--host", sshd.host, "--port", str(sshd.port), "-u", sshd.user, "-f", str(sshd.client_key),
              "--upload-user-data", "--root", str(tmp_path / "root"))
    iid = only(ec2, "web1")["InstanceId"]
    assert r.status == 3
    assert "broken" in r.err
    assert f"oscmd-init exited with status 1; the instance {iid} (web1) is running" in r.err


def test_waits_by_default_on_a_terminal(oscmd: Oscmd, ec2: Any, fast: str) -> None:
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-N", tty=True)
    assert r.status == 0, r.err
    assert r.out.splitlines()[0] == f"new instance {only(ec2, 'web1')['InstanceId']} (web1) launched: running"


@pytest.mark.ssh
def test_post_install_keeps_json_output_clean(
    oscmd: Oscmd, ec2: Any, fast: str, sshd: SshServer, tmp_path: Path
) -> None:
    r = oscmd("-c", fast, "-o", "json", "ami", "-i", IMAGE, "run", "-n", "web1", "-w", "-V", "a=b",
              "--host", sshd.host, "--port", str(sshd.port), "-u", sshd.user, "-f", str(sshd.client_key),
              "--upload-user-data", "--root", str(tmp_path / "root"))
    assert r.status == 0, r.err
    document = json.loads(r.out)  # one document: the instance, and the post-install under its own key
    assert document["instance_id"] == only(ec2, "web1")["InstanceId"]
    assert document["post_install"] == {"done": True, "status": 0}
    assert "set property a" in r.err


@pytest.mark.ssh
def test_post_install_with_the_wrong_key(oscmd: Oscmd, ec2: Any, fast: str, sshd: SshServer) -> None:
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-w", "--host", sshd.host, "--port", str(sshd.port),
              "-u", sshd.user, "-f", str(sshd.stranger_key), "--upload-user-data")
    assert r.status == 3
    iid = only(ec2, "web1")["InstanceId"]
    assert f"authentication as {sshd.user} to {sshd.host} port {sshd.port} failed" in r.err
    assert f"the instance {iid} (web1) is running" in r.err
    assert r.err.count("\n") == 2  # the 'added host key' note, then the error


@pytest.mark.ssh
def test_post_install_refuses_a_changed_host_key(oscmd: Oscmd, ec2: Any, fast: str, sshd: SshServer) -> None:
    known_hosts = oscmd.home / ".config" / "oscmd" / "known_hosts"
    known_hosts.parent.mkdir(parents=True)
    known_hosts.write_text(f"[{sshd.host}]:{sshd.port} {sshd.public_key_line(sshd.stranger_key)}\n")
    r = oscmd("-c", fast, "ami", "-i", IMAGE, "run", "-n", "web1", "-w", "--host", sshd.host, "--port", str(sshd.port),
              "-u", sshd.user, "-f", str(sshd.client_key), "--upload-user-data")
    assert r.status == 3
    assert "has changed" in r.err
    assert "is running" in r.err
