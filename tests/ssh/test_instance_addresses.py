"""Which address ``instance ssh`` and ``instance ping`` use, and ``ping`` itself.

The address order is checked on its own; then, inside a network namespace
where moto's public addresses (54.214.x.y) are local and moto's elastic IPs
(127.x.y.z) are loopback as always, ``instance ssh`` reaches a real sshd on
port 22 at the instance's own addresses with no ``--host`` and no ssh_config,
and ``instance ping`` probes them.  The TCP probe and the use of the system
``ping`` are checked against 127.0.0.1 with ``--host``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.aws.lookup import Resolved
from oscmd_shell.kinds import KINDS
from oscmd_shell.objects.instance import sshtarget
from oscmd_shell.objects.instance.view import view as instance_view
from tests.ssh.harness import SshServer, free_port
from tests.support.runner import REPO, Oscmd

pytestmark = pytest.mark.ssh


# -- addresses ---------------------------------------------------------------------------------
def _resolved(**raw: Any) -> Resolved:
    record = {"InstanceId": "i-1", "State": {"Name": "running"}, **raw}
    return Resolved(KINDS["instance"], record, instance_view(record))


def test_address_order() -> None:
    full = _resolved(PublicDnsName="ec2-1.example", PublicIpAddress="198.51.100.7", PrivateIpAddress="10.0.0.7")
    assert sshtarget.instance_address(full, resolve=lambda _name: True) == "ec2-1.example"
    assert sshtarget.instance_address(full, resolve=lambda _name: False) == "198.51.100.7"
    assert sshtarget.instance_address(full, private=True) == "10.0.0.7"
    assert sshtarget.instance_address(_resolved(PrivateIpAddress="10.0.0.8")) == "10.0.0.8"
    with pytest.raises(Exception, match="has no address"):
        sshtarget.instance_address(_resolved())



# -- ping ---------------------------------------------------------------------------------------
def test_ping_tcp_probe(oscmd: Oscmd, web1: str, sshd: SshServer, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "no-ping"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no system ping: the TCP probe it is
    answered = oscmd("instance", "-n", "web1", "ping", "-c", "2", "--host", "127.0.0.1", "--port", str(sshd.port))
    assert answered.status == 0, answered.err
    assert f"connected to 127.0.0.1 port {sshd.port}: try=2" in answered.out
    closed = free_port()
    silent = oscmd("instance", "-n", "web1", "ping", "-c", "1", "--host", "127.0.0.1", "--port", str(closed))
    assert silent.status == 1
    assert f"no answer from 127.0.0.1 port {closed}: try=1" in silent.out
    assert "1 tries, 0 answered, 100% lost" in silent.out


def test_ping_hands_the_host_to_ping_after_its_extra_arguments_and_a_double_dash(
    oscmd: Oscmd, web1: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ping"
    fake.write_text('#!/bin/sh\necho "ping $*"\nexit 0\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ.get('PATH', '')}")
    result = oscmd("instance", "-n", "web1", "ping", "-c", "3", "--host", "127.0.0.1", "--", "-W", "1")
    assert (result.status, result.out) == (0, "ping -c 3 -W 1 -- 127.0.0.1\n"), result.err  # the host after --


def test_ping_uses_the_system_ping_with_extra_arguments(oscmd: Oscmd, web1: str, system_ping: str) -> None:
    result = oscmd("instance", "-n", "web1", "ping", "-c", "3", "--host", "127.0.0.1", "--", "-s", "100", "-i", "0.2")
    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "PING 127.0.0.1 (127.0.0.1) 100(128) bytes of data."  # -s 100 reached the system ping
    assert [line.split(" ttl=")[0] for line in lines if " icmp_seq=" in line] == [
        f"108 bytes from 127.0.0.1: icmp_seq={seq}" for seq in (1, 2, 3)]
    assert "3 packets transmitted, 3 received, 0% packet loss" in result.out
    assert "TCP" not in result.out


def test_ping_a_stopped_instance(oscmd: Oscmd, ec2: Any, web1: str) -> None:
    ec2.stop_instances(InstanceIds=[web1])
    result = oscmd("instance", "-n", "web1", "ping", "-c", "1")
    assert result.status == 3 and "is stopped: it must be running" in result.err


# -- the instance's own addresses, inside a network namespace -------------------------------------
NETNS_DRIVER = r"""
import json, os, subprocess, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
work = Path(sys.argv[2])
for command in (["ip", "link", "set", "lo", "up"], ["ip", "route", "add", "local", "54.214.0.0/16", "dev", "lo"]):
    subprocess.run(command, check=True)
from tests.ssh.harness import SshServer
from tests.support.ec2server import LocalEC2
from tests.support.runner import Oscmd
from tests.support.seed import run_named

sshd = SshServer(work / "sshd", host="0.0.0.0", port=22)
sshd.directory.mkdir()
sshd.prepare()
sshd.start()
server = LocalEC2()
results = {}
try:
    ec2 = server.client()
    iid = run_named(ec2, "web1")[0]
    home = work / "netns-home"
    home.mkdir()
    oscmd = Oscmd(server.url, home)
    def call(name, *args):
        r = oscmd(*args)
        results[name] = {"status": r.status, "out": r.out, "err": r.err}
    raw = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
    results["public_ip"] = raw["PublicIpAddress"]
    ssh = ["instance", "-n", "web1", "ssh", "-u", sshd.user, "-f", str(sshd.client_key), "--"]
    call("public", *ssh, "echo reached-public")
    os.environ["PATH"] = str(work)  # no system ping in here: the TCP probe of port 22
    call("ping", "instance", "-n", "web1", "ping", "-c", "1")
    address = ec2.allocate_address(Domain="vpc")
    ec2.associate_address(AllocationId=address["AllocationId"], InstanceId=iid)
    results["eip_address"] = address["PublicIp"]
    call("eip", *ssh, "echo reached-eip")
    sshd.stop()
    call("ping_down", "instance", "-n", "web1", "ping", "-c", "1")
finally:
    sshd.stop()
    server.stop()
print("RESULTS " + json.dumps(results))
"""


@pytest.mark.netns
def test_instance_addresses_reach_sshd_in_a_network_namespace(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    assert unshare is not None, "util-linux's unshare is needed for the network-namespace test"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SSH_AUTH_SOCK", None)
    proc = subprocess.run([unshare, "-n", sys.executable, "-c", NETNS_DRIVER, str(REPO), str(tmp_path)],
                          capture_output=True, text=True, timeout=90, env=env, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULTS ")]
    assert proc.returncode == 0 and lines, f"the namespace driver failed:\n{proc.stdout}\n{proc.stderr}"
    results = json.loads(lines[-1].removeprefix("RESULTS "))
    public_ip, eip = results["public_ip"], results["eip_address"]
    assert public_ip.startswith("54.214.") and eip.startswith("127.")
    # the public DNS name does not resolve in the namespace: the public IP, port 22, is used
    assert results["public"]["status"] == 0, results["public"]["err"]
    assert results["public"]["out"] == "reached-public\n"
    assert f"added host key of {public_ip} port 22" in results["public"]["err"]
    assert results["ping"]["status"] == 0 and f"connected to {public_ip} port 22" in results["ping"]["out"]
    assert results["eip"]["status"] == 0, results["eip"]["err"]
    assert results["eip"]["out"] == "reached-eip\n"
    assert results["ping_down"]["status"] == 1, results["ping_down"]
    assert f"no answer from {eip} port 22" in results["ping_down"]["out"]
