"""``extendvol`` on real block devices: the script grows a logical volume onto a new, loop-backed disk.

Two loop devices over sparse files: the first holds a volume group and its
logical volume, the second plays the new EBS volume (the script is given its
device path, as it resolves ``/dev/sdf``).  The script is fed to ``bash -s``
exactly as ``instance addvolume`` sends it, inside a private mount namespace
(``unshare -m``), so nothing it mounts shows outside.  lvm2 runs with its own
configuration (``LVM_SYSTEM_DIR``): no udev (devices from a scan of /dev, no
udev synchronisation or rules, as testbed.md §9 says) and a filter that shows
it only this test's loop devices.

Where the kernel has device-mapper, everything is real: an ext4 file system
on the logical volume, mounted, grown by ``lvresize -r``; the test reads the
new size of the mounted file system.  Where it has not (a minimal VM kernel),
LVM runs with activation off — metadata only, every command still real — the
mount the script finds is a tmpfs named after the logical volume, and
``lvresize`` runs without ``-r`` (a file system can only be grown on an active
volume): the test checks the partition, the physical volume, the volume group
and the logical volume's new size in LVM's metadata.  Without root or loop
devices the test is skipped, saying why; without lvm2 or sfdisk it fails
(tests/setup.sh installs them).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from oscmd_shell.objects.instance import remote

pytestmark = pytest.mark.netns

DISK_BYTES = 64 * 1024 * 1024
LINUX_LVM_GPT_TYPE = "E6D6D379-F507-44C2-A23C-238F2A3DF928"


def has_device_mapper() -> bool:
    """Whether the kernel has device-mapper (its control device is registered as a misc device)."""
    try:
        return any(line.split()[1:] == ["device-mapper"] for line in Path("/proc/misc").read_text().splitlines())
    except OSError:
        return False


def run(*argv: str, env: dict[str, str] | None = None, check: bool = True,
        input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, input=input_text, capture_output=True, text=True, env=env, timeout=120, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return done


@dataclass
class Lvm:
    """A volume group with one logical volume on a loop device, and a second, empty loop device."""

    work: Path
    env: dict[str, str]
    vg: str
    pv_disk: str
    new_disk: str
    active: bool

    def lvm(self, *argv: str) -> str:
        return run(*argv, env=self.env).stdout

    @property
    def lv(self) -> str:
        return f"/dev/mapper/{self.vg}-data"

    def lv_extents(self) -> int:
        return int(self.lvm("lvs", "--noheadings", "-o", "lv_size", "--units", "b", "--nosuffix",
                            f"{self.vg}/data").strip()) // (4 * 1024 * 1024)

    def pvs(self) -> dict[str, str]:
        rows = (line.split() for line in self.lvm("pvs", "--noheadings", "-o", "pv_name,vg_name").splitlines())
        return {row[0]: row[1] for row in rows if len(row) == 2}


def _config(loops: list[str], active: bool) -> str:
    accept = ", ".join(f'"a|^{loop}(p1)?$|"' for loop in loops)
    return (
        "devices {\n"
        "    obtain_device_list_from_udev = 0\n"
        "    use_devicesfile = 0\n"
        f'    global_filter = [ {accept}, "r|.*|" ]\n'
        "}\n"
        "activation {\n    udev_sync = 0\n    udev_rules = 0\n}\n"
        f"global {{\n    activation = {1 if active else 0}\n}}\n"
    )


def _needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: the LVM test needs lvm2, fdisk and util-linux "
                    "(tests/setup.sh installs them)", pytrace=False)


@pytest.fixture
def lvm(tmp_path: Path) -> Iterator[Lvm]:
    if os.geteuid() != 0:
        pytest.skip("needs root: loop devices, LVM and a mount namespace")
    if not Path("/dev/loop-control").exists():
        pytest.skip("no loop devices on this machine (/dev/loop-control is missing)")
    _needs("losetup", "unshare", "sfdisk", "partx", "pvcreate", "vgcreate", "lvcreate", "lvresize", "lvs")
    loops: list[str] = []
    env = {**os.environ, "LVM_SYSTEM_DIR": str(tmp_path / "lvm"), "LVM_SUPPRESS_FD_WARNINGS": "1"}
    vg = f"oscmdtest{os.getpid()}"
    active = has_device_mapper()
    try:
        for name in ("pv.img", "new.img"):
            image = tmp_path / name
            with image.open("wb") as handle:
                handle.truncate(DISK_BYTES)
            attached = run("losetup", "--find", "--show", str(image), check=False)
            if attached.returncode != 0:
                pytest.skip(f"cannot attach a loop device here: {attached.stderr.strip()}")
            loops.append(attached.stdout.strip())
        (tmp_path / "lvm").mkdir()
        (tmp_path / "lvm" / "lvm.conf").write_text(_config(loops, active))
        setup = Lvm(tmp_path, env, vg, loops[0], loops[1], active)
        setup.lvm("pvcreate", "-y", loops[0])
        setup.lvm("vgcreate", "-y", vg, loops[0])
        setup.lvm("lvcreate", "-y", "-Zn", "-l", "100%FREE", "-n", "data", *(() if active else ("-an",)), vg)
        if active:
            run("mkfs.ext4", "-q", "-F", setup.lv)
        yield setup
    finally:
        if active and loops:
            run("vgchange", "-an", vg, env=env, check=False)
        if loops:
            run("vgremove", "-f", "-y", vg, env=env, check=False)
        for loop in reversed(loops):
            run("partx", "--delete", loop, check=False)
            run("losetup", "--detach", loop, check=False)


# The one stand-in: growing the file system (-r) needs the logical volume active, which needs device-mapper.
LVRESIZE_WITHOUT_FS = """#!/bin/bash
printf '%s\\n' "$*" >> {log}
args=()
for arg in "$@"; do [ "$arg" = -r ] || args+=("$arg"); done
exec {real} "${{args[@]}}"
"""


def extendvol(setup: Lvm, mountpoint: Path) -> subprocess.CompletedProcess[str]:
    """Run the script as ``instance addvolume`` does, in a private mount namespace.

    The logical volume (without device-mapper: a tmpfs named after it) is
    mounted on ``mountpoint`` first; the mount's size is printed before and after.
    """
    env = dict(setup.env)
    if not setup.active:
        bin_dir = setup.work / "bin"
        bin_dir.mkdir()
        real = shutil.which("lvresize")
        assert real is not None
        (bin_dir / "lvresize").write_text(LVRESIZE_WITHOUT_FS.format(log=setup.work / "lvresize.log", real=real))
        (bin_dir / "lvresize").chmod(0o755)
        env["PATH"] = f"{bin_dir}:{env.get('PATH', '/usr/sbin:/usr/bin:/sbin:/bin')}"
    mount = ["mount", setup.lv] if setup.active else ["mount", "-t", "tmpfs", "-o", "size=1m", setup.lv]
    size = 'findmnt -b -n -o SIZE --mountpoint "$mountpoint"'
    wrapper = (f'"${{@:1:$#-3}}" "$mountpoint" || exit 99; echo "size=$({size})"; bash -s "${{@: -3}}"; status=$?; '
               f'echo "size=$({size})"; exit $status')
    line = remote.extend_command(setup.new_disk, str(mountpoint), "", "root")
    assert line == f"bash -s {setup.new_disk} {mountpoint} ''"
    mountpoint.mkdir()
    script = f"mountpoint={shlex.quote(str(mountpoint))}; {wrapper}"
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "bash", "-c", script, "extendvol-test", *mount,
         setup.new_disk, str(mountpoint), ""],
        input=remote.extendvol_script().decode(), capture_output=True, text=True, env=env, timeout=180, check=False,
    )


def test_extendvol_grows_the_logical_volume_onto_a_new_disk(lvm: Lvm) -> None:
    before = lvm.lv_extents()
    result = extendvol(lvm, lvm.work / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    disk, part = lvm.new_disk, lvm.new_disk + "p1"
    lines = result.stdout.splitlines()
    assert f"extendvol: extending {lvm.lv} (volume group {lvm.vg})" in lines
    assert f"extendvol: {disk} is {disk}" in lines
    assert f"extendvol: {lvm.lv} extended onto {part}" in lines
    assert f"type={LINUX_LVM_GPT_TYPE}" in run("sfdisk", "--dump", disk).stdout  # one partition of LVM type
    assert lvm.pvs() == {lvm.pv_disk: lvm.vg, part: lvm.vg}
    after = lvm.lv_extents()
    assert after > before * 1.8, (before, after)  # grown over (nearly) all of the second disk
    assert lvm.lvm("vgs", "--noheadings", "-o", "vg_free_count", lvm.vg).strip() == "0"
    sizes = [int(line.removeprefix("size=")) for line in lines if line.startswith("size=")]
    if lvm.active:
        assert sizes[1] > 1.8 * sizes[0], sizes  # the mounted file system grew with its volume
    else:
        assert (lvm.work / "lvresize.log").read_text() == f"-r -l +100%FREE {lvm.lv}\n"


def test_extendvol_refuses_a_disk_that_is_already_partitioned(lvm: Lvm) -> None:
    run("sfdisk", "--quiet", lvm.new_disk, input_text="label: gpt\n,,L\n")
    run("partx", "--add", lvm.new_disk, check=False)  # sfdisk has usually told the kernel already
    assert Path(lvm.new_disk + "p1").is_block_device()
    before = lvm.lv_extents()
    result = extendvol(lvm, lvm.work / "data")
    assert result.returncode == 1
    assert f"extendvol: {lvm.new_disk} already has a partition: refusing to overwrite it" in result.stderr
    assert "LVM" not in run("sfdisk", "--dump", lvm.new_disk).stdout and LINUX_LVM_GPT_TYPE not in result.stdout
    assert lvm.pvs() == {lvm.pv_disk: lvm.vg}
    assert lvm.lv_extents() == before
