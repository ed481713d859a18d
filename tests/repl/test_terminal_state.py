"""Session state that cannot mislead, in a real terminal: checked `set`, the selection, the playground,
the loading note, hints, and the pager (in tmux, which keeps an alternate screen as terminals do)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.faults import BlackHole
from tests.support.runner import REPO, base_environ
from tests.support.seed import run_named
from tests.support.terminal import PROMPT, Terminal

pytestmark = pytest.mark.terminal
ANY_PROMPT = r"oscmd [\w-]+( \S+)*> ?"


def ran(term: Terminal, line: str) -> None:
    term.child.send(line + "\r")
    term.wait(re.escape(line) + r"\s*\n(.*\n)*" + ANY_PROMPT + r"\s*\n")


def closed(term: Terminal) -> None:
    term.send("\x15\x04")
    assert term.exit_status() == 0


def test_set_refuses_unknown_regions_zones_and_profiles_with_a_suggestion(server: LocalEC2, home: Path) -> None:
    config = home / "aws-config"
    config.write_text("[default]\nregion = us-east-1\n[profile prod]\nregion = eu-west-1\n")
    with Terminal(server.url, home, environ={"AWS_CONFIG_FILE": str(config)}) as term:
        term.wait(PROMPT)
        ran(term, "set region eu-wst-1")
        term.wait(r"set region: the endpoint has no region 'eu-wst-1' \(did you mean 'eu-west-1'\?\)")
        ran(term, "set zone us-east-1z")
        term.wait(r"set zone: region us-east-1 has no zone 'us-east-1z' \(did you mean 'us-east-1\w'\?\)")
        ran(term, "set zone eu-west-1a")
        term.wait(r"has no zone 'eu-west-1a'")
        ran(term, "set profile prd")
        term.wait(r"set profile: no profile 'prd' \(did you mean 'prod'\?\); profiles: default, prod")
        ran(term, "set")
        term.wait(r"region\s+us-east-1\s*\n")  # nothing changed
        term.wait(r"zone\s+-\s*\n")
        ran(term, "set region eu-west-1")
        term.wait_line(r"oscmd eu-west-1> ?$")
        ran(term, "set zone eu-west-1b")
        ran(term, "set")
        term.wait(r"zone\s+eu-west-1b")
        closed(term)


def test_switching_region_or_endpoint_clears_the_selection_visibly(terminal: Terminal, ec2: Any,
                                                                   server: LocalEC2) -> None:
    run_named(ec2, "web")
    run_named(server.client(region="eu-west-1"), "web")
    terminal.wait(PROMPT)
    ran(terminal, "use instance -n web")
    terminal.wait_line(r"instance:web> ?$")
    ran(terminal, "set region eu-west-1")
    terminal.wait(r"no longer using instance web: the region changed")
    terminal.wait_line(r"^oscmd eu-west-1> ?$")  # the prompt shows no selection
    ran(terminal, "stop")
    terminal.wait(r"'stop' is a verb of instance: name the object first")
    ran(terminal, "use instance -n web")
    ran(terminal, f"set endpoint http://localhost:{server.port}")
    terminal.wait(r"no longer using instance web: the endpoint changed")
    closed(terminal)


def test_loading_note_and_hints(black_hole: BlackHole, home: Path) -> None:
    with Terminal(black_hole.url, home) as term:
        term.wait(PROMPT)
        assert black_hole.accepted.wait(10)
        term.child.send("instance -n \t")
        term.wait(r"loading instances…\s+the cache is fetching them")
        y, x = next((y, row.index("loading")) for y, row in enumerate(term.screen.display) if "loading inst" in row)
        assert term.screen.buffer[y][x].italics  # greyed: a note, not a candidate
        assert term.line.rstrip().endswith("instance -n")  # Tab inserted nothing
        term.child.send("\t")
        term.wait(r"loading instances…")
        assert term.line.rstrip().endswith("instance -n")
        term.child.send("\x15instance list --output json\r")
        term.wait(r"instance list: unknown option '--output'\s*\n"
                  r"hint: root options go before the object: '--output json instance list'")
        ran(term, "instance run")
        term.wait(r"instance: unknown verb 'run'.*\s*\nhint: 'run' is a verb of ami: 'ami \.\.\. run'")
        ran(term, "help instance run")
        term.wait(r"help: instance has no verb 'run'.*\s*\nhint: 'run' is a verb of ami")
        closed(term)


def playground(home: Path, *args: str, columns: int = 160) -> Terminal:
    env = {k: v for k, v in base_environ(home).items() if k != "AWS_DEFAULT_REGION"}
    return Terminal(None, home, "--local", *args, environ=env, columns=columns)


def cache_files(home: Path) -> list[Path]:
    return sorted((home / ".cache" / "oscmd" / "values").glob("*.jsonl"))


def test_playground_refuses_sample_addresses_and_keeps_one_cache_file(home: Path) -> None:
    for run in range(2):
        with playground(home) as term:
            term.wait(PROMPT, timeout=60)
            term.wait(r"cache: 3 instances", timeout=30)
            deadline = time.monotonic() + 20
            while not cache_files(home) and time.monotonic() < deadline:
                time.sleep(0.1)
            if run == 1:
                ran(term, "instance -n web1 ssh")
                term.wait(r"the local playground's instances have no real address; connect to a server of "
                          r"yours with --host 127\.0\.0\.1 --port PORT")
                ran(term, "instance -n web1 ping -c 1")
                term.wait(r"ping -c 1\s*\n\S+: the local playground's instances have no real address")
                ran(term, "instance -n web1 list")
                ran(term, f"save {home / 'tour.os'}")
                saved = (home / "tour.os").read_text().splitlines()
                assert [line for line in saved if not line.startswith("#")][:1] == ["set endpoint local"]
                assert saved[-1] == "instance -n web1 list" and "#   oscmd --local -y" in saved[2]
                term.child.send("set endpoint \t")
                time.sleep(0.5)
                term.pump(0.3)
                assert "used before" not in term.text  # no dead playground URL offered
            closed(term)
    assert len(cache_files(home)) == 1


def test_playground_bad_region_shows_no_server_traceback(home: Path) -> None:
    with playground(home, "-r", "eu-wst-1") as term:
        term.wait(PROMPT.replace("us-east-1", "eu-wst-1"), timeout=60)
        ran(term, "instance list")
        ran(term, "set region us-eas-1")
        term.wait(r"set region: the endpoint has no region 'us-eas-1' \(did you mean 'us-east-1'\?\)|"
                  r"set region: unknown region 'us-eas-1' \(did you mean 'us-east-1'\?\)")
        ran(term, "set region us-east-1")
        ran(term, "instance list")
        term.wait(r"i-\w+ web1")
        assert "Traceback" not in term.text and "KeyError" not in term.text, term.text
        closed(term)


class Tmux:
    """A tmux server on a private socket, one window of ``command`` (tmux keeps an alternate screen)."""

    def __init__(self, command: list[str], env: dict[str, str], columns: int = 100, rows: int = 20) -> None:
        self.socket = f"oscmd-test-{os.getpid()}-{time.monotonic_ns()}"
        launch = " ".join(["env", "-i", *(shlex.quote(f"{k}={v}") for k, v in env.items()),
                           *(shlex.quote(c) for c in command)])
        self.tmux("new-session", "-d", "-s", "t", "-x", str(columns), "-y", str(rows), launch)

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True,
                              text=True, timeout=20).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if re.search(pattern, shown):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} never showed:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def tmux_oscmd(server: LocalEC2, home: Path) -> Iterator[Tmux]:
    env = {k: v for k, v in base_environ(home).items() if k != "NO_COLOR"}
    env.update(PYTHONPATH=str(REPO), TERM="xterm-256color")  # PAGER and LESS unset: the defaults
    session = Tmux([sys.executable, "-m", "oscmd_shell", "--endpoint", server.url], env)
    yield session
    session.close()


def test_the_pager_leaves_the_text_on_the_screen_after_q(tmux_oscmd: Tmux) -> None:
    t = tmux_oscmd
    t.wait(PROMPT)
    t.keys("help scripts", "Enter")  # a long help topic: paged
    t.wait(r"A script is a file of oscmd lines")
    page = t.wait(r"(?m)^:\s*$")  # less is showing the first screen, waiting at its ':'
    assert PROMPT.split(">")[0] + ">" not in page.split("help scripts")[-1]
    shown_by_less = [row.strip() for row in page.splitlines() if len(row.strip()) > 20]
    t.keys("q")
    after = t.wait(r"(?m)^" + PROMPT + r"\s*$")
    assert any(row in after for row in shown_by_less[-6:]), after  # what less showed is still there
    t.keys("help save", "Enter")  # shorter than the screen: printed, no pager
    t.wait(r"usage: save \[-f\] FILE\.os")
