"""A shell session leaks no secret: not on screen, not in history, not in the cache (endpoint URLs included)."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

from oscmd_shell.repl.loop import shell_context
from oscmd_shell.repl.shell import Shell
from tests.support.canaries import CANARY_SECRET, CANARY_TOKEN, canary_config, written_files
from tests.support.ec2server import LocalEC2
from tests.support.seed import IMAGE, run_named
from tests.support.session import make_session
from tests.support.terminal import PROMPT, Terminal

CANARY_VALUE = "CANARYvalue-9f1e"  # a value of a sensitive option (ami run -V/-F): never in history or a save


def test_shell_session_writes_no_secret_and_keeps_its_files_private(
    server: LocalEC2, ec2: Any, home: Path
) -> None:
    run_named(ec2, "web1")
    cfg = canary_config(home)
    term = Terminal(server.url, home, "-c", str(cfg),
                    environ={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    try:
        term.wait(PROMPT)
        term.wait(r"cache: 1 instance")
        steps = (("instance list", r"i-\w+ web1"), ("--output json instance -n web1 dump", r'"PublicIpAddress"'),
                 ("volume list", r"vol-\w+"), ("set region us-east-1", r"set region us-east-1"),
                 ("keypair create -n k1", r"private key saved to"),
                 (f"ami -i {IMAGE} run -n ud1 -N --no-wait -V DB_PASS={CANARY_VALUE} -F api_key {CANARY_VALUE}",
                  r"connect with"),
                 (f"save {home / 'session.os'}", r"save"))
        for line, shows in steps:
            term.send(line + "\r")
            term.wait(shows)
            term.wait_line(PROMPT + "$")
        screen = term.text
        term.send("\x04")
        assert term.exit_status() == 0
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
    assert "k1.pem" in screen
    assert CANARY_SECRET not in screen and CANARY_TOKEN not in screen
    history = home / ".local" / "state" / "oscmd" / "history"
    assert "instance list" in history.read_text()
    saved = (home / "session.os").read_text()
    assert f"# not saved, it gives secret values (run it again by hand): ami -i {IMAGE} run -n ud1 -N --no-wait " \
           "-V '***' -F '***' '***'" in saved
    assert CANARY_VALUE not in saved + history.read_text() + screen.split("(ud1) launched")[-1]
    pem = home / ".ssh" / "k1.pem"
    key_body = "".join(pem.read_text().splitlines()[1:-1])[:40]
    cache_files = list((home / ".cache" / "oscmd").rglob("*.jsonl"))
    assert cache_files, "the shell saved its cache"
    for path in written_files(home, {cfg, pem}):
        data = path.read_text(errors="replace")
        assert CANARY_SECRET not in data and CANARY_TOKEN not in data, path
        assert key_body not in data, path
    for path in [history, *cache_files]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700, path.parent


def test_endpoint_credentials_never_reach_screen_history_or_cache(server: LocalEC2, ec2: Any, home: Path) -> None:
    """A token in the endpoint's query is used and shown as ***; a password in it is refused, redacted."""
    run_named(ec2, "web1")
    token, password = "URLqueryTOKEN7777", "URLpw4242xyz"
    with_token = f"{server.url}/?token={token}"
    term = Terminal(with_token, home)
    try:
        term.wait(PROMPT)
        term.wait(r"cache: 1 instance")
        term.wait(re.escape(f"endpoint {server.url}/?token=***"))  # the toolbar
        steps = (("instance list", r"i-\w+ web1"),
                 ("set", re.escape(f"endpoint  {server.url}/?token=***")),
                 (f"set endpoint http://alice:{password}@127.0.0.1:{server.port}",
                  re.escape(f"endpoint 'http://***@127.0.0.1:{server.port}' (set endpoint): a user name or password")),
                 (f"set endpoint {with_token}", re.escape(f"endpoint {server.url}/?token=***")),
                 ("history", r"3  set endpoint http://\*\*\*@127"))
        for line, shows in steps:
            term.send(line + "\r")
            term.wait(shows)
            term.wait_line(PROMPT + "$")
        shown = [row for row in term.screen.display if not re.match(PROMPT, row)]  # all but the typed lines
        term.send("\x04")
        assert term.exit_status() == 0
    finally:
        if term.child.isalive():
            term.child.terminate(force=True)
    assert any("?token=***" in row for row in shown)
    assert not any(token in row or password in row for row in shown)
    history = (home / ".local" / "state" / "oscmd" / "history").read_text()
    assert f"set endpoint http://***@127.0.0.1:{server.port}" in history
    assert f"set endpoint {server.url}/?token=***" in history
    headers = [json.loads(p.read_text().splitlines()[0]) for p in (home / ".cache" / "oscmd").rglob("*.jsonl")]
    assert {h["endpoint"] for h in headers} == {f"{server.url}/?token=***"}
    for path in written_files(home, set()):
        data = path.read_text(errors="replace")
        assert token not in data and password not in data, path


def test_saved_sessions_and_errors_show_endpoint_tokens_redacted(
    server: LocalEC2, ec2: Any, home: Path, dead_url: str
) -> None:
    run_named(ec2, "web1")
    token = "URLqueryTOKEN7777"
    session = make_session(server.url, home, AWS_MAX_ATTEMPTS="1")
    shell = Shell(shell_context(session.ctx, ask=lambda _q: "n"))
    assert shell.handle(f"set endpoint {dead_url}/?token={token}").status == 0
    assert shell.handle("volume list").status == 5
    assert f"cannot connect to {dead_url}/?token=***: connection refused" in session.err.getvalue()
    assert shell.handle(f"set endpoint {server.url}/?token={token}").status == 0
    assert shell.handle("instance list").status == 0
    script = home / "session.os"
    assert shell.handle(f"save {script}").status == 0
    shell.handle("history")
    saved = script.read_text()
    assert "instance list" in saved
    assert f"set endpoint {server.url}/?token=***" in session.out.getvalue()  # the history listing
    assert token not in saved and token not in session.out.getvalue() + session.err.getvalue()
