"""Start-up stays light: no boto3 before the first prompt, none on the keystroke path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.runner import REPO, base_environ

SHELL_START = """
import io, sys
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from oscmd_shell.cli import run
from oscmd_shell.env import Env
from oscmd_shell.repl import loop

seen = []
original = loop.Repl._start_cache

def spy(self):
    seen.append("boto3" in sys.modules)
    original(self)
    inp.send_text("\\x04")

loop.Repl._start_cache = spy
with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
    env = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ=dict(__import__("os").environ),
              stdin_isatty=True)
    status = run(["--endpoint", "http://127.0.0.1:9"], env)
print(status, seen)
"""

KEYSTROKES = """
import sys
from oscmd_shell.cache.snapshot import Entry, KindData, Snapshot
from oscmd_shell.complete import Sources, complete
from oscmd_shell.repl.lexer import OscmdLexer
snap = Snapshot(kinds={"instance": KindData.build([Entry("i-1", "web1", "running")], 0)})
complete("instance -n w", Sources(snapshot=lambda: snap), after=" stop")
list(OscmdLexer().get_tokens_unprocessed("instance -n web1 stop"))
print(sorted(m for m in ("boto3", "botocore") if m in sys.modules))
"""


def python(code: str, home: Path) -> str:
    env = {**base_environ(home), "PYTHONPATH": str(REPO), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_boto3_is_not_imported_before_the_first_prompt(home: Path) -> None:
    assert python(SHELL_START, home) == "0 [False]"


def test_completion_and_highlighting_never_import_boto3(home: Path) -> None:
    assert python(KEYSTROKES, home) == "[]"
