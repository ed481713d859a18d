"""The README: its contract lines, the generated command table, the exit codes, the sections."""

from __future__ import annotations

import re
from pathlib import Path

from oscmd_shell import registry
from oscmd_shell.output.topics import EXIT_CODES
from oscmd_shell.shellcomp.readme import BEGIN, END, command_table, update_readme

README = Path(__file__).resolve().parents[2] / "README.md"
CONTRACT = (
    "pip install -e '.[local]' && oscmd --local",
    "bash tests/setup.sh && python3 -m pytest -n 4",
)


def text() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text(), re.MULTILINE | re.DOTALL)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_the_first_two_commands_follow_the_title() -> None:
    lines = text().splitlines()
    assert lines[0] == "# oscmd" and lines[1] == "" and lines[2] == "```sh"
    for line, command in zip(lines[3:5], CONTRACT, strict=True):
        assert line.startswith(command + " "), line


def test_command_table_is_current() -> None:
    assert BEGIN in text() and END in text()
    assert update_readme(text()) == text(), "README command table is stale: python -m oscmd_shell.shellcomp"
    assert command_table() in text()


def test_every_verb_of_the_registry_is_in_the_table() -> None:
    table = text().split(BEGIN, 1)[1].split(END, 1)[0]
    found: dict[str, list[str]] = {}
    current = ""
    for line in table.splitlines():
        head = re.match(r"^#### `(\w+)`", line)
        if head:
            current = head.group(1)
        row = re.match(r"^\| `(\w+)` \|", line)
        if row:
            found.setdefault(current, []).append(row.group(1))
    assert found == {o.name: o.verb_names for o in registry.OBJECTS}


def test_exit_code_table_matches_the_code() -> None:
    rows = re.findall(r"^\| (\d+) \| (.*) \|$", section("Exit codes"), re.MULTILINE)
    assert [(int(code), meaning.replace("`", "")) for code, meaning in rows] == [
        (int(code), meaning) for code, meaning in EXIT_CODES]


def test_the_sections_the_readme_promises() -> None:
    for title in ("A five-minute tour", "Objects and verbs", "Configuration", "The interactive shell", "Scripts",
                  "Shell completion", "Compared with the aws CLI", "Exit codes", "Performance"):
        assert section(title).strip()
    assert "python bench/run.py" in section("Performance")
    completion = section("Shell completion")
    assert all(f"oscmd completion {shell}" in completion for shell in ("bash", "zsh", "fish"))
    tour = section("A five-minute tour")
    for word in ("oscmd --local", "list -p", "dump", "start", "stop", "volume create", "attach", "eip",
                 "add_rule", "keypair create", "ami -n", " -N", ".os"):
        assert word in tour, word
    shell = section("The interactive shell")
    for word in ("Ctrl-R", "Tab", "set ", "use ", "$_", "refresh", "save", "!command", "toolbar", "cache"):
        assert word in shell, word
    config = section("Configuration")
    for word in ("profile", "SSO", "credential_process", "fcu.eu-west-2.outscale.com", "Precedence"):
        assert word in config, word
    assert "aws ec2 " in section("Compared with the aws CLI")
