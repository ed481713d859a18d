"""``--query EXPR``: a JMESPath expression applied to the document ``--output json`` would print.

:func:`compile_query` checks the expression once, before any request (a bad
one is a :class:`UsageError`, exit 2).  :func:`text_lines` prints a result
as the aws CLI's text output does: a scalar on its own line, a list of
scalars on one line separated by tabs, each object's values (in key order)
on one line, a list of those one per line; ``null`` prints as ``None``.
Every string is escaped by :mod:`.terminal` on its way out.
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from . import terminal


def compile_query(expression: str) -> Any:
    """The parsed expression; a syntax error is a one-line usage error."""
    import jmespath
    from jmespath.exceptions import JMESPathError

    if not expression.strip():
        raise UsageError("--query: the expression is empty")
    try:
        return jmespath.compile(expression)
    except JMESPathError as exc:
        detail = " ".join(str(exc).split())
        raise UsageError(f"--query: invalid JMESPath expression '{expression}': {detail}") from None


def search(compiled: Any, document: Any) -> Any:
    from jmespath.exceptions import JMESPathError

    try:
        return compiled.search(document)
    except JMESPathError as exc:  # a function given the wrong type, found only at run time
        raise UsageError(f"--query: {' '.join(str(exc).split())}") from None


def _scalar(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    return terminal.line(str(value))


def _row(value: Any) -> list[str]:
    """The cells of one line: an object's values, a list's items, or one scalar."""
    if isinstance(value, dict):
        return [c for v in value.values() for c in _row(v)]
    if isinstance(value, list):
        return [c for v in value for c in _row(v)]
    return [_scalar(value)]


def text_lines(result: Any) -> str:
    """``result`` as text: one line per scalar, per list of scalars, per object."""
    if isinstance(result, list):
        if all(not isinstance(v, dict | list) for v in result):
            return "\t".join(_scalar(v) for v in result) + "\n" if result else ""
        return "".join("\t".join(_row(v)) + "\n" for v in result)
    return "\t".join(_row(result)) + "\n"
