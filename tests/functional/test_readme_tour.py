"""The README's five-minute tour, run as written against ``oscmd --local``.

Every command line of the tour's code blocks runs, in order, in one
``oscmd --local -y`` script (a fresh process, as a reader's would be), and
must succeed; each output line the README prints under a command must be what
oscmd prints, exactly and in that order.  The playground's ids are seeded, so
the ids a reader sees are the ones the README shows.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from oscmd_shell.errors import UsageError
from oscmd_shell.parsing.command import parse_command
from tests.support.runner import REPO, base_environ

README = REPO / "README.md"
# The ids of an unseeded playground, which the README showed before the sample data's ids were made stable.
def tour() -> list[tuple[str, list[str]]]:
    """(command line, the output lines the README shows under it), in the tour's order."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## A five-minute tour\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert section, "README has no tour"
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            if not line.strip():
                continue
            if is_command(line):
                steps.append((line, []))
            else:
                assert steps, f"an output line before any command: {line!r}"
                steps[-1][1].append(line)
    return steps


def is_command(line: str) -> bool:
    try:
        parse_command(shlex.split(line, comments=True), allow_script=False)
    except UsageError:
        return False
    return True


def test_the_tour_reads_as_commands_and_their_output() -> None:
    steps = tour()
    assert len(steps) > 10
    assert [command for command, _ in steps[:2]] == [
        "instance list", "instance list -p '%(id)s %(name)-6s %(state)-8s %(type)s %(zone)s'"]
    assert all(len(shown) == 3 for _, shown in steps[:2])


def test_the_tour_runs_and_prints_what_the_readme_shows(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    steps = tour()
    script = "".join(command + "\n" for command, _ in steps)
    proc = subprocess.run([sys.executable, "-m", "oscmd_shell", "--local", "-y"], input=script, capture_output=True,
                          text=True, env={**base_environ(home), "PYTHONPATH": str(REPO)}, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    printed = proc.stdout.splitlines()
    position = 0
    for command, shown in steps:
        if not shown:
            continue
        for start in range(position, len(printed) - len(shown) + 1):
            if printed[start:start + len(shown)] == shown:
                position = start + len(shown)
                break
        else:
            pytest.fail(f"the README shows under '{command}':\n" + "\n".join(shown)
                        + "\nbut oscmd printed:\n" + "\n".join(printed[position:position + 20]))
