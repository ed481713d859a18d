"""Secrets never reach output, logs, history or the cache; sensitive files are private.

A canary secret key and session token are configured; after a session of
commands (debug wire log included) every byte oscmd wrote — stdout, stderr and
every file under HOME except the config itself — is searched for them.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from tests.support.runner import Oscmd
from tests.support.seed import run_named

CANARY_SECRET = "CANARYsecretKEY0123456789abcdef"
CANARY_TOKEN = "CANARYsessionTOKEN9876543210zyx"


def canary_config(home: Path) -> Path:
    cfg = home / "secret.cfg"
    cfg.write_text("[Credentials]\naws_access_key_id = AKIDCANARY\n"
                   f"aws_secret_access_key = {CANARY_SECRET}\naws_session_token = {CANARY_TOKEN}\n")
    cfg.chmod(0o600)
    return cfg


def written_files(home: Path, exclude: set[Path]) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file() and p not in exclude]


def test_canary_secrets_are_never_written(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    cfg = canary_config(home)
    env = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}
    outputs = []
    for args in (
        ("instance", "list"),
        ("--output", "json", "instance", "-n", "web1", "dump"),
        ("-d", "instance", "list"),
        ("-d", "volume", "create", "-s", "1", "-n", "v"),
        ("-d", "instance", "-i", "i-0123456789abcdef0", "dump"),
        ("keypair", "create", "-n", "deploy"),
        ("-d", "keypair", "create", "-n", "other", "-o", str(home / "keys")),
    ):
        r = oscmd.subprocess("-c", str(cfg), *args, environ=env)
        outputs += [r.out, r.err]
    assert any("debug botocore" in text for text in outputs)  # the wire log really ran
    pem = home / ".ssh" / "deploy.pem"
    key_body = "".join(pem.read_text().splitlines()[1:-1])
    for text in outputs:
        assert CANARY_SECRET not in text and CANARY_TOKEN not in text
        assert key_body[:40] not in text
    for path in written_files(home, {cfg}):
        data = path.read_bytes()
        assert CANARY_SECRET.encode() not in data, path
        assert CANARY_TOKEN.encode() not in data, path


def test_private_key_files_are_0600_in_0700_dirs(oscmd: Oscmd, home: Path) -> None:
    r = oscmd("keypair", "create", "-n", "deploy")
    assert r.status == 0, r.err
    pem = home / ".ssh" / "deploy.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    assert stat.S_IMODE(pem.parent.stat().st_mode) == 0o700


def test_world_readable_config_with_keys_is_warned(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    cfg = canary_config(home)
    cfg.chmod(0o644)
    r = oscmd("-c", str(cfg), "instance", "list")
    assert "readable by others" in r.err and f"chmod 600 {cfg}" in r.err
    assert CANARY_SECRET not in r.err
