"""The shell (in-process, on the local EC2 server) with a hostile file where its cache file goes.

The stored file is ignored with a notice in the toolbar, never a traceback or
a hang; the first fill replaces it with a good file, except a link, which is
never written through and stays reported.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.cache import CompletionCache, store
from oscmd_shell.cache.manager import quick_identity, refresher_connect
from oscmd_shell.cache.snapshot import Identity, Snapshot
from oscmd_shell.repl.loop import shell_context
from oscmd_shell.repl.shell import Shell
from oscmd_shell.repl.toolbar import cache_status
from tests.support.ec2server import LocalEC2
from tests.support.seed import run_named
from tests.support.session import Session, make_session, wait_for


@pytest.fixture
def session(server: LocalEC2, home: Path) -> Session:
    return make_session(server.url, home)


@pytest.fixture
def shell(session: Session) -> Iterator[Shell]:
    ctx = shell_context(session.ctx, ask=lambda _q: "n")
    cache = CompletionCache(ctx.env.cache_dir, connect_factory=lambda c: refresher_connect(c, 2.0, 10.0),
                            idle_check=0.1)
    sh = Shell(ctx, cache=cache)
    yield sh
    sh.close()


def identity(shell: Shell) -> Identity:
    found = quick_identity(shell.ctx.settings, shell.ctx.env.environ)
    assert found is not None
    return found


def stored_path(shell: Shell) -> Path:
    path = store.path_for(shell.ctx.env.cache_dir, identity(shell))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def watch(shell: Shell) -> list[tuple[str, bool]]:
    """Every toolbar phrase the cache produces from now on."""
    seen: list[tuple[str, bool]] = []

    def note(snap: Snapshot) -> None:
        seen.append(cache_status(snap, time.time()))

    assert shell.cache is not None
    shell.cache.subscribe(note)
    return seen


def filled(shell: Shell) -> bool:
    snap = shell.snapshot()
    return "instance" in snap.kinds and not snap.loading


def saved_names(shell: Shell) -> list[str]:
    """The instance Names in the file the shell saved (none while it is not a good regular file)."""
    loaded = store.load(shell.ctx.env.cache_dir, identity(shell))
    return [e.name for e in loaded.kinds["instance"].entries] if loaded and "instance" in loaded.kinds else []


PLANTS = {
    "fifo": (lambda path: os.mkfifo(path), "cache file: ignored (is a FIFO, not a regular file)"),
    "bad header": (lambda path: path.write_text('{"format": 1, "saved": "x"}\n'),
                   "cache file: ignored (no valid header on its first line)"),
    "wrong shapes": (None, "cache file: 1 damaged line skipped"),
}


@pytest.mark.parametrize("planted", sorted(PLANTS))
def test_a_hostile_cache_file_is_ignored_with_a_notice_then_replaced(
    shell: Shell, session: Session, ec2: Any, planted: str,
) -> None:
    run_named(ec2, "web1")
    path = stored_path(shell)
    plant, phrase = PLANTS[planted]
    if plant is None:
        ident = identity(shell)
        path.write_text(f'{{"format": 1, "endpoint": "{ident.endpoint}", "region": "{ident.region}", '
                        f'"account": "{ident.account}", "saved": 1.0}}\n{{"kind": "instance", "rows": 5}}\n')
    else:
        plant(path)
    seen = watch(shell)
    assert shell.cache is not None
    shell.cache.start(shell.ctx)
    wait_for(lambda: filled(shell) and saved_names(shell) == ["web1"], what="the first fill, saved")
    assert any(text.startswith(phrase) and problem for text, problem in seen), seen
    assert not cache_status(shell.snapshot(), time.time())[1]  # a good file again: the notice is gone
    assert shell.handle("instance -n web1 exist").status == 0
    assert "Traceback" not in session.err.getvalue() + session.out.getvalue()


def test_a_link_in_place_of_the_cache_file_is_never_written_through(
    shell: Shell, session: Session, ec2: Any, tmp_path: Path,
) -> None:
    run_named(ec2, "web1")
    path = stored_path(shell)
    victim = tmp_path / "victim"
    victim.write_text("keep\n")
    path.symlink_to(victim)
    assert shell.cache is not None
    shell.cache.start(shell.ctx)
    wait_for(lambda: filled(shell) and cache_status(shell.snapshot(), time.time())[0].startswith(
        "cache file: not saved"), what="the first fill and its notice")
    text, problem = cache_status(shell.snapshot(), time.time())
    assert problem and "symbolic link" in text
    assert victim.read_text() == "keep\n" and path.is_symlink()
    assert "Traceback" not in session.err.getvalue()
