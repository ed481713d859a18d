"""Shells under test in-process: a context with captured streams, and a driver typing into a running prompt."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from oscmd_shell.cache import CompletionCache
from oscmd_shell.config import load_config, resolve_settings
from oscmd_shell.context import Context
from oscmd_shell.env import Env
from oscmd_shell.repl.loop import Repl, build
from oscmd_shell.repl.shell import Shell
from oscmd_shell.repl.toolbar import toolbar
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


class Driver:
    """Types into a running shell and waits for what should follow."""

    def __init__(self, repl: Repl, inp: PipeInput, task: asyncio.Task[int]) -> None:
        self.repl, self.inp, self.task = repl, inp, task

    @property
    def text(self) -> str:
        return self.repl.session.app.current_buffer.text

    async def until(self, condition: Callable[[], object], timeout: float = 15.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.task.done():
                self.task.result()
                raise AssertionError(f"the shell ended while waiting for {what}")
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out waiting for {what or 'condition'} (buffer: {self.text!r})")

    async def type(self, keys: str, expect: str) -> None:
        """Send ``keys`` and wait until the line reads ``expect``."""
        self.inp.send_text(keys)
        await self.until(lambda: self.text == expect, what=repr(expect))

    def menu(self) -> list[tuple[str, str]]:
        state = self.repl.session.app.current_buffer.complete_state
        return [(c.text, c.display_meta_text) for c in state.completions] if state else []

    async def tab_menu(self, line: str) -> list[tuple[str, str]]:
        """Type ``line``, press Tab and return the menu it opens (text, description)."""
        await self.type(line, line)
        self.inp.send_text("\t")
        await self.until(self.menu, what=f"the menu after {line!r}")
        return self.menu()


@asynccontextmanager
async def running(session: Session, cache: CompletionCache | None = None) -> AsyncIterator[Driver]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        repl = build(session.ctx, input=inp, output=DummyOutput(), cache=cache, history=False)
        task = asyncio.create_task(repl.run_async())
        driver = Driver(repl, inp, task)
        await driver.until(lambda: repl.session.app.is_running, what="the first prompt")
        try:
            yield driver
        finally:
            if not task.done():
                inp.send_text("\x03")
                await asyncio.sleep(0.05)
                inp.send_text("\x04")
            await asyncio.wait_for(task, 10)


def toolbar_text(shell: Shell, now: float | None = None) -> str:
    """The bottom toolbar as plain text."""
    return "".join(text for _style, text in toolbar(shell, now))
