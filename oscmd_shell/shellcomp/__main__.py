"""``python -m oscmd_shell.shellcomp [--check] [DIR]``: write (or check) the generated files.

Without ``DIR`` (in a source checkout), first refreshes
``oscmd_shell/data/ec2.json`` from the installed botocore (:mod:`.botodata`;
never from an older one).  Then writes the bash, zsh and
fish scripts, which embed its lists, the man page and ``grammar.json`` into ``DIR`` (default:
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


def _write(path: Path, text: str) -> None:
    private_dir(path.parent, tighten=False)
    write_file(path, text.encode("utf-8"), mode=0o644, replace=True)
    sys.stdout.write(f"wrote {path}\n")


def _refresh_data(check: bool) -> list[Path]:
    """Bring ``data/ec2.json`` up to the installed botocore; return it when it is (or was) stale."""
    from ..complete import static
    from .botodata import refresh

    path = static.EC2_FILE
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    text, note = refresh(current)
    if text is None or text == current:
        if text is None:
            sys.stderr.write(note + "\n")
        return []
    if not check:
        _write(path, text)
        static.catalog.cache_clear()
    return [path]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    rest = [a for a in argv if a != "--check"]
    checkout = Path(__file__).resolve().parents[2]
    if not rest and not (checkout / "pyproject.toml").is_file():
        sys.stderr.write("usage: python -m oscmd_shell.shellcomp [--check] DIR (outside a source checkout)\n")
        return 2
    target = Path(rest[0]) if rest else checkout / "completions"
    stale = [] if rest else _refresh_data(check)
    wanted = {target / name: text for name, text in documents().items()}
    readme = target.parent / "README.md"
    if readme.is_file():
        wanted[readme] = update_readme(readme.read_text(encoding="utf-8"))
    stale += [path for path, text in wanted.items()
              if not path.is_file() or path.read_text(encoding="utf-8") != text]
    for path in stale:
        if check:
            sys.stderr.write(f"stale: {path}\n")
        elif path in wanted:
            _write(path, wanted[path])
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
