"""The shell never puts endpoint text on the terminal raw: errors, ``use``, prompt, toolbar, completion.

A crafted endpoint returns an instance whose id carries a bidi override and a
C1 CSI (XML can carry both) and whose Name forges a line; ``$_`` carries that
id into ``use``, so the prompt and the toolbar show it, and the completion
cache holds the Name.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from oscmd_shell.cache import CompletionCache
from oscmd_shell.cache.manager import refresher_connect
from oscmd_shell.complete import complete
from oscmd_shell.complete.adapter import EngineCompleter
from oscmd_shell.env import Env
from oscmd_shell.repl.loop import shell_context
from oscmd_shell.repl.shell import Shell
from oscmd_shell.repl.toolbar import prompt
from oscmd_shell.shellcomp.values import run as complete_values
from tests.support.crafted import CraftedEC2, Failure, Instance, dangerous
from tests.support.runner import base_environ
from tests.support.session import Session, make_session, toolbar_text, wait_for

EVIL_ID = "i-0bad\u202e\x9b2J"
EVIL_ID_SHOWN = "i-0bad\\u202e\\x9b2J"
EVIL_NAME = "web1\noscmd us-east-1> \x9b2J\u202e"
EVIL_NAME_SHOWN = "web1\\noscmd us-east-1> \\x9b2J\\u202e"


@pytest.fixture
def crafted() -> Iterator[CraftedEC2]:
    server = CraftedEC2([Instance(EVIL_ID, EVIL_NAME), Instance("i-0good", "db1"), Instance("i-0good2", "db2\x85")],
                        {"RebootInstances": Failure("IncorrectState", "no\r\n\x85reboot \u2066today")})
    yield server
    server.stop()


@pytest.fixture
def session(crafted: CraftedEC2, home: Path) -> Session:
    return make_session(crafted.url, home)


@pytest.fixture
def shell(session: Session) -> Iterator[Shell]:
    ctx = shell_context(session.ctx, ask=lambda _q: "n")
    cache = CompletionCache(ctx.env.cache_dir, connect_factory=lambda c: refresher_connect(c, 2.0, 10.0),
                            idle_check=0.1)
    sh = Shell(ctx, cache=cache)
    yield sh
    sh.close()


def test_use_with_a_hostile_id_keeps_prompt_toolbar_and_messages_inert(shell: Shell, session: Session,
                                                                       crafted: CraftedEC2) -> None:
    assert shell.handle("instance list").status == 0
    assert session.out.getvalue().splitlines() == [f"{EVIL_ID_SHOWN} {EVIL_NAME_SHOWN}", "i-0good db1",
                                                   "i-0good2 db2\\x85"]
    assert shell.ids[0] == EVIL_ID  # $_ keeps the exact id: only what is shown is escaped
    assert shell.handle("use instance -i $_").status == 0
    assert session.out.getvalue().splitlines()[-1] == f"using instance {EVIL_ID_SHOWN}"
    fragments = prompt(shell)
    shown = "".join(text for _style, text in fragments)
    assert shown == f"oscmd us-east-1 instance:{EVIL_ID_SHOWN}> "
    bar = toolbar_text(shell)
    assert f" use instance {EVIL_ID_SHOWN} " in bar and dangerous(bar, "") == []
    assert shell.handle("instance reboot").status == 3
    assert crafted.requests[-1] == {"Action": "RebootInstances", "Version": "2016-11-15", "InstanceId.1": EVIL_ID}
    assert session.err.getvalue() == ("RebootInstances: IncorrectState: no\\r\\n\\x85reboot \\u2066today\n")
    assert dangerous(session.out.getvalue()) == []


def test_completion_never_offers_a_hostile_name_and_escapes_the_menu(shell: Shell, home: Path,
                                                                     crafted: CraftedEC2) -> None:
    assert shell.cache is not None
    shell.cache.start(shell.ctx)
    wait_for(lambda: "instance" in shell.snapshot().kinds and not shell.snapshot().loading, what="the first fill")
    names = [c.text for c in complete("instance -n ", shell.sources())]
    assert names == ["db1"]  # a Name with controls cannot be typed back faithfully: complete its id
    assert [c.text for c in complete("instance -i i-0", shell.sources())] == ["i-0good", "i-0good2"]
    menu = list(EngineCompleter(shell.sources).get_completions(Document("instance -i "), CompleteEvent()))
    metas = {c.text: c.display_meta_text for c in menu}
    assert metas == {"i-0good": "db1  running/us-east-1a", "i-0good2": "db2\\x85  running/us-east-1a"}
    shell.handle("use instance -i i-0good")
    verbs = list(EngineCompleter(shell.sources).get_completions(Document("con"), CompleteEvent()))
    assert [v.display_meta_text for v in verbs] == ["instance i-0good: print the console output (-f: follow it)"]
    # the bash/zsh/fish scripts read the same cache through `oscmd __complete`
    out, err = io.StringIO(), io.StringIO()

    def from_files() -> bool:  # the refresher saves its file after the in-memory swap: wait for it
        out.seek(0)
        out.truncate()
        env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=base_environ(home))
        assert complete_values(["instance:id", "", "2", "-e", crafted.url], env) == 0, err.getvalue()
        return bool(out.getvalue())

    wait_for(from_files, what="the cache file")
    assert out.getvalue() == ("i-0good\tdb1 running/us-east-1a t3.micro\n"
                              "i-0good2\tdb2\\x85 running/us-east-1a t3.micro\n")


def test_a_shell_menu_description_from_the_cache_is_escaped(shell: Shell) -> None:
    from oscmd_shell.cache.snapshot import Entry, KindData, Snapshot
    from oscmd_shell.complete import Sources

    snap = Snapshot(kinds={"instance": KindData.build([Entry("i-01", "web\x1b]0;t\x07", "running\n\x9b", "z")], 0.0)})
    menu = list(EngineCompleter(lambda: Sources(snapshot=lambda: snap)).get_completions(
        Document("instance -i "), CompleteEvent()))
    assert [(c.text, c.display_meta_text) for c in menu] == [("i-01", "web\\x1b]0;t\\x07  running\\n\\x9b/z")]
