"""Canary credentials: a secret key and a session token that must never appear in anything oscmd writes."""

from __future__ import annotations

from pathlib import Path

CANARY_SECRET = "CANARYsecretKEY0123456789abcdef"
CANARY_TOKEN = "CANARYsessionTOKEN9876543210zyx"


def canary_config(home: Path) -> Path:
    """A private config file in ``home`` holding the canary credentials."""
    cfg = home / "secret.cfg"
    cfg.write_text("[Credentials]\naws_access_key_id = AKIDCANARY\n"
                   f"aws_secret_access_key = {CANARY_SECRET}\naws_session_token = {CANARY_TOKEN}\n")
    cfg.chmod(0o600)
    return cfg


def written_files(home: Path, exclude: set[Path]) -> list[Path]:
    """Every file under ``home`` but those of ``exclude``: where a leaked secret would be."""
    return [p for p in home.rglob("*") if p.is_file() and p not in exclude]
