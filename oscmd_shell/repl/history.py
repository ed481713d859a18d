"""The shell's history file: private (0600 in a 0700 directory) and free of secrets.

Lines that carry credentials (``aws_secret_access_key``, ``--secret``...,
``set`` of a key or token) are neither written nor kept for recall.  Other
lines are written redacted (``set endpoint http://***@host``): the session
recalls them as typed, the file never holds the credential.
"""

from __future__ import annotations

import os
from pathlib import Path

from prompt_toolkit.history import FileHistory

from ..fileio import private_dir
from ..lines.words import is_secret
from ..redact import redact


class PrivateHistory(FileHistory):
    """A :class:`FileHistory` whose file is created 0600 and never records secret lines."""

    def __init__(self, path: Path) -> None:
        private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(fd)
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
        super().__init__(str(path))

    def append_string(self, string: str) -> None:
        if is_secret(string):
            return
        super().append_string(string)

    def store_string(self, string: str) -> None:
        super().store_string(redact(string))


def open_history(state_dir: Path) -> FileHistory | None:
    """The history at ``state_dir/history``, or None when it cannot be created."""
    try:
        return PrivateHistory(state_dir / "history")
    except OSError:
        return None
