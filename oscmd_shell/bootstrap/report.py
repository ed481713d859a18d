"""How the decoder reports: one line per action on standard output, refusals and failures on standard error.

Every line is printed as it happens and flushed (the post-install streams it),
with unprintable characters shown as ``?`` so that nothing a bundle names can
move the cursor or forge another line.  Failures are counted: one or more make
the run end with status 1.  Standard library only.
"""

import sys
from typing import TextIO


class Reporter:
    """Prints actions, warnings and failures, and counts the failures."""

    def __init__(self, out: "TextIO | None" = None, err: "TextIO | None" = None) -> None:
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        self.failures = 0

    def say(self, stream: "TextIO", text: "str") -> None:
        """Print one line of ``text`` on ``stream``, unprintable characters shown as ``?``."""
        line = "".join(c if c.isprintable() or c == "\t" else "?" for c in text) + "\n"
        try:
            stream.write(line)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(line.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()

    def action(self, text: "str") -> None:
        """Report one action (standard output)."""
        self.say(self.out, text)

    def warn(self, text: "str") -> None:
        """Report something skipped that does not make the run fail (standard error)."""
        self.say(self.err, "warning: " + text)

    def fail(self, text: "str") -> None:
        """Report a refused or failed action (standard error); the run will end with status 1."""
        self.failures += 1
        self.say(self.err, text)
