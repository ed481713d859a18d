"""Build MIME parts and multipart documents in the one shape the decoder reads.

Both the launcher's user-data builder and the ``encode`` verb make their parts
here: readable text types become 7bit/8bit text parts, other types are base64,
and whole MIME documents (``.mime`` files, ``multipart/*`` content) are embedded
raw as ``message/rfc822`` so the decoder descends into them.  Types cloud-init
would act on are sent under their oscmd spelling (see
:data:`~.mimetypes_table.WIRE_TYPES`), nested documents included.  Documents are
written with ``\\n`` line ends and no ``>From`` mangling, and are byte-for-byte
reproducible when the boundary is given.  Standard library only.
"""

import gzip
import io
import re
from collections.abc import Iterable
from email import encoders
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.parser import BytesParser
from email.policy import compat32
from typing import Any

from .limits import (
    MAX_HEADER_BYTES,
    MAX_HEADERS,
    MAX_LINES,
    MAX_NESTING,
    MAX_PARAMETERS,
    MAX_PART_BYTES,
    MAX_PARTS,
    LimitError,
    gunzip,
    nesting,
    walk,
)
from .mimetypes_table import GZIP_MAGIC, is_container, is_text, wire_type

POLICY = compat32.clone(linesep="\n")

_TYPE_RE = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$")
_HEADER_NAME_RE = re.compile(r"^[!-9;-~]+$")


class PartError(ValueError):
    """A part cannot be built: empty content, a malformed type or header, a bad nested document."""


def gzip_bytes(data: "bytes") -> "bytes":
    """``data`` gzip-compressed at level 9 with a zero timestamp (reproducible output)."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(data)
    return buf.getvalue()


def gunzip_bytes(data: "bytes", limit: "int" = MAX_PART_BYTES) -> "bytes":
    """``data`` decompressed, at most ``limit`` bytes; raises :class:`PartError` for bad or oversize gzip."""
    try:
        return gunzip(data, limit)
    except ValueError as exc:
        raise PartError(str(exc)) from None


def parse_document(data: "bytes") -> "Message":
    """Parse ``data`` as one MIME entity.

    Raises :class:`PartError` when it has no Content-Type, nests more than
    :data:`~.limits.MAX_NESTING` containers (the parser's own recursion limit
    included: a deeper document is refused, never half read), or goes over the
    limits on lines, parts and headers (:mod:`.limits`).  Header values read
    back as ``str`` always, even when the document carries raw 8-bit bytes.
    """
    if data.count(b"\n") > MAX_LINES:
        raise PartError(f"more than {MAX_LINES:,} lines")
    try:
        message = BytesParser(_class=_bounded_message(), policy=POLICY).parsebytes(data)
    except RecursionError:
        raise PartError(f"containers nested more than {MAX_NESTING} deep") from None
    except LimitError as exc:
        raise PartError(str(exc)) from None
    if message.get("Content-Type") is None:
        raise PartError("not a MIME document (no Content-Type header)")
    if nesting(message) > MAX_NESTING:
        raise PartError(f"containers nested more than {MAX_NESTING} deep")
    return message


def _bounded_message() -> "type[Message]":
    """A message class for one parse: it counts the parts made and checks each header as it is read."""
    made = [0]

    class Bounded(Message):
        def __init__(self, policy: "object" = POLICY) -> None:
            made[0] += 1
            if made[0] > MAX_PARTS:
                raise LimitError(f"more than {MAX_PARTS} parts in one document")
            super().__init__(policy)  # type: ignore[arg-type]
            self._read = 0

        def set_raw(self, name: "str", value: "str") -> None:
            self._read += 1
            if self._read > MAX_HEADERS:
                raise LimitError(f"a part has more than {MAX_HEADERS} headers")
            if len(name) + len(value) > MAX_HEADER_BYTES:
                raise LimitError(f"header {name[:40]!r} is longer than {MAX_HEADER_BYTES // 1024} KiB")
            if value.count(";") > MAX_PARAMETERS:
                raise LimitError(f"header {name[:40]!r} has more than {MAX_PARAMETERS} parameters")
            super().set_raw(name, value)

        def get(self, name: "str", failobj: "Any" = None) -> "Any":
            value = super().get(name, failobj)
            return str(value) if isinstance(value, Header) else value  # raw 8-bit bytes: a str all the same

        def __getitem__(self, name: "str") -> "Any":
            return self.get(name)

    return Bounded


def is_transfer_encoded(part: "Message") -> "bool":
    """True when ``part`` is sent base64 or quoted-printable (its body must be decoded to be read)."""
    encoding = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    return encoding in ("base64", "quoted-printable")


def check_type(content_type: "str") -> "str":
    """``content_type`` lower-cased, after checking it reads ``type/subtype``."""
    if not _TYPE_RE.match(content_type):
        raise PartError(f"invalid content type: {content_type!r}")
    return content_type.lower()


def make_part(
    content_type: "str",
    data: "bytes",
    filename: "str | None" = None,
    description: "str | None" = None,
    encoding: "str | None" = None,
    headers: "Iterable[tuple[str, str]]" = (),
) -> "Message":
    """One MIME part holding ``data``.

    ``filename`` adds ``Content-Disposition: attachment; filename=...`` (the
    decoder extracts such parts there); ``description`` adds a
    ``Content-Description`` (the name the decoder prints); ``encoding`` adds a
    ``Content-Encoding`` (``gzip``: the decoder decompresses the payload);
    ``headers`` adds more headers such as ``X-Mode``, ``X-Owner`` and
    ``X-overwrite``.
    """
    content_type = check_type(content_type)
    if not data:
        raise PartError("empty part")
    part: Message
    if is_container(content_type):
        if data.startswith(GZIP_MAGIC):
            data = gunzip_bytes(data)
            encoding = None
        inner = parse_document(data)
        for leaf in walk(inner):
            _retype_for_wire(leaf)
        part = MIMEMessage(inner)
    else:
        text = None
        if is_text(content_type) and encoding is None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        content_type = wire_type(content_type)
        maintype, subtype = content_type.split("/", 1)
        if text is not None:
            part = _text_part(content_type, data)
        else:
            part = MIMEBase(maintype, subtype)
            part.set_payload(data)
            encoders.encode_base64(part)
    del part["MIME-Version"]
    if filename:
        part.add_header("Content-Disposition", "attachment", filename=filename)
    if description:
        _add_header(part, "Content-Description", description)
    if encoding:
        _add_header(part, "Content-Encoding", encoding)
    for name, value in headers:
        _add_header(part, name, value)
    return part


def _retype_for_wire(part: "Message") -> None:
    """Give a nested leaf part its oscmd type when cloud-init would act on its own one."""
    current = part.get_content_type()
    wanted = wire_type(current)
    if part.is_multipart() or wanted == current:
        return
    had_version = part.get("MIME-Version") is not None
    part.set_type(wanted)  # also (re)writes MIME-Version
    if not had_version:
        del part["MIME-Version"]


def _text_part(content_type: "str", data: "bytes") -> "Message":
    """A text part carrying ``data`` (valid UTF-8) unencoded: 7bit when ASCII, else 8bit."""
    part = Message()
    ascii_only = _is_ascii(data)
    part["Content-Type"] = content_type
    part.set_param("charset", "us-ascii" if ascii_only else "utf-8")
    part["Content-Transfer-Encoding"] = "7bit" if ascii_only else "8bit"
    part.set_payload(data.decode("ascii", "surrogateescape"))
    return part


def _is_ascii(data: "bytes") -> "bool":
    try:
        data.decode("ascii")
    except UnicodeDecodeError:
        return False
    return True


def _add_header(part: "Message", name: "str", value: "str") -> None:
    if not _HEADER_NAME_RE.match(name):
        raise PartError(f"invalid header name: {name!r}")
    if "\n" in value or "\r" in value:
        raise PartError(f"header {name} holds a line break")
    part[name] = value


def serialize(message: "Message") -> "bytes":
    """The bytes of ``message``, ``\\n`` line ends, no ``>From`` mangling."""
    buf = io.BytesIO()
    BytesGenerator(buf, mangle_from_=False, policy=POLICY).flatten(message)
    return buf.getvalue()


def build_document(parts: "Iterable[Message]", boundary: "str | None" = None) -> "bytes":
    """One ``multipart/mixed`` document (``MIME-Version: 1.0``) holding ``parts`` in order.

    Without ``boundary`` a random one that occurs in no part is chosen.  A given
    boundary that a part happens to contain raises :class:`PartError`.
    """
    document = MIMEMultipart("mixed", boundary=boundary)
    count = 0
    for part in parts:
        document.attach(part)
        count += 1
    data = serialize(document)
    if boundary is not None:
        delimiter = b"--" + boundary.encode("ascii")
        lines = sum(1 for line in data.split(b"\n") if line.startswith(delimiter))
        if lines != count + 1:
            raise PartError(f"the boundary {boundary!r} occurs inside a part")
    return data
