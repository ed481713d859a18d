"""The benchmarks still run: ``python bench/run.py --quick`` exits 0 and prints a row per benchmark.

A smoke run with tiny sizes and one round, so the harness, its local servers
and the scripts it starts cannot rot.  No timing is asserted: the figures of
a quick run on a shared machine mean nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = ("oneshot", "batch", "completion", "startup", "scale", "fleet")


@pytest.mark.timeout(240)
def test_quick_run_prints_the_table() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "OSCMD_"))}
    env.update({"AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=230, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    header = [i for i, line in enumerate(lines) if line.split()[:3] == ["benchmark", "subject", "median"]]
    assert header, proc.stdout
    for word in ("ratio", "target", "met"):
        assert word in lines[header[0]].split()
    rows = lines[header[0] + 2:]
    for name in BENCHMARKS:
        assert any(row.split(" ", 1)[0] == name for row in rows), f"no row for {name}:\n{proc.stdout}"
    assert not any("(crashed)" in row for row in rows), proc.stdout
