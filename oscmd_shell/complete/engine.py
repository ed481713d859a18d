"""The pure completion engine: parse the line once, then ask a chain of small completers.

:func:`complete` takes the text before (and after) the cursor and a
:class:`Sources` (where live and local values come from: the current cache
snapshot, the selection, ``$_``...) and returns :class:`Candidate` objects:
the text to insert, how many characters before the cursor it replaces, what
the menu shows and a one-line description (or a note with no text, such as
``loading instances…`` while the cache fetches that kind).  No terminal library, no network,
no boto3: a keystroke costs a tokenize, an analysis and a few bisections.
A value holding a control, separator or bidi character (a hostile Name in the
cache) is never offered: it could not be typed back faithfully, and inserting
it would put that character on the terminal.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from ..output.terminal import is_clean
from ..spec import Verb
from .model import Candidate, Completer, Request, Sources
from .parser import Analysis, analyse
from .structure import structure
from .tokens import tokenize
from .values import files, fleet, live, resources, static, variables

CHAIN: tuple[Completer, ...] = (structure, static, files, resources, live, fleet, variables)


_UNSAFE = re.compile(r"[^\w@%+=:,./~-]")


def quote(value: str, opened: str | None) -> str:
    """``value`` as it must be typed: quoted when needed, in the quote the user opened."""
    keep_open = value.endswith("/")
    if opened in ("'", '"'):
        if opened not in value and "\\" not in value and (opened == "'" or not any(c in value for c in "$`")):
            return opened + value + ("" if keep_open else opened)
        return shlex.quote(value)
    if value and not _UNSAFE.search(value):
        return value
    if keep_open:
        return "'" + value.replace("'", "'\\''")
    return shlex.quote(value)


def _verb_after(before: str, after: str, analysis: Analysis, selected: Sequence[str]) -> Verb | None:
    """The verb typed after the cursor (``instance -n | start``), for scoping live values."""
    if analysis.verb is not None or analysis.obj is None or not after.strip():
        return None
    cur = analysis.current
    parts = after.split(None, 1)
    rest = after if after[:1].isspace() or not cur.length else (parts[1] if len(parts) > 1 else "")
    filler = (cur.open_quote or "") if cur.length else "x"
    whole = analyse(before + filler + " " + rest + " ", selected)
    if whole.obj is analysis.obj:
        return whole.verb
    return None


def complete(before: str, sources: Sources | None = None, after: str = "") -> list[Candidate]:
    """Candidates for the word ending at the cursor (``before`` is the line up to it)."""
    sources = sources or Sources()
    split = tokenize(before)
    analysis = analyse(before, sources.selected, split)
    if analysis.where in ("comment", "shell"):
        return []
    request = Request(analysis, sources, _verb_after(before, after, analysis, sources.selected))
    cur = analysis.current
    replaced = cur.length - len(analysis.inline)
    opened = cur.first_quote if not analysis.inline else None
    seen: set[str] = set()
    out: list[Candidate] = []
    for completer in CHAIN:
        for cand in completer(request):
            if cand.note:
                out.append(Candidate("", cand.display, cand.meta, 0, cand.verbatim, True))
                continue
            if cand.text in seen or not is_clean(cand.text):
                continue
            seen.add(cand.text)
            text = cand.text if cand.verbatim else quote(cand.text, opened)
            out.append(Candidate(text, cand.display or cand.text, cand.meta, -replaced, cand.verbatim))
    return out


def words(before: str, sources: Sources | None = None, after: str = "") -> list[str]:
    """Only the texts of :func:`complete` (for tests and simple callers)."""
    return [c.text for c in complete(before, sources, after)]
