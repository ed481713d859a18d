"""Fleet scale: several regions at once, the first line of a big listing, and server-side filters.

* Regions: eight far regions, each answering after 300 ms.  ``oscmd -r
  R1,...,R8 instance list`` (one process, the regions concurrently) against
  the slowest of the eight single-region ``oscmd -r Ri instance list`` runs
  of the same round (target: at most 1.3x), their sum (eight sequential oscmd
  runs) and a shell loop of eight ``aws ec2 describe-instances --region Ri``.
  The regions are a canned endpoint answering 25 instances after the delay
  (as eight independent regions would, no server-side cost); then the same
  against one moto (every region, told apart by the signature) behind a
  proxy that delays each request: one moto process works the eight requests
  one after the other, which that row shows.
* First line: the time from spawn to the first line of ``oscmd instance
  list`` over 10,000 instances (ten canned pages of 1,000) against the time a
  raw boto3 script needs to print its first page (target: at most 1.2x).
* Filters: ``oscmd instance --filter tag:team=blue list`` answered with 50
  instances against ``oscmd instance list`` fetching all 10,000 (the canned
  endpoint answers a filtered request with a canned page of 50, as EC2
  filters on its side).

Each subject is a separate process of the real interpreter, alternating
round after round after an untimed warm-up.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping, Sequence

from .capture import instance_pages
from .common import (
    PYTHON,
    SCRIPTS,
    Options,
    Row,
    Stats,
    log,
    note,
    oscmd_argv,
    oscmd_child_env,
    oscmd_env,
    ratio_row,
    run_child,
    scratch_home,
)
from .servers import CannedServer, DelayProxy, MotoProcess

NAME = "fleet"
REGIONS = ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1",
           "ap-southeast-1")
DELAY = 0.3
FAN_LIMIT = 1.3
FIRST_LIMIT = 1.2


# -- several regions -----------------------------------------------------------------------------
def _seed(moto: MotoProcess, regions: Sequence[str], per_region: int) -> None:
    for region in regions:
        ec2 = moto.client(region)
        ec2.run_instances(ImageId="ami-0a1b2c3d4e5f60001", MinCount=per_region, MaxCount=per_region,
                          InstanceType="t3.micro",
                          TagSpecifications=[{"ResourceType": "instance",
                                              "Tags": [{"Key": "Name", "Value": f"node-{region}"}]}])


def fan_out(opts: Options, bench: str, url: str, regions: Sequence[str], per_region: int, rounds: int,
            aws_loop: bool) -> tuple[Stats, Stats, Stats, Stats, list[str]]:
    """(the fan-out, the slowest single region, the single regions added up, the aws loop) walls."""
    fan, slowest, sequential, aws = Stats(), Stats(), Stats(), Stats()
    problems: list[str] = []
    with scratch_home() as home:
        env, plain = oscmd_child_env(home), oscmd_env(home)
        loop = "; ".join(f"{PYTHON} -m awscli ec2 describe-instances --endpoint-url {url} --region {r} "
                         "--output json > /dev/null || exit 1" for r in regions)
        for r in range(rounds + opts.warmup):
            child = run_child(oscmd_argv(url, "-r", ",".join(regions), "instance", "list"), env)
            lines = len(child.stdout.splitlines())
            if not child.ok or lines != per_region * len(regions):
                problems.append(f"oscmd -r {len(regions)} regions: {child.failure() if not child.ok else lines}")
            singles = []
            for region in regions:
                one = run_child(oscmd_argv(url, "-r", region, "instance", "list"), env)
                if not one.ok:
                    problems.append(f"oscmd -r {region}: {one.failure()}")
                singles.append(one.wall)
            shell = run_child(["/bin/sh", "-c", loop], plain, timeout=300) if aws_loop else None
            if shell is not None and not shell.ok:
                problems.append(f"aws loop: {shell.failure()}")
            if r >= opts.warmup:
                fan.add(child.wall)
                slowest.add(max(singles))
                sequential.add(sum(singles))
                if shell is not None:
                    aws.add(shell.wall)
    log(opts, f"{bench}: done")
    return fan, slowest, sequential, aws, problems


def region_rows(opts: Options) -> list[Row]:
    """Eight far regions: canned answers (no server-side cost) after 300 ms, then moto behind the same delay."""
    regions = REGIONS[:2] if opts.quick else REGIONS
    per_region, delay = (2, 0.05) if opts.quick else (25, DELAY)
    rounds = opts.rounds_or(5)
    n = len(regions)
    bench = f"{NAME} {n} regions"
    log(opts, f"{bench}: {per_region} instances each, {delay * 1000:.0f} ms per request, {rounds} round(s)")
    with CannedServer(instance_pages(per_region, per_region), delay=delay) as canned:
        fan, slowest, sequential, aws, problems = fan_out(opts, bench, canned.url, regions, per_region, rounds,
                                                          aws_loop=True)
    detail = "; ".join(dict.fromkeys(problems))
    rows = [
        ratio_row(bench, f"oscmd -r {n} regions instance list", fan, "slowest single region", slowest,
                  limit=FAN_LIMIT, note=detail or f"each region answers after {delay * 1000:.0f} ms"),
        Row(bench, "slowest single-region oscmd run", slowest.median, "s", slowest.p90, slowest.p99, len(slowest),
            reference="reference"),
        ratio_row(bench, f"{n} sequential oscmd runs", sequential, f"oscmd -r {n} regions", fan,
                  note="the same single-region runs, added up"),
        ratio_row(bench, f"shell loop of {n} aws runs", aws, f"oscmd -r {n} regions", fan),
    ]
    moto_bench = f"{bench} (one moto)"
    log(opts, f"{moto_bench}: the same against one moto behind a {delay * 1000:.0f} ms proxy")
    with MotoProcess() as moto, DelayProxy(moto.url, delay) as proxy:
        _seed(moto, regions, per_region)
        fan, slowest, _seq, _aws, problems = fan_out(opts, moto_bench, proxy.url, regions, per_region,
                                                     max(1, rounds // 2), aws_loop=False)
    rows.append(ratio_row(moto_bench, f"oscmd -r {n} regions instance list", fan, "slowest single region",
                          slowest, note="; ".join(dict.fromkeys(problems)) or
                          "one moto process answers every region, so its requests queue behind each other"))
    return rows


# -- time to the first line ----------------------------------------------------------------------
def first_line(argv: Sequence[str], env: Mapping[str, str], timeout: float = 300) -> tuple[float, float, int]:
    """(seconds to the first line of stdout, seconds to the end, lines) of one child."""
    started = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=dict(env))
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    first = None
    data = bytearray()
    deadline = started + timeout
    while time.perf_counter() < deadline:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        data += chunk
        if first is None and b"\n" in chunk:
            first = time.perf_counter() - started
    proc.wait(timeout=max(1.0, deadline - time.perf_counter()))
    total = time.perf_counter() - started
    return (first if first is not None else float("nan")), total, data.count(b"\n")


def first_line_rows(opts: Options) -> list[Row]:
    size, page = (500, 100) if opts.quick else (10_000, 1_000)
    rounds = opts.rounds_or(5)
    bench = f"{NAME} first line {size}"
    firsts = {"oscmd": Stats(), "boto3": Stats()}
    totals = {"oscmd": Stats(), "boto3": Stats()}
    problems: list[str] = []
    with CannedServer(instance_pages(size, page)) as server, scratch_home() as home:
        subjects = [
            ("oscmd", oscmd_argv(server.url, "instance", "list"), oscmd_child_env(home)),
            ("boto3", [PYTHON, str(SCRIPTS / "boto3_list.py"), server.url, "--stream"], oscmd_env(home)),
        ]
        for r in range(rounds + opts.warmup):
            for name, argv, env in subjects:
                first, total, lines = first_line(argv, env)
                if lines != size:
                    problems.append(f"{name}: printed {lines} lines, expected {size}")
                elif r >= opts.warmup:
                    firsts[name].add(first)
                    totals[name].add(total)
    detail = "; ".join(dict.fromkeys(problems))
    o, b = totals["oscmd"], totals["boto3"]
    return [
        ratio_row(bench, "oscmd instance list: first line", firsts["oscmd"], "boto3's first page", firsts["boto3"],
                  limit=FIRST_LIMIT, note=detail or f"pages of {page}; whole listing {o.median:.2f} s"),
        Row(bench, "boto3 script: first page printed", firsts["boto3"].median, "s", firsts["boto3"].p90,
            firsts["boto3"].p99, len(firsts["boto3"]), reference="reference",
            note=f"whole listing {b.median:.2f} s"),
    ]


# -- --filter against fetching everything ------------------------------------------------------
def filter_rows(opts: Options) -> list[Row]:
    size, page, matching = (500, 100, 10) if opts.quick else (10_000, 1_000, 50)
    rounds = opts.rounds_or(5)
    bench = f"{NAME} filter {size}"
    filtered, everything = Stats(), Stats()
    problems: list[str] = []
    answer = instance_pages(matching, matching)[0]
    with CannedServer(instance_pages(size, page), filtered=answer) as server, scratch_home() as home:
        env = oscmd_child_env(home)
        subjects = [
            (filtered, oscmd_argv(server.url, "instance", "--filter", "tag:team=blue", "list"), matching),
            (everything, oscmd_argv(server.url, "instance", "list"), size),
        ]
        for r in range(rounds + opts.warmup):
            for stats, argv, expected in subjects:
                child = run_child(argv, env, timeout=300)
                lines = len(child.stdout.splitlines())
                if not child.ok or lines != expected:
                    problems.append(f"{' '.join(argv[4:])}: {child.failure() if not child.ok else lines}")
                elif r >= opts.warmup:
                    stats.add(child.wall)
        log(opts, f"{bench}: calls served {server.calls}")
    detail = "; ".join(dict.fromkeys(problems))
    return [
        ratio_row(bench, f"oscmd instance --filter ... list ({matching} match)", filtered,
                  f"listing all {size}", everything, at_least=True,
                  note=detail or "EC2 filters on its side: the canned endpoint answers the filtered request"),
        Row(bench, f"oscmd instance list (all {size})", everything.median, "s", everything.p90, everything.p99,
            len(everything), reference="reference"),
    ]


def run(opts: Options) -> list[Row]:
    rows = region_rows(opts)
    rows += first_line_rows(opts)
    rows += filter_rows(opts)
    note(opts, "fleet: regions are one moto server behind a delaying proxy (each request answered after the "
               "delay), the first-line and filter parts use captured XML from a canned endpoint")
    return rows
