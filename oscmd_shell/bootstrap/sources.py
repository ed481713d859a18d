"""Read the decoder's inputs and turn each into one checked MIME tree.

An input is a file (``-`` is standard input), the body of a ``-u`` URL (see
:mod:`.fetch`) or the instance user data.  Gzip input is decompressed and
base64 input decoded before parsing, never past the run's limit (see
:mod:`.limits`); a document that is not MIME, that nests containers too
deep, or whose multipart structure is broken or truncated, is refused with
one line naming the input.  Standard library only.
"""

import base64
import binascii
import os
import re
import sys
from email.errors import CloseBoundaryNotFoundDefect, NoBoundaryInMultipartDefect, StartBoundaryNotFoundDefect
from email.message import Message

from .limits import MAX_TOTAL_BYTES, size_text, walk
from .mimeparts import PartError, gunzip_bytes, is_transfer_encoded, parse_document
from .mimetypes_table import GZIP_MAGIC

_BASE64_RE = re.compile(rb"^[A-Za-z0-9+/=\s]+$")
_BROKEN = (NoBoundaryInMultipartDefect, StartBoundaryNotFoundDefect, CloseBoundaryNotFoundDefect)


class InputError(Exception):
    """An input cannot be read or is not a usable MIME document; the message is one line."""


def read_file(path: "str", limit: "int" = MAX_TOTAL_BYTES) -> "bytes":
    """The bytes of ``path`` (``-`` reads standard input), refused past ``limit`` bytes."""
    try:
        if path == "-":
            data = bytes(sys.stdin.buffer.read(limit + 1))
        else:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{path}: more than {size_text(limit)}")
    return data


def _gunzip(origin: "str", data: "bytes", limit: "int") -> "bytes":
    try:
        return gunzip_bytes(data, limit)
    except PartError as exc:
        raise InputError(f"{origin}: {exc}") from None


def unwrap(data: "bytes", origin: "str", limit: "int" = MAX_TOTAL_BYTES) -> "bytes":
    """``data`` with gzip compression and base64 encoding undone (either, both, or neither)."""
    if data.startswith(GZIP_MAGIC):
        return _gunzip(origin, data, limit)
    stripped = data.strip()
    if stripped and _BASE64_RE.match(stripped):
        try:
            decoded = base64.b64decode(b"".join(stripped.split()), validate=True)
        except (binascii.Error, ValueError):
            return data
        if decoded.startswith(GZIP_MAGIC):
            return _gunzip(origin, decoded, limit)
        return decoded
    return data


def load_document(data: "bytes", origin: "str") -> "Message":
    """``data`` unwrapped and parsed; raises :class:`InputError` when it is not a sound MIME tree.

    A document is at most :data:`~.limits.MAX_TOTAL_BYTES` once decompressed.
    """
    if not data.strip():
        raise InputError(f"{origin}: empty input")
    try:
        message = parse_document(unwrap(data, origin, MAX_TOTAL_BYTES))
    except PartError as exc:
        raise InputError(f"{origin}: {exc}") from None
    check_tree(message, origin)
    return message


def check_tree(message: "Message", origin: "str") -> None:
    """Refuse a tree with a multipart whose boundary is missing, never opened or never closed."""
    for part in walk(message):
        if is_transfer_encoded(part):
            continue  # an encoded container is decoded and checked when it is reached
        for defect in part.defects:
            if isinstance(defect, _BROKEN):
                raise InputError(
                    f"{origin}: malformed MIME document ({_defect_text(defect)} in a {part.get_content_type()} part)"
                )


def _defect_text(defect: "object") -> "str":
    if isinstance(defect, NoBoundaryInMultipartDefect):
        return "no boundary"
    if isinstance(defect, StartBoundaryNotFoundDefect):
        return "the boundary never starts"
    return "the closing boundary is missing, the document is truncated"


def display_origin(path: "str") -> "str":
    """How an input path is named in messages."""
    return "stdin" if path == "-" else os.path.normpath(path)
