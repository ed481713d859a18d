"""Config files through the real entry point: the README's own example, inline comments, and numbers.

The README's ``ini`` example is read from README.md itself, so the test fails
if the README ever shows a config that oscmd does not read as it says.  Every
numeric key (``[oscmd]``, ``[Boto] num_retries``, option defaults such as
``[ssh] port``), the matching command-line options and ``AWS_MAX_ATTEMPTS``
refuse ``nan``, ``inf``, text, fractions where a count is meant, and values out
of range with exit 2 and one line naming the key and the file.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.config import load_config, resolve_settings
from oscmd_shell.env import Env
from oscmd_shell.parsing.command import parse_root
from tests.support.runner import REPO, Oscmd
from tests.support.seed import run_named


def readme_example() -> str:
    """The first ``ini`` block of the README's Configuration section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Configuration\n(.*?)(?=^## )", readme, re.MULTILINE | re.DOTALL)
    assert section, "README has no Configuration section"
    block = re.search(r"```ini\n(.*?)```", section.group(1), re.DOTALL)
    assert block, "the README's Configuration section has no ini example"
    return block.group(1)


def write_cfg(home: Path, text: str, name: str = "oscmd.cfg") -> Path:
    path = home / name
    path.write_text(text)
    path.chmod(0o600)
    return path


def test_the_readme_example_reads_as_the_readme_says(home: Path) -> None:
    cfg = write_cfg(home, readme_example())
    env = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={"HOME": str(home)})
    root = parse_root(["-c", str(cfg)])
    config = load_config(str(cfg), env)
    for layer_path, parser in config.layers:
        assert layer_path == cfg
        for section in parser.sections():
            for key, value in parser.items(section):
                assert ";" not in value and "#" not in value, f"[{section}] {key} kept its comment: {value!r}"
    settings = resolve_settings(root.values, root.given, config, env.environ)
    assert settings.endpoint == "https://fcu.eu-west-2.outscale.com"
    assert (settings.region, settings.output, settings.wait_timeout) == ("eu-west-2", "text", 600.0)
    assert (settings.retry_mode, settings.max_attempts) == ("standard", 4)
    assert config.get("Credentials", "key_name") == "deploy"
    assert config.get("Credentials", "key_file") == "~/.ssh/deploy.pem"
    assert config.get("Credentials", "user") == "ec2-user"
    assert config.get("ami", "owner") == "123456789012"


def test_the_readme_example_runs(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    [iid] = run_named(ec2, "web1")
    cfg = write_cfg(home, readme_example())
    r = oscmd("-c", str(cfg), "-r", "us-east-1", "instance", "list")
    assert r.status == 0, r.err
    assert r.out == f"{iid} web1\n"


def test_inline_comments_need_whitespace_before_them(home: Path) -> None:
    cfg = write_cfg(home, "# a comment line\n; another\n[Credentials]\nkey_name = a;b\nkey_file = k#1.pem\n"
                          "user = admin # the login\n[ami]\nowner = 1234 ; mine\n")
    env = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={"HOME": str(home)})
    config = load_config(str(cfg), env)
    assert [config.get("Credentials", k) for k in ("key_name", "key_file", "user")] == ["a;b", "k#1.pem", "admin"]
    assert config.get("ami", "owner") == "1234"


BAD_NUMBERS = [
    ("oscmd", "wait_timeout", "nan"), ("oscmd", "wait_timeout", "inf"), ("oscmd", "wait_timeout", "0"),
    ("oscmd", "wait_timeout", "-5"), ("oscmd", "connect_timeout", "nan"), ("oscmd", "connect_timeout", "0"),
    ("oscmd", "read_timeout", "-1"), ("oscmd", "read_timeout", "Infinity"), ("oscmd", "max_backoff", "-0.5"),
    ("oscmd", "max_backoff", "nan"), ("oscmd", "connect_attempts", "0"), ("oscmd", "connect_attempts", "2.5"),
    ("oscmd", "max_attempts", "0"), ("oscmd", "max_attempts", "-3"), ("oscmd", "max_attempts", "many"),
    ("oscmd", "poll_interval", "0"), ("oscmd", "poll_interval", "nan"), ("oscmd", "cache_ttl", "-1"),
    ("oscmd", "cache_ttl", "inf"), ("Boto", "num_retries", "-1"), ("Boto", "num_retries", "1e9"),
]


@pytest.mark.parametrize(("section", "key", "value"), BAD_NUMBERS)
def test_a_bad_number_in_a_config_file_is_exit_2_naming_key_and_file(
    oscmd: Oscmd, home: Path, section: str, key: str, value: str
) -> None:
    cfg = write_cfg(home, f"[{section}]\n{key} = {value}   ; a comment\n")
    r = oscmd("-c", str(cfg), "volume", "list")
    assert r.status == 2, r.err
    assert r.err.startswith(f"oscmd: {cfg}: [{section}] {key} expects ") and r.err.endswith(f", not '{value}'\n")
    assert r.out == ""


def test_the_file_that_sets_a_key_is_the_one_named(oscmd: Oscmd, home: Path) -> None:
    first = write_cfg(home, "[oscmd]\nwait_timeout = nan\n", "first.cfg")
    second = write_cfg(home, "[oscmd]\noutput = text\n", "second.cfg")
    r = oscmd("volume", "list", environ={"BOTO_PATH": f"{first}:{second}"})
    assert r.status == 2 and f"oscmd: {first}: [oscmd] wait_timeout expects" in r.err, r.err


def test_sensible_edge_values_are_accepted(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    cfg = write_cfg(home, "[Boto]\nnum_retries = 0\n[oscmd]\ncache_ttl = 0\nmax_backoff = 0\npoll_interval = 0.05\n"
                          "connect_attempts = 1\nwait_timeout = 1e3\n")
    r = oscmd("-c", str(cfg), "instance", "list")
    assert (r.status, r.err) == (0, "")
    assert r.lines[0].endswith(" web1")


@pytest.mark.parametrize("text", [
    "[ssh]\nport = 0\n", "[ssh]\nport = 70000\n", "[ssh]\nport = 22.5\n",
    "[ssh]\nconnect_timeout = nan\n", "[ssh]\nconnect_timeout = -1\n",
])
def test_bad_numbers_in_option_defaults_are_exit_2_naming_key_and_file(oscmd: Oscmd, home: Path, text: str) -> None:
    cfg = write_cfg(home, text)
    section, key = re.findall(r"\[(\w+)\]\n(\w+)", text)[0]
    r = oscmd("-c", str(cfg), "instance", "-n", "web1", "ssh", "--", "true")
    assert r.status == 2, r.err
    assert r.err.startswith(f"oscmd: {cfg}: [{section}] {key}: --"), r.err


@pytest.mark.parametrize("args", [
    ("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "0"), ("--timeout", "-1"),
    ("instance", "-n", "web1", "ssh", "--port", "0"), ("instance", "-n", "web1", "ssh", "--port", "65536"),
    ("instance", "-n", "web1", "ssh", "--connect-timeout", "nan"),
    ("instance", "-n", "web1", "ping", "--port", "-22"),
])
def test_bad_numbers_on_the_command_line_are_exit_2(oscmd: Oscmd, args: tuple[str, ...]) -> None:
    full = (*args, "volume", "list") if args[0] == "--timeout" else args
    r = oscmd(*full)
    assert r.status == 2, r.err
    flag = next(a for a in args if a.startswith("--"))
    assert f"{flag} expects " in r.err and f"not '{args[args.index(flag) + 1]}'" in r.err


@pytest.mark.parametrize("value", ["0", "nan", "-1", "two"])
def test_bad_aws_max_attempts_is_exit_2(oscmd: Oscmd, value: str) -> None:
    r = oscmd("volume", "list", environ={"AWS_MAX_ATTEMPTS": value})
    assert r.status == 2 and r.err == f"oscmd: AWS_MAX_ATTEMPTS expects a whole number of at least 1, not '{value}'\n"
