"""``journal`` and ``undo`` in the shell (in-process), in scripts, and in a real terminal (its question).

The in-process shell answers confirmations from a list; the script runs
through ``oscmd`` with lines on stdin; the terminal test runs ``oscmd undo``
on a pseudo-terminal and answers the question as a person would.  The
server's state is checked with boto3.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from oscmd_shell import registry
from oscmd_shell.repl.shell import Shell
from tests.support.ec2server import LocalEC2
from tests.support.runner import REPO, Oscmd, base_environ
from tests.support.seed import run_named
from tests.support.session import Session, make_session, running


def out(session: Session) -> str:
    text = session.out.getvalue()
    session.out.seek(0)
    session.out.truncate()
    return text


def test_journal_and_undo_are_shell_built_ins(shell: Shell, session: Session, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    assert shell.handle("use instance -n web1").status == 0
    assert shell.handle("stop").status == 0
    out(session)
    assert shell.handle("journal").status == 0
    [line] = out(session).splitlines()
    assert line.startswith("1  ") and "instance -n web1 stop" in line
    shell.answers.append("n")  # type: ignore[attr-defined]
    assert shell.handle("undo").status == 4
    assert "1. start instance " + iid in out(session)
    assert ec2.describe_instances()["Reservations"][0]["Instances"][0]["State"]["Name"] == "stopped"
    shell.answers.append("y")  # type: ignore[attr-defined]
    assert shell.handle("undo").status == 0
    assert "change 1 (instance -n web1 stop" in out(session)
    assert ec2.describe_instances()["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"
    assert shell.handle("-y undo").status == 0  # the undo undone; -y leads the line
    assert ec2.describe_instances()["Reservations"][0]["Instances"][0]["State"]["Name"] == "stopped"
    assert shell.handle("--output json journal show 3").status == 0
    assert '"undoes_number": 2' in out(session)
    assert shell.handle("-r us-west-2 undo").status == 2  # a connection option belongs to `set`


def test_journal_options_complete_in_the_shell_from_the_registry(server: LocalEC2, ec2: Any, home: Path) -> None:
    """``journal --object <Tab>`` offers what bash, zsh and fish offer: the registry's choices."""
    run_named(ec2, "web1")
    session = make_session(server.url, home)
    [journal] = [c for c in registry.ROOT_COMMANDS if c.name == "journal"]
    [by_object] = [o for o in journal.options if o.dest == "object"]

    async def body() -> None:
        async with running(session) as d:
            menu = await d.tab_menu("journal --object ")
            assert [text for text, _meta in menu] == list(by_object.choices)
            await d.type("\x03", "")
            d.inp.send_text("instance -n web1 stop\r")
            await d.until(lambda: ec2.describe_instances()["Reservations"][0]["Instances"][0]["State"]["Name"]
                          == "stopped", what="the stop")
            await d.until(lambda: d.text == "", what="the next prompt")
            before = len(session.out.getvalue())
            d.inp.send_text("journal --all --object in\t")  # the Tab in the same write as the text
            await d.until(lambda: d.text == "journal --all --object instance ", what="the object")
            d.inp.send_text("\r")
            await d.until(lambda: "instance -n web1 stop" in session.out.getvalue()[before:], what="the journal")
            assert session.out.getvalue()[before:].startswith("1  ")

    asyncio.run(body())
    assert session.err.getvalue() == ""


def test_undo_in_a_script_needs_yes(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd(stdin="eip allocate -n front\nundo\n")
    assert r.status == 4 and "<stdin>:2: undo of change 1" in r.err and "confirm with -y/--yes" in r.err
    assert len(ec2.describe_addresses()["Addresses"]) == 1
    r = oscmd(stdin="journal\nundo -y\njournal -n 1\n")
    assert r.status == 0, r.err
    assert ec2.describe_addresses()["Addresses"] == []
    assert "undo 1" in r.lines[-1]


@pytest.mark.terminal
def test_undo_asks_on_the_terminal_and_shows_the_plan_first(server: LocalEC2, ec2: Any, home: Path,
                                                            oscmd: Oscmd) -> None:
    assert oscmd("eip", "allocate", "-n", "front").status == 0
    [address] = ec2.describe_addresses()["Addresses"]
    env = {**base_environ(home), "PYTHONPATH": str(REPO), "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "oscmd_shell", "--endpoint", server.url, "undo"],
                          dimensions=(30, 120), encoding="utf-8", timeout=30, env=env)
    try:
        child.expect(r"1\. release address " + address["PublicIp"].replace(".", r"\."))
        child.expect(r"undo change 1: proceed\? \[y/N\] ")
        assert ec2.describe_addresses()["Addresses"] == [address]  # nothing before the answer
        child.send("y\r")
        child.expect(r"change 1 \(eip allocate -n front, [^)]*\) undone")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert ec2.describe_addresses()["Addresses"] == []


@pytest.mark.terminal
def test_undo_in_the_interactive_shell_on_a_terminal(server: LocalEC2, ec2: Any, home: Path) -> None:
    from tests.support.terminal import PROMPT, Terminal

    term = Terminal(server.url, home)
    try:
        term.wait(PROMPT)
        term.send("eip allocate\r")
        term.wait(r"127\.\d+\.\d+\.\d+")
        term.send("undo\r")
        term.wait(r"undo change 1: proceed\? \[y/N\]")
        assert "1. release address" in term.text and len(ec2.describe_addresses()["Addresses"]) == 1
        term.send("y\r")
        term.wait(r"change 1 \(eip allocate, [^)]*\) undone")
        term.send("journal\r")
        term.wait(r"2  \S+ \S+  us-east-1  ok \(undid 1\)\s+undo 1")
        term.send("\x04")
        assert term.exit_status() == 0
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
    assert ec2.describe_addresses()["Addresses"] == []
