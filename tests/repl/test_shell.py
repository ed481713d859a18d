"""Shell lines against the local EC2 server: built-ins, selection, $_, save, errors, cache updates."""

from __future__ import annotations

import json
import stat
import time
from pathlib import Path
from typing import Any

from oscmd_shell.repl.loop import shell_context
from oscmd_shell.repl.shell import Shell
from tests.support.ec2server import LocalEC2
from tests.support.faults import BlackHole
from tests.support.runner import Oscmd
from tests.support.seed import run_named, volume
from tests.support.session import Session, make_session, wait_for


def out(session: Session) -> str:
    text = session.out.getvalue()
    session.out.seek(0)
    session.out.truncate()
    return text


def start_cache(shell: Shell) -> None:
    """Start the refresher (after seeding, so its first fill sees the seeded objects)."""
    assert shell.cache is not None
    shell.cache.start(shell.ctx)
    wait_for(lambda: "instance" in shell.snapshot().kinds and not shell.snapshot().loading, what="the first fill")


def names(shell: Shell, kind: str = "instance") -> dict[str, str]:
    data = shell.snapshot().get(kind)
    return {e.name: e.state for e in data.entries} if data is not None else {}


def test_a_verb_runs_through_the_dispatcher(shell: Shell, session: Session, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    outcome = shell.handle("instance list")
    assert outcome.status == 0 and out(session) == f"{iid} web1\n"
    assert shell.ids == (iid,)


def test_errors_are_one_line_and_the_shell_goes_on(shell: Shell, session: Session, ec2: Any) -> None:
    assert shell.handle("instanc list").status == 2
    assert session.err.getvalue() == "unknown object 'instanc' (did you mean 'instance'?)\n"
    assert shell.handle("instance -n ghost dump").status == 1
    assert shell.handle("instance -n 'open").status == 2
    assert "cannot split line" in session.err.getvalue().splitlines()[-1]
    assert shell.handle("console").status == 2
    assert session.err.getvalue().splitlines()[-1] == (
        "'console' is a verb of instance: name the object first, or select one with 'use OBJECT -n NAME'")
    assert shell.handle("--yes set zone x").status == 2
    run_named(ec2, "web1")
    assert shell.handle("instance list").status == 0 and not shell.done


def test_root_options_lead_a_line(shell: Shell, session: Session, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    assert shell.handle("--output json instance list").status == 0
    assert json.loads(out(session))[0]["id"] == iid
    assert shell.handle("--endpoint http://x instance list").status == 2
    assert shell.handle(f"--dry-run -y instance -i {iid} terminate").status == 0
    assert "would have succeeded" in out(session)
    assert ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"


def test_set_output_and_zone(shell: Shell, session: Session, ec2: Any) -> None:
    run_named(ec2, "web1")
    shell.handle("set output yaml")
    shell.handle("instance list")
    assert out(session).startswith("- id: i-")
    shell.handle("set zone us-east-1b")
    assert shell.ctx.settings.zone == "us-east-1b"
    shell.handle("unset zone")
    assert shell.ctx.settings.zone is None
    assert shell.handle("set output xml").status == 2
    assert shell.handle("set colour red").status == 2
    shell.handle("set")
    assert "output    yaml" in out(session)


def test_use_selects_an_object_for_later_lines(shell: Shell, session: Session, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    run_named(ec2, "web2")
    start_cache(shell)
    shell.handle("use instance -n web1")
    assert out(session) == "using instance web1\n"
    shell.handle("dump")
    assert out(session).startswith(f"==== {iid} ====")
    assert shell.handle("instance reboot").status == 0
    assert shell.recorder is not None
    last = shell.recorder.entries[-1]
    assert last.line == "instance reboot" and [s.label for s in last.where.selection] == ["web1"]
    out(session)
    shell.handle("instance list")
    assert len(out(session).splitlines()) == 2  # list keeps its meaning: every instance
    shell.handle("use")
    assert out(session) == "instance -n web1\n"
    shell.handle("use instance -n ghost")
    assert out(session) == "using instance ghost (not in the completion cache: it is checked when a verb runs)\n"
    shell.handle("use instance -n web1")
    shell.handle("unset instance")
    assert shell.selection == {} and shell.handle("dump").status == 2
    assert shell.handle("use instance web1").status == 2
    assert shell.handle("use instance").status == 2


def test_dollar_underscore_carries_ids_to_the_next_line(shell: Shell, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    assert shell.handle("eip -i $_ release").status == 2
    assert shell.handle("eip allocate").status == 0
    address = shell.ids[0]
    assert shell.handle("eip -i $_ associate -n web1").status == 0
    found = ec2.describe_addresses(PublicIps=[address])["Addresses"][0]
    assert found["InstanceId"] == iid
    assert shell.recorder is not None and shell.recorder.entries[-1].line == "eip -i $_ associate -n web1"
    assert shell.handle("eip -i '$_' dump").status == 1
    assert shell.handle("eip -i $2 dump").status == 2


def test_save_writes_a_replayable_script(shell: Shell, ec2: Any, tmp_path: Path, oscmd: Oscmd) -> None:
    run_named(ec2, "web1")
    volume(ec2, "data1")
    shell.handle("use volume -n data1")
    shell.handle("snapshot create -v data1 -n snap1")
    shell.handle("bogus line")
    shell.handle("!true")
    shell.handle("volume list")
    path = tmp_path / "session.os"
    assert shell.handle(f"save {path}").status == 0
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert lines[-5:] == ["set output text", "use volume -n data1", "snapshot create -v data1 -n snap1", "!true",
                          "volume list"]
    result = oscmd(str(path))
    assert result.status == 0, result.err
    named = ec2.describe_snapshots(Filters=[{"Name": "tag:Name", "Values": ["snap1"]}])["Snapshots"]
    assert len(named) == 2


def test_history_shows_lines_and_never_stores_secrets(shell: Shell, session: Session) -> None:
    shell.handle("help instance")
    shell.handle("set aws_secret_access_key abc")
    shell.handle("history")
    listed = out(session).splitlines()[-2:]
    assert listed == ["    1  help instance", "    2  history"]


def test_help_levels(shell: Shell, session: Session) -> None:
    shell.handle("help")
    assert "shell commands:" in out(session)
    shell.handle("help instance")
    assert "stop" in out(session)
    shell.handle("help instance stop")
    assert "--forced" in out(session)
    shell.handle("help use")
    assert out(session).startswith("usage: use OBJECT -n NAME | -i ID")
    assert shell.handle("help instance nope").status == 2


def test_shell_escape(shell: Shell, session: Session) -> None:
    assert shell.handle("!echo hello").status == 0
    assert out(session) == "hello\n"
    assert shell.handle("!exit 3").status == 3


def test_destructive_verbs_ask_on_the_terminal(shell: Shell, ec2: Any) -> None:
    vid = volume(ec2, "data1")
    shell.answers.append("n")  # type: ignore[attr-defined]
    assert shell.handle("volume -n data1 delete").status == 4
    shell.answers.append("y")  # type: ignore[attr-defined]
    assert shell.handle("volume -n data1 delete").status == 0
    assert vid not in [v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]]


def test_a_mutating_verb_refreshes_what_it_touched(shell: Shell, ec2: Any) -> None:
    run_named(ec2, "web1")
    start_cache(shell)
    assert names(shell) == {"web1": "running"}
    assert shell.handle("instance -n web1 stop").status == 0
    wait_for(lambda: names(shell).get("web1") == "stopped", what="web1 stopped in the cache")
    run_named(ec2, "web3")
    assert shell.handle("refresh instance").status == 0
    wait_for(lambda: "web3" in names(shell), what="web3 after refresh")
    assert shell.handle("refresh nothing").status == 2


def test_set_region_swaps_the_cache_and_back_is_warm(shell: Shell, ec2: Any, server: LocalEC2) -> None:
    run_named(ec2, "web1")
    run_named(server.client(region="us-west-2"), "west1")
    start_cache(shell)
    assert "web1" in names(shell)
    first_clients = shell.ctx.clients
    shell.handle("set region us-west-2")
    assert shell.ctx.clients is not first_clients and shell.ctx.settings.region == "us-west-2"
    wait_for(lambda: "west1" in names(shell), what="us-west-2 instances")
    assert "web1" not in names(shell)
    assert shell.handle("instance -n west1 exist").status == 0
    shell.handle("set region us-east-1")
    wait_for(lambda: "web1" in names(shell), timeout=2.0, what="the stored us-east-1 snapshot")


def test_history_file_is_private(home: Path, session: Session) -> None:
    from oscmd_shell.repl.history import open_history

    history = open_history(session.ctx.env.state_dir)
    assert history is not None
    history.append_string("instance list")
    history.append_string("set aws_secret_access_key abc")
    history.append_string("ami run --secret x")
    path = session.ctx.env.state_dir / "history"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text()
    assert "+instance list" in text and "secret" not in text


def test_long_output_goes_through_the_pager(shell: Shell, session: Session, ec2: Any, tmp_path: Path) -> None:
    from oscmd_shell.repl.pager import paging

    run_named(ec2, "many", count=6)
    paged = tmp_path / "paged"
    shell.ctx.env.environ = {**shell.ctx.env.environ, "PAGER": f"sh -c 'cat > {paged}'"}
    shell.wrap_output = lambda c: paging(c, lines=lambda: 4, columns=lambda: 80)
    assert shell.handle("instance list").status == 0
    assert len(paged.read_text().splitlines()) == 6 and out(session) == ""
    assert shell.handle("instance list -p '%(name)s' $_").status == 0
    assert out(session) == "many\n"


def test_set_endpoint_switches_connection_and_cache(shell: Shell, server: LocalEC2, dead_url: str) -> None:
    start_cache(shell)
    assert shell.handle(f"set endpoint {dead_url}").status == 0
    assert shell.ctx.settings.endpoint == dead_url
    wait_for(lambda: shell.snapshot().problem("instance") is not None, what="the unreachable endpoint")
    assert shell.handle("instance list").status == 5
    assert shell.handle(f"set endpoint {server.url}").status == 0
    wait_for(lambda: "instance" in shell.snapshot().kinds, timeout=2.0, what="the stored snapshot")
    assert shell.handle("set endpoint 'not a url'").status == 2


def test_an_endpoint_that_never_answers_fails_the_line_not_the_shell(
    home: Path, server: LocalEC2, ec2: Any
) -> None:
    hole = BlackHole()
    cfg = home / "fast.cfg"
    cfg.write_text("[oscmd]\nread_timeout = 1\nconnect_timeout = 1\nmax_backoff = 0.05\n")
    session = make_session(hole.url, home, OSCONFIG=str(cfg))
    sh = Shell(shell_context(session.ctx, ask=lambda _q: "n"), cache=None)
    try:
        start = time.monotonic()
        outcome = sh.handle("instance list")
        assert outcome.status == 5
        assert time.monotonic() - start < 10
        assert "read timeout" in session.err.getvalue()
        assert not sh.done
        run_named(ec2, "web1")
        assert sh.handle(f"set endpoint {server.url}").status == 0
        assert sh.handle("instance list").status == 0
        assert session.out.getvalue().rstrip().endswith(" web1")
    finally:
        sh.close()
        hole.close()


def test_set_region_to_several_regions(shell: Shell, session: Session, server: LocalEC2, tmp_path: Path) -> None:
    [east] = run_named(server.client(region="us-east-1"), "web1")
    [west] = run_named(server.client(region="eu-west-1"), "web2")
    assert shell.handle("set region eu-west-1,us-east-1").status == 0
    assert shell.handle("instance list").status == 0
    assert out(session) == f"eu-west-1 {west} web2\nus-east-1 {east} web1\n"
    assert shell.handle("--query [].region instance list").status == 0
    assert out(session) == "eu-west-1\tus-east-1\n"
    assert shell.handle("set").status == 0 and "region    eu-west-1,us-east-1\n" in out(session)
    assert shell.handle(f"-y instance -i {east} terminate").status == 2  # one region at a time for changes
    assert "several regions" in session.err.getvalue()
    assert shell.handle("set region us-east-1").status == 0
    assert shell.handle("instance list").status == 0 and out(session) == f"{east} web1\n"
    assert shell.handle("set region eu-west-1,bad_region").status == 2
    saved = tmp_path / "fleet.os"
    shell.handle("set region eu-west-1,us-east-1")
    shell.handle("instance list -p %(name)s")
    assert shell.handle(f"save {saved}").status == 0
    assert "set region eu-west-1,us-east-1\ninstance list -p %(name)s\n" in saved.read_text()
