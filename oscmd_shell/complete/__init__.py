"""Completion: a pure engine (tolerant parser + completer chain) and a thin prompt_toolkit adapter.

``complete(before, sources, after)`` returns candidates for the word at the
cursor; it imports no terminal library.  :mod:`.adapter` wraps it for
prompt_toolkit and is imported only by the shell.
"""

from .engine import complete, words
from .model import Candidate, Request, Sources

__all__ = ["Candidate", "Request", "Sources", "complete", "words"]
