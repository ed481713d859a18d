"""Where a line's output goes: ``LINE | COMMAND``, ``LINE > FILE`` and ``LINE >> FILE``.

:func:`split_redirect` finds the first ``|``, ``>`` or ``>>`` outside quotes
and before a ``#`` comment (the rules of :func:`~oscmd_shell.lines.runner.split_line`),
so a quoted ``'|'`` or ``">"`` stays a literal character of the line.
Everything after ``|`` is handed as it is to ``/bin/sh -c`` (it is the
shell's language there, ``$_`` included); after ``>`` or ``>>`` comes exactly
one file name.  Only standard output is redirected: errors stay on the
terminal, and ``2>``, ``||`` or a second redirection are refused rather than
guessed at.  Pure text, no I/O.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from ..errors import UsageError

OPERATORS = "|>"


@dataclass(frozen=True)
class Redirect:
    """A line cut at its redirection: the oscmd part, and where its output goes."""

    line: str
    operator: str | None = None  # "|", ">" or ">>"
    target: str = ""  # the command after |, or the file name after > / >>
    tail: str = ""  # the operator and what follows, as typed (kept when the line is recorded)

    @property
    def pipe(self) -> str | None:
        return self.target if self.operator == "|" else None

    @property
    def path(self) -> str | None:
        return self.target if self.operator in (">", ">>") else None

    @property
    def append(self) -> bool:
        return self.operator == ">>"


def operator_at(text: str) -> int | None:
    """Index of the first ``|`` or ``>`` outside quotes and comments, else None."""
    quote: str | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quote == "'":
            quote = None if ch == "'" else quote
        elif quote == '"':
            if ch == "\\":
                i += 1
            elif ch == '"':
                quote = None
        elif ch == "\\":
            i += 1
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return None
        elif ch in OPERATORS:
            return i
        i += 1
    return None


def split_redirect(text: str) -> Redirect:
    """``text`` cut at its redirection (a :class:`Redirect` with no operator when there is none)."""
    at = operator_at(text)
    if at is None:
        return Redirect(text)
    line, tail = text[:at].rstrip(), text[at:]
    if not line.strip():
        raise UsageError(f"'{tail[0]}' needs an oscmd command before it")
    word = line.split()[-1]
    if tail[0] == ">" and word.isdigit() and not text[at - 1].isspace():
        raise UsageError(f"'{word}>': only standard output can be redirected ('>' or '>>'); "
                         "errors always go to the terminal")
    if tail.startswith("||"):
        raise UsageError("'||' is not an oscmd operator: a line may end with '| COMMAND', '> FILE' or '>> FILE'")
    if tail[0] == "|":
        command = tail[1:].strip()
        if not command:
            raise UsageError("'|' needs a command after it")
        return Redirect(line, "|", command, tail)
    operator = ">>" if tail.startswith(">>") else ">"
    rest = tail[len(operator):]
    if operator_at(rest) is not None:
        raise UsageError(f"'{operator} FILE' must end the line: one redirection per line")
    try:
        words = shlex.split(rest, comments=True)
    except ValueError as exc:
        raise UsageError(f"cannot read the file name after '{operator}': {exc}") from None
    if not words:
        raise UsageError(f"'{operator}' needs a file name after it")
    if len(words) > 1:
        raise UsageError(f"'{operator} FILE' takes one file name, then nothing ('{words[1]}' follows it)")
    if words[0].startswith("&"):
        raise UsageError(f"'{operator}{words[0]}': only a file name may follow '{operator}'")
    return Redirect(line, operator, words[0], tail)
