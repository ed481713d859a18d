"""``ami run``'s post-install end to end: a launch on moto's EC2 server, the decoder run over a real sshd.

Most tests upload the user data (``--upload-user-data``) and run the decoder
inside a temporary ``--root`` on this machine (the sshd plays the new
instance), where the resource script's effect is checked.  The command line of
the first test is the one a person types on a terminal: it runs in a real
pseudo-terminal, without ``-w`` (a terminal makes ``ami run`` wait and run the
post-install).  The last ones run the decoder as on a real instance: no
``--root``, the user data read from the instance's metadata service (a loopback
IMDSv2 serving what EC2 holds for the instance), packages installed by the
instance's package manager (a stand-in on the sshd's PATH that records its
command lines), and the sshd in a mount namespace of its own where /var/lib
(the run-once record) is a temporary directory.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.ssh.harness import SshServer, running
from tests.support.decoder import Answer, Routes, own_var_lib, serve
from tests.support.launches import only, user_data
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


def test_what_the_instance_prints_during_the_post_install_is_shown_inert(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path
) -> None:
    (resources / "loud").write_text("#!/bin/sh\nprintf 'title\\033]0;prod-db1: all good\\007erase\\033[2K\\r\\n'\n")
    args = run_args(sshd, key_pair, resources, tmp_path / "root", "-w")
    args[args.index("greet")] = "loud"
    result = oscmd(*args)
    assert result.status == 0, result.err
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "title\\x1b]0;prod-db1: all good\\x07erase\\x1b[2K" in result.out


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


def test_a_host_reached_through_a_proxy_command_is_never_connected_to_directly(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, key_pair: str, resources: Path, tmp_path: Path, home: Path
) -> None:
    used = tmp_path / "proxy-used"
    (home / ".ssh").mkdir()
    (home / ".ssh" / "config").write_text(f"Host new-instance\n    HostName {sshd.host}\n    Port {sshd.port}\n"
                                          f"    ProxyCommand sh -c 'touch {used}; exec nc %h %p'\n")
    args = run_args(sshd, key_pair, resources, tmp_path / "root", "-w")
    args[args.index("--host") + 1] = "new-instance"
    del args[args.index("--port"):args.index("--port") + 2]
    result = oscmd(*args)
    assert result.status != 0
    assert "reaches new-instance through a ProxyCommand, which oscmd does not run" in result.err, result.err
    assert not used.exists() and not (tmp_path / "root" / "greeting.txt").exists()


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


# -- as on a real instance: user data from the metadata service, packages installed -------------------
TOKEN = "imds-session-token"
MANAGER_STAND_IN = """#!/bin/sh
echo "$(basename "$0") $* DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-}}" >> {log}
"""


@pytest.fixture
def metadata_service(ec2: Any) -> Iterator[Routes]:
    """web1's metadata service on loopback (IMDSv2 only): its user data is what EC2 holds for the instance."""
    def user_data_of_web1() -> Answer:
        data = user_data(ec2, only(ec2, "web1")["InstanceId"])
        return (200, {"X-Require-Token": TOKEN}, data) if data else (404, {}, b"")

    routes = Routes()
    routes["PUT /latest/api/token"] = (200, {}, TOKEN.encode())
    routes["GET /latest/user-data"] = user_data_of_web1
    with serve(routes) as served:
        yield served


@pytest.fixture(params=["dnf", "apt-get"])
def instance(request: pytest.FixtureRequest, tmp_path: Path, metadata_service: Routes) -> Iterator[SshServer]:
    """An sshd playing a whole instance: its own /var/lib, the metadata endpoint and a package manager on PATH."""
    if os.geteuid() != 0:
        pytest.skip("needs root: the instance's sshd runs in a mount namespace with its own /var/lib")
    bin_dir, var_lib, sshd_dir = tmp_path / "instance-bin", tmp_path / "instance-var-lib", tmp_path / "instance-sshd"
    for directory in (bin_dir, var_lib, sshd_dir):
        directory.mkdir()
    manager = bin_dir / request.param
    manager.write_text(MANAGER_STAND_IN.format(log=tmp_path / "installs.log"))
    manager.chmod(0o755)
    environment = f"AWS_EC2_METADATA_SERVICE_ENDPOINT={metadata_service.base} PATH={bin_dir}:/usr/bin:/bin"
    with running(sshd_dir, extra_config=[f"SetEnv {environment}"], wrapper=own_var_lib(var_lib)) as server:
        yield server


INSTALLS = {
    "dnf": ["dnf -y install vim htop DEBIAN_FRONTEND="],
    "apt-get": ["apt-get -q update DEBIAN_FRONTEND=noninteractive",
                "apt-get -y -q install vim htop DEBIAN_FRONTEND=noninteractive"],
}


@pytest.mark.netns
def test_post_install_reads_the_metadata_service_and_installs_packages(
    oscmd: Oscmd, ec2: Any, instance: SshServer, metadata_service: Routes, resources: Path, tmp_path: Path
) -> None:
    (resources / "base.pkgs").write_text("# what every server gets\nvim htop\n")
    (resources / "greet").write_text('#!/bin/sh\necho "greeting from the resource: $greeting"\n'
                                     'printf "%s\\n" "$greeting" > "$outdir/greeting.txt"\n')
    record_was_here = os.path.lexists("/var/lib/oscmd-init")
    result = oscmd("ami", "-i", IMAGE, "run", "-n", "web1", "-f", str(instance.client_key),
                   "-r", "base.pkgs", "-r", "greet", "-R", str(resources), "-V", "greeting=hi",
                   "-V", f"outdir={tmp_path}", "--host", instance.host, "--port", str(instance.port),
                   "-u", instance.user, "-w")
    assert result.status == 0, result.err
    iid = only(ec2, "web1")["InstanceId"]
    lines = result.out.splitlines()
    assert "install packages vim htop" in lines
    assert "greeting from the resource: hi" in lines
    assert lines[-1] == f"post-install on {iid} done"
    manager = next(path.name for path in (tmp_path / "instance-bin").iterdir())
    assert (tmp_path / "installs.log").read_text().splitlines() == INSTALLS[manager]
    assert (tmp_path / "greeting.txt").read_text() == "hi\n"
    assert metadata_service.hits == {"/latest/api/token": 1, "/latest/user-data": 1}
    record = tmp_path / "instance-var-lib" / "oscmd-init"
    assert record.is_dir() and oct(record.stat().st_mode & 0o777) == "0o700" and any(record.iterdir())
    assert os.path.lexists("/var/lib/oscmd-init") == record_was_here  # the machine's own /var/lib untouched
