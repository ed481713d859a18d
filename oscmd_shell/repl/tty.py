"""The terminal between prompts: keys typed ahead stay unseen until the next prompt shows them.

While one of oscmd's own commands runs, the terminal does not echo what is
typed (the bytes wait in the terminal's queue and the next prompt reads them
as its first keys), so type-ahead never lands in the middle of the output or
in front of the next prompt.  Ctrl-C still interrupts (the terminal still
turns it into SIGINT) and prints ``^C`` and a newline, as a shell shows it.
A program that gets the terminal (``!command``, ``| COMMAND``) runs with the
settings the prompt left: echo on, its own Ctrl-C.  Nothing here is used when
standard input is not a terminal.
"""

from __future__ import annotations

import contextlib
import os
import signal
import termios
import threading
from collections.abc import Iterator
from types import FrameType
from typing import Any

INTERRUPT_ECHO = b"^C\n"


class Terminal:
    """The controlling terminal on ``fd`` (standard input); ``echo_fd`` shows the ``^C`` (None: nowhere)."""

    def __init__(self, fd: int, echo_fd: int | None = 2) -> None:
        self.fd = fd
        self.echo_fd = echo_fd
        self._saved: list[Any] | None = None  # the settings to give back, while a command runs

    @classmethod
    def of_stdin(cls) -> Terminal | None:
        """Standard input's terminal; ``^C`` goes to standard error, or standard output, whichever is one."""
        try:
            if not os.isatty(0):
                return None
            return cls(0, next((fd for fd in (2, 1) if os.isatty(fd)), None))
        except OSError:
            return None

    def _set(self, attrs: list[Any]) -> None:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(self.fd, termios.TCSANOW, attrs)  # TCSANOW keeps what was typed ahead

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """Run a command with echo off (type-ahead kept for the next prompt) and ``^C`` shown on Ctrl-C."""
        try:
            saved = termios.tcgetattr(self.fd)
        except (termios.error, OSError):
            yield
            return
        quiet = list(saved)
        quiet[3] = int(saved[3]) & ~(termios.ECHO | termios.ECHONL)
        self._saved = saved
        self._set(quiet)
        with self._interrupt_echo():
            try:
                yield
            finally:
                self._set(saved)
                self._saved = None

    @contextlib.contextmanager
    def attached(self) -> Iterator[None]:
        """Hand the terminal to another program as the prompt left it (echo on, Ctrl-C its own)."""
        saved = self._saved
        if saved is None:
            yield
            return
        try:
            quiet = termios.tcgetattr(self.fd)
        except (termios.error, OSError):
            yield
            return
        self._set(saved)
        previous = _set_sigint(signal.default_int_handler)
        try:
            yield
        finally:
            _set_sigint(previous)
            self._set(quiet)

    @contextlib.contextmanager
    def _interrupt_echo(self) -> Iterator[None]:
        def on_interrupt(signum: int, frame: FrameType | None) -> None:
            if self.echo_fd is not None:
                with contextlib.suppress(OSError):
                    os.write(self.echo_fd, INTERRUPT_ECHO)
            raise KeyboardInterrupt

        previous = _set_sigint(on_interrupt)
        try:
            yield
        finally:
            _set_sigint(previous)


def _set_sigint(handler: Any) -> Any:
    """Install ``handler`` for SIGINT (main thread, not ignored); return what to restore (None: nothing)."""
    if handler is None or threading.current_thread() is not threading.main_thread():
        return None
    current = signal.getsignal(signal.SIGINT)
    if current == signal.SIG_IGN:
        return None
    signal.signal(signal.SIGINT, handler)
    return current
