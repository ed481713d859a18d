"""A shell session leaks no secret: not on screen, not in history, not in the cache."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from tests.functional.test_secrets import CANARY_SECRET, CANARY_TOKEN, canary_config, written_files
from tests.repl.test_terminal import PROMPT, Terminal
from tests.support.ec2server import LocalEC2
from tests.support.seed import run_named


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
                 ("keypair create -n k1", r"private key saved to"))
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
