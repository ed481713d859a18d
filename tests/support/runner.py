"""Run oscmd in-process or as a subprocess against the local EC2 endpoint.

Both runners give oscmd an isolated environment: fake credentials, a temp
HOME, no AWS config files, the metadata service disabled, and the endpoint
passed with oscmd's own ``--endpoint``.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from oscmd_shell.cli import run
from oscmd_shell.env import Env

REPO = Path(__file__).resolve().parents[2]


def base_environ(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_DEFAULT_REGION": "us-east-1",
                "MOTO_AMIS_PATH": str(REPO / "oscmd_shell" / "data" / "amis.json"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        **coverage_environ(),
    }


def coverage_environ() -> dict[str, str]:
    """The variables that make a Python child measure its coverage too (set when the suite runs under coverage)."""
    return {name: value for name, value in os.environ.items() if name.startswith("COVERAGE_")}


def without_coverage(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` for a child whose speed or imports are what is tested: coverage would change both."""
    return {name: value for name, value in environ.items() if not name.startswith("COVERAGE_")}


def one_line(err: str) -> None:
    """``err`` is one line of oscmd's, and no traceback."""
    assert err.count("\n") == 1 and err.startswith("oscmd: "), err
    assert "Traceback" not in err


@dataclass
class Result:
    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


class Oscmd:
    """Callable runner: ``oscmd("instance", "list")`` -> Result."""

    def __init__(self, endpoint: str | None, home: Path) -> None:
        self.endpoint = endpoint
        self.home = home
        self.environ = base_environ(home)

    def argv(self, args: tuple[str, ...], endpoint: bool) -> list[str]:
        prefix = ["--endpoint", self.endpoint] if endpoint and self.endpoint else []
        return [*prefix, *args]

    def __call__(
        self,
        *args: str,
        stdin: str = "",
        endpoint: bool = True,
        environ: Mapping[str, str] | None = None,
        answer: str | None = None,
        tty: bool = False,
    ) -> Result:
        out, err = io.StringIO(), io.StringIO()
        env = Env(
            stdin=io.StringIO(stdin),
            stdout=out,
            stderr=err,
            environ={**self.environ, **(environ or {})},
            stdin_isatty=tty,
            ask=(lambda _q: answer) if answer is not None else None,
        )
        status = run(self.argv(args, endpoint), env)
        return Result(status, out.getvalue(), err.getvalue())

    def subprocess(
        self, *args: str, stdin: str = "", endpoint: bool = True, environ: Mapping[str, str] | None = None,
        timeout: float = 60,
    ) -> Result:
        env = {**self.environ, **(environ or {}), "PYTHONPATH": str(REPO)}
        proc = subprocess.run(
            [sys.executable, "-m", "oscmd_shell", *self.argv(args, endpoint)],
            input=stdin, capture_output=True, text=True, env=env, timeout=timeout, check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)
