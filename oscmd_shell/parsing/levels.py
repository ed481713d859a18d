"""Parse the options of one grammar level (root, object or verb) from tokens.

The parser knows every option's arity from the registry, so a value such as
``-n stop`` is never mistaken for a verb.  It accepts ``--long=value``,
``-xVALUE``, clusters of short flags (``-yd``) and ``--`` (end of options),
converts types, checks choices, and raises ``UsageError`` with a close-match
suggestion instead of exiting.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..errors import UsageError
from ..numeric import parse_number
from ..spec import Option, all_flags, find_option

HELP_FLAGS = ("-h", "--help")


@dataclass
class LevelResult:
    """What one level's parse produced."""

    values: dict[str, object]
    given: set[str] = field(default_factory=set)
    positionals: list[str] = field(default_factory=list)
    rest: list[str] = field(default_factory=list)
    help: bool = False


def _at(where: str) -> str:
    """The ``where: `` prefix of a message (none at the root level: the entry point adds ``oscmd:``)."""
    return f"{where}: " if where else ""


def suggest(word: str, candidates: list[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest candidate, or ''."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def defaults(options: tuple[Option, ...]) -> dict[str, object]:
    values: dict[str, object] = {}
    for opt in options:
        if opt.repeat:
            values[opt.dest] = []
        elif opt.is_flag:
            values[opt.dest] = False
        else:
            values[opt.dest] = opt.default
    return values


def convert(opt: Option, raw: str, where: str) -> object:
    """Convert one raw value to the option's type (a number of its kind), checking choices."""
    if opt.choices and raw not in opt.choices:
        raise UsageError(
            f"{_at(where)}{opt.long} must be one of {', '.join(opt.choices)}, not '{raw}'"
            + suggest(raw, list(opt.choices))
        )
    if opt.type == "pattern":
        from ..output.patterns import check_widths

        check_widths(raw)
        return raw
    if opt.type != "str":
        return parse_number(raw, opt.type, f"{_at(where)}{opt.long}")
    return raw


def _store(values: dict[str, object], given: set[str], opt: Option, value: object, where: str) -> None:
    if opt.repeat:
        current = values.get(opt.dest)
        assert isinstance(current, list)
        current.append(value)
    else:
        if opt.dest in given and not opt.is_flag:
            raise UsageError(f"{_at(where)}{opt.long} given twice")
        values[opt.dest] = value
    given.add(opt.dest)


def parse_level(
    options: tuple[Option, ...],
    tokens: list[str],
    where: str,
    *,
    interspersed: bool,
) -> LevelResult:
    """Parse ``tokens`` against ``options``.

    With ``interspersed`` false (root and object levels) parsing stops at the
    first positional token, which is left at the head of ``rest``.  With it true
    (the verb level) positionals are collected wherever they stand, and every
    token after ``--`` is positional.
    """
    result = LevelResult(values=defaults(options))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok == "--":
            if interspersed:
                result.positionals.extend(tokens[i + 1 :])
            else:
                result.rest = tokens[i + 1 :]
            return result
        if tok in HELP_FLAGS:
            result.help = True
            i += 1
            continue
        if not tok.startswith("-") or tok == "-" or _is_negative_number(tok):
            if interspersed:
                result.positionals.append(tok)
                i += 1
                continue
            result.rest = tokens[i:]
            return result
        i = _parse_option(options, tokens, i, where, result)
    return result


def _is_negative_number(tok: str) -> bool:
    try:
        float(tok)
    except ValueError:
        return False
    return True


def _parse_option(options: tuple[Option, ...], tokens: list[str], i: int, where: str, result: LevelResult) -> int:
    tok = tokens[i]
    inline: str | None = None
    if tok.startswith("--") and "=" in tok:
        tok, inline = tok.split("=", 1)
    opt = find_option(options, tok)
    if opt is None and not tok.startswith("--") and len(tok) > 2:
        return _parse_short_cluster(options, tokens, i, where, result)
    if opt is None:
        raise UsageError(f"{_at(where)}unknown option '{tok}'" + suggest(tok, [*all_flags(options), *HELP_FLAGS]))
    if opt.is_flag:
        if inline is not None:
            raise UsageError(f"{_at(where)}{opt.long} takes no value")
        _store(result.values, result.given, opt, True, where)
        return i + 1
    if inline is not None:
        if opt.arity != 1:
            raise UsageError(f"{_at(where)}{opt.long} takes {opt.arity} values")
        _store(result.values, result.given, opt, convert(opt, inline, where), where)
        return i + 1
    raw = tokens[i + 1 : i + 1 + opt.arity]
    if len(raw) < opt.arity:
        need = "a value" if opt.arity == 1 else f"{opt.arity} values ({opt.shown_metavar})"
        raise UsageError(f"{_at(where)}{opt.long} needs {need}")
    if opt.arity == 1:
        _store(result.values, result.given, opt, convert(opt, raw[0], where), where)
    else:
        _store(result.values, result.given, opt, tuple(convert(opt, r, where) for r in raw), where)
    return i + 1 + opt.arity


def _parse_short_cluster(
    options: tuple[Option, ...], tokens: list[str], i: int, where: str, result: LevelResult
) -> int:
    """Handle ``-nVALUE`` and clusters of short flags such as ``-yd``."""
    tok = tokens[i]
    first = find_option(options, tok[:2])
    if first is not None and first.arity == 1:
        _store(result.values, result.given, first, convert(first, tok[2:], where), where)
        return i + 1
    if first is not None and first.is_flag:
        for ch in tok[1:]:
            opt = find_option(options, "-" + ch)
            if opt is None or not opt.is_flag:
                break
        else:
            for ch in tok[1:]:
                flag = find_option(options, "-" + ch)
                assert flag is not None
                _store(result.values, result.given, flag, True, where)
            return i + 1
    raise UsageError(f"{_at(where)}unknown option '{tok}'" + suggest(tok, [*all_flags(options), *HELP_FLAGS]))
