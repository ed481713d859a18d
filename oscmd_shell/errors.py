"""Error classes and the one table from error to exit status.

Every failure oscmd reports is an :class:`OscmdError` carrying a one-line user
message and an exit status taken from :class:`Exit`.  Parsers, handlers and
helpers raise these; only the entry point turns them into a process status, and
the interactive shell prints them and goes on.  The message and the hint pass
through :func:`~oscmd_shell.redact.redact` when the error is made, so no error
can show a credential.  This module imports nothing heavy, so it is safe on the
``oscmd -h`` path.
"""

from __future__ import annotations

import enum

from .redact import redact


class Exit(enum.IntEnum):
    """Documented exit statuses (see the README's exit-code table)."""

    OK = 0
    NOT_FOUND = 1  # object not found, ambiguous name, `exist` false
    USAGE = 2  # bad command line, script syntax, bad input file
    API = 3  # the EC2 API (or a remote step) refused or failed
    REFUSED = 4  # a destructive verb was not confirmed
    CONNECTION = 5  # endpoint unreachable, timeout, TLS, credentials
    OUTPUT = 6  # standard output could not be written (closed, full, I/O error)
    INTERRUPTED = 130  # Ctrl-C
    BROKEN_PIPE = 141  # the reader of standard output went away (128 + SIGPIPE); silent


class OscmdError(Exception):
    """Base of every error shown to the user as one line."""

    exit = Exit.API

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.hint = redact(hint) if hint is not None else None

    def __str__(self) -> str:
        return self.message


class UsageError(OscmdError):
    """The command line, a script line or an input file is malformed."""

    exit = Exit.USAGE


class NotFound(OscmdError):
    """The object named by -i/-n/-s does not exist."""

    exit = Exit.NOT_FOUND


class Ambiguous(NotFound):
    """A name matched several objects; the message lists them."""


class ApiError(OscmdError):
    """EC2 answered with an error, or a multi-step operation failed."""

    exit = Exit.API

    def __init__(self, message: str, *, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.code = code


class Refused(OscmdError):
    """A destructive verb was not confirmed (no terminal and no --yes, or 'no')."""

    exit = Exit.REFUSED


class ConnectionFailure(OscmdError):
    """The endpoint could not be reached, timed out, or rejected the credentials."""

    exit = Exit.CONNECTION


class CredentialsError(ConnectionFailure):
    """No usable credentials were found, or they were rejected."""


class Interrupted(OscmdError):
    """The user pressed Ctrl-C; the message says what was done."""

    exit = Exit.INTERRUPTED


class OutputFailure(OscmdError):
    """Standard output cannot be written: closed, full, or an I/O error."""

    exit = Exit.OUTPUT


class OutputClosed(OutputFailure):
    """The reader of standard output went away (a closed pipe): stop quietly."""

    exit = Exit.BROKEN_PIPE


class NotAvailable(OscmdError):
    """A verb or feature this build or this cloud does not provide."""

    exit = Exit.API
