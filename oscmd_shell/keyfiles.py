"""The one place where a key pair's name becomes a file name: ``DIR/NAME.pem`` (``~/.ssh`` by default).

Key pair names come from the endpoint (an instance's ``KeyName``), from
templates and from config files; ``keypair create`` writes ``NAME.pem`` and
``instance ssh``, ``getwinpass`` and ``ami run`` look for ``~/.ssh/NAME.pem``.
Only a plain file name is ever used that way: no ``/``, not ``.`` or ``..``,
no NUL, control, separator or bidi character, not empty and not too long
for a file name.  Any other name never becomes a path, so no name can point
outside the directory or hide what it names.
"""

from __future__ import annotations

from pathlib import Path

MAX_NAME_BYTES = 255 - len(".pem")


def plain_name(name: str) -> bool:
    """Whether ``name`` can be used as the ``NAME`` of ``NAME.pem`` in a directory."""
    return (bool(name) and name not in (".", "..") and "/" not in name and name.isprintable()
            and len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES)


def key_path(directory: Path, name: str) -> Path | None:
    """``directory/NAME.pem`` when ``name`` is a plain file name, else None."""
    return directory / f"{name}.pem" if plain_name(name) else None


def guessed_key(home: Path, name: object) -> Path | None:
    """``~/.ssh/NAME.pem`` when ``name`` is a plain file name and that file exists, else None."""
    if not isinstance(name, str):
        return None
    path = key_path(home / ".ssh", name)
    return path if path is not None and path.is_file() else None
