"""Shared plumbing of the benchmarks: child processes, statistics, environments and result rows.

``run_child`` starts one process with the real interpreter, waits for it with
``os.wait4`` (so the wall time and the child's own peak RSS are exact), and
kills it when it outlives its time limit.  ``Stats`` holds a series of samples
and gives the median and the 90th/99th percentiles.  ``Row`` is one line of
the final table: a subject, its median, its ratio to a reference and the
target it is held to.  ``oscmd_env`` builds the isolated environment every
child runs in (fake credentials, no AWS config files, metadata disabled).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
CACHE = BENCH / ".cache"
SCRIPTS = BENCH / "scripts"
PYTHON = os.path.realpath(sys.executable)
AMIS = REPO / "oscmd_shell" / "data" / "amis.json"
IMAGE = "ami-0a1b2c3d4e5f60001"
REGION = "us-east-1"


def oscmd_env(home: Path, **extra: str) -> dict[str, str]:
    """The isolated environment of every child: fake credentials, private HOME, no AWS files."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.support.runner import base_environ

    env = base_environ(home)
    env.update(extra)
    return env


def oscmd_argv(endpoint: str | None, *args: str) -> list[str]:
    """``python -m oscmd_shell [--endpoint URL] ARGS`` with the real interpreter."""
    prefix = ["--endpoint", endpoint] if endpoint else []
    return [PYTHON, "-m", "oscmd_shell", *prefix, *args]


def oscmd_child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of an oscmd child: the isolated one plus the repository on the path."""
    return oscmd_env(home, PYTHONPATH=str(REPO), **extra)


@dataclass
class Child:
    """What one finished child process did."""

    argv: list[str]
    status: int
    wall: float
    maxrss_kib: int
    stdout: bytes
    stderr: bytes

    @property
    def ok(self) -> bool:
        return self.status == 0

    def failure(self) -> str:
        tail = self.stderr.decode(errors="replace").strip().splitlines()[-3:]
        return f"exit {self.status}: {' | '.join(tail) or '(no stderr)'}"


class Spawner:
    """The client side of ``scripts/spawner.py``: one small process that forks every measured child."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [PYTHON, "-S", str(SCRIPTS / "spawner.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )
        self._lock = threading.Lock()

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(json.dumps(request) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the spawner process died")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"cannot start {request['argv'][:3]}: {answer['error']}")
        return answer

    def close(self) -> None:
        if self._proc.poll() is None:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)


_SPAWNER: Spawner | None = None


def spawner() -> Spawner:
    global _SPAWNER
    if _SPAWNER is None:
        _SPAWNER = Spawner()
    return _SPAWNER


def close_spawner() -> None:
    global _SPAWNER
    if _SPAWNER is not None:
        _SPAWNER.close()
        _SPAWNER = None


def run_child(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    stdin: bytes | Path | None = None,
    timeout: float = 120.0,
    cwd: Path | None = None,
) -> Child:
    """Run ``argv`` to completion through the spawner: wall time from spawn to reap, and peak RSS."""
    with tempfile.TemporaryDirectory(prefix="oscmd-bench-io-") as tmp:
        folder = Path(tmp)
        if stdin is None:
            inp = Path(os.devnull)
        elif isinstance(stdin, Path):
            inp = stdin
        else:
            inp = folder / "stdin"
            inp.write_bytes(stdin)
        out, err = folder / "stdout", folder / "stderr"
        answer = spawner().run({
            "argv": list(argv), "env": dict(env), "cwd": str(cwd or REPO), "stdin": str(inp),
            "stdout": str(out), "stderr": str(err), "timeout": timeout,
        })
        return Child(list(argv), int(answer["status"]), float(answer["wall"]), int(answer["maxrss_kib"]),
                     out.read_bytes(), err.read_bytes())


@dataclass
class Stats:
    """A series of samples (seconds, bytes, ...) and its order statistics."""

    samples: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.samples.append(value)

    def __len__(self) -> int:
        return len(self.samples)

    def quantile(self, q: float) -> float:
        """Linear-interpolated quantile (``q`` in [0, 1]); NaN when empty."""
        if not self.samples:
            return float("nan")
        data = sorted(self.samples)
        pos = q * (len(data) - 1)
        low = int(pos)
        high = min(low + 1, len(data) - 1)
        return data[low] + (data[high] - data[low]) * (pos - low)

    @property
    def median(self) -> float:
        return self.quantile(0.5)

    @property
    def p90(self) -> float:
        return self.quantile(0.9)

    @property
    def p99(self) -> float:
        return self.quantile(0.99)


@dataclass
class Row:
    """One line of the results table."""

    benchmark: str
    subject: str
    value: float | None = None
    unit: str = "s"
    p90: float | None = None
    p99: float | None = None
    n: int = 0
    ratio: float | None = None
    reference: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def ratio_row(
    benchmark: str,
    subject: str,
    stats: Stats,
    reference_name: str,
    reference: Stats,
    *,
    limit: float | None = None,
    at_least: bool = False,
    note: str = "",
) -> Row:
    """A row comparing ``stats`` to ``reference`` by medians, with ``limit`` as the target ratio.

    With ``at_least`` the ratio is reference/subject (a speed-up) and must be >= limit;
    otherwise it is subject/reference and must be <= limit.
    """
    med, ref = stats.median, reference.median
    ratio = (ref / med if at_least else med / ref) if med and ref else None
    if ratio is not None and at_least:
        target = f">= {limit:g}x faster than {reference_name}" if limit is not None else ""
        met = ratio >= limit if limit is not None else None
    else:
        target = f"<= {limit:g}x {reference_name}" if limit is not None else ""
        met = ratio <= limit if (limit is not None and ratio is not None) else None
    return Row(benchmark, subject, med, "s", stats.p90, stats.p99, len(stats), ratio,
               f"{'speed-up vs' if at_least else 'vs'} {reference_name}", target, met, note)


def fmt_value(value: float | None, unit: str) -> str:
    if value is None or value != value:
        return "-"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    if unit == "count":
        return f"{value:.0f}"
    return f"{value:g} {unit}"


HEADER = ("benchmark", "subject", "median", "p90", "p99", "n", "ratio", "target", "met", "note")


def render_table(rows: Sequence[Row]) -> str:
    """The rows as a fixed-width text table (header first)."""
    cells = [list(HEADER)]
    for r in rows:
        ratio = f"{r.ratio:.2f}x {r.reference}" if r.ratio is not None else (r.reference or "-")
        met = "-" if r.met is None else ("yes" if r.met else "NO")
        cells.append([
            r.benchmark, r.subject, fmt_value(r.value, r.unit), fmt_value(r.p90, r.unit),
            fmt_value(r.p99, r.unit), str(r.n) if r.n else "-", ratio, r.target or "-", met, r.note,
        ])
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADER) - 1)]
    lines = []
    for i, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(line.rstrip() for line in lines)


@dataclass
class Options:
    """What the command line asked for, as every benchmark sees it."""

    quick: bool = False
    rounds: int | None = None
    verbose: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def warmup(self) -> int:
        """Untimed rounds before the timed ones (none in a quick run)."""
        return 0 if self.quick else 1

    def rounds_or(self, default: int, quick: int = 1) -> int:
        if self.rounds is not None:
            return max(1, self.rounds)
        return quick if self.quick else default


@contextmanager
def scratch_home(prefix: str = "oscmd-bench-") -> Iterator[Path]:
    """A throwaway HOME directory, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def log(opts: Options, message: str) -> None:
    """Progress on stderr, so stdout holds only the table."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def note(opts: Options, text: str) -> None:
    """A note printed under the table (and saved with --json)."""
    opts.notes.append(text)
    log(opts, text)
