"""``instance addvolume``: the EC2 side checked on moto's server, the extendvol step run over a real sshd.

This machine has no LVM tools (nor sfdisk), so the LVM growth itself cannot
run; what is checked instead: the remote command line (``[sudo -n] bash -s
DEVICE MOUNT BLKID``), the script really fed on its standard input over SSH
with those arguments, the real ``extendvol`` run remotely with its failure
reported, and the script's own argument handling run locally with stand-ins
for the LVM commands.
"""

from __future__ import annotations

import getpass
import subprocess
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.objects.instance import remote
from tests.ssh.harness import SshServer
from tests.support.runner import Oscmd
from tests.support.seed import run_named

pytestmark = pytest.mark.ssh

EXTENDVOL = Path(remote.__file__).resolve().parents[2] / "resources" / "extendvol"


@pytest.fixture
def web1(ec2: Any) -> str:
    return run_named(ec2, "web1", Placement={"AvailabilityZone": "us-east-1b"})[0]


def ssh_options(server: SshServer) -> list[str]:
    return ["-u", server.user, "-f", str(server.client_key), "--host", server.host, "--port", str(server.port)]


def volume_of(ec2: Any, vid: str) -> dict[str, Any]:
    return dict(ec2.describe_volumes(VolumeIds=[vid])["Volumes"][0])


def tags_of(volume: dict[str, Any]) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in volume.get("Tags") or []}


def created(result_out: str) -> tuple[str, str]:
    line = next(line for line in result_out.splitlines() if line.startswith("created volume "))
    _, _, vid, _, device = line.split()
    return vid, device


def test_addvolume_creates_attaches_and_tags(oscmd: Oscmd, ec2: Any, web1: str) -> None:
    result = oscmd("instance", "-n", "web1", "addvolume", "-n", "data", "-s", "5")
    assert result.status == 0, result.err
    vid, device = created(result.out)
    assert result.out == f"created volume {vid} as /dev/sdf\n"
    volume = volume_of(ec2, vid)
    assert (volume["Size"], volume["AvailabilityZone"], volume["VolumeType"]) == (5, "us-east-1b", "gp3")
    assert volume["State"] == "in-use"
    [attachment] = volume["Attachments"]
    assert (attachment["InstanceId"], attachment["Device"], attachment["State"]) == (web1, device, "attached")
    assert tags_of(volume) == {"Name": "web1/data", "instance": "web1", "creator": getpass.getuser()}

    second = oscmd("instance", "-n", "web1", "addvolume", "-n", "logs", "-s", "2", "-t", "standard")
    assert second.status == 0, second.err
    vid2, device2 = created(second.out)
    assert device2 == "/dev/sdg"
    volume2 = volume_of(ec2, vid2)
    assert (volume2["Size"], volume2["VolumeType"], tags_of(volume2)["Name"]) == (2, "standard", "web1/logs")


def test_addvolume_json_output(oscmd: Oscmd, ec2: Any, web1: str) -> None:
    import json

    result = oscmd("-o", "json", "instance", "-n", "web1", "addvolume", "-n", "data", "-s", "3")
    assert result.status == 0, result.err
    data = json.loads(result.out)
    assert (data["device"], data["instance_id"], data["zone"], data["size"]) == ("/dev/sdf", web1, "us-east-1b", 3)


def test_extend_command_line() -> None:
    assert remote.extend_command("/dev/sdf", "/data", "", "root") == "bash -s /dev/sdf /data ''"
    assert remote.extend_command("/dev/sdg", "", "LABEL=/data", "ec2-user") == "sudo -n bash -s /dev/sdg '' LABEL=/data"
    spaced = remote.extend_command("/dev/sdh", "/srv/my data", "", "admin")
    assert spaced == "sudo -n bash -s /dev/sdh '/srv/my data' ''"
    assert remote.extendvol_script() == EXTENDVOL.read_bytes()


ARGS_PROBE = b"""#!/bin/bash
printf 'args=%s|%s|%s|%s\\n' "$#" "$1" "$2" "$3"
echo "probe on stderr" >&2
"""


def test_script_is_fed_to_bash_with_its_arguments(
    oscmd: Oscmd, ec2: Any, web1: str, sshd: SshServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remote, "extendvol_script", lambda: ARGS_PROBE)
    result = oscmd("instance", "-n", "web1", "addvolume", "-n", "data", "-s", "4", "-m", "/data", *ssh_options(sshd))
    assert result.status == 0, result.err
    assert result.out.splitlines() == [
        result.out.splitlines()[0],
        "args=3|/dev/sdf|/data|",
        "extended /data onto /dev/sdf",
    ]
    vid, device = created(result.out)
    assert device == "/dev/sdf" and volume_of(ec2, vid)["State"] == "in-use"
    assert "running extendvol on root@" in result.err and ": bash -s /dev/sdf /data ''" in result.err
    assert "probe on stderr" in result.err

    by_label = oscmd("instance", "-n", "web1", "addvolume", "-n", "more", "-s", "1", "-d", "LABEL=/data",
                     *ssh_options(sshd))
    assert by_label.status == 0, by_label.err
    assert "args=3|/dev/sdg||LABEL=/data" in by_label.out


def test_real_extendvol_failure_is_reported(oscmd: Oscmd, ec2: Any, web1: str, sshd: SshServer) -> None:
    result = oscmd("instance", "-n", "web1", "addvolume", "-n", "data", "-s", "4", "-m", "/oscmd-no-such-mount",
                   *ssh_options(sshd))
    assert result.status == 3
    vid, device = created(result.out)
    assert "extendvol: " in result.err  # the script's own diagnostic, streamed from the instance
    assert (f"extendvol exited with status 1 on {sshd.host}: /oscmd-no-such-mount was not extended; "
            f"{vid} stays attached as {device}") in result.err
    assert volume_of(ec2, vid)["Attachments"][0]["Device"] == device


def test_ssh_problems_are_found_before_anything_is_created(
    oscmd: Oscmd, ec2: Any, web1: str, sshd: SshServer, tmp_path: Path
) -> None:
    missing_key = oscmd("instance", "-n", "web1", "addvolume", "-n", "data", "-m", "/data",
                        "-f", str(tmp_path / "nope.pem"), "--host", sshd.host)
    assert missing_key.status == 2 and "no accessible private key file" in missing_key.err
    bad_token = oscmd("instance", "-n", "web1", "addvolume", "-n", "data", "-d", "/data", *ssh_options(sshd))
    assert bad_token.status == 2 and "blkid token" in bad_token.err
    ec2.stop_instances(InstanceIds=[web1])
    stopped = oscmd("instance", "-n", "web1", "addvolume", "-n", "data", "-m", "/data", *ssh_options(sshd))
    assert stopped.status == 3 and "is stopped: it must be running" in stopped.err
    assert ec2.describe_volumes(Filters=[{"Name": "tag:instance", "Values": ["web1"]}])["Volumes"] == []


def test_ssh_failure_after_attaching_names_the_volume(oscmd: Oscmd, ec2: Any, web1: str, sshd: SshServer) -> None:
    result = oscmd("instance", "-n", "web1", "addvolume", "-n", "data", "-m", "/data", *ssh_options(sshd),
                   "--host-key-policy", "strict")
    assert result.status == 5
    vid, device = created(result.out)
    assert "policy is strict" in result.err
    assert f"{vid} stays attached as {device}, /data was not extended" in result.err


# -- the script's argument handling, run here with stand-ins for the LVM commands ----------------
def stand_ins(tmp_path: Path, *, lvs_output: str = "", missing: tuple[str, ...] = ()) -> Path:
    """A PATH directory: the real basic tools, and logging stand-ins for sfdisk and the LVM commands."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("awk", "head", "tr", "seq", "sleep", "readlink", "dd", "findmnt", "blkid", "cat"):
        real = subprocess.run(["bash", "-c", f"command -v {tool}"], capture_output=True, text=True).stdout.strip()
        if real:
            (bin_dir / tool).symlink_to(real)
    (bin_dir / "id").write_text("#!/bin/sh\necho 0\n")
    for tool in ("sfdisk", "pvcreate", "vgextend", "lvresize", "lvs"):
        if tool in missing:
            continue
        output = f"echo '  {lvs_output}'\n" if tool == "lvs" and lvs_output else ""
        (bin_dir / tool).write_text(f"#!/bin/sh\necho \"{tool} $*\" >> {tmp_path / 'calls'}\n{output}")
    for path in bin_dir.iterdir():
        if not path.is_symlink():
            path.chmod(0o755)
    return bin_dir


def run_script(bin_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    bash = subprocess.run(["bash", "-c", "command -v bash"], capture_output=True, text=True).stdout.strip()
    return subprocess.run([bash, "-s", *args], input=EXTENDVOL.read_text(), capture_output=True, text=True,
                          env={"PATH": str(bin_dir)}, timeout=30, check=False)


def test_extendvol_argument_handling(tmp_path: Path) -> None:
    bin_dir = stand_ins(tmp_path)
    usage = run_script(bin_dir)
    assert usage.returncode == 1 and "usage: extendvol DISK MOUNTPOINT [BLKID]" in usage.stderr
    neither = run_script(bin_dir, "/dev/sdf", "", "")
    assert neither.returncode == 1 and "give a MOUNTPOINT or a BLKID" in neither.stderr
    unmounted = run_script(bin_dir, "/dev/sdf", "/oscmd-no-such-mount", "")
    assert unmounted.returncode == 1 and "nothing is mounted on /oscmd-no-such-mount" in unmounted.stderr
    unlabelled = run_script(bin_dir, "/dev/sdf", "", "LABEL=oscmd-no-such-label")
    assert unlabelled.returncode == 1 and "no device matches LABEL=oscmd-no-such-label" in unlabelled.stderr
    not_lvm = run_script(bin_dir, "/dev/sdf", "/", "")
    assert not_lvm.returncode == 1 and "is not an LVM logical volume" in not_lvm.stderr
    assert not (tmp_path / "calls").exists() or "sfdisk" not in (tmp_path / "calls").read_text()


def test_extendvol_needs_its_tools(tmp_path: Path) -> None:
    result = run_script(stand_ins(tmp_path, missing=("sfdisk",)), "/dev/sdf", "/", "")
    assert result.returncode == 1 and "extendvol: sfdisk is not installed" in result.stderr
