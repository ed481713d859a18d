"""Start-up: ``oscmd -h``, the modules it imports, time to the shell's first prompt, import profile.

``oscmd -h`` runs as a separate process alternately with ``python -c pass``
(the interpreter's own floor, site hooks included) and is held to 150 ms; the
modules it imports are read from ``python -X importtime`` and must not include
boto3 or botocore (other heavy libraries are named if present).  The shell's
first prompt is timed on a pseudo-terminal against live moto, cold (fresh HOME,
empty completion cache) and warm (the HOME a previous session left with its
saved cache).  Finally ``python -X importtime`` of ``oscmd instance list``
gives the total import time and the top-level modules with the largest
cumulative cost (in the notes).
"""

from __future__ import annotations

import importlib.util
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .common import (
    PYTHON,
    Options,
    Row,
    Stats,
    log,
    note,
    oscmd_argv,
    oscmd_child_env,
    oscmd_env,
    run_child,
    scratch_home,
)
from .servers import CannedServer, MotoProcess, seed_instances, seed_volumes
from .terminal import pty_session

NAME = "startup"
HELP_LIMIT = 0.150
HEAVY = ("boto3", "botocore", "prompt_toolkit", "pygments", "yaml", "paramiko", "moto", "urllib3", "dateutil",
         "jmespath", "s3transfer", "cryptography")
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


@dataclass
class Imported:
    """One line of ``-X importtime``: self and cumulative microseconds, nesting depth, module."""

    self_us: int
    cumulative_us: int
    depth: int
    module: str


def importtime(stderr: bytes) -> list[Imported]:
    out = []
    for line in stderr.decode(errors="replace").splitlines():
        m = _LINE.match(line)
        if m:
            out.append(Imported(int(m.group(1)), int(m.group(2)), len(m.group(3)) // 2, m.group(4)))
    return out


def help_rows(opts: Options, rounds: int) -> list[Row]:
    with scratch_home() as home:
        env = oscmd_child_env(home)
        subjects = [("oscmd -h", oscmd_argv(None, "-h")), ("python -c pass", [PYTHON, "-c", "pass"])]
        stats = {name: Stats() for name, _ in subjects}
        problems = []
        for r in range(rounds + opts.warmup):
            for name, argv in subjects:
                child = run_child(argv, env, timeout=30)
                if not child.ok:
                    problems.append(f"{name}: {child.failure()}")
                elif r >= opts.warmup:
                    stats[name].add(child.wall)
        trace = run_child([PYTHON, "-X", "importtime", *oscmd_argv(None, "-h")[1:]], env, timeout=30)
    modules = importtime(trace.stderr)
    names = {m.module for m in modules}
    heavy = sorted({n.split(".")[0] for n in names if n.split(".")[0] in HEAVY})
    ours = sorted(n for n in names if n.startswith("oscmd_shell"))
    tops = {n.split(".")[0] for n in names}
    third = sorted(t for t in tops if t not in sys.stdlib_module_names and t != "oscmd_shell"
                   and not t.startswith("_") and importlib.util.find_spec(t) is not None)
    note(opts, f"startup: 'oscmd -h' imports {len(names)} modules, {len(ours)} of oscmd_shell "
               f"({', '.join(m.removeprefix('oscmd_shell.') for m in ours)}); other non-stdlib packages: "
               f"{', '.join(third) or 'none'}; heavy libraries: {', '.join(heavy) or 'none'}")
    h, p = stats["oscmd -h"], stats["python -c pass"]
    ratio = h.median / p.median if len(h) and len(p) else None
    return [
        Row(NAME, "oscmd -h", h.median, "s", h.p90, h.p99, len(h), ratio, "vs python -c pass",
            f"<= {HELP_LIMIT * 1000:.0f} ms", h.median <= HELP_LIMIT if len(h) else None,
            "; ".join(dict.fromkeys(problems))),
        Row(NAME, "python -c pass (interpreter floor)", p.median, "s", p.p90, p.p99, len(p), reference="reference"),
        Row(NAME, "modules imported by oscmd -h", float(len(names)), "count", reference="",
            target="no boto3/botocore", met=not ({"boto3", "botocore"} & set(heavy)),
            note=f"heavy: {', '.join(heavy) or 'none'}"),
    ]


def cache_files(home: Path) -> list[Path]:
    return sorted((home / ".cache" / "oscmd" / "values").glob("*.jsonl"))


def prompt_rows(opts: Options, rounds: int) -> list[Row]:
    cold, warm = Stats(), Stats()
    problems: list[str] = []
    with MotoProcess() as moto:
        ec2 = moto.client()
        seed_instances(ec2, 5 if opts.quick else 50)
        seed_volumes(ec2, 3 if opts.quick else 20)
        for r in range(rounds + opts.warmup):
            with scratch_home() as home:
                env = oscmd_child_env(home)
                argv = oscmd_argv(moto.url)

                def until_saved(_pid: int, home: Path = home) -> None:
                    end = time.perf_counter() + 20
                    while not cache_files(home) and time.perf_counter() < end:
                        time.sleep(0.05)
                    time.sleep(0.2)

                first = pty_session(argv, env, at_prompt=until_saved, timeout=20)
                if first.prompt_after is None:
                    problems.append(f"no prompt within 20 s (exit {first.status}): {first.tail()}")
                    break
                if not cache_files(home):
                    problems.append("the first session saved no completion cache")
                second = pty_session(argv, env, timeout=20)
                if second.prompt_after is None:
                    problems.append(f"warm: no prompt within 20 s (exit {second.status}): {second.tail()}")
                    break
                if r >= opts.warmup:
                    cold.add(first.prompt_after)
                    warm.add(second.prompt_after)
    detail = "; ".join(dict.fromkeys(problems))
    return [
        Row(NAME, "first prompt, cold cache (pty)", cold.median if len(cold) else None, "s", cold.p90, cold.p99,
            len(cold), note=detail or "fresh HOME; live moto endpoint"),
        Row(NAME, "first prompt, warm cache (pty)", warm.median if len(warm) else None, "s", warm.p90, warm.p99,
            len(warm), note="HOME with the cache saved by the previous session"),
    ]


def importtime_rows(opts: Options) -> list[Row]:
    from .capture import instance_pages

    with CannedServer(instance_pages(5)) as server, scratch_home() as home:
        child = run_child([PYTHON, "-X", "importtime", *oscmd_argv(server.url, "instance", "list")[1:]],
                          oscmd_child_env(home), timeout=60)
        floor = run_child([PYTHON, "-X", "importtime", "-c", "pass"], oscmd_env(home), timeout=30)
    modules = importtime(child.stderr)
    base = {m.module for m in importtime(floor.stderr)}
    total = sum(m.self_us for m in modules) / 1000
    top = sorted((m for m in modules if m.depth == 0 and m.module not in base), key=lambda m: -m.cumulative_us)
    listed = ", ".join(f"{m.module} {m.cumulative_us / 1000:.0f}" for m in top[:10])
    ours = sum(m.self_us for m in modules if m.module.startswith("oscmd_shell")) / 1000
    note(opts, f"startup: -X importtime of 'oscmd instance list': {total:.0f} ms of imports in all "
               f"({len(modules)} modules; oscmd_shell's own code {ours:.0f} ms self); top-level by cumulative ms: "
               f"{listed}")
    return [Row(NAME, "import time, oscmd instance list", total / 1000, "s", n=1,
                note=f"top: {', '.join(f'{m.module} {m.cumulative_us / 1000:.0f} ms' for m in top[:3])}"
                + ("" if child.ok else f"; {child.failure()}"))]


def run(opts: Options) -> list[Row]:
    rounds = opts.rounds_or(20, quick=1)
    log(opts, f"{NAME}: oscmd -h, {rounds} round(s)")
    rows = help_rows(opts, rounds)
    prompt_rounds = opts.rounds_or(5, quick=1)
    log(opts, f"{NAME}: first prompt, {prompt_rounds} round(s)")
    rows += prompt_rows(opts, prompt_rounds)
    rows += importtime_rows(opts)
    return rows
