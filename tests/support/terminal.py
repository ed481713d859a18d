"""A real pseudo-terminal for end-to-end shell tests: a child on a pty, read through pyte as a person sees it."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pexpect
import pyte

from tests.support.runner import REPO, base_environ

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
        self.transcript = ""  # the last bytes the child wrote, as written (failures show them)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)

    def pump(self, wait: float = 0.05) -> None:
        try:
            data = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return
        self.transcript = (self.transcript + data)[-4000:]
        self.stream.feed(data)

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
        raise AssertionError(f"{pattern!r} never showed; screen:\n{self.text}\nlast output written:\n"
                             f"{self.transcript[-1500:]!r}")

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

    def enter(self, line: str, timeout: float = 20.0) -> None:
        """Type ``line``, see it echoed, press Enter and wait for the next prompt.

        Waiting for the echo first means the empty prompt seen afterwards is the
        new one: a key sent too early would be typed ahead into the running command
        (and a Ctrl-D typed ahead is eaten by the terminal's line discipline).
        """
        self.send(line)
        self.wait_line(re.escape(line) + "$", timeout)
        self.send("\r")
        self.wait_line(PROMPT + "$", timeout)

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
