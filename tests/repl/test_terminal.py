"""End to end in a real pseudo-terminal: `python -m oscmd_shell --endpoint URL`, read through pyte."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.seed import run_named
from tests.support.terminal import PROMPT, Terminal

pytestmark = pytest.mark.terminal


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
    while terminal.running("sleep") and time.monotonic() - started < 25:
        terminal.pump()
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"Ctrl-C took {elapsed:.1f} s to stop a 30 s command"
    terminal.wait_line(PROMPT + "$")  # the shell is back (the "interrupted" line: test_shell_lines)
    terminal.send("instance list\r")
    terminal.wait(rf"{iid} web1")
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def test_tag_values_complete_in_a_real_terminal_and_a_hostile_one_never_shows(ec2: Any, home: Path,
                                                                               server: LocalEC2) -> None:
    [web] = run_named(ec2, "web1", tags={"env": "prod", "team": "blue team"})
    run_named(ec2, "db1", tags={"env": "test"})
    run_named(ec2, "odd1", tags={"env": "pr\x9b2J"})  # a C1 CSI (clear screen), were it written raw
    with Terminal(server.url, home) as term:
        term.wait(PROMPT)
        term.wait(r"cache: 3 instances,")
        # each Tab in the same write as the text; tag:env=p has one candidate: the CSI one is never offered,
        # and a value with a space is quoted as a Name with a space is
        for typed, completed in (("tag:env=p", "tag:env=prod"), ("tag:team=", "'tag:team=blue team'")):
            term.send(f"instance --filter {typed}\t")
            term.wait_line(PROMPT + re.escape(f"instance --filter {completed}") + "$")
            term.send("list\r")
            term.wait(f"(?s){re.escape(completed)} list.*{web} web1")
            term.wait_line(PROMPT + "$")
        assert "db1" not in term.text and "odd1" not in term.text
        term.send("\x04")
        assert term.exit_status() == 0


def test_fleet_lines_in_a_real_terminal(terminal: Terminal, server: LocalEC2) -> None:
    run_named(server.client(region="us-east-1"), "web1", tags={"env": "prod"})
    run_named(server.client(region="eu-west-1"), "web2")
    terminal.wait(PROMPT)
    terminal.enter("refresh")  # the shell may have started fetching before web1 existed
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
    terminal.send("instance --filter tag:e\t")  # a tag key the cache saw, in one write with the Tab
    terminal.wait_line(PROMPT + "instance --filter tag:env=$")
    terminal.send("prod list\r")
    terminal.wait(r"(?s)tag:env=prod list.*i-\w+ web1")
    terminal.send("set region us-east-1,eu-west-1\r")
    terminal.send("-o table instance list\r")
    terminal.wait(r"REGION +ID +NAME")
    terminal.wait(r"eu-west-1 +i-\w+ +web2")
    assert re.search(r"us-east-1 +i-\w+ +web1", terminal.text)
