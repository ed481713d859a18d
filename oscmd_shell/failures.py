"""The last word on an exception no handler expected: one line and a documented status, never a traceback.

botocore's exceptions become the oscmd error they mean (:mod:`.aws.errors`);
anything else is an internal error (exit 3) that says ``--debug`` shows more.
With ``--debug`` the traceback is written first, as Python would print it,
credentials redacted and control characters escaped (the exception may carry
the endpoint's text).  Both the command dispatcher and the process's top-level
handler end here.
"""

from __future__ import annotations

from typing import TextIO

from .errors import Exit
from .output.results import Outcome


def unexpected(exc: BaseException, debug: bool, stderr: TextIO) -> Outcome:
    """The outcome of ``exc``; with ``debug``, its redacted traceback goes to ``stderr`` first."""
    from .aws.errors import translate

    translated = translate(exc)
    if debug:
        import traceback

        from .output.terminal import block
        from .redact import redact

        # the exception's text may be the endpoint's (an error message): shown inert like any other
        stderr.write(block(redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))))
    if translated is not None:
        return Outcome(translated.exit, translated.message, hint=translated.hint)
    return Outcome(Exit.API, f"internal error: {exc.__class__.__name__}: {exc}"
                   + ("" if debug else " (run with --debug for details)"))
