"""The ``--debug`` wire log: botocore's debug logging with every secret redacted.

Each record is formatted whole (message, arguments, traceback and stack) and
the resulting text goes through :func:`oscmd_shell.redact.redact` with the
configured secret key and session token, so signatures, tokens, URL
credentials and key material never reach the log and a debug log can be
pasted into a bug report.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TextIO

from ..redact import redact


class RedactingFormatter(logging.Formatter):
    """A formatter whose every line has passed through :func:`redact`."""

    def __init__(self, fmt: str, secrets: Iterable[str | None]) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        try:
            text = super().format(record)
        except Exception:  # a malformed log call must never break a command
            text = f"debug {record.name}: (unprintable log record)"
        return redact(text, self.secrets)


_HANDLER_NAME = "oscmd-wire-log"


def enable_wire_log(stream: TextIO, secrets: Iterable[str | None]) -> None:
    """Send botocore's DEBUG log to ``stream`` through the redactor (once per process)."""
    handler = logging.StreamHandler(stream)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(RedactingFormatter("debug %(name)s: %(message)s", secrets))
    for name in ("botocore", "boto3", "urllib3"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
            logger.removeHandler(old)
        logger.addHandler(handler)
