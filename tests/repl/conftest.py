"""Fixtures for the shell tests: a shell on the local server, a real terminal, sockets that never answer."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from oscmd_shell.cache import CompletionCache
from oscmd_shell.cache.manager import refresher_connect
from oscmd_shell.repl.loop import shell_context
from oscmd_shell.repl.shell import Shell
from tests.support.ec2server import LocalEC2
from tests.support.faults import BlackHole
from tests.support.session import Session, make_session
from tests.support.terminal import Terminal


@pytest.fixture
def session(server: LocalEC2, home: Path) -> Session:
    return make_session(server.url, home)


@pytest.fixture
def shell(session: Session) -> Iterator[Shell]:
    """A shell on the local server; its questions take ``shell.answers`` in turn, then "n"."""
    answers: list[str] = []
    ctx = shell_context(session.ctx, ask=lambda _q: answers.pop(0) if answers else "n")
    cache = CompletionCache(ctx.env.cache_dir, connect_factory=lambda c: refresher_connect(c, 2.0, 10.0),
                            idle_check=0.1)
    sh = Shell(ctx, cache=cache)
    sh.answers = answers  # type: ignore[attr-defined]
    yield sh
    sh.close()


@pytest.fixture
def terminal(server: LocalEC2, home: Path) -> Iterator[Terminal]:
    """``oscmd --endpoint URL`` on a real pseudo-terminal."""
    term = Terminal(server.url, home)
    yield term
    if term.child.isalive():
        term.child.terminate(force=True)


@pytest.fixture
def black_hole() -> Iterator[BlackHole]:
    hole = BlackHole()
    yield hole
    hole.close()


@pytest.fixture
def dead_url() -> str:
    """A closed loopback port: connections are refused at once."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"
