"""Where ``ami run -r`` resources are found: the search path, and what is on it.

User directories (``-R``) come first, in order, then the resources shipped
with oscmd; the first match wins.  Standard library only, so completing
``ami run -r`` on a Tab stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: The resources shipped with oscmd (``wrapvols``, ``puppetize``, ``cleaner``, ``extendvol``).
BUILTIN_DIR = Path(__file__).resolve().parent.parent / "resources"
BUILTIN_LABEL = "built-in"


def search_path(dirs: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """(directory, how it is named in messages), user directories first, the built-in one last."""
    path = [(Path(d).expanduser(), str(d)) for d in dirs]
    path.append((BUILTIN_DIR, BUILTIN_LABEL))
    return path


def list_resources(dirs: Sequence[str | Path]) -> list[str]:
    """The resource names available on the search path (for completing ``ami run -r``), sorted."""
    names: set[str] = set()
    for directory, _label in search_path(dirs):
        try:
            entries = list(directory.iterdir())
        except OSError:
            continue
        names.update(entry.name for entry in entries if not entry.name.startswith(".") and entry.is_file())
    return sorted(names)
