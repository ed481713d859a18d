"""``oscmd --debug`` in the shell: the key bindings' debug lines go to a private log file.

Each binding logs what it did and the line as it was (:mod:`.keys`); with ``--debug`` those lines are appended to
``~/.local/state/oscmd/keys.log`` (mode 0600, through :mod:`oscmd_shell.fileio`,
redacted), never to the terminal, where they would tear the prompt apart.  A
race between keys and completion can then be read after the fact.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from ..fileio import append_record, private_dir
from ..redact import redact

LOGGERS = ("oscmd_shell.repl.keys",)


class FileLog(logging.Handler):
    """Appends each record as one line to a private file; a failing write is dropped."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.DEBUG)
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = redact(record.getMessage()).replace("\n", "\\n")
            stamp = time.strftime("%H:%M:%S", time.localtime(record.created)) + f".{int(record.msecs):03d}"
            append_record(self.path, f"{stamp} {record.name}: {text}\n".encode("utf-8", "replace"))
        except Exception:  # a debug log must never break the prompt
            pass


def log_keys(state_dir: Path) -> Path | None:
    """Send the key bindings' debug lines to ``state_dir/keys.log``; return its path (None if unusable)."""
    path = state_dir / "keys.log"
    try:
        private_dir(state_dir)
        append_record(path, b"")
    except OSError:
        return None
    handler = FileLog(path)
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        logger.propagate = False
    return path
