"""A pygments lexer for shell lines, driven by the same tolerant parser as completion.

Words are coloured by their role in the grammar, not by spelling alone:
objects and built-ins, verbs, options, option values and positionals, EC2 ids
(``i-``, ``vol-``, ``ami-``, ``sg-``, ``snap-``, ``eipalloc-``...), quoted
strings, ``$_`` variables, ``!command`` lines, what follows ``|``, the
``>``/``>>`` operators and comments.  A word the
grammar rejects is marked as an error once the cursor has left it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pygments.lexer import Lexer  # type: ignore[import-untyped]
from pygments.token import (  # type: ignore[import-untyped]
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    String,
    Text,
    Whitespace,
    _TokenType,
)

from ..complete.parser import roles

ID = re.compile(r"^(i|vol|ami|sg|snap|eipalloc|eni|subnet|vpc|key|igw|rtb|acl)-[0-9a-fA-F]{4,}$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
VARIABLE = re.compile(r"^\$(_|\d+)$")

ROLE_TOKENS: dict[str, _TokenType] = {
    "object": Keyword,
    "builtin": Keyword,
    "verb": Name.Function,
    "option": Name.Attribute,
    "root-option": Name.Attribute,
    "shell": String.Backtick,
    "redirect": Operator,
}


def token_type(role: str, value: str, quoted: bool, current: bool) -> _TokenType:
    """The pygments token type of one word."""
    if role in ROLE_TOKENS:
        return ROLE_TOKENS[role]
    if role == "unknown":
        return Text if current else Error
    if quoted:
        return String
    if VARIABLE.match(value):
        return Name.Variable
    if ID.match(value):
        return Name.Constant
    if NUMBER.match(value):
        return Number
    return Text


class OscmdLexer(Lexer):  # type: ignore[misc]
    """Lexes one oscmd shell line (``selected`` gives the objects chosen with ``use``)."""

    name = "oscmd"
    aliases = ["oscmd"]
    selected: Callable[[], Sequence[str]] = staticmethod(lambda: ())

    def get_tokens_unprocessed(self, text: str, stack: Any = None) -> Iterator[tuple[int, _TokenType, str]]:
        split, kinds = roles(text, self.selected())
        pos = 0
        last = len(split.tokens) - 1
        for i, (tok, role) in enumerate(zip(split.tokens, kinds, strict=False)):
            if tok.start > pos:
                yield pos, Whitespace, text[pos : tok.start]
            raw = text[tok.start : tok.end]
            current = i == last and tok.end == len(text)
            yield tok.start, token_type(role, tok.value, tok.first_quote is not None, current), raw
            pos = tok.end
            if role == "shell":  # `!command`, or what follows `|`: the shell's text, as it is
                if pos < len(text):
                    yield pos, String.Backtick, text[pos:]
                return
        if split.comment is not None:
            if split.comment > pos:
                yield pos, Whitespace, text[pos : split.comment]
            yield split.comment, Comment, text[split.comment :]
        elif pos < len(text):
            yield pos, Whitespace, text[pos:]


def lexer_class(selected: Callable[[], Sequence[str]]) -> type[OscmdLexer]:
    """An :class:`OscmdLexer` subclass bound to the shell's selection (prompt_toolkit builds the instance)."""
    return type("BoundOscmdLexer", (OscmdLexer,), {"selected": staticmethod(selected)})
