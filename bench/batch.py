"""Batch: 200 script lines piped into one ``oscmd`` vs 200 ``aws`` runs vs one raw boto3 loop.

Runs against live moto (in its own process), reset and re-seeded before every
timed run so each subject sees the same fleet (20 tagged instances and 10
volumes by default).  The script mixes ``instance list``, ``volume list``,
``instance -i ID dump`` and, when this build of oscmd has it, the mutating
``volume create -s 1 -z ZONE -n NAME``; a verb that answers "not available in
this version" is left out and the table says so.  The aws CLI runs the first
20 lines as separate processes and its time is scaled linearly to 200 (also
stated in the table).  Targets: oscmd at least 15x faster than the aws runs,
and at most 1.2x the raw boto3 loop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .common import (
    PYTHON,
    REGION,
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
from .servers import MotoProcess, seed_instances, seed_volumes

NAME = "batch"
AWS_SPEEDUP = 15.0
BOTO3_LIMIT = 1.2
ZONE = f"{REGION}a"
NOT_AVAILABLE = "not available in this version"


@dataclass
class Step:
    """One line of the batch, as oscmd, aws and boto3 each say it."""

    op: str
    arg: str = ""

    def oscmd(self) -> str:
        return {
            "instance_list": "instance list",
            "volume_list": "volume list",
            "instance_dump": f"instance -i {self.arg} dump",
            "volume_create": f"volume create -s 1 -z {ZONE} -n {self.arg}",
        }[self.op]

    def aws(self) -> list[str]:
        return {
            "instance_list": ["describe-instances"],
            "volume_list": ["describe-volumes"],
            "instance_dump": ["describe-instances", "--instance-ids", self.arg],
            "volume_create": ["create-volume", "--size", "1", "--availability-zone", ZONE, "--volume-type", "gp3",
                              "--tag-specifications",
                              f"ResourceType=volume,Tags=[{{Key=Name,Value={self.arg}}}]"],
        }[self.op]

    def boto3(self) -> list[str]:
        if self.op == "volume_create":
            return [self.op, self.arg, ZONE]
        return [self.op, self.arg] if self.arg else [self.op]


CYCLE = ("instance_list", "instance_dump", "volume_list", "volume_create", "instance_dump",
         "instance_list", "volume_list", "instance_dump", "volume_create", "instance_dump")


def plan(lines: int, instances: list[str], creates: bool, tag: str) -> list[Step]:
    """``lines`` steps cycling through the mix; creates become dumps/lists when unavailable."""
    steps: list[Step] = []
    made = 0
    for n in range(lines):
        op = CYCLE[n % len(CYCLE)]
        if op == "volume_create" and not creates:
            op = "instance_dump" if n % 2 else "volume_list"
        if op == "instance_dump":
            steps.append(Step(op, instances[n % len(instances)]))
        elif op == "volume_create":
            made += 1
            steps.append(Step(op, f"{tag}-{made:03d}"))
        else:
            steps.append(Step(op))
    return steps


class Fleet:
    """The moto server and the seeding every timed run starts from."""

    def __init__(self, moto: MotoProcess, instances: int, volumes: int) -> None:
        self.moto, self.instances, self.volumes = moto, instances, volumes

    def fresh(self) -> list[str]:
        self.moto.reset()
        ec2 = self.moto.client()
        ids = seed_instances(ec2, self.instances, prefix="web")
        seed_volumes(ec2, self.volumes)
        return ids


def probe_create(fleet: Fleet, home: Path) -> tuple[bool, str]:
    """Whether ``volume create`` works in this build (and why not)."""
    fleet.fresh()
    child = run_child(oscmd_argv(fleet.moto.url, *Step("volume_create", "probe").oscmd().split()),
                      oscmd_child_env(home), timeout=60)
    text = child.stderr.decode(errors="replace")
    if NOT_AVAILABLE in text:
        return False, "'volume create' is not available in this version of oscmd"
    if not child.ok:
        return False, f"'volume create' failed ({child.failure()})"
    return True, ""


def run(opts: Options) -> list[Row]:
    lines = 20 if opts.quick else 200
    aws_lines = 2 if opts.quick else 20
    rounds = opts.rounds_or(5)
    sizes = (5, 3) if opts.quick else (20, 10)
    with MotoProcess() as moto, scratch_home() as home:
        fleet = Fleet(moto, *sizes)
        creates, why = probe_create(fleet, home)
        if not creates:
            note(opts, f"batch: {why}; the mix uses read verbs only (instance list, volume list, instance dump)")
        log(opts, f"{NAME}: {lines} lines, aws {aws_lines} lines, {rounds} round(s), creates={creates}")
        work = home / "work"
        work.mkdir()
        o, a, b = Stats(), Stats(), Stats()
        problems: list[str] = []
        for r in range(rounds + opts.warmup):
            # oscmd: every line piped into one process
            ids = fleet.fresh()
            steps = plan(lines, ids, creates, f"o{r}")
            script = work / "batch.os"
            script.write_text("".join(s.oscmd() + "\n" for s in steps), encoding="utf-8")
            child = run_child(oscmd_argv(moto.url), oscmd_child_env(home), stdin=script, timeout=600)
            if not child.ok:
                problems.append(f"oscmd: {child.failure()}")
            elif r >= opts.warmup:
                o.add(child.wall)
            # raw boto3: one process, one client, the same calls
            ids = fleet.fresh()
            steps = plan(lines, ids, creates, f"b{r}")
            plan_file = work / "plan.json"
            plan_file.write_text(json.dumps([s.boto3() for s in steps]), encoding="utf-8")
            child = run_child([PYTHON, str(SCRIPTS / "boto3_batch.py"), moto.url, str(plan_file)],
                              oscmd_env(home), timeout=600)
            if not child.ok:
                problems.append(f"boto3: {child.failure()}")
            elif r >= opts.warmup:
                b.add(child.wall)
            # aws: the first lines, one process each, scaled to the full batch
            ids = fleet.fresh()
            steps = plan(lines, ids, creates, f"a{r}")
            total = 0.0
            for step in steps[:aws_lines]:
                child = run_child([PYTHON, "-m", "awscli", "ec2", *step.aws(), "--endpoint-url", moto.url],
                                  oscmd_env(home), timeout=120)
                if not child.ok:
                    problems.append(f"aws: {child.failure()}")
                total += child.wall
            if r >= opts.warmup:
                a.add(total * lines / aws_lines)
            if problems:
                break
    mix = "mix incl. volume create -s 1 -z ZONE -n NAME" if creates else "read-only mix"
    scaled = f"aws: {aws_lines} runs scaled x{lines // aws_lines}"
    detail = "; ".join(dict.fromkeys(problems))
    per_line = (o.median - b.median) / lines * 1000 if len(o) and len(b) else float("nan")
    note(opts, f"batch: oscmd spends {per_line:+.2f} ms per line over the raw boto3 loop "
               f"({lines} lines, live moto with {sizes[0]} instances and {sizes[1]} volumes)")
    return [
        ratio_row(f"{NAME} {lines}", f"oscmd, {lines} lines on stdin", o, f"{lines} aws runs", a,
                  limit=AWS_SPEEDUP, at_least=True, note=f"{scaled}; {mix}" + (f"; {detail}" if detail else "")),
        ratio_row(f"{NAME} {lines}", f"oscmd, {lines} lines on stdin", o, "boto3 loop", b, limit=BOTO3_LIMIT,
                  note=mix),
        Row(f"{NAME} {lines}", f"aws x{lines} (extrapolated)", a.median, "s", a.p90, a.p99, len(a),
            reference="reference", note=scaled),
        Row(f"{NAME} {lines}", "boto3 loop, one process", b.median, "s", b.p90, b.p99, len(b),
            reference="reference"),
    ]
