"""Build the user-data MIME document ``ami run`` sends with a new instance, and fit it to the API limit.

The document is one ``multipart/mixed`` entity whose parts come in a fixed
order: properties (``-V`` and ``volumes``), the hostname script (``-H``),
Facter facts (``-F``), include URLs (``-U``) and the resources (``-r``).
Resources are looked up on a search path (the ``-R`` directories in order,
then the built-in ``resources/`` directory; the first match wins) and typed by
the explicit table shared with the instance-side decoder, so the result never
depends on the host's ``mime.types``.  Parts are built by
:mod:`oscmd_shell.bootstrap.mimeparts`, the same code the decoder's ``encode``
verb uses, so what is sent is exactly what ``oscmd-init decode`` reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from oscmd_shell.bootstrap import properties as property_rules
from oscmd_shell.bootstrap.mimeparts import (
    PartError,
    build_document,
    check_type,
    gunzip_bytes,
    gzip_bytes,
    make_part,
    parse_document,
    serialize,
)
from oscmd_shell.bootstrap.mimetypes_table import GZIP_MAGIC, content_encoding_for, content_type_for
from oscmd_shell.bootstrap.urlrules import ALLOW_HTTP_HEADER, url_refusal
from oscmd_shell.errors import UsageError
from oscmd_shell.fileio import read_regular

from .resources import BUILTIN_DIR, list_resources, search_path

__all__ = [
    "API_LIMIT",
    "BUILTIN_DIR",
    "Resource",
    "build_user_data",
    "content_type_for",
    "describe_parts",
    "encode_for_api",
    "facts_body",
    "hostname_script",
    "list_resources",
    "properties_body",
    "resolve_resources",
]

#: The EC2 limit on user data, counted before base64.
API_LIMIT = 16384
FACTS_FILENAME = "localfacts.yaml"

_HOST_LABEL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


@dataclass(frozen=True)
class Resource:
    """One ``-r`` resource: the name asked for, the file found, its content type and bytes."""

    name: str
    path: Path
    content_type: str
    data: bytes


def _split_spec(spec: str) -> tuple[str, str | None]:
    """``NAME;content/type`` split into the name and the checked type (None without ``;``)."""
    if ";" not in spec:
        return spec, None
    name, _, content_type = spec.rpartition(";")
    try:
        return name, check_type(content_type.strip())
    except PartError:
        raise UsageError(f"invalid content type in resource {spec!r}: expected NAME;type/subtype") from None


RESOURCE_LIMIT = 8 << 20


def resolve_resources(names: Sequence[str], dirs: Sequence[str | Path]) -> list[Resource]:
    """The resources ``names`` (each ``NAME`` or ``NAME;content/type``), in order.

    Each name is looked up in ``dirs`` in order, then in the built-in
    directory; the first directory holding a regular file of that name wins, so
    a user directory shadows the built-in one.  An absolute name is read as is.
    Raises :class:`UsageError` for a name found nowhere or a file that cannot
    be read.
    """
    search = search_path(dirs)
    resources = []
    for spec in names:
        name, override = _split_spec(spec)
        if not name.strip():
            raise UsageError(f"empty resource name in {spec!r}")
        for directory, _label in search:
            candidate = directory / name
            if candidate.is_file():
                break
        else:
            searched = ", ".join(label if directory.is_dir() else f"{label} (missing)" for directory, label in search)
            raise UsageError(f"resource not found: {name} (searched: {searched})")
        try:  # user data holds 16 KB compressed: a resource past a few MiB could never fit, nor be read whole
            data = read_regular(candidate, limit=RESOURCE_LIMIT, follow=True)
        except OSError as exc:
            raise UsageError(f"cannot read resource {name} ({candidate}): {exc.strerror or exc}") from None
        content_type = override or content_type_for(name, data)
        resources.append(Resource(name=name, path=candidate, content_type=content_type, data=data))
    return resources


def properties_body(properties: Mapping[str, str]) -> bytes:
    """The ``text/properties`` body: one ``key: value`` line per property, in the given order.

    Names and values are checked by the rules the decoder applies
    (:mod:`oscmd_shell.bootstrap.properties`): a refused one is a :class:`UsageError`.
    """
    lines = []
    for key, value in properties.items():
        text = str(value)
        reason = property_rules.refusal(key, text)
        if reason is not None:
            raise UsageError(f"{reason} (see 'oscmd help user-data')")
        lines.append(property_rules.line(key, text))
    return "".join(lines).encode("utf-8")


def hostname_script(hostname: str) -> bytes:
    """A ``#!/bin/sh`` script that sets the host name for this boot only, then prints ``uname -a``.

    It uses ``hostnamectl --transient`` when present and falls back to
    ``hostname`` (or the kernel's ``/proc`` entry).  Decoded with ``--root``
    (``OSCMD_ROOT`` set) it leaves the host alone and only says so.
    """
    labels = hostname.split(".")
    if len(hostname) > 253 or not all(_HOST_LABEL_RE.fullmatch(label) for label in labels):
        raise UsageError(f"invalid host name {hostname!r}: letters, digits, '-' and '.' only")
    return (
        "#!/bin/sh\n"
        "# Set the host name for this boot only (oscmd ami run -H), then show it.\n"
        f"name={hostname}\n"
        'if [ -n "${OSCMD_ROOT:-}" ]; then\n'
        '    echo "host name $name not set: decoding under OSCMD_ROOT=$OSCMD_ROOT"\n'
        "    exit 0\n"
        "fi\n"
        "if command -v hostnamectl >/dev/null 2>&1; then\n"
        '    hostnamectl --transient set-hostname "$name" || true\n'
        "fi\n"
        'if [ "$(uname -n)" != "$name" ]; then\n'
        "    if command -v hostname >/dev/null 2>&1; then\n"
        '        hostname "$name"\n'
        "    else\n"
        '        echo "$name" > /proc/sys/kernel/hostname\n'
        "    fi\n"
        "fi\n"
        "uname -a\n"
    ).encode("ascii")


def facts_body(facts: Mapping[str, str]) -> bytes:
    """The Facter external-facts YAML: ``---`` then one ``key: value`` line per fact, safely quoted."""
    for key in facts:
        if not key or not isinstance(key, str):
            raise UsageError(f"invalid fact name {key!r}")
    import yaml  # only facts need it; resource completion must stay light

    text = yaml.safe_dump(
        {key: str(value) for key, value in facts.items()},
        explicit_start=True,
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
        width=1 << 16,
    )
    return text.encode("utf-8")


def _include_body(urls: Sequence[str], allow_http: bool) -> bytes:
    for url in urls:
        reason = url_refusal(url, allow_http)
        if reason is not None:
            hint = " (--allow-http-include accepts it)" if url_refusal(url, True) is None else ""
            raise UsageError(f"include URL {url!r} refused: {reason}{hint}")
    return "".join(f"{url}\n" for url in urls).encode("utf-8")


def _http_urls(urls: Sequence[str]) -> list[tuple[str, str]]:
    """The ``X-Allow-Http`` headers naming each plain http URL of ``urls``."""
    return [(ALLOW_HTTP_HEADER, url) for url in urls if url.lower().startswith("http:")]


def _part(
    what: str,
    content_type: str,
    data: bytes,
    *,
    description: str,
    filename: str | None = None,
    encoding: str | None = None,
    headers: Sequence[tuple[str, str]] = (),
) -> Message:
    if not data:
        raise UsageError(f"empty part added to user data: {what}")
    try:
        return make_part(content_type, data, filename=filename, description=description, encoding=encoding,
                         headers=headers)
    except PartError as exc:
        raise UsageError(f"user data part {what}: {exc}") from None


def build_user_data(
    *,
    properties: Mapping[str, str],
    hostname: str | None,
    facts: Mapping[str, str],
    urls: Sequence[str],
    resources: Sequence[Resource],
    boundary: str | None = None,
    allow_http: bool = False,
) -> bytes:
    """The user-data document, or ``b""`` when there is nothing to send.

    Parts, in this order: ``text/properties`` (when ``properties`` is not
    empty), the ``text/x-executable`` hostname script (when ``hostname`` is
    given), ``application/facter-yaml`` facts as ``localfacts.yaml`` (base64),
    ``text/x-include-url`` (when ``urls`` is not empty; https only unless
    ``allow_http``, which names each http URL in an ``X-Allow-Http`` header), then one part per
    resource named by a ``Content-Description`` (text types as text, others
    base64, ``message/rfc822`` and ``multipart/*`` embedded as nested
    documents, gzip data marked ``Content-Encoding: gzip``).  An empty part
    raises :class:`UsageError`.  The output is reproducible given ``boundary``.
    """
    parts: list[Message] = []
    if properties:
        parts.append(_part("properties", "text/properties", properties_body(properties), description="properties"))
    if hostname is not None:
        parts.append(_part("hostname", "text/x-executable", hostname_script(hostname), description="set-hostname"))
    if facts:
        parts.append(
            _part(
                "facts", "application/facter-yaml", facts_body(facts),
                filename=FACTS_FILENAME, description="facts",
            )
        )
    if urls:
        parts.append(_part("include URLs", "text/x-include-url", _include_body(urls, allow_http),
                           description="include-urls", headers=_http_urls(urls)))
    for resource in resources:
        parts.append(
            _part(
                f"resource {resource.name} ({resource.path})", resource.content_type, resource.data,
                description=resource.name, encoding=content_encoding_for(resource.data),
            )
        )
    if not parts:
        return b""
    try:
        return build_document(parts, boundary=boundary)
    except PartError as exc:
        raise UsageError(f"user data: {exc}") from None


def describe_parts(doc: bytes) -> list[tuple[str, str, int]]:
    """(content type, name, size in bytes) of each top-level part of ``doc`` (gzip accepted).

    The name is the part's filename, else its ``Content-Description`` (the
    resource name), else ``""``; the size is what the part takes in the
    document, headers included.
    """
    data = gunzip_bytes(doc) if doc.startswith(GZIP_MAGIC) else doc
    try:
        message = parse_document(data)
    except PartError as exc:
        raise UsageError(f"user data: {exc}") from None
    payload = message.get_payload() if message.is_multipart() else [message]
    described = []
    for part in payload:
        if not isinstance(part, Message):
            continue
        name = part.get_filename() or str(part.get("Content-Description") or "")
        described.append((part.get_content_type(), " ".join(name.split()), len(serialize(part))))
    return described


def encode_for_api(doc: bytes, limit: int = API_LIMIT) -> bytes:
    """``doc`` as it should go to RunInstances: unchanged if it fits in ``limit`` bytes, else gzipped.

    Raises :class:`UsageError` naming the sizes, the limit and the biggest
    parts when even the gzipped document is too big.  The result is raw bytes:
    boto3 base64-encodes ``UserData`` itself.
    """
    if len(doc) <= limit:
        return doc
    packed = gzip_bytes(doc)
    if len(packed) <= limit:
        return packed
    biggest = sorted(describe_parts(doc), key=lambda item: item[2], reverse=True)[:3]
    listed = ", ".join(f"{name or content_type} {size} bytes" for content_type, name, size in biggest)
    raise UsageError(
        f"user data too big: {len(doc)} bytes ({len(packed)} gzipped), the limit is {limit} bytes; "
        f"biggest parts: {listed}"
    )
