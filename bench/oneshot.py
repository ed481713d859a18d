"""One-shot listing: ``oscmd instance list`` vs ``aws ec2 describe-instances`` vs a minimal boto3 script.

Each subject is a separate process started with the real interpreter, against
a canned endpoint on 127.0.0.1 that serves DescribeInstances XML captured from
moto (so moto's own O(n²) cost is not part of the measurement).  Fleets of 5
and 200 instances; the subjects run alternately, round after round, after one
untimed warm-up each, and every run's output is checked for the right number
of instances.  Targets: oscmd at most 0.85x the aws CLI at 200 instances, and
at most 1.1x the raw boto3 script at both sizes.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .capture import instance_pages
from .common import (
    PYTHON,
    SCRIPTS,
    Child,
    Options,
    Row,
    Stats,
    log,
    oscmd_argv,
    oscmd_child_env,
    oscmd_env,
    ratio_row,
    run_child,
    scratch_home,
)
from .servers import CannedServer

NAME = "oneshot"
AWS_LIMIT = 0.85
BOTO3_LIMIT = 1.1


def _count_lines(child: Child) -> int:
    return len([ln for ln in child.stdout.splitlines() if ln.strip()])


def _count_json(child: Child) -> int:
    try:
        data = json.loads(child.stdout)
    except ValueError:
        return -1
    return sum(len(r.get("Instances", [])) for r in data.get("Reservations", []))


def measure(size: int, rounds: int, opts: Options) -> list[Row]:
    bench = f"{NAME} {size}"
    with CannedServer(instance_pages(size)) as server, scratch_home() as home:
        url = server.url
        plain, oscmd = oscmd_env(home), oscmd_child_env(home)
        subjects: list[tuple[str, list[str], dict[str, str], Callable[[Child], int]]] = [
            ("oscmd instance list", oscmd_argv(url, "instance", "list"), oscmd, _count_lines),
            ("aws ec2 describe-instances", [PYTHON, "-m", "awscli", "ec2", "describe-instances",
                                            "--endpoint-url", url], plain, _count_json),
            ("boto3 script", [PYTHON, str(SCRIPTS / "boto3_list.py"), url], plain, _count_lines),
        ]
        stats = {name: Stats() for name, *_ in subjects}
        problems: list[str] = []
        for r in range(rounds + opts.warmup):
            for name, argv, env, count in subjects:
                child = run_child(argv, env, timeout=120)
                if not child.ok:
                    problems.append(f"{name}: {child.failure()}")
                elif count(child) != size:
                    problems.append(f"{name}: printed {count(child)} instances, expected {size}")
                if r >= opts.warmup:
                    stats[name].add(child.wall)
            if problems:
                break
        log(opts, f"{bench}: calls served {server.calls}")
    note = "; ".join(dict.fromkeys(problems))
    o, a, b = (stats[s[0]] for s in subjects)
    rows = [
        ratio_row(bench, "oscmd instance list", o, "aws", a, limit=AWS_LIMIT if size >= 200 else None,
                  note=note),
        ratio_row(bench, "oscmd instance list", o, "boto3", b, limit=BOTO3_LIMIT),
        Row(bench, "aws ec2 describe-instances", a.median, "s", a.p90, a.p99, len(a), reference="reference"),
        Row(bench, "boto3 script (paginate, print ids)", b.median, "s", b.p90, b.p99, len(b),
            reference="reference"),
    ]
    return rows


def run(opts: Options) -> list[Row]:
    rounds = opts.rounds_or(10)
    rows: list[Row] = []
    for size in (5, 200):
        log(opts, f"{NAME}: {size} instances, {rounds} round(s)")
        rows.extend(measure(size, rounds, opts))
    return rows
