"""Hostile user-data bundles, built with Python's ``email`` package where oscmd's encoder would refuse.

:func:`part` makes one base64 part with any headers (so any bytes reach the
decoder unchanged), :func:`bundle` a ``multipart/mixed`` document of parts,
:func:`decode` runs ``oscmd-init decode -n -f FILE --root DIR`` on it and
:func:`tree` lists what landed under the root with modes and owners.
"""

from __future__ import annotations

import base64
import os
import stat
from email.generator import BytesGenerator
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.policy import compat32
from io import BytesIO
from pathlib import Path

from tests.support.decoder import Result, child_env, oscmd_init

POLICY = compat32.clone(linesep="\n")
#: What the decoder keeps for itself under the root (not written by a part).
OWN = ("var/lib/oscmd-init", "tmp")


def part(content_type: str, body: bytes, **headers: str) -> Message:
    """One part of ``content_type`` carrying ``body`` base64-encoded; ``X_Mode="0600"`` adds ``X-Mode``."""
    message = Message()
    message["Content-Type"] = content_type
    message["Content-Transfer-Encoding"] = "base64"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_payload(base64.encodebytes(body).decode("ascii"))
    return message


def file_part(path: str, body: bytes, **headers: str) -> Message:
    """A part extracted to ``path``."""
    message = part("application/octet-stream", body, **headers)
    message.add_header("Content-Disposition", "attachment", filename=path)
    return message


def serialize(message: Message) -> bytes:
    buffer = BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=POLICY).flatten(message)
    return buffer.getvalue()


def bundle(*parts: Message) -> bytes:
    """A ``multipart/mixed`` document holding ``parts`` in order."""
    document = MIMEMultipart("mixed")
    for item in parts:
        document.attach(item)
    return serialize(document)


def decode(tmp_path: Path, document: bytes, *extra: str, env: dict[str, str] | None = None) -> tuple[Result, Path]:
    """``oscmd-init decode -n -f FILE --root ROOT EXTRA`` on ``document``: the result and the root."""
    source = tmp_path / "bundle.mime"
    source.write_bytes(document)
    root = tmp_path / "root"
    return oscmd_init("decode", "-n", "-f", source, "--root", root, *extra, env=env or child_env()), root


def tree(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file a part wrote under ``root``: relative path -> (mode, uid, gid); links are listed as such."""
    found: dict[str, tuple[int, int, int]] = {}
    if not root.exists():
        return found
    for directory, dirs, files in os.walk(root):
        relative = os.path.relpath(directory, root)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(relative, d)) not in OWN]
        for name in files + [d for d in dirs if os.path.islink(os.path.join(directory, d))]:
            info = os.lstat(os.path.join(directory, name))
            found[os.path.normpath(os.path.join(relative, name))] = (stat.S_IMODE(info.st_mode), info.st_uid,
                                                                      info.st_gid)
    return found
