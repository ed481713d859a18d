"""Turn a shell or script line into dispatcher tokens: ``$_`` expansion and the selected objects.

Pure functions, no terminal: :func:`expand_ids` replaces ``$_`` and ``$1``,
``$2``... (outside single quotes) by the ids the previous line produced;
:func:`apply_selection` inserts ``-n NAME``/``-i ID`` for an object chosen
with ``use`` when a line omits it, or the object itself before a bare verb;
:func:`is_secret` says which lines must never reach the history file or a
saved script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .. import registry
from ..errors import UsageError
from ..parsing.levels import parse_level
from ..spec import find_option

_VAR = re.compile(r"\$(_|\d+)")
_SECRET_WORDS = ("aws_secret_access_key", "secret_access_key", "aws_session_token", "session_token",
                 "aws_security_token", "--secret", "secret_key", "password", "passwd")
_SECRET_SET = re.compile(r"^\s*set\s+(aws_|access|secret|token|credential|key|password)", re.IGNORECASE)


@dataclass(frozen=True)
class Selection:
    """An object chosen with ``use``: its object name and identification tokens.

    ``typed`` is the ``use`` line as written when it named the object with
    ``$_``/``$N`` (so a saved session can say it the same way).
    """

    obj: str
    tokens: tuple[str, ...]
    typed: str | None = field(default=None, compare=False)

    @property
    def label(self) -> str:
        return " ".join(t for t in self.tokens if not t.startswith("-")) or " ".join(self.tokens)


def carries_credentials(line: str) -> bool:
    """True for lines that name a credential (a secret key, a token, a password)."""
    low = line.lower()
    return any(w in low for w in _SECRET_WORDS) or bool(_SECRET_SET.match(line))


def is_secret(line: str) -> bool:
    """True for lines never written to the history file or a saved script: they carry credentials, or a
    value of an option the registry marks sensitive (``ami run -V NAME=VALUE``, ``-F``, ``-U``)."""
    return carries_credentials(line) or masked(line) is not None


def masked(line: str) -> str | None:
    """``line`` with the values of its sensitive options as ``***``, or None when it gives none."""
    import shlex

    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        words = line.split()
    for i, word in enumerate(words):
        obj = registry.get_object(word)
        if obj is None:
            continue
        verb = next((v for w in words[i + 1:] if (v := obj.verb(w)) is not None), None)
        sensitive = [opt for opt in (verb.options if verb is not None else ()) if opt.sensitive]
        out, hidden, skip = words[: i + 1], False, 0
        for w in words[i + 1:]:
            if skip:
                out.append("***")
                skip -= 1
                continue
            opt, flag = next(((o, f) for o in sensitive for f in o.flags
                              if w == f or w.startswith(f + "=") or (len(f) == 2 and w.startswith(f))),
                             (None, ""))
            if opt is None:
                out.append(w)
            elif w == flag:
                out.append(w)
                hidden, skip = True, opt.arity
            else:
                out.append(flag + ("=" if w.startswith(flag + "=") else "") + "***")
                hidden = True
        return shlex.join(out) if hidden else None
    return None


def variables(ids: Sequence[str]) -> dict[str, str]:
    """``$_`` and ``$1``... for the ids of the previous line."""
    if not ids:
        return {}
    out = {"$_": ids[0]}
    out.update({f"${i}": value for i, value in enumerate(ids, start=1)})
    return out


NO_IDS = "the previous lines produced no ids"


def expand_ids(line: str, ids: Sequence[str], why: str = NO_IDS) -> str:
    """Replace ``$_``/``$N`` outside single quotes; an unknown one is a UsageError (``why``: why there are none)."""
    values = variables(ids)
    out: list[str] = []
    i, n = 0, len(line)
    quote: str | None = None
    while i < n:
        ch = line[i]
        if quote == "'":
            quote = None if ch == "'" else quote
        elif ch == "\\" and i + 1 < n:
            out.append(line[i : i + 2])
            i += 2
            continue
        elif ch in "'\"":
            quote = None if quote == ch else (ch if quote is None else quote)
        elif ch == "$":
            m = _VAR.match(line, i)
            if m:
                name = m.group(0)
                if name not in values:
                    raise UsageError(f"{name} is not set: " + (
                        why if not ids else f"only {len(ids)} id(s) are known"))
                out.append(values[name])
                i = m.end()
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def head_index(tokens: Sequence[str]) -> int:
    """Index of the first token after the leading root options (the object or command)."""
    i = 0
    while i < len(tokens) and tokens[i].startswith("-") and tokens[i] != "-":
        tok = tokens[i]
        opt = find_option(registry.ROOT_OPTIONS, tok.split("=", 1)[0] if tok.startswith("--") else tok)
        i += 1
        if opt is not None and opt.arity and "=" not in tok:
            i += opt.arity
    return i


def without_yes(line: str) -> str:
    """``line`` without a leading ``-y``/``--yes``: a saved line is confirmed again by whoever replays it."""
    import shlex

    try:
        tokens = shlex.split(line, comments=True)
    except ValueError:
        return line
    h = head_index(tokens)
    if not {"-y", "--yes"} & set(tokens[:h]):
        return line
    words = re.match(rf"\s*(?:\S+\s+){{{h}}}", line) if h else None
    try:
        if words is None or shlex.split(words.group()) != tokens[:h]:  # a quoted root value: keep it as typed
            return line
    except ValueError:  # the words cut a quoted value in two
        return line
    kept = [t for t in tokens[:h] if t not in ("-y", "--yes")]
    return " ".join([*kept, line[words.end():]]) if kept else line[words.end():]


def apply_selection(tokens: list[str], selection: Mapping[str, Selection], order: Sequence[str]) -> list[str]:
    """The line with the selected objects filled in (unchanged when nothing applies)."""
    h = head_index(tokens)
    if h >= len(tokens):
        return tokens
    head = tokens[h]
    obj = registry.get_object(head)
    if obj is not None:
        sel = selection.get(obj.name)
        if sel is None:
            return tokens
        try:
            level = parse_level(obj.options, tokens[h + 1 :], obj.name, interspersed=False)
        except UsageError:
            return tokens
        verb = obj.verb(level.rest[0]) if level.rest else None
        if level.given or level.help or verb is None or verb.target != "required":
            return tokens
        return [*tokens[: h + 1], *sel.tokens, *tokens[h + 1 :]]
    if head in {b.name for b in registry.BUILTINS} | {c.name for c in registry.ROOT_COMMANDS}:
        return tokens
    for name in order:
        sel_obj = registry.get_object(name)
        verb = sel_obj.verb(head) if sel_obj is not None else None
        if verb is not None:
            ident = list(selection[name].tokens) if verb.target != "none" else []
            return [*tokens[:h], name, *ident, *tokens[h:]]
    return tokens


def verb_owners(word: str) -> list[str]:
    """Objects having a verb called ``word`` (for a helpful error on a bare verb)."""
    return [o.name for o in registry.OBJECTS if o.verb(word) is not None]
