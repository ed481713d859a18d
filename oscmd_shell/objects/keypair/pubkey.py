"""Read and check an OpenSSH public key file locally, before ``keypair import`` sends it.

The file must hold one ``ssh-rsa``/``ssh-ed25519`` line whose base64 blob
really encodes a key of that type.  Every mistake (missing, unreadable, a
directory, a private key given by mistake, anything else) is one
:class:`UsageError` naming the file; the file's content is never echoed, so a
private key cannot end up on a terminal or in a log.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from ...errors import UsageError

ACCEPTED = ("ssh-rsa", "ssh-ed25519")
OTHER_TYPES = ("ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
               "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com")
MAX_SIZE = 64 * 1024


def read_public_key(path: Path, shown: str, where: str) -> bytes:
    """Return the key line of ``path`` (``shown`` is how the user named it)."""
    if not path.exists():
        raise UsageError(f"{where}: {shown}: no such file")
    if path.is_dir():
        raise UsageError(f"{where}: {shown} is a directory, not a public key file")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_SIZE + 1)
    except OSError as exc:
        raise UsageError(f"{where}: cannot read {shown}: {exc.strerror or exc.__class__.__name__}") from None
    if b"PRIVATE KEY" in data:
        raise UsageError(f"{where}: {shown} holds a PRIVATE key; give its public half "
                         f"(usually {shown}.pub, or the output of 'ssh-keygen -y -f {shown}')")
    if len(data) > MAX_SIZE:
        raise UsageError(f"{where}: {shown} is too large to be a public key file")
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise UsageError(f"{where}: {shown} is not an OpenSSH public key file (it is not text)") from None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if len(lines) != 1:
        raise UsageError(f"{where}: {shown} must hold exactly one public key line, "
                         f"like 'ssh-ed25519 AAAA... comment' (it has {len(lines)})")
    line = lines[0]
    fields = line.split()
    key_type = fields[0]
    if key_type in OTHER_TYPES:
        raise UsageError(f"{where}: {shown} holds a {key_type} key; EC2 accepts ssh-rsa and ssh-ed25519 keys only")
    if key_type not in ACCEPTED or len(fields) < 2 or not _blob_matches(fields[1], key_type):
        raise UsageError(f"{where}: {shown} is not an OpenSSH public key file "
                         "(expected one line like 'ssh-ed25519 AAAA... comment')")
    return line.encode("ascii")


def _blob_matches(blob: str, key_type: str) -> bool:
    """True when the base64 blob decodes and starts with the length-prefixed ``key_type``."""
    try:
        raw = base64.b64decode(blob, validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(raw) < 4:
        return False
    size = int.from_bytes(raw[:4], "big")
    return raw[4:4 + size] == key_type.encode("ascii") and len(raw) > 4 + size
