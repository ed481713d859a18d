"""``python -m oscmd_shell.shellcomp [--check] [DIR]``: write (or check) the generated files.

Writes the bash, zsh and fish scripts and the man page into ``DIR`` (default:
``completions/`` of the source checkout holding this package) and refreshes
the command table of the README found beside ``DIR``.  With ``--check`` nothing is
written: the status is 1 when a file is stale, and the stale files are named.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..fileio import private_dir, write_file
from . import documents
from .readme import update_readme


def main(argv: list[str]) -> int:
    check = "--check" in argv
    rest = [a for a in argv if a != "--check"]
    checkout = Path(__file__).resolve().parents[2]
    if not rest and not (checkout / "pyproject.toml").is_file():
        sys.stderr.write("usage: python -m oscmd_shell.shellcomp [--check] DIR (outside a source checkout)\n")
        return 2
    target = Path(rest[0]) if rest else checkout / "completions"
    wanted = {target / name: text for name, text in documents().items()}
    readme = target.parent / "README.md"
    if readme.is_file():
        wanted[readme] = update_readme(readme.read_text(encoding="utf-8"))
    stale = [path for path, text in wanted.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    for path in stale:
        if check:
            sys.stderr.write(f"stale: {path}\n")
        else:
            private_dir(path.parent, tighten=False)
            write_file(path, wanted[path].encode("utf-8"), mode=0o644, replace=True)
            sys.stdout.write(f"wrote {path}\n")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
