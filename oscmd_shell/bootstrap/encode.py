"""Build a ``.mime`` document (a resource for ``ami run -r``, or packed user data) from files and entries.

Files come from ``-f PATH[;content/type]`` and from ``-y`` entry lists; each
becomes one part typed by the shared explicit table.  An entry list is JSON (a
list of objects) or a small YAML subset, read here because the standard
library has no YAML parser:

* an optional ``---`` line, ``#`` comment lines and blank lines;
* a list of flat mappings: ``- key: value`` opens an entry and ``  key: value``
  lines at the same indentation as the first key continue it;
* values are plain text (a `` #`` starts a comment), ``'single'`` or
  ``"double"`` quoted strings (with ``\\n``, ``\\t``, ``\\"``, ``\\\\`` escapes),
  or ``|``, ``|-`` and ``|+`` literal blocks indented under their key.

Every value stays a string (``X-Mode: 0640`` is the text ``0640``).  Entry keys:
``source`` (a file to read) or ``content`` (inline text), ``file_name`` (the
extraction path, ``source`` by default), ``Content-Type``,
``Content-Encoding`` (``gzip``: content not yet compressed is compressed) and
any ``X-...`` header such as ``X-Mode``, ``X-Owner`` and ``X-overwrite``.
A file others may not read here (``-f`` or ``source``) is sent with its own
``X-Mode`` (``0600``...) unless one is given, so it stays private there.
Standard library only.
"""

import base64
import json
import os
import re
import stat
from email.message import Message

from .mimeparts import PartError, build_document, gzip_bytes, make_part
from .mimetypes_table import GZIP_MAGIC, content_type_for

_TYPE_SUFFIX_RE = re.compile(r";\s*([A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+)\s*$")
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s+(.*))?$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", '"': '"', "\\": "\\", "/": "/", " ": " "}
_KNOWN_KEYS = {
    "source": "source",
    "content": "content",
    "file_name": "file_name",
    "content-type": "Content-Type",
    "content-encoding": "Content-Encoding",
}


class EncodeError(Exception):
    """An input of ``encode`` cannot be read or is malformed; the message is one line."""


def split_type(spec: "str") -> "tuple[str, str | None]":
    """``PATH;content/type`` split into (PATH, type); (spec, None) without a type suffix."""
    match = _TYPE_SUFFIX_RE.search(spec)
    if match is None:
        return spec, None
    return spec[: match.start()], match.group(1).lower()


def default_type(data: "bytes") -> "str":
    """What ``encode`` calls an untyped file: ``text/plain`` if it is UTF-8 text, else binary."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def _read(path: "str") -> "bytes":
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise EncodeError(f"{path}: {exc.strerror or exc}") from None


def private_mode(path: "str") -> "list[tuple[str, str]]":
    """``X-Mode`` for a local file others may not read (``0600``, ``0400``...), so it stays private on the
    instance, where a file part without one is written 0644; nothing for any other file."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) & 0o777
    except OSError:
        return []
    return [("X-Mode", f"{mode:04o}")] if mode & 0o044 != 0o044 else []


def file_part(spec: "str") -> "tuple[Message, str]":
    """The part for ``-f PATH[;type]`` (extracted to PATH as given) and its diagnostic line."""
    path, content_type = split_type(spec)
    data = _read(path)
    content_type = content_type or content_type_for(path, data, default_type(data))
    try:
        part = make_part(content_type, data, filename=path, headers=private_mode(path))
    except PartError as exc:
        raise EncodeError(f"{path}: {exc}") from None
    return part, f"{path} {content_type}"


def entry_part(entry: "dict[str, str]", number: "int") -> "tuple[Message, str]":
    """The part for one ``-y`` entry (see the module text) and its diagnostic line."""
    where = f"entry {number}"
    fields: dict[str, str] = {}
    headers = []
    for key, value in entry.items():
        canonical = _KNOWN_KEYS.get(key.lower())
        if canonical is not None:
            fields[canonical] = value
        elif key.lower().startswith("x-"):
            headers.append((key, value))
        else:
            raise EncodeError(f"{where}: unknown key {key!r}")
    if ("source" in fields) == ("content" in fields):
        raise EncodeError(f"{where}: give either source or content")
    source = fields.get("source")
    data = _read(source) if source is not None else fields["content"].encode("utf-8")
    file_name = fields.get("file_name", source)
    encoding = (fields.get("Content-Encoding") or "").strip().lower() or None
    if encoding not in (None, "gzip"):
        raise EncodeError(f"{where}: unsupported Content-Encoding {encoding!r} (only gzip)")
    content_type = fields.get("Content-Type") or content_type_for(file_name or "", data, default_type(data))
    if encoding == "gzip" and not data.startswith(GZIP_MAGIC):
        data = gzip_bytes(data)
    if source is not None and not any(name.lower() == "x-mode" for name, _value in headers):
        headers += private_mode(source)
    try:
        part = make_part(content_type, data, filename=file_name, encoding=encoding, headers=headers)
    except PartError as exc:
        raise EncodeError(f"{where}: {exc}") from None
    return part, "{} {} {}".format(file_name or "-", content_type, encoding or "").rstrip()


def load_entries(path: "str") -> "list[dict[str, str]]":
    """The entries of a ``-y`` file, JSON or the YAML subset."""
    try:
        text = _read(path).decode("utf-8")
    except UnicodeDecodeError:
        raise EncodeError(f"{path}: not UTF-8 text") from None
    try:
        if text.lstrip().startswith("["):
            return _from_json(text)
        return parse_entries(text)
    except EncodeError as exc:
        raise EncodeError(f"{path}: {exc}") from None


def _from_json(text: "str") -> "list[dict[str, str]]":
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise EncodeError(f"invalid JSON: {exc}") from None
    if not isinstance(data, list):
        raise EncodeError("expected a list of entries")
    entries = []
    for number, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise EncodeError(f"entry {number}: expected an object")
        entry = {}
        for key, value in item.items():
            if value is None:
                continue
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, (int, float)):
                value = str(value)
            elif not isinstance(value, str):
                raise EncodeError(f"entry {number}: {key} must be a string")
            entry[str(key)] = value
        entries.append(entry)
    return entries


def parse_entries(text: "str") -> "list[dict[str, str]]":
    """Parse the YAML subset described in the module text into a list of entries."""
    lines = text.splitlines()
    entries: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    key_column = -1
    index = 0
    while index < len(lines):
        raw = lines[index]
        number = index + 1
        index += 1
        stripped = raw.strip()
        if raw.rstrip() == "...":
            break
        if not stripped or stripped.startswith("#") or (raw.rstrip() == "---" and not entries):
            continue
        if stripped == "[]" and not entries:
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise EncodeError(f"line {number}: tabs cannot indent YAML")
        column = len(raw) - len(raw.lstrip(" "))
        body = raw.strip()
        if body.startswith("- ") or body == "-":
            current = {}
            entries.append(current)
            rest = body[1:].lstrip(" ")
            key_column = column + (len(body) - len(rest))
            if not rest:
                raise EncodeError(f"line {number}: an entry must start with 'key: value' on its '-' line")
            body = rest
        elif current is None or column != key_column:
            raise EncodeError(f"line {number}: expected '- key: value' or a key aligned with the entry")
        match = _KEY_RE.match(body)
        if match is None:
            raise EncodeError(f"line {number}: expected 'key: value'")
        key, value = match.group(1), (match.group(2) or "")
        if key in current:
            raise EncodeError(f"line {number}: key {key} given twice")
        if value.startswith("|"):
            chomp = value[1:].split("#", 1)[0].strip()
            if chomp not in ("", "-", "+"):
                raise EncodeError(f"line {number}: unsupported block header {value!r}")
            current[key], index = _literal_block(lines, index, key_column, chomp)
        elif value.startswith(">"):
            raise EncodeError(f"line {number}: folded '>' blocks are not supported, use '|'")
        else:
            current[key] = _scalar(value, number)
    return entries


def _literal_block(lines: "list[str]", index: "int", key_column: "int", chomp: "str") -> "tuple[str, int]":
    """The text of a ``|`` block starting at ``lines[index]`` and the index after it."""
    block: list[str] = []
    indent = -1
    while index < len(lines):
        raw = lines[index]
        if raw.strip():
            column = len(raw) - len(raw.lstrip(" "))
            if column <= key_column:
                break
            if indent < 0:
                indent = column
            if column < indent:
                raise EncodeError(f"line {index + 1}: a literal block line is indented less than the first")
            block.append(raw[indent:])
        else:
            block.append("")
        index += 1
    trailing = 0
    while block and block[-1] == "":
        block.pop()
        trailing += 1
    text = "\n".join(block)
    if chomp == "-" or not block:
        return text, index
    if chomp == "+":
        return text + "\n" * (trailing + 1), index
    return text + "\n", index


def _scalar(value: "str", number: "int") -> "str":
    out: list[str] = []
    if value.startswith('"'):
        position = 1
        while position < len(value):
            char = value[position]
            if char == '"':
                _no_trailer(value[position + 1 :], number)
                return "".join(out)
            if char == "\\":
                position += 1
                escape = value[position : position + 1]
                if escape not in _ESCAPES:
                    raise EncodeError(f"line {number}: unsupported escape \\{escape}")
                out.append(_ESCAPES[escape])
            else:
                out.append(char)
            position += 1
        raise EncodeError(f"line {number}: unterminated double-quoted string")
    if value.startswith("'"):
        position = 1
        while position < len(value):
            char = value[position]
            if char == "'":
                if value[position + 1 : position + 2] == "'":
                    out.append("'")
                    position += 2
                    continue
                _no_trailer(value[position + 1 :], number)
                return "".join(out)
            out.append(char)
            position += 1
        raise EncodeError(f"line {number}: unterminated single-quoted string")
    if value.startswith("#"):
        return ""
    if value.startswith(("[", "{", "&", "*", "!")):
        raise EncodeError(f"line {number}: only plain, quoted and '|' scalars are supported")
    return re.split(r"\s+#", value, maxsplit=1)[0].strip()


def _no_trailer(rest: "str", number: "int") -> None:
    rest = rest.strip()
    if rest and not rest.startswith("#"):
        raise EncodeError(f"line {number}: text after a quoted string")


def encode(files: "list[str]", entry_files: "list[str]") -> "tuple[bytes, list[str]]":
    """The document holding the ``-y`` entries then the ``-f`` files (the 2017 ``osinit.py`` order),
    and one diagnostic line per part."""
    parts = []
    notes = []
    for path in entry_files:
        for number, entry in enumerate(load_entries(path), 1):
            try:
                part, note = entry_part(entry, number)
            except EncodeError as exc:
                raise EncodeError(f"{path}: {exc}") from None
            parts.append(part)
            notes.append(note)
    for spec in files:
        part, note = file_part(spec)
        parts.append(part)
        notes.append(note)
    if not parts:
        raise EncodeError("nothing to encode: give -f FILE or -y ENTRIES")
    return build_document(parts), notes


def pack(document: "bytes") -> "bytes":
    """``document`` gzip-compressed then base64-encoded in 76-column lines."""
    return base64.encodebytes(gzip_bytes(document))
