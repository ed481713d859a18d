"""Keys as a terminal delivers them, in a real pseudo-terminal read through pyte.

Tab typed ahead in the same write as the text before and after it (as a fast
typist, ``tmux send-keys`` or an SSH link delivers it), unique candidates
taken with a space, the menu cycled, history by prefix, Esc, Ctrl-P, Enter on
a directory, Ctrl-Z under a job-control shell, and a bracketed paste of
several lines.  Each send below is ONE write to the terminal unless it says
otherwise: nothing waits between the keys.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.runner import REPO
from tests.support.seed import run_named, volume
from tests.support.terminal import PROMPT, Terminal

pytestmark = pytest.mark.terminal


def rows(term: Terminal) -> list[str]:
    return [row.rstrip() for row in term.screen.display]


def settle(term: Terminal, seconds: float = 0.4) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        term.pump(0.05)


def test_tab_typed_ahead_in_one_write_completes_before_the_rest_runs(terminal: Terminal, ec2: object) -> None:
    [iid] = run_named(ec2, "web1")
    run_named(ec2, "db1")
    terminal.wait(PROMPT)
    terminal.enter("refresh")  # the shell may have started fetching before the instances existed
    terminal.wait(r"cache: 2 instances,")
    terminal.child.send("inst\t-n web\tlist\r")  # one write: both Tabs race nothing
    terminal.wait(rf"{iid} web1")
    terminal.wait_line(PROMPT + "$")
    assert "unknown object" not in terminal.text
    assert any(re.match(PROMPT + r"instance -n web1 list$", row) for row in rows(terminal)), terminal.text
    terminal.child.send("inst\t -n db\t list\r")  # the spaces typed after each Tab are harmless
    terminal.wait(r"i-\w+ db1 ")
    assert any(re.match(PROMPT + r"instance  -n db1  list$", row) for row in rows(terminal)), terminal.text
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def test_unique_candidate_takes_a_space_several_insert_their_common_part_then_cycle(
        terminal: Terminal, ec2: object) -> None:
    run_named(ec2, "web1")
    run_named(ec2, "web2")
    run_named(ec2, "db1")
    terminal.wait(PROMPT)
    terminal.enter("refresh")  # the shell may have started fetching before the instances existed
    terminal.wait(r"cache: 3 instances,")
    terminal.child.send("instance -n d\t")
    terminal.wait_line(PROMPT + "instance -n db1$")
    terminal.child.send("\t")  # a second Tab after a unique candidate: the next word's menu, nothing removed
    terminal.wait(r"dump\s+show every detail")
    assert terminal.line.endswith("instance -n db1")
    terminal.child.send("x")
    terminal.wait_line(PROMPT + "instance -n db1 x$")  # the space was there
    terminal.child.send("\x15instance -n w\t")  # Ctrl-U, then one write
    terminal.wait_line(PROMPT + "instance -n web$")  # the common part, and the menu of both
    terminal.wait(r"web1\s+i-\w+\s+running")
    assert re.search(r"web2\s+i-\w+\s+running", terminal.text)
    terminal.child.send("\t")
    terminal.wait_line(PROMPT + "instance -n web1$")
    terminal.child.send("\t")
    terminal.wait_line(PROMPT + "instance -n web2$")
    terminal.child.send("\x1b[Z")  # Shift-Tab: back
    terminal.wait_line(PROMPT + "instance -n web1$")
    terminal.child.send("\r")  # Enter on a chosen completion takes it, does not run the line
    terminal.wait_line(PROMPT + "instance -n web1$")
    terminal.child.send("dump\r")
    terminal.wait(r"==== i-\w+ ====")
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def test_up_and_down_mean_history_by_prefix_unless_tab_opened_the_menu(terminal: Terminal, ec2: object,
                                                                       home: Path) -> None:
    run_named(ec2, "web1")
    run_named(ec2, "web2")
    volume(ec2, "data")
    terminal.wait(PROMPT)
    terminal.enter("refresh")  # the shell may have started fetching before the instances existed
    terminal.wait(r"cache: 2 instances,")
    for line in ("volume list", "instance list", "instance -n web2 dump"):
        terminal.child.send(line + "\r")
        terminal.wait_line(PROMPT + "$")
    terminal.child.send("vol\x1b[A")  # typed text, then Up: the last line starting with it
    terminal.wait_line(PROMPT + "volume list$")
    terminal.child.send("\x15instance -n w\x1b[A")  # the menu opened while typing: Up is still history
    terminal.wait_line(PROMPT + "instance -n web2 dump$")
    terminal.child.send("\x1b[B")
    terminal.wait_line(PROMPT + "instance -n w$")
    terminal.child.send("\x15instance -n w\t\x1b[B")  # a menu Tab opened: Down moves in it
    terminal.wait_line(PROMPT + "instance -n web1$")
    terminal.child.send("\x10")  # Ctrl-P: always history, even with the menu open
    terminal.wait_line(PROMPT + "instance -n web2 dump$")
    terminal.child.send("\x15instance -n w\t")
    terminal.wait(r"web2\s+i-\w+")
    terminal.child.send("\x1b")  # Esc closes the menu
    deadline = time.monotonic() + 5
    while re.search(r"web2\s+i-\w+", terminal.text) and time.monotonic() < deadline:
        terminal.pump()
    assert not re.search(r"web2\s+i-\w+", terminal.text), terminal.text
    assert re.match(PROMPT + "instance -n web", terminal.line)  # (and the grey suggestion from the history)
    terminal.send("\x15\x04")
    assert terminal.exit_status() == 0


def test_enter_on_a_directory_keeps_completing_inside_it(terminal: Terminal, home: Path) -> None:
    for folder in ("keys", "kept"):
        (home / folder).mkdir()
    (home / "keys" / "prod.pem").write_text("x")
    (home / "keys" / "test.pem").write_text("x")
    terminal.wait(PROMPT)
    terminal.child.send("save ~/ke\t")
    terminal.wait(r"keys/\s+directory")
    terminal.child.send("\t")
    terminal.wait_line(PROMPT + "save ~/kept/$")
    terminal.child.send("\t")
    terminal.wait_line(PROMPT + "save ~/keys/$")
    terminal.child.send("\r")  # not a space, not a run: the menu of what is inside
    terminal.wait(r"prod\.pem")
    terminal.wait(r"test\.pem")
    assert terminal.line.endswith("save ~/keys/")
    terminal.child.send("p\t")
    terminal.wait_line(PROMPT + "save ~/keys/prod.pem$")
    terminal.send("\x15\x04")
    assert terminal.exit_status() == 0


def test_ctrl_z_suspends_under_a_job_control_shell_and_fg_resumes(server: LocalEC2, home: Path) -> None:
    """bash -i gives oscmd a job of its own, as at a real terminal; Ctrl-Z must stop it, not type ^Z."""
    oscmd = f"{sys.executable} -m oscmd_shell --endpoint {server.url}"
    with Terminal(None, home, command=["/bin/bash", "--norc", "--noprofile", "-i"],
                  environ={"PS1": "bash$ ", "PYTHONPATH": str(REPO)}) as term:
        term.wait(r"bash\$")
        term.send(oscmd + "\r")
        term.wait(PROMPT)
        term.child.send("inst")
        term.wait_line(PROMPT + "inst$")
        term.child.send("\x1a")
        term.wait(r"Stopped")
        term.wait_line(r"bash\$$")
        term.send("fg\r")
        term.wait_line(PROMPT + "inst$")  # back, as it was, and no ^Z in the line
        term.child.send("ance list\r")
        term.wait_line(PROMPT + "$")
        term.send("exit\r")
        term.wait_line(r"bash\$$")
        term.send("exit\r")
        assert term.exit_status(timeout=10) == 0
    history = (home / ".local" / "state" / "oscmd" / "history").read_text()
    assert "+instance list\n" in history and "\x1a" not in history


def test_without_job_control_ctrl_z_does_nothing(terminal: Terminal) -> None:
    terminal.wait(PROMPT)
    terminal.child.send("inst\x1aance list\r")  # a session leader with no job control: nothing happens
    terminal.wait(PROMPT + r"instance list\s*\n" + PROMPT)
    assert "^Z" not in terminal.text and "unknown object" not in terminal.text
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def test_a_bracketed_paste_of_several_lines_runs_each_line_in_order(terminal: Terminal, ec2: object) -> None:
    [iid] = run_named(ec2, "web1")
    vid = volume(ec2, "data")
    terminal.wait(PROMPT)
    terminal.child.send("\x1b[200~instance list\rvolume list\r\rinstance -n we\x1b[201~")
    terminal.wait(rf"{vid} data")
    terminal.wait_line(PROMPT + "instance -n we$")  # the unfinished last line is left to edit
    shown = rows(terminal)
    runs = [i for i, row in enumerate(shown) if re.match(PROMPT + r"(instance|volume) list$", row)]
    assert len(runs) == 2, terminal.text  # two lines ran, in order; the empty one drew no prompt
    assert shown[runs[0] + 1] == f"{iid} web1" and f"{vid} data" in shown[runs[1] + 1:], terminal.text
    terminal.child.send("b1 dump\r")
    terminal.wait(rf"==== {iid} ====")
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def test_keys_are_logged_with_debug(server: LocalEC2, home: Path) -> None:
    with Terminal(server.url, home, "--debug") as term:
        term.wait(PROMPT)
        term.child.send("inst\t\x15\x04")
        assert term.exit_status() == 0
    log = (home / ".local" / "state" / "oscmd" / "keys.log").read_text()
    assert re.search(r"oscmd_shell\.repl\.keys: tab: keys \[.*\], line 'inst' at 4", log), log
    assert "tab: unique" in log
