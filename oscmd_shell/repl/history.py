"""The shell's history file: private (0600 in a 0700 directory) and free of secrets.

Lines that carry credentials (``aws_secret_access_key``, ``--secret``...,
``set`` of a key or token) are neither written nor kept for recall.  The file
keeps prompt_toolkit's format (``# date`` then ``+line`` for each line of an
entry) but is read and written only through :mod:`oscmd_shell.fileio`: never
through a link, never from a FIFO, one locked ``write`` per entry, so two
shells never interleave their entries and a full disk leaves no half entry.  Lines are written redacted
(``set endpoint http://host/?token=***``): the session recalls them as typed,
the file never holds the credential.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit.history import FileHistory

from ..fileio import append_record, private_dir, read_regular
from ..lines.words import is_secret
from ..redact import redact

#: A history bigger than this is not loaded (the shell starts with an empty one).
LOAD_LIMIT = 64 << 20


class PrivateHistory(FileHistory):
    """A :class:`FileHistory` whose file is created 0600 and never records secret lines."""

    def __init__(self, path: Path) -> None:
        private_dir(path.parent)
        append_record(path, b"")  # create it 0600 (or narrow it), refusing a link or a FIFO
        self.path = path
        super().__init__(str(path))

    def append_string(self, string: str) -> None:
        if is_secret(string):
            return
        super().append_string(string)

    def load_history_strings(self) -> Iterable[str]:
        try:
            text = read_regular(self.path, limit=LOAD_LIMIT).decode("utf-8", errors="replace")
        except OSError:
            return []
        strings: list[str] = []
        lines: list[str] = []
        for line in text.split("\n"):  # as prompt_toolkit: a pasted \r stays inside its line
            if line.startswith("+"):
                lines.append(line[1:])
            elif lines:
                strings.append("\n".join(lines))
                lines = []
        if lines:
            strings.append("\n".join(lines))
        return reversed(strings)

    def store_string(self, string: str) -> None:
        entry = f"\n# {datetime.datetime.now()}\n" + "".join(f"+{line}\n" for line in redact(string).split("\n"))
        try:
            append_record(self.path, entry.encode("utf-8"))
        except OSError:
            pass  # a history that cannot be written must not stop the shell


def open_history(state_dir: Path, warn: Callable[[str], None] | None = None) -> FileHistory | None:
    """The history at ``state_dir/history``, or None (and a warning) when it cannot be used."""
    path = state_dir / "history"
    try:
        return PrivateHistory(path)
    except OSError as exc:
        if warn is not None:
            warn(f"warning: the shell keeps no history: {exc.filename or path}: {exc.strerror or exc}")
        return None
