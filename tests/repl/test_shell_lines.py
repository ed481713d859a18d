"""The shell's lines in-process, beside the terminal tests: redirection, ``!``, checked ``set``, the
selection, ``exist``, hints; the Tab logic on a prompt_toolkit buffer; the toolbar's width; the
playground's cache files."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.buffer import Buffer
from prompt_toolkit.document import Document

from oscmd_shell.batch import run_lines
from oscmd_shell.cache import store
from oscmd_shell.cache.snapshot import Entry, Identity, KindData, Snapshot
from oscmd_shell.complete import Sources
from oscmd_shell.complete.adapter import EngineCompleter
from oscmd_shell.errors import UsageError
from oscmd_shell.lines.checks import check_regions
from oscmd_shell.parsing.command import parse_command
from oscmd_shell.playground import PLAYGROUND_ACCOUNT, PLAYGROUND_KEY
from oscmd_shell.repl.keys import Pending
from oscmd_shell.repl.menu import Menu, tab
from oscmd_shell.repl.shell import Shell
from oscmd_shell.repl.toolbar import toolbar
from tests.support.ec2server import LocalEC2
from tests.support.seed import run_named
from tests.support.session import Session, toolbar_text


def said(session: Session) -> str:
    text = session.out.getvalue() + session.err.getvalue()
    for stream in (session.out, session.err):
        stream.seek(0)
        stream.truncate()
    return text


def test_redirection_and_pipes_through_the_shell(shell: Shell, session: Session, ec2: Any, home: Path) -> None:
    [web1] = run_named(ec2, "web1")
    target = home / "list.txt"
    assert shell.handle(f"instance list > {target}").status == 0
    assert target.read_text() == f"{web1} web1\n" and said(session) == ""
    assert shell.handle(f"set >> {target}").status == 0  # a built-in's output goes there too
    assert "region    us-east-1" in target.read_text() and said(session) == ""
    assert shell.handle("instance list | tr a-z A-Z").status == 0  # streams that are not the process's own:
    assert said(session) == f"{web1.upper()} WEB1\n"  # the pipe's output is collected and written to them
    assert shell.handle("!echo first=$_").status == 0
    assert said(session) == f"first={web1}\n"
    assert shell.handle("instance list | false").status == 1
    assert "'false' exited with status 1" in said(session)
    assert shell.recorder is not None
    assert [e.line for e in shell.recorder.entries] == [f"instance list > {target}",
                                                      "instance list | tr a-z A-Z", "!echo first=$_"]


def test_set_checks_each_value_and_a_new_region_drops_the_selection(shell: Shell, session: Session,
                                                                     ec2: Any, server: LocalEC2) -> None:
    run_named(ec2, "web")
    for line, message in (("set region eu-wst-1", "(did you mean 'eu-west-1'?)"),
                          ("set region us-east-1,eu-wst-1", "no region 'eu-wst-1'"),
                          ("set zone us-east-1q", "region us-east-1 has no zone 'us-east-1q'"),
                          ("set profile nope", "no profile 'nope'")):
        outcome = shell.handle(line)
        assert outcome.status == 2 and message in said(session), line
    assert check_regions(shell, "us-east-1,eu-west-1, all") == ["us-east-1", "eu-west-1", "all"]
    assert shell.handle("use instance -n web").status == 0
    assert shell.handle("set region us-east-1").status == 0  # the same region: nothing moved
    assert shell.selection and "no longer using" not in said(session)
    assert shell.handle("set zone us-east-1b").status == 0 and shell.selection  # a zone is not a connection
    assert shell.handle("set region eu-west-1").status == 0
    assert shell.selection == {} and "no longer using instance web: the region changed" in said(session)
    assert shell.handle("stop").status == 2  # nothing selected: never the instance of the old region
    assert (shell.ctx.settings.region, shell.ctx.settings.zone) == ("eu-west-1", None)
    assert shell.handle("set region us-east-1,eu-west-1").status == 0  # the read verbs then run in both
    assert shell.ctx.settings.region_text == "us-east-1,eu-west-1"


def test_the_shell_forgets_dollar_underscore_after_a_failure_or_a_new_region(shell: Shell, session: Session,
                                                                             ec2: Any) -> None:
    [web1] = run_named(ec2, "web1")
    assert shell.handle("instance list").status == 0 and shell.ids == (web1,)
    assert shell.handle("instance -n nosuch dump").status == 1
    assert shell.handle("-y instance -i $_ stop").status == 2
    assert "$_ is not set: the previous line failed" in said(session)
    assert shell.handle("instance list").status == 0 and shell.ids == (web1,)
    assert shell.handle("set region eu-west-1").status == 0
    assert shell.handle("-y instance -i $_ stop").status == 2
    assert "$_ is not set: the region changed since the line that set it" in said(session)
    assert ec2.describe_instances(InstanceIds=[web1])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"


def test_a_program_ended_by_ctrl_c_is_reported_interrupted(shell: Shell, session: Session) -> None:
    outcome = shell.handle("!kill -INT $$")  # the program dies of SIGINT, as when Ctrl-C reaches it
    assert outcome.status == 130 and outcome.error == "interrupted"
    assert "interrupted" in said(session)
    outcome = shell.handle("!exit 3")
    assert outcome.status == 3 and "'exit 3' exited with status 3" in said(session)


def test_a_script_refuses_a_region_typo_before_acting(server: LocalEC2, ec2: Any, session: Session) -> None:
    [iid] = run_named(ec2, "web")
    status = run_lines(["set region us-est-1", "instance -n web stop"], "typo.os", session.ctx)
    assert status == 2 and "typo.os:1: set region: the endpoint has no region 'us-est-1'" in session.err.getvalue()
    assert ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"] \
        == "running"


def test_exist_says_so_in_the_shell_only(shell: Shell, session: Session, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    assert shell.handle("instance -n web1 exist").status == 0
    assert said(session) == f"instance {iid} (web1) exists\n"
    assert shell.handle("instance -n web9 exist").status == 1
    assert said(session) == "instance web9 does not exist\n"
    out, err = io.StringIO(), io.StringIO()
    script = session.ctx
    script.env.stdout, script.env.stderr, script.env.in_shell = out, err, False
    assert run_lines(["instance -n web9 exist"], "s.os", script) == 1 and (out.getvalue(), err.getvalue()) == ("", "")


@pytest.mark.parametrize(("argv", "hint"), [
    (["instance", "list", "--output", "json"], "root options go before the object: '--output json instance list'"),
    (["instance", "-n", "web", "dump", "-y"], "root options go before the object: '-y instance -n web dump'"),
    (["instance", "run"], "'run' is a verb of ami: 'ami ... run' ('help ami run' tells more)"),
])
def test_hints_say_where_a_word_belongs(argv: list[str], hint: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_command(argv)
    assert caught.value.hint == hint


def buffer_on(text: str, snapshot: Snapshot | None = None, home: Path | None = None) -> Buffer:
    sources = Sources(snapshot=lambda: snapshot or Snapshot(), home=home)
    return Buffer(completer=EngineCompleter(lambda: sources), document=Document(text, len(text)))


def names(*entries: Entry) -> Snapshot:
    return Snapshot(kinds={"instance": KindData.build(list(entries), 1.0)})


def test_tab_takes_a_unique_candidate_with_a_space_and_cycles_several() -> None:
    menu = Menu()
    buffer = buffer_on("inst")
    assert tab(buffer, menu) == "unique" and buffer.text == "instance "
    snap = names(Entry("i-1", "web1", "running"), Entry("i-2", "web2", "running"), Entry("i-3", "db1", "running"))
    buffer = buffer_on("instance -n w", snap)
    assert tab(buffer, menu).startswith("menu of 2") and buffer.text == "instance -n web"
    assert menu.opened_by_tab(buffer)
    assert [tab(buffer, menu), buffer.text] == ["cycled", "instance -n web1"]
    assert [tab(buffer, menu), buffer.text] == ["cycled", "instance -n web2"]
    assert [tab(buffer, menu, backwards=True), buffer.text] == ["cycled", "instance -n web1"]
    menu.cancel(buffer)
    assert buffer.text == "instance -n web" and buffer.complete_state is None


def test_tab_keeps_directories_open_and_never_inserts_a_note(tmp_path: Path) -> None:
    (tmp_path / "keys").mkdir()
    buffer = buffer_on("save ~/ke", home=tmp_path)
    assert tab(buffer, Menu()) == "unique" and buffer.text == "save ~/keys/"  # no space: more to come
    loading = Snapshot(loading=frozenset({"instance"}))
    buffer = buffer_on("instance -n ", loading)
    menu = Menu()
    assert tab(buffer, menu) == "note" and buffer.text == "instance -n "
    assert buffer.complete_state is not None
    assert [c.display_text for c in buffer.complete_state.completions] == ["loading instances…"]


def test_a_paste_leaves_its_unfinished_last_line_to_edit() -> None:
    pending = Pending()
    pending.add(["volume list", "", "eip list", "instance -n we"])
    assert [pending.next() for _ in range(4)] == [("volume list", True), ("eip list", True),
                                                  ("instance -n we", False), ("", False)]


def test_the_toolbar_fits_the_width_and_keeps_the_cache_status(shell: Shell) -> None:
    assert shell.handle("set zone us-east-1a").status == 0
    assert shell.handle("set output table").status == 0
    assert shell.handle("use instance -n a-rather-long-instance-name-for-the-toolbar").status == 0
    full = toolbar_text(shell, now=0.0)
    assert "profile default" in full and "endpoint http://127.0.0.1:" in full
    for columns in (120, 80, 60, 40):
        fitted = toolbar(shell, now=0.0, columns=columns)
        text = "".join(t for _s, t in fitted)
        assert len(text) < columns, (columns, text)
        if columns >= 60:
            assert text.endswith("cache: starting…"), text
    assert "zone us-east-1a" in "".join(t for _s, t in toolbar(shell, now=0.0, columns=80))


def test_the_playground_keeps_one_cache_file_and_offers_no_dead_endpoint(shell: Shell, home: Path) -> None:
    cache_dir = home / ".cache" / "oscmd"
    for port in (40001, 40002, 40003):
        snap = replace(names(Entry("i-1", "web1")),
                       identity=Identity.of(f"http://127.0.0.1:{port}", "us-east-1", PLAYGROUND_KEY))
        store.save(cache_dir, snap, float(port))
    mine = replace(names(Entry("i-9", "x")), identity=Identity.of("http://127.0.0.1:5000", "us-east-1", "AKIDMINE"))
    store.save(cache_dir, mine, 1.0)
    assert Identity.of("http://x", "r", PLAYGROUND_KEY).account == PLAYGROUND_ACCOUNT
    assert shell.endpoints() == ["http://127.0.0.1:5000"]
    assert store.forget_account(cache_dir, PLAYGROUND_ACCOUNT, keep_endpoint="http://127.0.0.1:40003") == 2
    assert [e for e, _r in store.known_connections(cache_dir)] == ["http://127.0.0.1:40003", "http://127.0.0.1:5000"]
