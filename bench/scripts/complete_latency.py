"""Keystroke-to-candidates latency of the shell's completer, measured in a process of its own.

``python complete_latency.py MODE ENDPOINT SECONDS [REFRESH [INSTANCES]]`` asks the
shell's prompt_toolkit adapter (``oscmd_shell.complete.adapter.EngineCompleter``)
for ``get_completions(Document(text), CompleteEvent(completion_requested=True))``
once per simulated keystroke, 10 ms apart, for SECONDS, cycling through an id
prefix, a Name prefix, option names, ``--filter`` values and tag values, with a snapshot of synthetic records
(INSTANCES instances, default 10,000, 2,000 volumes, 1,000 images).  In ``pure``
mode the snapshot is handed straight to the completer (and frozen out of the
collector's sight, as the shell does once its cache is loaded) and no endpoint
exists; in ``dead`` and
``slow`` modes it is stored on disk, already expired, for ENDPOINT, and the
shell's real ``CompletionCache`` is started on a context built the way
``oscmd`` builds it, so its background refresher works against the endpoint
(asked to refresh every REFRESH seconds, default 5, as a mutating command
would) while keys are typed.  One JSON object goes to stdout: latency samples
in milliseconds per category (wall clock, and the calling thread's CPU time,
which other processes and threads cannot inflate), the candidate counts seen,
the garbage collector's pauses during the run, and what the cache reported
(problems, loading kinds) at the end.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

SEQUENCES: dict[str, list[tuple[str, str]]] = {
    "id prefix": [("instance -i ", "i-00001f"), ("volume -i ", "vol-0000"), ("volume attach -i ", "i-00002")],
    "Name prefix": [("instance -n ", "node-0123"), ("instance -n ", "NODE-099"), ("volume -n ", "data-01")],
    "option name": [("instance ", "--name"), ("volume create ", "--size"), ("instance list ", "--pattern")],
    "filter value": [("instance --filter instance-id=", "i-00001f"), ("instance --filter instance-type=", "t3.m"),
                     ("volume --filter tag:Name=", "data-01")],
    "tag value": [("instance --filter tag:team=", "team-0"), ("instance --filter tag:env=", "prod"),
                  ("volume --filter tag-value=", "data-01")],
}
PACE = 0.010


def keystrokes() -> list[tuple[str, str]]:
    """(category, line as typed so far) for every key of every sequence."""
    out = []
    for category, sequences in SEQUENCES.items():
        for head, word in sequences:
            for n in range(len(word) + 1):
                out.append((category, head + word[:n]))
    return out


def live_cache(mode: str, endpoint: str) -> tuple[Any, Any]:
    """The shell's CompletionCache started on ``endpoint`` with an expired synthetic store."""
    from bench.synthetic import write_store
    from oscmd_shell.cache import CompletionCache
    from oscmd_shell.config import load_config, resolve_settings
    from oscmd_shell.context import Context
    from oscmd_shell.env import Env
    from oscmd_shell.parsing.command import parse_command

    env = Env.from_process()
    cmd = parse_command(["--endpoint", endpoint])
    config = load_config(None, env)
    settings = resolve_settings(cmd.root.values, cmd.root.given, config, env.environ)
    ctx = Context.build(env, config, settings)
    ttl = 60.0
    write_store(env.cache_dir, endpoint, fetched=time.time() - 10 * ttl)
    cache = CompletionCache(env.cache_dir, ttl=ttl)
    cache.start(ctx)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        data = cache.snapshot.get("instance")
        if data is not None and len(data) >= 1000:
            break
        time.sleep(0.02)
    return cache, env


def main() -> int:
    mode, endpoint, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    every = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
    instances = int(sys.argv[5]) if len(sys.argv) > 5 else 10_000
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from oscmd_shell.complete import Sources
    from oscmd_shell.complete.adapter import EngineCompleter

    cache = None
    if mode == "pure":
        from bench.synthetic import SIZES, snapshot
        from oscmd_shell.gcpause import settle

        snap = snapshot({**SIZES, "instance": instances})
        settle()
        sources = Sources(snapshot=lambda: snap, region="us-east-1", home=Path.home())
    else:
        cache, env = live_cache(mode, endpoint)
        live = cache

        def current() -> Any:
            return live.snapshot

        sources = Sources(snapshot=current, region="us-east-1", home=env.home)
    completer = EngineCompleter(lambda: sources)
    event = CompleteEvent(completion_requested=True)
    keys = keystrokes()
    for _category, text in keys:  # warm-up: first imports and caches
        list(completer.get_completions(Document(text), event))
    samples: dict[str, list[float]] = {c: [] for c in SEQUENCES}
    cpu: dict[str, list[float]] = {c: [] for c in SEQUENCES}
    counts: dict[str, int] = {}
    pauses: list[tuple[int, float]] = []
    started: list[float] = [0.0]

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append((int(info["generation"]), (time.perf_counter() - started[0]) * 1000))

    gc.collect()
    gc.callbacks.append(watch)
    end = time.perf_counter() + seconds
    next_refresh = 0.0
    i = 0
    while time.perf_counter() < end or i < len(keys):
        category, text = keys[i % len(keys)]
        i += 1
        if cache is not None and time.perf_counter() >= next_refresh:
            cache.refresh()
            next_refresh = time.perf_counter() + every
        doc = Document(text)
        c0 = time.thread_time_ns()
        t0 = time.perf_counter_ns()
        found = list(completer.get_completions(doc, event))
        samples[category].append((time.perf_counter_ns() - t0) / 1e6)
        cpu[category].append((time.thread_time_ns() - c0) / 1e6)
        counts[text] = len(found)
        time.sleep(PACE)
    gc.callbacks.remove(watch)
    state: dict[str, Any] = {}
    if cache is not None:
        snap = cache.snapshot
        state = {"problems": {k: p.message for k, p in snap.problems.items()}, "loading": sorted(snap.loading),
                 "instances": len(snap.get("instance") or ())}
        cache.close()
    rss = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            rss = next((int(ln.split()[1]) for ln in status if ln.startswith("VmRSS:")), 0)
    except OSError:
        pass
    json.dump({"mode": mode, "samples": samples, "cpu": cpu, "counts": counts, "state": state,
               "gc": pauses, "tracked": len(gc.get_objects()), "rss_kib": rss}, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
