"""Scale: ``oscmd instance list`` of 10,000 instances vs a raw boto3 pagination script.

Both run as separate processes against a canned endpoint on 127.0.0.1 serving
moto-shaped DescribeInstances XML in ten pages of 1,000 reservations (see
``capture``).  Wall time from spawn to reap and the child's peak RSS
(``ru_maxrss``) are compared by medians.  Targets: at most 1.15x the boto3
script's wall time and at most 2x its peak memory.  A second part starts the
interactive shell on a pty twice against a dead endpoint, once with an empty
HOME and once with a fresh stored cache of 10,000 instances, 2,000 volumes
and 1,000 images (and once more with 100,000 instances), and reads its
resident memory at the prompt.
"""

from __future__ import annotations

import time

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
from .servers import CannedServer, dead_endpoint
from .terminal import pty_session

NAME = "scale"
WALL_LIMIT = 1.15
MEMORY_LIMIT = 2.0
SETTLE = 1.5


def list_rows(opts: Options, size: int, page_size: int, rounds: int) -> list[Row]:
    bench = f"{NAME} {size}"
    pages = instance_pages(size, page_size)
    log(opts, f"{bench}: {len(pages)} page(s), {sum(map(len, pages)) / 2**20:.1f} MiB of XML, {rounds} round(s)")
    walls = {"oscmd": Stats(), "boto3": Stats()}
    rss = {"oscmd": Stats(), "boto3": Stats()}
    problems: list[str] = []
    with CannedServer(pages) as server, scratch_home() as home:
        subjects = [
            ("oscmd", oscmd_argv(server.url, "instance", "list"), oscmd_child_env(home)),
            ("boto3", [PYTHON, str(SCRIPTS / "boto3_list.py"), server.url], oscmd_env(home)),
        ]
        for r in range(rounds + opts.warmup):
            for name, argv, env in subjects:
                child = run_child(argv, env, timeout=300)
                lines = len(child.stdout.splitlines())
                if not child.ok:
                    problems.append(f"{name}: {child.failure()}")
                elif lines != size:
                    problems.append(f"{name}: printed {lines} lines, expected {size}")
                elif r >= opts.warmup:
                    walls[name].add(child.wall)
                    rss[name].add(child.maxrss_kib / 1024)
        log(opts, f"{bench}: calls served {server.calls}")
    detail = "; ".join(dict.fromkeys(problems))
    wall_row = ratio_row(bench, "oscmd instance list: wall", walls["oscmd"], "boto3", walls["boto3"],
                         limit=WALL_LIMIT, note=detail)
    mem_row = ratio_row(bench, "oscmd instance list: peak RSS", rss["oscmd"], "boto3", rss["boto3"],
                        limit=MEMORY_LIMIT)
    mem_row.unit = "MiB"
    ref_mem = Row(bench, "boto3 script: peak RSS", rss["boto3"].median, "MiB", rss["boto3"].p90,
                  rss["boto3"].p99, len(rss["boto3"]), reference="reference")
    ref_wall = Row(bench, "boto3 script: wall", walls["boto3"].median, "s", walls["boto3"].p90, walls["boto3"].p99,
                   len(walls["boto3"]), reference="reference")
    return [wall_row, ref_wall, mem_row, ref_mem]


def shell_memory_rows(opts: Options, sizes: dict[str, int]) -> list[Row]:
    """Resident memory of the shell at its prompt, without and with a big stored cache."""
    from .synthetic import write_store

    url = dead_endpoint()
    found: dict[str, tuple[float | None, float | None]] = {}
    prompts: dict[str, float | None] = {}
    problems: list[str] = []
    for label in ("empty", "loaded"):
        with scratch_home() as home:
            env = oscmd_child_env(home)
            if label == "loaded":
                write_store(home / ".cache" / "oscmd", url, sizes)
            run = pty_session(oscmd_argv(url), env, timeout=30, at_prompt=lambda _pid: time.sleep(SETTLE))
            if run.prompt_after is None:
                problems.append(f"{label}: no prompt ({run.tail()})")
            found[label] = (run.rss_kib / 1024 if run.rss_kib else None, run.hwm_kib / 1024 if run.hwm_kib else None)
            prompts[label] = run.prompt_after
    what = ", ".join(f"{v:,} {k}s" for k, v in sizes.items())
    empty_rss, _ = found.get("empty", (None, None))
    loaded_rss, loaded_hwm = found.get("loaded", (None, None))
    delta = (loaded_rss - empty_rss) if loaded_rss is not None and empty_rss is not None else None
    if delta is not None:
        note(opts, f"scale: the shell holding a cache of {what} is at {loaded_rss:.1f} MiB resident "
                   f"(peak {loaded_hwm or 0:.1f} MiB), {delta:+.1f} MiB over an empty cache ({empty_rss:.1f} MiB)")
    detail = "; ".join(problems)

    def shown(label: str) -> str:
        after = prompts.get(label)
        return f"; prompt after {after * 1000:.0f} ms" if after is not None else ""

    return [
        Row(NAME, "shell at prompt, empty cache: RSS", empty_rss, "MiB", n=1,
            note=(detail or f"dead endpoint; read {SETTLE:g} s after the prompt") + shown("empty")),
        Row(NAME, "shell at prompt, big cache: RSS", loaded_rss, "MiB", n=1,
            ratio=(loaded_rss / empty_rss) if loaded_rss and empty_rss else None, reference="vs empty cache",
            note=f"{what}" + (f"; {delta:+.1f} MiB" if delta is not None else "") + shown("loaded")),
    ]


def run(opts: Options) -> list[Row]:
    size, page = (500, 100) if opts.quick else (10_000, 1_000)
    rounds = opts.rounds_or(5)
    rows = list_rows(opts, size, page, rounds)
    sizes = {"instance": 200, "volume": 40, "image": 20} if opts.quick else None
    from .synthetic import SIZES

    rows += shell_memory_rows(opts, sizes or SIZES)
    if not opts.quick:
        rows += shell_memory_rows(opts, {**SIZES, "instance": 100_000})[1:]
    return rows
