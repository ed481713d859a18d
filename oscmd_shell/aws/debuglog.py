"""The ``--debug`` wire log: botocore's debug logging with every secret redacted.

Signatures, session tokens, the configured secret key and key material are
replaced by ``<redacted>`` before a log line is written, so a debug log can be
pasted into a bug report.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TextIO

_PATTERNS = (
    re.compile(r"(Signature=)[0-9a-f]+"),
    re.compile(r"(['\"]?X-Amz-Security-Token['\"]?\s*[:=]\s*b?['\"]?)[^'\",\s}]+", re.I),
    re.compile(r"(['\"]?(?:aws_)?secret_?access_?key['\"]?\s*[:=]\s*['\"]?)[^'\",\s}]+", re.I),
    re.compile(r"(<keyMaterial>)[^<]+", re.I),
    re.compile(r"(['\"]KeyMaterial['\"]\s*:\s*['\"])[^'\"]+"),
    re.compile(r"(<passwordData>)[^<]+", re.I),
    re.compile(r"(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(?=-----END)"),
)


class Redactor(logging.Filter):
    """A logging filter that rewrites messages with secrets removed."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: m.group(1) + "<redacted>", text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must never break a command
            return True
        record.msg = self.redact(message)
        record.args = ()
        return True


_HANDLER_NAME = "oscmd-wire-log"


def enable_wire_log(stream: TextIO, secrets: Iterable[str | None]) -> None:
    """Send botocore's DEBUG log to ``stream`` through the redactor (once per process)."""
    handler = logging.StreamHandler(stream)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("debug %(name)s: %(message)s"))
    handler.addFilter(Redactor(secrets))
    for name in ("botocore", "boto3", "urllib3"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
            logger.removeHandler(old)
        logger.addHandler(handler)
