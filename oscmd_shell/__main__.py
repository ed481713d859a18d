"""``python -m oscmd_shell``: the same entry point as the ``oscmd`` command."""

from .cli import main

main()
