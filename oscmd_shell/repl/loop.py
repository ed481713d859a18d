"""The interactive loop: a prompt_toolkit session around :class:`~oscmd_shell.repl.shell.Shell`.

:func:`make_session` assembles the prompt (completion, highlighting, history
with suggestions, toolbar, key bindings); :class:`Repl` reads lines and hands
them to the shell until ``exit`` or Ctrl-D.  The cache's refresher starts once
the first prompt is drawn, so boto3 is imported in the background and
never delays it.  Commands run between prompts on the main thread, so Ctrl-C
interrupts the running command and nothing else.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.history import History
from prompt_toolkit.input import Input
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import CompleteStyle

from ..cache.manager import CompletionCache, ttl_of
from ..complete.adapter import EngineCompleter
from ..context import Context
from .history import open_history
from .keys import bindings
from .lexer import lexer_class
from .pager import paging
from .shell import Shell
from .style import shell_style
from .toolbar import prompt, toolbar


def make_session(shell: Shell, *, history: History | None = None, input: Input | None = None,
                 output: Output | None = None) -> PromptSession[str]:
    """The prompt_toolkit session of ``shell`` (``input``/``output`` for tests)."""
    return PromptSession(
        message=lambda: prompt(shell),
        bottom_toolbar=lambda: toolbar(shell),
        completer=EngineCompleter(shell.sources),
        complete_while_typing=True,
        complete_style=CompleteStyle.COLUMN,
        reserve_space_for_menu=8,
        lexer=PygmentsLexer(lexer_class(shell.selected)),
        style=shell_style(),
        include_default_pygments_style=False,
        history=history,
        auto_suggest=AutoSuggestFromHistory(),
        search_ignore_case=True,
        key_bindings=bindings(lambda: shell.ids),
        refresh_interval=2.0,
        input=input,
        output=output,
    )


class Repl:
    """Reads lines from a session and runs them in a shell."""

    def __init__(self, shell: Shell, session: PromptSession[str]) -> None:
        self.shell = shell
        self.session = session
        self._started = False
        if shell.cache is not None:
            shell.cache.subscribe(lambda _snap: session.app.invalidate())

    def started(self) -> None:
        """Called as a prompt starts: the first time, start the cache once the first frame is drawn."""
        if not self._started:
            self._started = True
            asyncio.get_running_loop().call_soon(self._start_cache)

    def _start_cache(self) -> None:
        if self.shell.cache is not None:
            self.shell.cache.start(self.shell.ctx)

    def run(self) -> int:
        try:
            while not self.shell.done:
                try:
                    line = self.session.prompt(pre_run=self.started)
                except KeyboardInterrupt:
                    continue
                except EOFError:
                    break
                self.shell.handle(line)
        finally:
            self.shell.close()
        return 0

    async def run_async(self) -> int:
        try:
            while not self.shell.done:
                try:
                    line = await self.session.prompt_async(pre_run=self.started)
                except KeyboardInterrupt:
                    continue
                except EOFError:
                    break
                self.shell.handle(line)
        finally:
            self.shell.close()
        return 0


def ask_on_terminal(question: str) -> str:
    """Ask a yes/no question with a plain prompt (used by destructive verbs)."""
    from prompt_toolkit import prompt as ask

    try:
        return ask(question)
    except EOFError:
        return ""


def shell_context(ctx: Context, ask: Any = ask_on_terminal) -> Context:
    """The session's context: confirmations asked on the terminal, ``in_shell`` set."""
    env = replace(ctx.env, ask=ask, in_shell=True)
    return Context(env, ctx.config, ctx.settings, ctx.clients, ctx.poll_interval)


def build(ctx: Context, *, playground: str | None = None, input: Input | None = None,
          output: Output | None = None, cache: CompletionCache | None = None, history: bool = True) -> Repl:
    """Assemble the shell, its cache, history and session for ``ctx``."""
    ctx = shell_context(ctx)
    cache = cache or CompletionCache(ctx.env.cache_dir, ttl=ttl_of(ctx))
    shell = Shell(ctx, cache=cache, playground=playground)

    def warn(text: str) -> None:
        ctx.env.stderr.write(text + "\n")

    session = make_session(shell, history=open_history(ctx.env.state_dir, warn) if history else None,
                           input=input, output=output)
    if ctx.env.stdout_isatty:
        def size() -> Any:
            return session.output.get_size()

        shell.wrap_output = lambda c: paging(c, lines=lambda: size().rows, columns=lambda: size().columns)
    return Repl(shell, session)


def start_shell(ctx: Context, playground: Any = None) -> int:
    """Run the interactive shell until ``exit`` or Ctrl-D; return 0."""
    endpoint = getattr(playground, "endpoint", None) if playground is not None else None
    return build(ctx, playground=str(endpoint) if endpoint else None).run()
