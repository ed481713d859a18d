"""How the decoder runs scripts and keeps its run-once record, in the situations an instance can be in.

Every kind of script (a Python part without ``#!``, an executable without
one, a real ELF binary), a /tmp mounted ``noexec`` (the interpreter line
is then run by hand), a run-once record that is not
this user's, not a directory, not private, or on a full disk, a terminal
that cannot show every character, and a stopped script's process group
killed where there is no /proc to look it up, or after the grace period
when it ignores SIGTERM.  The cases that mount a file
system run in a mount namespace of their own and need root (marked netns).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oscmd_shell.bootstrap.mimeparts import build_document, make_part
from oscmd_shell.bootstrap.runner import GRACE_SECONDS
from oscmd_shell.bootstrap.runonce import RECORD_DIR
from tests.support.decoder import Result, child_env, mode_of, oscmd_init, running, write

NOBODY = 65534
SCRIPT = b"#!/bin/sh\necho script ran\n"


def decode(tmp_path: Path, *parts: object, env: dict[str, str] | None = None, wrapper: list[str] | None = None,
           extra: tuple[str, ...] = ()) -> Result:
    document = write(tmp_path / "user-data.mime", build_document(parts))  # type: ignore[arg-type]
    return oscmd_init("decode", "-n", "-f", document, "--root", tmp_path / "root", *extra, env=env, wrapper=wrapper)


def record_of(tmp_path: Path) -> Path:
    return tmp_path / "root" / RECORD_DIR.lstrip("/")


def mounted(directory: Path, options: str, then: str = "") -> list[str]:
    """A command prefix: run the command where a tmpfs mounted with ``options`` is on ``directory`` (needs root).

    ``then``: shell commands run once it is mounted (``$0`` is the directory).
    """
    if os.geteuid() != 0:
        pytest.skip("needs root: the case mounts a file system (in a mount namespace of its own)")
    unshare, mount = shutil.which("unshare"), shutil.which("mount")
    assert unshare is not None and mount is not None, "util-linux's unshare and mount are needed"
    directory.mkdir(parents=True, exist_ok=True)
    return [unshare, "--mount", "--propagation", "private", "/bin/sh", "-c",
            f'{mount} -t tmpfs -o {options} oscmd-test "$0" && {then} exec "$@"', str(directory)]


def test_every_kind_of_script_runs(tmp_path: Path) -> None:
    true = Path(shutil.which("true") or "/bin/true").read_bytes()
    assert true.startswith(b"\x7fELF")
    result = decode(tmp_path,
                    make_part("text/x-python", b"import sys\nprint('python', sys.version_info[0])\n",
                              filename="hello.py"),
                    make_part("text/x-executable", b"echo sh ran a script without an interpreter line\n",
                              filename="plain"),
                    make_part("text/x-executable", true, filename="elf"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "run script hello.py", "python 3",
        "run script plain", "sh ran a script without an interpreter line",
        "run script elf",
    ]
    assert len(list(record_of(tmp_path).iterdir())) == 3  # each one recorded as completed


@pytest.mark.netns
def test_on_a_noexec_tmp_the_interpreter_line_is_run_by_hand(tmp_path: Path) -> None:
    noexec = tmp_path / "root" / "tmp"  # where the scripts are written: /tmp mounted noexec, as hardened hosts do
    true = Path(shutil.which("true") or "/bin/true").read_bytes()
    result = decode(tmp_path, make_part("text/x-shellscript", SCRIPT, filename="with-sh"),
                    make_part("text/x-executable", b"#!/bin/sh -e\necho executable ran by hand\n", filename="exe"),
                    make_part("text/x-executable", true, filename="elf"),
                    make_part("text/x-executable", b"#!\necho no interpreter named\n", filename="bare"),
                    wrapper=mounted(noexec, "noexec,size=1m"))
    assert result.returncode == 1  # a binary cannot run from there, nor a script that names no interpreter
    assert "script ran" in result.stdout.splitlines()
    assert "executable ran by hand" in result.stdout.splitlines()
    failures = [line for line in result.stderr.splitlines() if "failed" in line]
    assert [line.split(" failed: ")[0] for line in failures] == ["execution of elf", "execution of bare"], failures
    assert all(line.endswith("Permission denied") for line in failures), failures


def test_a_record_of_another_user_is_refused(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving the record to another user needs root")
    record = record_of(tmp_path)
    record.mkdir(parents=True, mode=0o700)
    os.chown(record, NOBODY, NOBODY)
    result = decode(tmp_path, make_part("text/x-shellscript", SCRIPT))
    assert result.returncode == 2
    assert result.stderr.endswith(f"the run-once record {record} belongs to uid {NOBODY}, not to this user: refused\n")
    assert result.stdout == ""  # nothing run


def test_a_record_that_is_not_a_directory_stops_everything(tmp_path: Path) -> None:
    write(record_of(tmp_path), "not a directory\n")
    result = decode(tmp_path, make_part("text/x-shellscript", SCRIPT))
    assert result.returncode == 2
    assert result.stderr.rstrip().endswith(f"cannot keep the run-once record in {record_of(tmp_path)}: "
                                           "Not a directory"), result.stderr
    assert result.stdout == ""


def test_an_open_record_directory_is_made_private(tmp_path: Path) -> None:
    record_of(tmp_path).mkdir(parents=True, mode=0o755)
    os.chmod(record_of(tmp_path), 0o755)
    result = decode(tmp_path, make_part("text/x-shellscript", SCRIPT))
    assert result.returncode == 0, result.stderr
    assert mode_of(record_of(tmp_path)) == 0o700


def test_a_dry_run_makes_no_record(tmp_path: Path) -> None:
    (tmp_path / "root" / "var" / "lib").mkdir(parents=True)
    result = decode(tmp_path, make_part("text/x-shellscript", SCRIPT), extra=("--dry-run",))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("run script")
    assert not record_of(tmp_path).exists()


@pytest.mark.netns
def test_a_full_disk_leaves_the_script_unrecorded_and_says_so(tmp_path: Path) -> None:
    record = record_of(tmp_path)
    full = mounted(record, "size=16k,nr_inodes=2,mode=0700", then=': > "$0/filler";')  # no inode left
    result = decode(tmp_path, make_part("text/x-shellscript", SCRIPT), wrapper=full)
    assert result.returncode == 0, result.stderr  # the script ran; only its record is missing
    assert "script ran" in result.stdout.splitlines()
    assert result.stderr == (f"warning: the run-once record {record} was not updated: No space left on device\n")


def test_a_terminal_that_cannot_show_a_name_gets_it_escaped(tmp_path: Path) -> None:
    result = decode(tmp_path, make_part("text/plain", b"bonjour\n", filename="/etc/caf\u00e9.conf"),
                    env=child_env(PYTHONIOENCODING="ascii"))
    assert result.returncode == 0, result.stderr
    assert f"write {tmp_path}/root/etc/caf\\xe9.conf (0644)" in result.stdout.splitlines()
    assert (tmp_path / "root" / "etc" / "caf\u00e9.conf").read_text() == "bonjour\n"


def test_a_script_killed_by_a_signal_is_reported_by_its_name_or_number(tmp_path: Path) -> None:
    result = decode(tmp_path, make_part("text/x-shellscript", b"#!/bin/sh\nkill -TERM $$\n", filename="term"),
                    make_part("text/x-shellscript", b"#!/bin/sh\nkill -37 $$\n", filename="rt"))
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "failed" in line] == [
        "execution of term failed: killed by SIGTERM",
        "execution of rt failed: killed by signal 37",  # a real-time signal has no name
    ]
    assert not record_of(tmp_path).exists() or list(record_of(tmp_path).iterdir()) == []


def start_long_script(
    tmp_path: Path, script: bytes, wrapper: tuple[str, ...] = ()
) -> tuple[subprocess.Popen[str], int]:
    """Start a decode running ``script`` (it starts a child, then touches "started"): the decoder, the child's pid."""
    document = write(tmp_path / "user-data.mime", build_document([make_part("text/x-executable", script,
                                                                             filename="long")]))
    root = tmp_path / "root"
    process = subprocess.Popen([*wrapper, sys.executable, "-m", "oscmd_shell.bootstrap", "decode", "-n", "-f",
                                str(document), "--root", str(root)], env=child_env(), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (root / "started").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (root / "started").exists(), process.communicate(timeout=10)
    return process, int((root / "child.pid").read_text())


LONG = b'sleep 300 &\necho $! > "$OSCMD_ROOT/child.pid"\ntouch "$OSCMD_ROOT/started"\nwait\n'


@pytest.mark.netns
def test_without_proc_a_stopped_script_group_is_still_killed(tmp_path: Path) -> None:
    """In a chroot or container without /proc, the decoder asks the kernel whether the group is still there."""
    process, child = start_long_script(tmp_path, b"#!/bin/sh\n" + LONG, tuple(mounted(Path("/proc"), "size=4k")))
    process.send_signal(signal.SIGTERM)
    try:  # at most the grace period twice (SIGTERM, then SIGKILL and a wait), however loaded the machine
        _out, err = process.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate(timeout=10)
        raise AssertionError(f"the decoder did not stop; child alive: {running(child)}; stderr: {err}") from None
    assert process.returncode == 143, err
    assert "stopped by SIGTERM during script long" in err and "Traceback" not in err
    assert not running(child)  # the script's background child went with its group


def test_a_script_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path: Path) -> None:
    process, child = start_long_script(tmp_path, b"#!/bin/sh\ntrap '' TERM\n" + LONG)
    stopped = time.monotonic()
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    elapsed = time.monotonic() - stopped
    assert process.returncode == 143, err
    assert GRACE_SECONDS <= elapsed < GRACE_SECONDS + 10, elapsed  # asked to stop, waited for, then killed
    assert not running(child)
