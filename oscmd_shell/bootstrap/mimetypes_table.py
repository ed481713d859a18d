"""The one explicit table from a file name and its first bytes to a MIME content type.

The launcher (``ami run -r``), the ``encode`` verb and the decoder (for included
URLs served without a type) all type their parts here, so the result never
depends on the host's ``/etc/mime.types``.  The extension decides first; a name
without a known extension is typed from its opening bytes, as cloud-init does.
Standard library only: this package is copied alone to bare instances.
"""

import zlib

GZIP_MAGIC = b"\x1f\x8b"

#: Extension (lower case, with the dot) -> content type.  ``.sh`` is special:
#: see :func:`content_type_for`.
EXTENSION_TYPES: "dict[str, str]" = {
    ".py": "text/x-python",
    ".rpm": "application/x-rpm",
    ".mime": "message/rfc822",
    ".eml": "message/rfc822",
    ".yaml": "application/facter-yaml",
    ".yml": "application/facter-yaml",
    ".pkgs": "text/x-packagelist",
    ".packages": "text/x-packagelist",
    ".txt": "text/plain",
}

#: Opening bytes -> content type, longest prefixes first so that
#: ``#include-once`` is not taken for ``#include``.
PREFIX_TYPES = (
    (b"#cloud-config-archive", "text/cloud-config-archive"),
    (b"#cloud-boothook", "text/cloud-boothook"),
    (b"#cloud-config", "text/cloud-config"),
    (b"#include-once", "text/x-include-once-url"),
    (b"#include", "text/x-include-url"),
    (b"#upstart-job", "text/upstart-job"),
    (b"#part-handler", "text/part-handler"),
    (b"#!", "text/x-executable"),
    (b"Content-Type: multipart/mixed", "multipart/mixed"),
    (b"---\n", "text/x-yaml"),
)

#: Type of anything neither the extension nor the opening bytes identify.
DEFAULT_TYPE = "application/octet-stream"

#: Types whose part is a whole MIME entity, embedded raw so the decoder descends into it.
CONTAINER_TYPES = ("message/rfc822", "multipart/")

#: The types cloud-init acts on by itself at boot (it runs ``text/x-shellscript``,
#: fetches the include types, and reads ``text/plain`` by its opening bytes, so a
#: plain file starting ``#!`` would run), and the oscmd-only types sent instead
#: so that cloud-init leaves these parts to ``oscmd-init``.  The decoder reads
#: both spellings: bundles made before the oscmd types still decode.
WIRE_TYPES: "dict[str, str]" = {
    "text/x-shellscript": "text/x-oscmd-shellscript",
    "text/x-include-url": "text/x-oscmd-include-url",
    "text/x-include-once-url": "text/x-oscmd-include-once-url",
    "text/plain": "text/x-oscmd-plain",
}
_FROM_WIRE = {wire: plain for plain, wire in WIRE_TYPES.items()}


def _extension(name: "str") -> "str":
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.lstrip("."):
        return ""
    return "." + base.rsplit(".", 1)[1].lower()


def _head(data: "bytes", size: "int" = 64) -> "bytes":
    """The first bytes of ``data``, looking through one layer of gzip."""
    if not data.startswith(GZIP_MAGIC):
        return data[:size]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, size)
    except zlib.error:
        return data[:size]


def sniff_type(data: "bytes", default: "str" = DEFAULT_TYPE) -> "str":
    """The content type told by the opening bytes of ``data``, else ``default``."""
    head = _head(data)
    for prefix, content_type in PREFIX_TYPES:
        if head.startswith(prefix):
            return content_type
    return default


def content_type_for(name: "str", data: "bytes", default: "str" = DEFAULT_TYPE) -> "str":
    """The content type of a file called ``name`` holding ``data``.

    The extension wins when the table knows it (a trailing ``.gz`` is looked
    through: ``motd.txt.gz`` is ``text/plain``).  A ``.sh`` file is
    ``text/x-executable`` when it starts with ``#!`` (it is executed directly,
    by its interpreter line) and ``text/x-shellscript`` otherwise (it is fed to
    ``/bin/sh``).  Other names are typed from their opening bytes, and
    ``default`` is returned when nothing matches.
    """
    inner = name[:-3] if name.lower().endswith(".gz") else name
    ext = _extension(inner)
    if ext == ".sh":
        return "text/x-executable" if _head(data).startswith(b"#!") else "text/x-shellscript"
    if ext in EXTENSION_TYPES:
        return EXTENSION_TYPES[ext]
    return sniff_type(data, default)


def content_encoding_for(data: "bytes") -> "str | None":
    """``"gzip"`` when ``data`` is gzip-compressed, else None."""
    return "gzip" if data.startswith(GZIP_MAGIC) else None


def is_container(content_type: "str") -> "bool":
    """True for the types embedded as a nested MIME entity (``message/rfc822``, ``multipart/*``)."""
    lowered = content_type.lower()
    return any(lowered.startswith(prefix) for prefix in CONTAINER_TYPES)


def wire_type(content_type: "str") -> "str":
    """The type a part of ``content_type`` is sent as (see :data:`WIRE_TYPES`)."""
    return WIRE_TYPES.get(content_type.lower(), content_type)


def plain_type(content_type: "str") -> "str":
    """The type the decoder acts on for a part sent as ``content_type`` (either spelling)."""
    lowered = content_type.lower()
    return _FROM_WIRE.get(lowered, lowered)


def is_text(content_type: "str") -> "bool":
    """True for the types sent as a readable text part rather than base64."""
    return content_type.lower().startswith("text/")
