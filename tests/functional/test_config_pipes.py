"""Config files that are not files: a FIFO never hangs oscmd or ``oscmd __complete``.

A FIFO (or a device, a directory) where ``~/.boto``, ``$OSCONFIG``,
``$BOTO_CONFIG`` or the AWS shared files are expected is never opened in a way
that could block: a default file is skipped with a warning, a file named by
the environment is an error, and ``__complete`` answers nothing.  Only the
``-c FILE`` of oscmd's own command line may be a pipe (``-c <(...)``, or a
named FIFO whose writer is waiting).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.runner import REPO, base_environ


def run_process(home: Path, *args: str, environ: dict[str, str] | None = None,
                timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**base_environ(home), "PYTHONPATH": str(REPO), **(environ or {})}
    return subprocess.run([sys.executable, "-m", "oscmd_shell", *args], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False, stdin=subprocess.DEVNULL)


def test_a_fifo_at_dot_boto_is_skipped_with_a_warning_never_read(home: Path, server: Any) -> None:
    os.mkfifo(home / ".boto")
    proc = run_process(home, "-e", server.url, "instance", "list")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"warning: {home / '.boto'} is a FIFO, not a regular file: not read\n"


@pytest.mark.parametrize("variable", ["OSCONFIG", "BOTO_CONFIG"])
def test_a_fifo_named_by_the_environment_is_refused_at_once(home: Path, variable: str) -> None:
    fifo = home / "cfg"
    os.mkfifo(fifo)
    proc = run_process(home, "instance", "list", environ={variable: str(fifo)})
    assert proc.returncode == 2
    assert proc.stderr == (f"oscmd: config file {fifo} is a FIFO, not a regular file (only the -c FILE of the "
                           "command line may be a pipe)\n")


def test_a_directory_or_device_named_with_c_is_refused(home: Path) -> None:
    for path in (home, Path("/dev/zero")):
        proc = run_process(home, "-c", str(path), "instance", "list")
        assert proc.returncode == 2 and proc.stderr.startswith(f"oscmd: config file {path} is a "), proc.stderr


def test_c_reads_a_pipe(home: Path, server: Any) -> None:
    """``oscmd -c <(...)``: bash hands oscmd a pipe, which -c reads like a file."""
    script = ('exec "$PYTHON" -m oscmd_shell -c <(printf "[oscmd]\\noutput = json\\n") -e "$URL" '
              'instance list -p "%(id)s"')
    env = {**base_environ(home), "PYTHONPATH": str(REPO), "PYTHON": sys.executable,
           "URL": server.url}
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []  # the pipe's [oscmd] output = json was read


def test_c_reads_a_named_fifo_whose_writer_is_waiting(home: Path, server: Any) -> None:
    fifo = home / "cfg.fifo"
    os.mkfifo(fifo)
    script = ('printf "[oscmd]\\noutput = json\\n" > "$FIFO" & '
              'exec "$PYTHON" -m oscmd_shell -c "$FIFO" -e "$URL" instance list')
    env = {**base_environ(home), "PYTHONPATH": str(REPO), "PYTHON": sys.executable, "URL": server.url,
           "FIFO": str(fifo)}
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_c_with_a_pipe_that_gives_nothing_says_so(home: Path, server: Any) -> None:
    fifo = home / "nobody-writes"
    os.mkfifo(fifo)
    proc = run_process(home, "-c", str(fifo), "-e", server.url, "instance", "list")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"warning: {fifo} is a pipe that gave nothing: no settings were read from it\n"


@pytest.mark.parametrize("planted", [".boto", ".aws/config", ".aws/credentials"])
def test_complete_never_hangs_on_a_fifo(home: Path, planted: str) -> None:
    target = home / planted
    target.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(target)
    environ = {"AWS_CONFIG_FILE": str(home / ".aws/config"),
               "AWS_SHARED_CREDENTIALS_FILE": str(home / ".aws/credentials")}
    for args in (("profile", "", "0"), ("instance:id", "i-", "0"), ("instance:id", "i-", "2", "-c", str(target))):
        proc = run_process(home, "__complete", *args, environ=environ, timeout=10)
        assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr


def test_complete_offers_profiles_of_regular_files(home: Path) -> None:
    (home / ".aws").mkdir()
    (home / ".aws/config").write_text("[default]\n[profile ops]\nregion = eu-west-1\n[sso-session x]\n")
    (home / ".aws/credentials").write_text("[dev]\naws_access_key_id = A\n")
    environ = {"AWS_CONFIG_FILE": "~/.aws/config", "AWS_SHARED_CREDENTIALS_FILE": str(home / ".aws/credentials")}
    proc = run_process(home, "__complete", "profile", "", "0", environ=environ, timeout=10)
    assert proc.returncode == 0, proc.stderr
    assert [line.split("\t")[0] for line in proc.stdout.splitlines()] == ["default", "ops", "dev"]
