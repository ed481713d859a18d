"""End to end in a real pseudo-terminal: `python -m oscmd_shell --endpoint URL`, read through pyte."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest

from tests.support.ec2server import LocalEC2
from tests.support.runner import REPO, base_environ
from tests.support.seed import run_named

pytestmark = pytest.mark.terminal
COLUMNS, ROWS = 110, 30


class AnsweringScreen(pyte.Screen):  # type: ignore[misc]
    """A pyte screen that answers cursor-position requests, as a real terminal does."""

    def __init__(self, child: pexpect.spawn, columns: int = COLUMNS, rows: int = ROWS) -> None:
        super().__init__(columns, rows)
        self.child = child

    def write_process_input(self, data: str) -> None:
        self.child.send(data)


class Terminal:
    """A child process on a pty, and the screen a person would see (it answers CPR requests).

    The child is ``python -m oscmd_shell ARGS --endpoint URL`` (no ``--endpoint`` when ``url`` is
    None), or ``command`` when given.
    """

    def __init__(self, url: str | None, home: Path, *args: str, environ: dict[str, str] | None = None,
                 columns: int = COLUMNS, rows: int = ROWS, command: list[str] | None = None) -> None:
        env = {**base_environ(home), "PYTHONPATH": str(REPO), "TERM": "xterm-256color", "PAGER": "cat",
               **(environ or {})}
        argv = command or [sys.executable, "-m", "oscmd_shell", *args, *(["--endpoint", url] if url else [])]
        self.child = pexpect.spawn(argv[0], argv[1:], dimensions=(rows, columns), encoding="utf-8", timeout=20,
                                   env=env, cwd=str(home))
        self.screen = AnsweringScreen(self.child, columns, rows)
        self.stream = pyte.Stream(self.screen)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)

    def pump(self, wait: float = 0.05) -> None:
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=wait))
        except pexpect.TIMEOUT:
            pass

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    @property
    def line(self) -> str:
        return self.screen.display[self.screen.cursor.y].rstrip()

    def wait(self, pattern: str, timeout: float = 20.0) -> None:
        """Wait until ``pattern`` (a regex) is on the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.text):
                return
            self.pump()
        raise AssertionError(f"{pattern!r} never showed; screen:\n{self.text}")

    def wait_line(self, pattern: str, timeout: float = 20.0) -> None:
        """Wait until the cursor's line matches ``pattern``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.line):
                return
            self.pump()
        raise AssertionError(f"cursor line {self.line!r} never matched {pattern!r}; screen:\n{self.text}")

    def send(self, keys: str) -> None:
        self.child.send(keys)
        self.pump(0.1)

    def running(self, program: str) -> bool:
        """Whether a process started (directly or not) by the child runs ``program`` now (Linux /proc)."""
        parents: dict[int, int] = {}
        names: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
                parents[int(entry.name)], names[int(entry.name)] = int(rest[1]), name
        for pid, name in names.items():
            ancestor = parents.get(pid, 0)
            while ancestor > 1 and ancestor != self.child.pid:
                ancestor = parents.get(ancestor, 0)
            if name == program and ancestor == self.child.pid:
                return True
        return False

    def exit_status(self, timeout: float = 20.0) -> int | None:
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        status: int | None = self.child.exitstatus
        return status


PROMPT = r"oscmd us-east-1> ?"


def test_tab_completes_objects_and_names_and_ctrl_d_exits_0(ec2: object, home: Path, server: LocalEC2) -> None:
    [iid] = run_named(ec2, "web1")
    term = Terminal(server.url, home)
    try:
        term.wait(PROMPT)
        term.wait(r"cache: 1 instance,")
        term.send("inst")
        term.wait_line(PROMPT + "inst$")
        term.send("\t")
        term.wait_line(PROMPT + "instance$")  # taken with a space (the screen shows no trailing space)
        term.send("-n w")
        term.wait_line(PROMPT + "instance -n w$")
        term.send("\t")
        term.wait_line(PROMPT + "instance -n web1$")
        term.send("dump\r")
        term.wait(rf"==== {iid} ====")
        term.wait_line(PROMPT + "$")
        term.send("\x04")
        assert term.exit_status() == 0
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)


def test_a_verb_runs_and_prints(terminal: Terminal, ec2: object) -> None:
    [iid] = run_named(ec2, "web1")
    terminal.wait(PROMPT)
    terminal.send("instance list\r")
    terminal.wait(rf"{iid} web1")
    terminal.send("use instance -n web1\r")
    terminal.wait(r"using instance web1")
    terminal.wait(r"instance:web1> ?")
    terminal.send("exit\r")
    assert terminal.exit_status() == 0


def test_errors_and_ctrl_c_leave_the_shell_alive(terminal: Terminal, ec2: object) -> None:
    [iid] = run_named(ec2, "web1")
    terminal.wait(PROMPT)
    terminal.send("bogus\r")
    terminal.wait(r"unknown object 'bogus'")
    terminal.send("instance li")
    terminal.wait_line(r"instance li$")
    terminal.send("\x03")
    terminal.wait_line(PROMPT + "$")
    terminal.send("!sleep 30\r")
    deadline = time.monotonic() + 15  # Ctrl-C once the program runs (earlier, it only cancels the line)
    while not terminal.running("sleep") and time.monotonic() < deadline:
        terminal.pump()
    assert terminal.running("sleep"), terminal.text
    started = time.monotonic()
    terminal.send("\x03")
    terminal.wait(r"interrupted", timeout=25)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"Ctrl-C took {elapsed:.1f} s to stop a 30 s command"
    terminal.send("instance list\r")
    terminal.wait(rf"{iid} web1")
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def test_fleet_lines_in_a_real_terminal(terminal: Terminal, server: LocalEC2) -> None:
    run_named(server.client(region="us-east-1"), "web1")
    run_named(server.client(region="eu-west-1"), "web2")
    terminal.wait(PROMPT)
    terminal.wait(r"cache: 1 instance,")
    terminal.send("instance --filter instance-state-n")
    terminal.send("\t")
    terminal.wait_line(PROMPT + "instance --filter instance-state-name=$")
    terminal.send("ru")
    terminal.wait(r"instance-state-name=running +value")
    terminal.send("\t")
    terminal.wait_line(PROMPT + "instance --filter instance-state-name=running$")
    terminal.send(" list\r")
    terminal.wait(r"i-\w+ web1")
    terminal.send("set region us-east-1,eu-west-1\r")
    terminal.send("-o table instance list\r")
    terminal.wait(r"REGION +ID +NAME")
    terminal.wait(r"eu-west-1 +i-\w+ +web2")
    assert re.search(r"us-east-1 +i-\w+ +web1", terminal.text)
