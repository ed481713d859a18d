"""The decoder's resource limits: bytes decoded, containers nested, includes fetched.

A user-data bundle is at most 16 KB compressed, yet gzip and nesting can make
it ask for gigabytes of memory or a recursion the interpreter cannot follow.
Every size is therefore counted as it is decoded: one document is at most
:data:`MAX_TOTAL_BYTES` once decompressed, one part (after base64 and gzip)
at most :data:`MAX_PART_BYTES`, and all the parts one run decodes (included
URLs' among them) at most :data:`MAX_TOTAL_BYTES` together; a gzip stream is
decompressed only up to its allowance, never whole and then measured.
Containers nest at most :data:`MAX_NESTING` deep and one run fetches at most
:data:`MAX_INCLUDES` include URLs.  A document holds at most :data:`MAX_LINES`
lines and :data:`MAX_PARTS` parts, a part at most :data:`MAX_HEADERS` headers
of at most :data:`MAX_HEADER_BYTES` bytes and :data:`MAX_PARAMETERS`
parameters each, and a run carries out at most :data:`MAX_PARTS` leaves, so
neither memory nor time grows past a bound whatever the headers say.
Standard library only.
"""

import zlib
from email.message import Message

MIB = 1024 * 1024
#: The most bytes one part may hold once decoded and decompressed.
MAX_PART_BYTES = 8 * MIB
#: The most bytes one document holds once decompressed, and all the parts of one run together.
MAX_TOTAL_BYTES = 32 * MIB
#: The most containers (multipart/*, message/rfc822) nested inside one another.
MAX_NESTING = 16
#: The most include URLs one run fetches (whatever their nesting).
MAX_INCLUDES = 32
#: The most parts (containers included) one document holds, and leaves one run carries out.
MAX_PARTS = 1000
#: The most lines one document holds (32 MiB of base64 is 450,000 lines): bounds the parser's memory.
MAX_LINES = 500_000
#: The most headers one part has, the most bytes one header holds (folded lines included), and the most
#: ``;`` in one (the standard library reads parameters in a time that grows with their square).
MAX_HEADERS = 100
MAX_HEADER_BYTES = 8 * 1024
MAX_PARAMETERS = 32


class LimitError(ValueError):
    """Data would go over one of the limits; the message says which."""


def size_text(size: "int") -> "str":
    """``size`` bytes as people read it (``8 MiB``, ``512 KiB``, ``100 bytes``)."""
    if size >= MIB and size % MIB == 0:
        return f"{size // MIB} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"


def gunzip(data: "bytes", limit: "int" = MAX_PART_BYTES) -> "bytes":
    """``data`` (one or more gzip members) decompressed, never past ``limit`` bytes.

    Raises :class:`LimitError` when the output would be longer than ``limit``
    and :class:`ValueError` when ``data`` is not valid gzip.
    """
    out = []
    size = 0
    rest = data
    while True:
        stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            chunk = stream.decompress(rest, limit - size + 1)
        except zlib.error as exc:
            raise ValueError(f"invalid gzip data: {exc}") from None
        size += len(chunk)
        if size > limit:
            raise LimitError(f"more than {size_text(limit)} once decompressed")
        out.append(chunk)
        if not stream.eof:
            raise ValueError("invalid gzip data: the stream is truncated")
        rest = stream.unused_data.lstrip(b"\0")  # gzip files may be padded with zeros
        if not rest:
            return b"".join(out)


class Budget:
    """What is left of the bytes one run may decode."""

    def __init__(self, total: "int" = MAX_TOTAL_BYTES) -> None:
        self.total = total
        self.left = total

    def allowance(self) -> "int":
        """The most bytes the next part may hold."""
        return max(0, min(MAX_PART_BYTES, self.left))

    def gunzip(self, data: "bytes") -> "bytes":
        """``data`` decompressed within the allowance (not yet counted: see :meth:`take`)."""
        limit = self.allowance()
        try:
            return gunzip(data, limit)
        except LimitError:
            if limit < MAX_PART_BYTES:
                raise LimitError(f"more than {size_text(self.total)} decoded in one run") from None
            raise

    def take(self, size: "int", what: "str") -> None:
        """Count ``size`` bytes decoded for ``what``; raises :class:`LimitError` past a limit."""
        if size > MAX_PART_BYTES:
            raise LimitError(f"{what}: more than {size_text(MAX_PART_BYTES)} in one part")
        if size > self.left:
            raise LimitError(f"{what}: more than {size_text(self.total)} decoded in one run")
        self.left -= size


def nesting(message: "Message") -> "int":
    """How many containers are nested in ``message``, itself included (0 for a leaf); no recursion."""
    deepest = 0
    stack = [(message, 0)]
    while stack:
        part, level = stack.pop()
        payload = part.get_payload()
        if isinstance(payload, list):
            level += 1
            deepest = max(deepest, level)
            if level > MAX_NESTING:
                return level
            stack.extend((sub, level) for sub in payload if isinstance(sub, Message))
    return deepest


def walk(message: "Message") -> "list[Message]":
    """Every part of ``message`` in document order, itself first; no recursion (unlike ``Message.walk``)."""
    found = []
    stack = [message]
    while stack:
        part = stack.pop()
        found.append(part)
        payload = part.get_payload()
        if isinstance(payload, list):
            stack.extend(reversed([sub for sub in payload if isinstance(sub, Message)]))
    return found
