"""The interactive loop: a prompt_toolkit session around :class:`~oscmd_shell.repl.shell.Shell`.

:func:`make_session` assembles the prompt (completion, highlighting, history
with suggestions and prefix search, toolbar, key bindings); :class:`Repl`
reads lines and hands them to the shell until ``exit`` or Ctrl-D.  The
cache's refresher starts once the first prompt is drawn, so boto3 is
imported in the background and never delays it.  Commands run between
prompts on the main thread, so Ctrl-C interrupts the running command and
nothing else; meanwhile keys typed ahead are not echoed (:mod:`.tty`) and
the next prompt starts on a line of its own.  Lines pasted together run one
after another, each shown after its own prompt.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.filters import to_filter
from prompt_toolkit.history import History
from prompt_toolkit.input import Input
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import CompleteStyle

from ..cache.manager import CompletionCache, ttl_of
from ..cache.store import forget_account
from ..complete.adapter import EngineCompleter
from ..context import Context
from ..errors import Exit
from ..playground import PLAYGROUND_ACCOUNT
from .history import open_history
from .keylog import log_keys
from .keys import Pending, bindings
from .lexer import lexer_class
from .pager import paging
from .shell import Shell
from .style import shell_style
from .toolbar import prompt, toolbar
from .tty import Terminal

#: How long a lone Esc byte waits for the rest of an escape sequence (IPython uses 0.01 s; the default is 0.5 s),
#: then how long the Esc key waits for the key of an Alt-combination (the default is 1 s): Esc closes the menu soon.
SEQUENCE_WAIT, ESCAPE_WAIT = 0.05, 0.4


def make_session(shell: Shell, *, history: History | None = None, input: Input | None = None,
                 output: Output | None = None, pending: Pending | None = None) -> PromptSession[str]:
    """The prompt_toolkit session of ``shell`` (``input``/``output`` for tests)."""
    session: PromptSession[str] = PromptSession(
        message=lambda: prompt(shell),
        bottom_toolbar=lambda: toolbar(shell, columns=session.output.get_size().columns),
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
        key_bindings=bindings(lambda: shell.ids, pending if pending is not None else Pending()),
        refresh_interval=2.0,
        input=input,
        output=output,
    )
    # Up/Down and Ctrl-P/N filter the history by the text before the cursor; the session-wide switch
    # would also turn complete-while-typing off, so only the buffer's is set.
    session.default_buffer.enable_history_search = to_filter(True)
    session.app.ttimeoutlen, session.app.timeoutlen = SEQUENCE_WAIT, ESCAPE_WAIT
    return session


class Repl:
    """Reads lines from a session and runs them in a shell."""

    def __init__(self, shell: Shell, session: PromptSession[str], pending: Pending | None = None) -> None:
        self.shell = shell
        self.session = session
        self.pending = pending if pending is not None else Pending()
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

    def next_prompt(self) -> dict[str, Any]:
        """The arguments of the next prompt: a pasted line waiting is shown there (and run when complete)."""
        self.fresh_line()
        line, complete = self.pending.next()
        return {"pre_run": self.started, "default": line, "accept_default": complete}

    def fresh_line(self) -> None:
        """Make the prompt start at the left margin, whatever the last output or a program left on the line.

        A full line of spaces then a carriage return: from column 0 it stays on
        its line; from anywhere else it wraps to the next one first.
        """
        if not self.shell.env.stdout_isatty:
            return
        output = self.session.output
        output.write_raw(" " * max(1, output.get_size().columns) + "\r")
        output.flush()

    def execute(self, line: str) -> None:
        """Run one line with type-ahead kept quiet; Ctrl-C drops the rest of a paste."""
        terminal = self.shell.terminal
        with terminal.quiet() if terminal is not None else contextlib.nullcontext():
            outcome = self.shell.handle(line)
        if outcome.status == Exit.INTERRUPTED:
            self.pending.clear()

    def run(self) -> int:
        try:
            while not self.shell.done:
                try:
                    line = self.session.prompt(**self.next_prompt())
                except KeyboardInterrupt:
                    self.pending.clear()
                    continue
                except EOFError:
                    break
                self.execute(line)
        finally:
            self.shell.close()
        return 0

    async def run_async(self) -> int:
        try:
            while not self.shell.done:
                try:
                    line = await self.session.prompt_async(**self.next_prompt())
                except KeyboardInterrupt:
                    self.pending.clear()
                    continue
                except EOFError:
                    break
                self.execute(line)
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
    if ctx.settings.local:
        forget_account(ctx.env.cache_dir, PLAYGROUND_ACCOUNT, keep_endpoint=ctx.settings.endpoint)
    cache = cache or CompletionCache(ctx.env.cache_dir, ttl=ttl_of(ctx))
    shell = Shell(ctx, cache=cache, playground=playground)
    if ctx.env.stdin_isatty and input is None:
        shell.terminal = Terminal.of_stdin()
    if ctx.settings.debug:
        log_keys(ctx.env.state_dir)

    def warn(text: str) -> None:
        ctx.env.stderr.write(text + "\n")

    pending = Pending()
    session = make_session(shell, history=open_history(ctx.env.state_dir, warn) if history else None,
                           input=input, output=output, pending=pending)
    if ctx.env.stdout_isatty:
        def size() -> Any:
            return session.output.get_size()

        shell.wrap_output = lambda c: paging(c, lines=lambda: size().rows, columns=lambda: size().columns)
    return Repl(shell, session, pending)


def start_shell(ctx: Context, playground: Any = None) -> int:
    """Run the interactive shell until ``exit`` or Ctrl-D; return 0."""
    endpoint = getattr(playground, "endpoint", None) if playground is not None else None
    return build(ctx, playground=str(endpoint) if endpoint else None).run()
