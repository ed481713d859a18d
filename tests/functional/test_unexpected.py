"""Failures no command expects still end as one line and a documented status; ``--debug`` adds the traceback.

A Ctrl-C while oscmd waits for its next piped line, the ``--local`` endpoint
failing as it starts (outside any command: the process's top-level handler),
and an endpoint whose answer lacks the id of what it created (inside a
command: the dispatcher's).
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from typing import Any

from tests.support.faults import FaultProxy
from tests.support.runner import REPO, Oscmd
from tests.support.seed import run_named


def test_ctrl_c_while_waiting_for_piped_input(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    proc = subprocess.Popen([sys.executable, "-m", "oscmd_shell", "--endpoint", str(oscmd.endpoint)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**oscmd.environ, "PYTHONPATH": str(REPO)})
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("instance list\n")
    proc.stdin.flush()
    first = proc.stdout.readline()  # the first line has run; oscmd now waits for the next
    assert first.rstrip().endswith(" web1"), first
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert (proc.returncode, out, err) == (130, "", "oscmd: interrupted\n")


def test_the_local_endpoint_failing_as_it_starts(oscmd: Oscmd, tmp_path: Any) -> None:
    environ = {"MOTO_AMIS_PATH": str(tmp_path / "no-such-amis.json")}  # moto's server fails every request
    r = oscmd.subprocess("--local", "instance", "list", environ=environ, endpoint=False)
    assert r.status == 3
    assert r.err.splitlines()[-1] == "oscmd: the endpoint sent a response that is not valid EC2 XML " \
                                     "(a server-side error)", r.err
    assert "Traceback" not in r.err
    debug = oscmd.subprocess("--local", "--debug", "instance", "list", environ=environ, endpoint=False)
    assert debug.status == 3
    assert "Traceback (most recent call last):" in debug.err and "ResponseParserError" in debug.err
    assert debug.err.splitlines()[-1] == r.err.splitlines()[-1]


def test_an_answer_without_the_new_volume_id_is_an_internal_error_not_a_traceback(
    oscmd: Oscmd, ec2: Any, proxy: FaultProxy, fast: str
) -> None:
    proxy.plan.edit("CreateVolume", lambda data: re.sub(rb"<volumeId>[^<]*</volumeId>", b"", data))
    r = oscmd("-c", fast, "-e", proxy.url, "volume", "create", "-s", "1", "-n", "scratch", endpoint=False)
    assert (r.status, r.out, r.err) == (3, "", "oscmd: internal error: KeyError: 'VolumeId' "
                                               "(run with --debug for details)\n")
    debug = oscmd("-c", fast, "-e", proxy.url, "--debug", "volume", "create", "-s", "1", "-n", "more",
                  endpoint=False)
    assert debug.status == 3
    assert "Traceback (most recent call last):" in debug.err
    assert debug.err.splitlines()[-1] == "oscmd: internal error: KeyError: 'VolumeId'"
