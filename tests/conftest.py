"""Shared fixtures (the local EC2 server, a boto3 view of it, oscmd runners), the test areas and Hypothesis profiles.

Areas are pytest markers (see ``[tool.pytest.ini_options]`` in pyproject.toml),
given here by path and by fixture, ``terminal`` to a test that spawns a
pseudo-terminal (or to every test of a module that drives one and marks
none), and ``signals`` to a test that sends a signal or a Ctrl-C.
Hypothesis runs the ``dev`` profile (random examples) unless
``OSCMD_HYPOTHESIS_PROFILE`` names another: CI uses ``ci`` (the same examples
on every run, so a failure is reproducible from the log).
"""

from __future__ import annotations

import functools
import inspect
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tests.support.ec2server import LocalEC2
from tests.support.faults import FaultProxy
from tests.support.runner import Oscmd

# Never let a test reach the real metadata service or real credentials.
os.environ.update(
    {
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
            }
)

settings.register_profile("dev")
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("OSCMD_HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def ec2_server() -> Iterator[LocalEC2]:
    server = LocalEC2()
    server.client().describe_regions()  # the first call is slow: warm up once
    yield server
    server.stop()


@pytest.fixture
def server(ec2_server: LocalEC2) -> LocalEC2:
    """The local EC2 server, wiped clean for this test."""
    ec2_server.reset()
    return ec2_server


@pytest.fixture
def ec2(server: LocalEC2) -> Any:
    """A boto3 client on the local server: how tests check what oscmd did."""
    return server.client()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """oscmd's HOME for this test (the SSH tests point $HOME at it as well)."""
    h = tmp_path / "home"
    h.mkdir(exist_ok=True)
    return h


@pytest.fixture
def fast(home: Path) -> str:
    """A config file for verbs that wait or retry: poll every 0.05 s, back off at most 0.05 s."""
    path = home / "fast.cfg"
    path.write_text("[oscmd]\npoll_interval = 0.05\nmax_backoff = 0.05\n")
    return str(path)


@pytest.fixture
def proxy(server: LocalEC2) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of the local server (tests/support/faults.py): give oscmd ``-e proxy.url``."""
    front = FaultProxy(server.url)
    yield front
    front.stop()


@pytest.fixture
def oscmd(server: LocalEC2, home: Path) -> Oscmd:
    return Oscmd(server.url, home)


@pytest.fixture
def oscmd_offline(home: Path) -> Oscmd:
    """oscmd with no endpoint at all (help, parsing, config errors)."""
    return Oscmd(None, home)


TESTS = Path(__file__).resolve().parent
# Where each area lives: a directory or a module of tests/ -> its marker.
AREAS = {
    "ssh": "ssh",
    "test_shells.py": "shells",
    "test_lint.py": "lint",
    "test_bench_smoke.py": "bench",
}
# Fixtures that put a test in an area wherever it is.
FIXTURE_AREAS = {
    "sshd": "ssh", "own_sshd": "ssh", "built": "network", "terminal": "terminal",
    "tiny": "netns", "read_only": "netns", "tiny_disk": "netns",  # tmpfs mounts
}
PTY_MARKERS = {"terminal", "shells"}
# A test whose own body spawns a pseudo-terminal (pexpect, or the shell tests' Terminal).
PTY_CALL = re.compile(r"\bpexpect\.spawn\(|\bTerminal\(")
# A test that sends a signal or a Ctrl-C (CI runs these once more with SIGINT ignored from the start).
SIGNAL_CALL = re.compile(r"send_signal\(|os\.kill\(|killpg\(|sendintr\(|signal\.SIG(INT|TERM|HUP)\b|SIG_IGN|\\x03")


@functools.cache
def _drives_terminals(module: Any) -> bool:
    """The module imports pexpect or runs tmux."""
    if "pexpect" in vars(module):
        return True
    try:
        return '"tmux"' in inspect.getsource(module)
    except (OSError, TypeError):
        return False


def _source(item: pytest.Item) -> str:
    try:
        return inspect.getsource(getattr(item, "function", None))  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each test the markers of its area, so ``-m`` selects (or leaves out) whole areas.

    By path (AREAS), by fixture (FIXTURE_AREAS), ``terminal`` for a test that
    spawns a pseudo-terminal itself, or for all the tests of a module that
    imports pexpect or runs tmux and marks none of them, and ``signals`` for a
    test that sends a signal or a Ctrl-C.
    """
    pty_modules: dict[Any, list[pytest.Item]] = {}
    marked_modules: set[Any] = set()
    for item in items:
        path = Path(str(item.path)).resolve()
        area = AREAS.get(path.relative_to(TESTS).parts[0]) if path.is_relative_to(TESTS) else None
        if area is not None:
            item.add_marker(area)
        for fixture in getattr(item, "fixturenames", ()):
            if fixture in FIXTURE_AREAS:
                item.add_marker(FIXTURE_AREAS[fixture])
        source = _source(item)
        if not any(item.get_closest_marker(name) for name in PTY_MARKERS) and PTY_CALL.search(source):
            item.add_marker("terminal")
        if SIGNAL_CALL.search(source):
            item.add_marker("signals")
        module = getattr(item, "module", None)
        if any(item.get_closest_marker(name) for name in PTY_MARKERS):
            marked_modules.add(module)
        elif module is not None and _drives_terminals(module):
            pty_modules.setdefault(module, []).append(item)
    for module, module_items in pty_modules.items():
        if module not in marked_modules:
            for item in module_items:
                item.add_marker("terminal")
