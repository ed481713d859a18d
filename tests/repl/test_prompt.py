"""The prompt_toolkit shell in-process (pipe input): Tab, live values, Ctrl-C, Ctrl-D, dead endpoints."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

from oscmd_shell.cache import CompletionCache
from oscmd_shell.cache.manager import refresher_connect
from oscmd_shell.cache.refresher import Connect
from oscmd_shell.cache.snapshot import Identity, KindData
from oscmd_shell.complete import complete
from oscmd_shell.context import Context
from oscmd_shell.errors import ConnectionFailure
from oscmd_shell.repl.loop import Repl
from oscmd_shell.repl.toolbar import prompt
from tests.support.ec2server import LocalEC2
from tests.support.faults import BlackHole
from tests.support.seed import run_named
from tests.support.session import Session, make_session, running, toolbar_text


def instances(repl: Repl) -> KindData:
    """The instances the shell's cache holds now (none before its first fill)."""
    return repl.shell.snapshot().get("instance") or KindData.build([], 0.0)


def cached_names(repl: Repl) -> set[str]:
    return {e.name for e in instances(repl).entries}


def quick_cache(session: Session, read_timeout: float = 10.0) -> CompletionCache:
    return CompletionCache(session.ctx.env.cache_dir, idle_check=0.1,
                           connect_factory=lambda c: refresher_connect(c, 1.0, read_timeout))


def never_connects(_ctx: Context) -> Connect:
    """A refresher connection that hangs, then fails: only the stored snapshot can fill the cache."""

    def connect() -> tuple[Identity, Any]:
        threading.Event().wait(30)
        raise ConnectionFailure("gave up")

    return connect


def test_tab_completes_objects_and_names_fetched_from_ec2(server: LocalEC2, ec2: Any, home: Path) -> None:
    [iid] = run_named(ec2, "web1")
    run_named(ec2, "db1")
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            await d.until(lambda: "web1" in cached_names(d.repl), what="the cache")
            await d.type("inst", "inst")
            await d.type("\t", "instance ")  # a unique candidate is taken with a space, as readline does
            await d.type("-n w", "instance -n w")
            await d.type("\t", "instance -n web1 ")
            d.inp.send_text("dump\r")
            await d.until(lambda: f"==== {iid} ====" in session.out.getvalue(), what="the dump")
            await d.until(lambda: d.text == "", what="a new prompt")

    asyncio.run(body())


def test_menu_shows_verbs_options_and_live_values(server: LocalEC2, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            await d.until(lambda: "web1" in cached_names(d.repl), what="the cache")
            await d.type("instance -n web1 st", "instance -n web1 st")
            await d.until(lambda: d.menu(), what="the menu")
            assert d.menu() == [("start", "start the instance; re-associates the address recorded in its EIP tag"),
                                ("stop", "stop the instance (-f: force, which is destructive)")]
            await d.type("\x03", "")
            await d.type("instance -i ", "instance -i ")
            d.inp.send_text("\t")
            await d.until(lambda: d.menu(), what="the id menu")
            menu = d.menu()
            assert len(menu) == 1, menu
            [(text, meta)] = menu
            assert text.startswith("i-") and meta.startswith("web1  running/us-east-1")

    asyncio.run(body())


def test_the_menu_lists_a_required_option_first_and_says_so(server: LocalEC2, home: Path) -> None:
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            await d.type("ami make -", "ami make -")
            await d.until(lambda: d.menu(), what="the option menu")
            menu = d.menu()
            assert menu[0] == ("-n", "required: image name"), menu
            assert [text for text, _meta in menu[1:3]] == ["-i", "-v"]
            await d.type("n img -", "ami make -n img -")
            await d.until(lambda: d.menu() and d.menu()[0][0] != "-n", what="the menu without -n")
            assert not any(meta.startswith("required") for _text, meta in d.menu()), d.menu()

    asyncio.run(body())


def test_lines_builtins_ctrl_c_and_ctrl_d(server: LocalEC2, ec2: Any, home: Path) -> None:
    [iid] = run_named(ec2, "web1")
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            d.inp.send_text("use instance -n web1\r")
            await d.until(lambda: "using instance web1" in session.out.getvalue(), what="use")
            fragments = "".join(t for _s, t in prompt(d.repl.shell))
            assert fragments == "oscmd us-east-1 instance:web1> "
            d.inp.send_text("nonsense\r")
            await d.until(lambda: "unknown object 'nonsense'" in session.err.getvalue(), what="the error")
            await d.type("instance li", "instance li")
            await d.type("\x03", "")
            d.inp.send_text("dump\r")
            await d.until(lambda: f"==== {iid} ====" in session.out.getvalue(), what="the bare verb")
            d.inp.send_text("\x04")
            assert await asyncio.wait_for(d.task, 10) == 0

    asyncio.run(body())


def test_exit_leaves_with_status_zero(server: LocalEC2, home: Path) -> None:
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            d.inp.send_text("exit\r")
            assert await asyncio.wait_for(d.task, 10) == 0

    asyncio.run(body())


def test_a_black_hole_endpoint_never_slows_a_keystroke(black_hole: BlackHole, home: Path) -> None:
    session = make_session(black_hole.url, home)
    cache = quick_cache(session, read_timeout=20.0)

    async def body() -> None:
        async with running(session, cache) as d:
            await d.until(black_hole.accepted.is_set, what="the refresher's call")
            assert "instances: loading…" in toolbar_text(d.repl.shell)
            start = time.monotonic()
            found = complete("instance -n ", d.repl.shell.sources())
            elapsed = time.monotonic() - start
            assert [(c.text, c.display, c.note) for c in found] == [("", "loading instances…", True)]
            assert elapsed < 2.0  # answered from the cache: waiting on the hole would take 20 s
            await d.type("inst", "inst")
            start = time.monotonic()
            await d.type("\t", "instance ")
            assert time.monotonic() - start < 1.0
            assert "instance" in cache.snapshot.loading  # the refresher is still stuck

    asyncio.run(body())


def test_a_dead_endpoint_is_reported_in_the_toolbar(dead_url: str, home: Path) -> None:
    session = make_session(dead_url, home)

    async def body() -> None:
        async with running(session, quick_cache(session)) as d:
            await d.until(lambda: "cache: endpoint unreachable (" in toolbar_text(d.repl.shell), what="toolbar")
            await d.type("instance -n x sto", "instance -n x sto")
            await d.type("\t", "instance -n x stop ")
            d.inp.send_text("\r")
            await d.until(lambda: "cannot connect" in session.err.getvalue(), what="the command's error")
            assert d.text == ""

    asyncio.run(body())


def test_the_next_shell_starts_warm_from_disk(server: LocalEC2, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    first = make_session(server.url, home)

    async def fill() -> None:
        async with running(first) as d:
            await d.until(lambda: "web1" in cached_names(d.repl) and not d.repl.shell.snapshot().loading,
                          what="the first fill")

    asyncio.run(fill())
    second = make_session(server.url, home)
    stuck = CompletionCache(second.ctx.env.cache_dir, connect_factory=never_connects)

    async def warm() -> None:
        async with running(second, stuck) as d:
            await d.until(lambda: "web1" in cached_names(d.repl), timeout=2.0, what="the stored snapshot")
            assert "cache: 1 instance," in toolbar_text(d.repl.shell)

    asyncio.run(warm())


def test_enter_on_a_menu_choice_takes_it_without_running_the_line(server: LocalEC2, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    run_named(ec2, "web2")
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            await d.until(lambda: {"web1", "web2"} <= cached_names(d.repl), what="the cache")
            await d.type("instance -n web", "instance -n web")
            d.inp.send_text("\t")
            await d.until(lambda: len(d.menu()) == 2, what="the two names")
            d.inp.send_text("\t")  # choose the first name in the menu
            await d.until(lambda: d.text.startswith("instance -n web") and d.text != "instance -n web",
                          what="a chosen name")
            chosen = d.text
            d.inp.send_text("\r")
            await d.until(lambda: d.text == chosen + " ", what="the choice taken, line kept")
            assert session.out.getvalue() == ""  # nothing ran
            await d.type("dump\r", "")
            await d.until(lambda: "==== i-" in session.out.getvalue(), what="the dump")

    asyncio.run(body())


def test_keys_fed_in_one_piece_complete_before_the_rest_is_read(server: LocalEC2, ec2: Any, home: Path) -> None:
    """Tab arriving in the same read as the text around it (the race of prompt_toolkit #472/#595)."""
    [iid] = run_named(ec2, "web1")
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            await d.until(lambda: "web1" in cached_names(d.repl), what="the cache")
            d.inp.send_text("inst\t-n we\tdump\r")
            await d.until(lambda: f"==== {iid} ====" in session.out.getvalue(), what="the dump")
            assert "unknown object" not in session.err.getvalue()

    asyncio.run(body())


def test_filter_offers_the_tag_keys_the_cache_saw(server: LocalEC2, ec2: Any, home: Path) -> None:
    [iid] = run_named(ec2, "web1", tags={"env": "prod", "team": "ops"})
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            await d.until(lambda: "team" in instances(d.repl).tags, what="the cache")
            assert await d.tab_menu("instance --filter tag:") == [
                ("tag:Name=", "the Name tag"), ("tag:env=", "tag key"), ("tag:team=", "tag key"),
                ("tag:", "any tag: tag:KEY=VALUE")]
            await d.type("\x03", "")
            ec2.create_tags(Resources=[iid], Tags=[{"Key": "owner", "Value": "me"}])
            await d.type("refresh instance\r", "")
            await d.until(lambda: "owner" in instances(d.repl).tags, what="the refreshed keys")
            await d.type("instance --filter tag:o", "instance --filter tag:o")
            d.inp.send_text("\t")
            await d.until(lambda: d.text.startswith("instance --filter tag:owner="), what="the new key")
            await d.type("\x03", "")
            await d.type("instance --filter tag-key=t", "instance --filter tag-key=t")
            d.inp.send_text("\t")
            await d.until(lambda: d.text.startswith("instance --filter tag-key=team"), what="a key as a value")

    asyncio.run(body())


def test_filter_offers_the_tag_values_the_cache_saw_and_never_a_hostile_one(server: LocalEC2, ec2: Any,
                                                                             home: Path) -> None:
    [web] = run_named(ec2, "web1", tags={"env": "prod", "team": "blue team"})
    run_named(ec2, "db1", tags={"env": "test"})
    run_named(ec2, "odd1", tags={"env": "pr\x9b2J"})  # a C1 CSI: it would clear a terminal's screen
    run_named(ec2, "odd2", tags={"env": "prod\nrm -rf ~"})  # a newline: it would end the line
    session = make_session(server.url, home)

    async def body() -> None:
        async with running(session) as d:
            await d.until(lambda: "team" in instances(d.repl).tag_values, what="the cache")
            assert await d.tab_menu("instance --filter tag:env=") == [("tag:env=prod", "value"),
                                                                     ("tag:env=test", "value")]
            await d.type("\x03", "")
            await d.type("instance --filter tag:env=p", "instance --filter tag:env=p")
            d.inp.send_text("\t")  # one candidate: the hostile ones starting with p are not among them
            await d.until(lambda: d.text == "instance --filter tag:env=prod ", what="the one value")
            await d.type("\x03", "")
            d.inp.send_text("instance --filter tag:team=b\t")  # quoted as a Name with a space is
            await d.until(lambda: d.text == "instance --filter 'tag:team=blue team' ", what="the quoted value")
            d.inp.send_text("list\r")
            await d.until(lambda: "web1" in session.out.getvalue(), what="the filtered listing")
            assert web in session.out.getvalue() and "db1" not in session.out.getvalue()

    asyncio.run(body())
    on_server = {t["Value"] for t in ec2.describe_tags(Filters=[{"Name": "key", "Values": ["env"]}])["Tags"]}
    assert on_server == {"prod", "test", "pr\x9b2J", "prod\nrm -rf ~"}
