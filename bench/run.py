"""Run oscmd's side-by-side benchmarks and print one table of medians, ratios and targets.

``python bench/run.py`` runs every benchmark (one-shot listing, batch, completion
latency, start-up, 10,000-instance scale), each against its own local endpoint
on 127.0.0.1, alternating the subjects round after round.  ``--quick`` shrinks
every size and runs one round (the CI smoke run), ``--only NAME`` picks
benchmarks, ``--rounds N`` overrides the round counts and ``--json FILE`` saves
the rows with a description of the machine.  Progress goes to stderr; stdout
holds the machine line, the table and the notes.  The exit status is 1 when a
benchmark crashed, else 0 (missed targets are reported, not failed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from importlib import import_module
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common import Options, Row, close_spawner, render_table  # noqa: E402

BENCHMARKS = ("oneshot", "batch", "completion", "startup", "scale", "fleet")


def machine() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    info = {"nproc": str(os.cpu_count() or "?"), "python": platform.python_version(),
            "interpreter": os.path.realpath(sys.executable), "platform": platform.platform()}
    for dist in ("boto3", "botocore", "awscli", "moto", "prompt_toolkit"):
        try:
            info[dist] = version(dist)
        except PackageNotFoundError:
            info[dist] = "absent"
    return info


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and one round (CI smoke run)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help=f"run only this benchmark (repeatable, or comma-separated): {', '.join(BENCHMARKS)}")
    parser.add_argument("--rounds", type=int, metavar="N", help="rounds per benchmark (default: per benchmark)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the results as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="more progress on stderr")
    args = parser.parse_args(argv)
    wanted = [n.strip() for item in args.only for n in item.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from {', '.join(BENCHMARKS)})")
    args.selected = [n for n in BENCHMARKS if not wanted or n in wanted]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    opts = Options(quick=args.quick, rounds=args.rounds, verbose=args.verbose)
    rows: list[Row] = []
    notes = opts.notes
    crashed = False
    started = time.perf_counter()
    load_before = os.getloadavg()
    try:
        for name in args.selected:
            print(f"[bench] == {name}", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            try:
                module = import_module(f"bench.{name}")
                result = module.run(opts)
                rows.extend(result)
            except Exception as exc:
                crashed = True
                traceback.print_exc(file=sys.stderr)
                rows.append(Row(name, "(crashed)", note=f"{exc.__class__.__name__}: {exc}"))
            print(f"[bench] == {name} done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    finally:
        close_spawner()
    info = machine()
    info["loadavg"] = f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after"
    print(f"machine: nproc={info['nproc']} python={info['python']} ({info['interpreter']}) "
          f"boto3={info['boto3']} awscli={info['awscli']} moto={info['moto']} "
          f"prompt_toolkit={info['prompt_toolkit']}; load average {info['loadavg']}; "
          f"{'quick run' if opts.quick else 'full run'}, {time.perf_counter() - started:.0f} s")
    print(render_table(rows))
    if notes:
        print()
        for note in notes:
            print(note)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"machine": info, "quick": opts.quick, "rows": [r.as_dict() for r in rows],
                                         "notes": notes}, indent=2) + "\n", encoding="utf-8")
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
