"""Fixtures for the shell tests: a shell context on the local server, sockets that never answer."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from oscmd_shell.config import load_config, resolve_settings
from oscmd_shell.context import Context
from oscmd_shell.env import Env
from tests.support.runner import base_environ


@dataclass
class Session:
    """A shell context with captured streams."""

    ctx: Context
    out: io.StringIO
    err: io.StringIO


def make_session(endpoint: str | None, home: Path, **environ: str) -> Session:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={**base_environ(home), **environ},
              stdin_isatty=True)
    config = load_config(None, env)
    root: dict[str, object] = {"endpoint": endpoint} if endpoint else {}
    settings = resolve_settings(root, set(root), config, env.environ)
    return Session(Context.build(env, config, settings), out, err)


def wait_for(condition: Callable[[], object], timeout: float = 15.0, what: str = "condition") -> None:
    """Poll ``condition`` until it is true, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class BlackHole:
    """A loopback port that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[socket.socket] = []
        self.accepted = threading.Event()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            self.accepted.set()

    def close(self) -> None:
        self._closed = True
        for conn in self.held:
            conn.close()
        self.sock.close()


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
