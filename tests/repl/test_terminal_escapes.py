"""In a real pseudo-terminal (pyte honours C1 CSI and OSC titles): hostile endpoint text never drives it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.crafted import CraftedEC2, Instance
from tests.support.terminal import PROMPT, Terminal

pytestmark = pytest.mark.terminal
IID = "i-0c0ffee0c0ffee000"
CONSOLE = b"kernel up\r\n\x1b]0;owned\x07\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J\x1b[Hlogin:\r\n"


@pytest.fixture
def crafted() -> Iterator[CraftedEC2]:
    server = CraftedEC2([Instance(IID, "web1\u009b2J\u009d0;named\u009c", console=CONSOLE)])
    yield server
    server.stop()


def test_names_and_console_output_neither_clear_the_screen_nor_set_the_title(crafted: CraftedEC2,
                                                                             home: Path) -> None:
    term = Terminal(crafted.url, home)
    try:
        term.wait(PROMPT)
        term.send("instance list\r")
        term.wait(rf"{IID} web1\\x9b2J\\x9d0;named\\x9c")
        term.send(f"instance -i {IID} console\r")
        term.wait(r"\\x1b\]0;owned\\x07\\x1b\]52;c;cm0gLXJmIH4K\\x07\\x1b\[2J\\x1b\[Hlogin:")
        term.wait(r"kernel up")
        assert "instance list" in term.text  # nothing cleared the screen
        assert term.screen.title not in ("owned", "named")
        term.send(f"use instance -i {IID}\r")
        term.wait(rf"instance:{IID}> ?")
        term.send("\x04")
        assert term.exit_status() == 0
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
