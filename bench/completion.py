"""Completion: keystroke-to-candidates latency with 10,000 instances, 2,000 volumes, 1,000 images cached.

Drives the shell's prompt_toolkit adapter (``oscmd_shell.complete.adapter``)
with a snapshot of synthetic records, in a child process of its own
(``scripts/complete_latency.py``), three times: with no endpoint at all, while
the shell's background refresher tries a dead endpoint (connection refused;
it is asked to refresh every 5 s, as a mutating command would), and while it
fetches from an endpoint that answers every request after 2 s (serving the
10,000-instance fleet's pages; the stored cache starts expired, so the
refresher fetches and parses them while keys are typed), and once more with
100,000 instances cached and no endpoint.  Median, p90 and p99 per category:
an id prefix, a Name prefix, an option name, a ``--filter`` value and a tag value.  Targets: p99 at most 10 ms
(100,000 instances included), no worse with the dead or slow endpoint, and
the slowest single keystroke at most 20 ms while the refresher parses.  When the completion
or cache package is missing, the rows say so instead of showing numbers.
"""

from __future__ import annotations

import importlib.util
import json

from .common import PYTHON, SCRIPTS, Options, Row, Stats, log, note, oscmd_child_env, run_child, scratch_home
from .servers import CannedServer, dead_endpoint

NAME = "completion"
P99_LIMIT_MS = 10.0
MAX_LIMIT_MS = 20.0
BIG = 100_000
SLOW = "endpoint answering in 2 s"
REFRESH_EVERY = 5.0
NEEDED = ("oscmd_shell.complete", "oscmd_shell.complete.adapter", "oscmd_shell.cache")


def missing() -> list[str]:
    out = []
    for module in NEEDED:
        try:
            if importlib.util.find_spec(module) is None:
                out.append(module)
        except ModuleNotFoundError:
            out.append(module)
    return out


def measure(mode: str, endpoint: str, seconds: float, opts: Options,
            instances: int = 10_000) -> tuple[dict[str, tuple[Stats, Stats]], str, float]:
    """Run the child in ``mode``: (wall, cpu) stats per category, a description, and its RSS in MiB."""
    with scratch_home() as home:
        child = run_child([PYTHON, str(SCRIPTS / "complete_latency.py"), mode, endpoint, str(seconds),
                           str(REFRESH_EVERY), str(instances)], oscmd_child_env(home), timeout=seconds + 180)
    if not child.ok:
        return {}, child.failure(), 0.0
    data = json.loads(child.stdout)
    stats = {category: (Stats(list(values)), Stats(list(data["cpu"][category])))
             for category, values in data["samples"].items()}
    empty = sorted(text for text, count in data["counts"].items() if count == 0 and not text.endswith(" "))
    state = data.get("state") or {}
    gen2 = [ms for gen, ms in data.get("gc", []) if gen == 2]
    detail = [f"{len(gen2)} full GC pause(s)" + (f" up to {max(gen2):.0f} ms" if gen2 else "")
              + f" ({data.get('tracked', 0):,} tracked objects)"]
    if state:
        detail.append(f"cache: {state.get('instances')} instances held; problems "
                      f"{state.get('problems') or 'none'}; loading {', '.join(state.get('loading') or []) or 'none'}")
    if empty:
        detail.append(f"no candidates for {', '.join(repr(t) for t in empty[:3])}")
    return stats, "; ".join(detail), float(data.get("rss_kib") or 0) / 1024


def run(opts: Options) -> list[Row]:
    gone = missing()
    if gone:
        note(opts, f"completion: not run: {', '.join(gone)} not found in this checkout (the benchmark reads "
                   "oscmd_shell.complete.adapter.EngineCompleter and oscmd_shell.cache once they exist)")
        return [Row(NAME, "keystroke latency", note=f"not run: {', '.join(gone)} missing")]
    seconds = 1.0 if opts.quick else 20.0
    if opts.rounds is not None:
        seconds = max(1.0, seconds * opts.rounds / 5)
    big = 2_000 if opts.quick else BIG
    from .capture import instance_pages

    results: dict[str, tuple[dict[str, tuple[Stats, Stats]], str, float]] = {}
    log(opts, f"{NAME}: no endpoint, {seconds:g} s of keystrokes")
    results["no endpoint"] = measure("pure", "http://127.0.0.1:9", seconds, opts)
    log(opts, f"{NAME}: no endpoint, {big:,} instances cached, {seconds:g} s of keystrokes")
    results[f"{big:,} instances cached"] = measure("pure", "http://127.0.0.1:9", seconds, opts, instances=big)
    log(opts, f"{NAME}: dead endpoint, {seconds:g} s of keystrokes")
    results["dead endpoint"] = measure("dead", dead_endpoint(), seconds, opts)
    pages = instance_pages(500, 100) if opts.quick else instance_pages(10_000)
    with CannedServer(pages, delay=2.0) as slow:
        log(opts, f"{NAME}: endpoint answering in 2 s, {seconds:g} s of keystrokes")
        stats, detail, rss = measure("slow", slow.url, seconds, opts)
        calls = sum(slow.calls.values())
        results[SLOW] = (stats, f"{calls} requests reached it; {detail}", rss)
    rows: list[Row] = []
    base = results["no endpoint"][0]
    for condition, (stats, detail, rss) in results.items():
        if not stats:
            rows.append(Row(NAME, f"keystroke latency, {condition}", note=f"failed: {detail}"))
            continue
        for i, (category, (wall, cpu)) in enumerate(stats.items()):
            ref = base.get(category)
            ratio = wall.p99 / ref[0].p99 if condition != "no endpoint" and ref is not None and len(ref[0]) else None
            text = (f"max {wall.quantile(1.0):.1f} ms; cpu median {cpu.median:.2f} ms, p99 {cpu.p99:.2f} ms"
                    + (f"; {detail}" if i == 0 else "") + (f"; process RSS {rss:.0f} MiB" if i == 0 and rss else ""))
            rows.append(Row(
                NAME, f"{category}, {condition}", wall.median, "ms", wall.p90, wall.p99, len(wall),
                ratio, "p99 vs no endpoint" if ratio is not None else "", f"p99 <= {P99_LIMIT_MS:g} ms",
                wall.p99 <= P99_LIMIT_MS, text,
            ))
        if condition == SLOW:
            worst = max(w.quantile(1.0) for w, _ in stats.values())
            count = sum(len(w) for w, _ in stats.values())
            rows.append(Row(NAME, f"slowest keystroke, {condition}", worst, "ms", n=count,
                            target=f"max <= {MAX_LIMIT_MS:g} ms", met=worst <= MAX_LIMIT_MS,
                            note="while the refresher fetches and parses 10,000 instances"))
    return rows
