"""The shell's history file against hostile file-system states and concurrent shells."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from oscmd_shell.repl.history import PrivateHistory, open_history
from oscmd_shell.repl.loop import build
from tests.support.hostile import plant, through
from tests.support.session import make_session


def entries(history: PrivateHistory) -> list[str]:
    return list(history.load_history_strings())


def test_entries_round_trip_in_prompt_toolkits_format(tmp_path: Path) -> None:
    history = PrivateHistory(tmp_path / "state" / "history")
    for text in ("instance list", "instance -n a\\\n  stop", "echo 'cr\rinside'"):
        history.store_string(text)
    again = PrivateHistory(tmp_path / "state" / "history")
    assert entries(again) == ["echo 'cr\rinside'", "instance -n a\\\n  stop", "instance list"]
    assert (tmp_path / "state" / "history").read_text().count("\n# ") == 3


def test_an_old_history_open_to_others_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "history"
    path.write_text("\n# 2020-01-01\n+volume list\n")
    os.chmod(path, 0o644)
    history = PrivateHistory(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert entries(history) == ["volume list"]


@pytest.mark.parametrize("planted", ["link", "dangling link", "fifo", "directory"])
def test_a_history_that_is_not_a_regular_file_is_not_used(tmp_path: Path, planted: str) -> None:
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    path, victim = state / "history", tmp_path / "victim"
    victim.write_text("keep\n")
    plant(path, planted, victim)
    said: list[str] = []
    assert open_history(state, said.append) is None
    assert len(said) == 1 and str(path) in said[0] and "no history" in said[0]
    assert victim.read_text() == "keep\n" and not through(victim).exists()


def test_the_shell_says_when_it_keeps_no_history(tmp_path: Path) -> None:
    home = tmp_path / "home"
    session = make_session(None, home)
    state = session.ctx.env.state_dir
    state.mkdir(parents=True, mode=0o700)
    (state / "history").symlink_to(tmp_path / "elsewhere")
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe:
        repl = build(session.ctx, input=pipe, output=DummyOutput(), history=True)
        repl.shell.close()
    assert "the shell keeps no history" in session.err.getvalue()
    assert "symbolic link" in session.err.getvalue()
    assert not (tmp_path / "elsewhere").exists()


def test_two_shells_appending_at_once_never_mix_their_entries(tmp_path: Path) -> None:
    path = tmp_path / "history"
    shells = [PrivateHistory(path) for _ in range(4)]
    long_line = "instance list -p '" + "%(id)s " * 2000 + "'"

    def type_lines(number: int, history: PrivateHistory) -> None:
        for i in range(60):
            history.store_string(f"{long_line} # shell {number} line {i}\nsecond line {number}/{i}")

    threads = [threading.Thread(target=type_lines, args=(n, h)) for n, h in enumerate(shells)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    loaded = entries(PrivateHistory(path))
    assert len(loaded) == 4 * 60
    for text in loaded:
        first, second = text.split("\n")
        number, i = first.rsplit(" # shell ", 1)[1].split(" line ")
        assert first.startswith(long_line) and second == f"second line {number}/{i}"


def test_a_history_that_cannot_be_written_does_not_stop_the_shell(tmp_path: Path) -> None:
    path = tmp_path / "history"
    history = PrivateHistory(path)
    path.unlink()
    path.symlink_to(tmp_path / "victim")  # swapped for a link while the shell runs
    history.append_string("instance list")  # no exception reaches prompt_toolkit
    assert not (tmp_path / "victim").exists()
    assert history.get_strings()[-1:] == ["instance list"]  # still recalled in this session

