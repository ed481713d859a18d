"""Split a command line the way the shell and scripts do, tolerating anything.

:func:`tokenize` follows the rules of :func:`oscmd_shell.lines.runner.split_line`
(POSIX quoting, backslash escapes, ``#`` comments even inside a word, as
:mod:`shlex` has them, and an unquoted ``|``, ``>`` or ``>>`` as a word of
its own, as :mod:`oscmd_shell.lines.redirect` reads them) but never raises: an open
quote simply runs to the end of the line and is reported, so a half-typed line
can be completed and highlighted.  Each token keeps its unquoted value and its
raw span in the line.
"""

from __future__ import annotations

from dataclasses import dataclass

SPACES = " \t\r\n"
OPERATORS = "|>"


@dataclass(frozen=True)
class Token:
    """One word: its unquoted ``value`` and the ``start``/``end`` of its raw text."""

    value: str
    start: int
    end: int
    open_quote: str | None = None
    first_quote: str | None = None
    operator: bool = False  # an unquoted ``|``, ``>`` or ``>>`` (where the line's output goes)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Split:
    """The words of a line, where a trailing ``#`` comment starts, and the word at the end."""

    tokens: tuple[Token, ...]
    comment: int | None
    current: Token

    @property
    def done(self) -> tuple[Token, ...]:
        """The complete words before the one being typed."""
        if self.tokens and self.tokens[-1] is self.current:
            return self.tokens[:-1]
        return self.tokens


def _word(text: str, i: int) -> tuple[Token, int]:
    """Read one word starting at ``i`` (not a space); return it and the index after it."""
    start, out = i, []
    quote: str | None = None
    first: str | None = text[i] if text[i] in "'\"" else None
    n = len(text)
    while i < n:
        ch = text[i]
        if quote == "'":
            if ch == "'":
                quote = None
            else:
                out.append(ch)
            i += 1
            continue
        if quote == '"':
            if ch == '"':
                quote = None
            elif ch == "\\" and i + 1 < n and text[i + 1] in '"\\$`\n':
                out.append(text[i + 1])
                i += 1
            else:
                out.append(ch)
            i += 1
            continue
        if ch in SPACES or ch == "#" or ch in OPERATORS:
            break
        if ch in "'\"":
            quote = ch
        elif ch == "\\":
            if i + 1 < n:
                out.append(text[i + 1])
                i += 1
        else:
            out.append(ch)
        i += 1
    return Token("".join(out), start, i, quote, first), i


def tokenize(text: str) -> Split:
    """Split ``text``; the last token is ``current`` when the line does not end with a space."""
    tokens: list[Token] = []
    comment: int | None = None
    i, n = 0, len(text)
    while i < n:
        if text[i] in SPACES:
            i += 1
            continue
        if text[i] == "#":
            comment = i
            break
        if text[i] in OPERATORS:
            width = 2 if text.startswith(">>", i) else 1
            tokens.append(Token(text[i : i + width], i, i + width, operator=True))
            i += width
            continue
        tok, i = _word(text, i)
        tokens.append(tok)
    ends_in_word = comment is None and tokens and tokens[-1].end == n and not tokens[-1].operator
    current = tokens[-1] if ends_in_word else Token("", n, n)
    return Split(tuple(tokens), comment, current)
