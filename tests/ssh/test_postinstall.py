"""``ami run``'s post-install end to end: a launch on moto's EC2 server, the decoder run over a real sshd.

moto has no metadata service for its instances, so the user data is uploaded
(``--upload-user-data``); the decoder runs inside a temporary ``--root`` on
this machine (the sshd plays the new instance), where the resource script's
effect is checked.  The command line of the first test is the one a person
types on a terminal: it runs in a real pseudo-terminal, without ``-w`` (a
terminal makes ``ami run`` wait and run the post-install).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.ssh.harness import SshServer
from tests.support.runner import REPO, Oscmd, base_environ
from tests.support.seed import IMAGE

pytestmark = pytest.mark.ssh

RESOURCE = """#!/bin/sh
echo "greeting from the resource: $greeting"
printf '%s\\n' "$greeting" > "$OSCMD_ROOT/greeting.txt"
pwd > "$OSCMD_ROOT/cwd.txt"
"""


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    directory = tmp_path / "resources"
    directory.mkdir()
    (directory / "greet").write_text(RESOURCE)
    (directory / "broken").write_text("#!/bin/sh\necho 'broken on purpose' >&2\nexit 3\n")
    return directory


@pytest.fixture
def key_pair(ec2: Any, sshd: SshServer) -> str:
    """The sshd's client key registered as the EC2 key pair ``deploy``."""
    public = sshd.client_key.with_name(sshd.client_key.name + ".pub").read_bytes()
    ec2.import_key_pair(KeyName="deploy", PublicKeyMaterial=public)
    return "deploy"


def launched(ec2: Any) -> dict[str, Any]:
    [reservation] = ec2.describe_instances(Filters=[{"Name": "tag:Name", "Values": ["web1"]}])["Reservations"]
    [instance] = reservation["Instances"]
    return dict(instance)


def run_args(sshd: SshServer, key_pair: str, resources: Path, root: Path, *extra: str) -> list[str]:
    """``ami -i IMAGE run -n web1 -k KEY -f KEYFILE -r greet -V greeting=hi --host --port --root --upload-user-data``.

    ``-u`` is added because the test sshd knows only its own user (the image
    would suggest ec2-user), ``-R`` because the resource lives in a temp directory.
    """
    return ["ami", "-i", IMAGE, "run", "-n", "web1", "-k", key_pair, "-f", str(sshd.client_key),
            "-r", "greet", "-R", str(resources), "-V", "greeting=hi",
            "--host", sshd.host, "--port", str(sshd.port), "--root", str(root), "--upload-user-data",
            "-u", sshd.user, *extra]


@pytest.mark.terminal
def test_post_install_from_a_terminal(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path, home: Path
) -> None:
    root = tmp_path / "instance-root"
    assert oscmd.endpoint is not None
    env = {**base_environ(home), "PYTHONPATH": str(REPO), "TERM": "xterm"}
    child = pexpect.spawn(sys.executable, ["-m", "oscmd_shell", "--endpoint", oscmd.endpoint,
                                           *run_args(sshd, key_pair, resources, root)],
                          env=env, cwd=str(REPO), dimensions=(24, 120), encoding="utf-8", timeout=60)
    try:
        child.expect(r"new instance (i-[0-9a-f]+) \(web1\) launched: running")
        iid = child.match.group(1)
        child.expect(f"added host key of {sshd.host} port {sshd.port}")
        child.expect(f"post-install: running oscmd-init decode on {sshd.host} as {sshd.user}")
        child.expect("greeting from the resource: hi")  # the script's output, streamed
        child.expect(f"post-install on {iid} done")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    instance = launched(ec2)
    assert (instance["InstanceId"], instance["KeyName"], instance["ImageId"]) == (iid, "deploy", IMAGE)
    assert (root / "greeting.txt").read_text() == "hi\n"
    assert Path((root / "cwd.txt").read_text().strip()).is_relative_to(root)


def test_post_install_output_and_status(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path
) -> None:
    root = tmp_path / "instance-root"
    result = oscmd(*run_args(sshd, key_pair, resources, root, "-w"))
    assert result.status == 0, result.err
    iid = launched(ec2)["InstanceId"]
    lines = result.out.splitlines()
    assert lines[0] == f"new instance {iid} (web1) launched: running"
    assert "greeting from the resource: hi" in lines
    assert lines[-1] == f"post-install on {iid} done"
    assert (root / "greeting.txt").read_text() == "hi\n"


def test_post_install_with_the_key_pair_file_in_dot_ssh(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path, home: Path
) -> None:
    (home / ".ssh").mkdir()
    shutil.copy(sshd.client_key, home / ".ssh" / f"{key_pair}.pem")
    args = run_args(sshd, key_pair, resources, tmp_path / "root", "-w")
    del args[args.index("-f"):args.index("-f") + 2]
    result = oscmd(*args)
    assert result.status == 0, result.err
    assert (tmp_path / "root" / "greeting.txt").read_text() == "hi\n"


def test_post_install_through_a_jump_host(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path
) -> None:
    args = run_args(sshd, key_pair, resources, tmp_path / "root", "-w", "-J", f"{sshd.user}@{sshd.host}:{sshd.port}")
    args[args.index("--host") + 1] = "localhost"
    result = oscmd(*args)
    assert result.status == 0, result.err
    assert (tmp_path / "root" / "greeting.txt").read_text() == "hi\n"


def test_post_install_follows_ssh_config(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path, home: Path
) -> None:
    (home / ".ssh").mkdir()
    (home / ".ssh" / "config").write_text(f"Host new-instance\n    HostName {sshd.host}\n    Port {sshd.port}\n"
                                          f"    User {sshd.user}\n    IdentityFile {sshd.client_key}\n")
    args = run_args(sshd, key_pair, resources, tmp_path / "root", "-w")
    for option in ("-f", "--port", "-u"):
        del args[args.index(option):args.index(option) + 2]
    args[args.index("--host") + 1] = "new-instance"
    result = oscmd(*args)
    assert result.status == 0, result.err
    assert (tmp_path / "root" / "greeting.txt").read_text() == "hi\n"


def test_a_failing_resource_is_reported(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path
) -> None:
    args = run_args(sshd, key_pair, resources, tmp_path / "root", "-w")
    args[args.index("greet")] = "broken"
    result = oscmd(*args)
    iid = launched(ec2)["InstanceId"]
    assert result.status == 3
    assert "broken on purpose" in result.err
    assert f"post-install: oscmd-init exited with status 1; the instance {iid} (web1) is running" in result.err
    assert result.out.startswith(f"new instance {iid} (web1) launched: running")
