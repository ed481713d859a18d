"""The shell in a real pseudo-terminal with hostile files where its history and cache go."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from oscmd_shell.cache import store
from oscmd_shell.cache.snapshot import Identity
from tests.support.ec2server import LocalEC2
from tests.support.seed import run_named
from tests.support.terminal import PROMPT, Terminal

pytestmark = pytest.mark.terminal


def test_a_fifo_history_and_a_linked_cache_file_are_reported_never_used(
    ec2: object, home: Path, server: LocalEC2,
) -> None:
    run_named(ec2, "web1")
    state = home / ".local" / "state" / "oscmd"
    state.mkdir(parents=True, mode=0o700)
    os.mkfifo(state / "history")
    cached = store.path_for(home / ".cache" / "oscmd", Identity.of(server.url, "us-east-1", "testing"))
    cached.parent.mkdir(parents=True, mode=0o700)
    victim = home / "victim"
    victim.write_text("keep\n")
    cached.symlink_to(victim)
    term = Terminal(server.url, home)
    try:
        term.wait(r"the shell keeps no history")
        term.wait(r"FIFO")
        term.wait(PROMPT)
        term.wait(r"cache file: not saved \(is a sym")  # the toolbar is cut at the width
        term.enter("instance -n web1 exist")
        assert "Traceback" not in term.text
        term.send("\x04")
        assert term.exit_status() == 0
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
    assert victim.read_text() == "keep\n" and cached.is_symlink()
    assert os.path.exists(state / "history") and not (state / "history").is_file()  # still the FIFO
