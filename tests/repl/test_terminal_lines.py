"""Lines in a real terminal: pipes and redirection, ``!command``, ``exist``, output order, ^C, the toolbar.

The same lines are run as scripts too (the one line runner), and what reached
a file or EC2 is checked on disk and with boto3, not from oscmd's words.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.ec2server import LocalEC2
from tests.support.hooks import Hooks, backend_hooks
from tests.support.runner import Oscmd
from tests.support.seed import run_named
from tests.support.terminal import PROMPT, Terminal

pytestmark = pytest.mark.terminal


@pytest.fixture
def hooks(server: LocalEC2, monkeypatch: pytest.MonkeyPatch) -> Iterator[Hooks]:
    yield from backend_hooks(monkeypatch)


def rows(term: Terminal) -> list[str]:
    return [row.rstrip() for row in term.screen.display]


ANY_PROMPT = r"oscmd [\w-]+( \S+)*> ?\s*\n"


def ran(term: Terminal, line: str) -> None:
    """Type ``line`` with Enter in one write and wait for the next prompt below it."""
    term.child.send(line + "\r")
    term.wait(re.escape(line) + r"\s*\n(.*\n)*" + ANY_PROMPT)


def test_pipes_and_redirection_in_the_shell(terminal: Terminal, ec2: Any, home: Path) -> None:
    [web1] = run_named(ec2, "web1")
    [db1] = run_named(ec2, "db1")
    terminal.wait(PROMPT)
    ran(terminal, "instance list | grep web")
    shown = rows(terminal)
    assert f"{web1} web1" in shown and f"{db1} db1" not in shown, terminal.text
    ran(terminal, "instance list > out.txt")
    assert (home / "out.txt").read_text() == f"{web1} web1\n{db1} db1\n"  # no colour, no pager
    assert stat.S_IMODE((home / "out.txt").stat().st_mode) == 0o666 & ~current_umask()
    ran(terminal, "instance -n db1 list >> out.txt")
    assert (home / "out.txt").read_text() == f"{web1} web1\n{db1} db1\n{db1} db1\n"
    ran(terminal, "instance -n nosuch list > out.txt")  # a failed line leaves the file as it was
    terminal.wait(r"does not exist \(out\.txt left as it was\)")
    assert (home / "out.txt").read_text().count("\n") == 3
    (home / "victim").write_text("keep\n")
    (home / "link.txt").symlink_to(home / "victim")
    ran(terminal, "instance list > link.txt")
    terminal.wait(r"link\.txt is a symbolic link: oscmd never writes through one")
    assert (home / "victim").read_text() == "keep\n"
    ran(terminal, "instance list '|' grep")  # quoted: literal words, given to EC2 as ids
    assert not (home / "grep").exists()
    terminal.wait(r"'\|'")
    ran(terminal, "instance list | head -1 | tr a-z A-Z")
    assert web1.upper() + " WEB1" in rows(terminal)
    ran(terminal, "instance list | grep nomatch")
    terminal.wait(r"'grep nomatch' exited with status 1")
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_pipes_and_redirection_in_a_script(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    [web1] = run_named(ec2, "web1")
    run_named(ec2, "db1")
    script = home / "report.os"
    out = home / "report.txt"
    script.write_text(f"instance list | grep web > {home}/piped.txt\n"  # '>' after '|' is the shell's
                      f"instance -n web1 list > {out}\n"
                      f"instance -i $_ list >> {out}\n"
                      "instance list | grep -c web\n"
                      "instance list '>' x\n")
    r = oscmd.subprocess(str(script))
    assert r.status == 1 and "report.os:5: DescribeInstances" in r.err, r.err  # line 5 sent '>' to EC2
    assert (home / "piped.txt").read_text() == f"{web1} web1\n"
    assert out.read_text() == f"{web1} web1\n{web1} web1\n"
    assert r.out == "1\n" and not (home / "x").exists()  # grep -c wrote on oscmd's own standard output
    script.write_text("instance list | grep nomatch\ninstance list\n")
    r = oscmd.subprocess(str(script))
    assert r.status == 1 and "report.os:1: 'grep nomatch' exited with status 1" in r.err and r.out == ""
    script.write_text(f"instance list 2> {out}\n")
    r = oscmd.subprocess(str(script))
    assert r.status == 2 and "only standard output can be redirected" in r.err


def test_bang_command_runs_attached_with_dollar_underscore(terminal: Terminal, ec2: Any, home: Path) -> None:
    [web1] = run_named(ec2, "web1")
    terminal.wait(PROMPT)
    ran(terminal, "!tty")
    terminal.wait(r"/dev/pts/\d+")  # the terminal itself, not a pipe
    terminal.child.send("!read answer; echo got:$answer\r")
    time.sleep(0.5)
    terminal.child.send("hello\r")  # an interactive program reads the keyboard, echo on
    terminal.wait(r"got:hello")
    terminal.wait(r"\nhello\s*\n")
    ran(terminal, "instance list")
    ran(terminal, "!echo id=$_")
    terminal.wait(rf"id={web1}")
    ran(terminal, "!exit 3")
    terminal.wait(r"'exit 3' exited with status 3")
    terminal.send("\x04")
    assert terminal.exit_status() == 0


def test_exist_speaks_in_the_shell_and_is_silent_in_scripts(terminal: Terminal, ec2: Any, oscmd: Oscmd,
                                                            home: Path) -> None:
    [web1] = run_named(ec2, "web1")
    terminal.wait(PROMPT)
    ran(terminal, "instance -n web1 exist")
    terminal.wait(rf"instance {web1} \(web1\) exists")
    ran(terminal, "instance -n web9 exist")
    terminal.wait(r"instance web9 does not exist")
    terminal.send("\x04")
    assert terminal.exit_status() == 0
    script = home / "check.os"
    script.write_text("instance -n web1 exist\ninstance -n web9 exist\n")
    r = oscmd.subprocess(str(script))
    assert (r.status, r.out) == (1, "") and "exist" not in r.err


def test_output_keeps_its_order_typeahead_waits_and_ctrl_c_ends_its_line(server: LocalEC2, ec2: Any,
                                                                        home: Path, hooks: Hooks) -> None:
    [iid] = run_named(ec2, "web1")
    ec2.stop_instances(InstanceIds=[iid])
    fast = home / "fast.cfg"
    fast.write_text("[oscmd]\npoll_interval = 0.1\n")

    def stay_pending(backend: Any, result: Any) -> None:
        hooks.set_state(iid, "pending", 0)
        hooks.set_state(iid, "running", 16, later=3.0)

    hooks.after("start_instances", stay_pending)
    with Terminal(server.url, home, "-c", str(fast), columns=80) as term:
        term.wait(PROMPT)
        term.child.send("instance -n web1 start -w\r")
        term.wait(r"waiting for .*pending \(\ds\)")
        term.wait(r"pending \([12]s\)")  # past the pager's one second: stdout was released first
        shown = rows(term)
        started = shown.index(f"{iid} starting")
        assert re.match(r"waiting for ", shown[started + 1]), term.text
        term.child.send("vol")  # typed ahead while the command runs
        term.wait(rf"{iid} running")
        term.wait_line(PROMPT + "vol$")
        echoed = [row for row in rows(term) if "vol" in row and "EBS volumes" not in row]  # not the menu
        assert echoed == [term.line], term.text  # the keys typed ahead are in the prompt and nowhere else
        term.child.send("\x15")
        hooks.set_state(iid, "stopped", 80)
        term.child.send("instance -n web1 start -w\r")
        term.wait(r"pending \(1s\)")
        term.child.send("\x03")
        term.wait_line(PROMPT + "$")
        shown = rows(term)
        [mark] = [i for i, row in enumerate(shown) if "^C" in row]
        assert shown[mark].endswith("^C") and shown[mark + 1], term.text  # the message on a line of its own
        term.child.send("!sleep 30\r")
        deadline = time.monotonic() + 15  # Ctrl-C once the program runs (earlier, it only cancels the line)
        while not term.running("sleep") and time.monotonic() < deadline:
            term.pump()
        term.child.send("\x03")
        while term.running("sleep") and time.monotonic() < deadline + 10:
            term.pump()
        assert not term.running("sleep"), term.text
        term.wait_line(PROMPT + "$")
        term.send("\x04")
        assert term.exit_status() == 0


def test_the_toolbar_fits_80_columns(server: LocalEC2, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    with Terminal(server.url, home, columns=80) as term:
        term.wait(PROMPT)
        term.wait(r"cache: 1 instance, \d+s old")
        for line in ("set zone us-east-1a", "set output table", "use instance -n web1"):
            ran(term, line)
        term.wait(r"│ cache: 1 instance, \d+s old\s*$")
        bottom = rows(term)[-1]
        assert re.search(r" use instance web1 .*│ cache: 1 instance, \d+s old$", bottom), bottom
        assert len(bottom) <= 79 and "zone us-east-1a" in bottom and "output table" in bottom
        term.send("\x04")
        assert term.exit_status() == 0
