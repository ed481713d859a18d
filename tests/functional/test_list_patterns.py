"""``list -p PATTERN``: %-formats over each object's attributes, every mistake one line naming what is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.faults import FaultProxy
from tests.support.runner import Oscmd
from tests.support.seed import run_named


@pytest.fixture
def web1(ec2: Any) -> str:
    return run_named(ec2, "web1")[0]


def test_escapes_missing_values_and_percent_signs(oscmd: Oscmd, web1: str) -> None:
    r = oscmd("instance", "list", "-p", r"%(id)s\t%(name)s\t[%(eip)s] 100%%\n")
    assert (r.status, r.out, r.err) == (0, f"{web1}\tweb1\t[] 100%\n\n", "")  # no elastic IP: empty, not None


def test_a_trailing_backslash_is_printed_as_it_is(oscmd: Oscmd, web1: str) -> None:
    r = oscmd("instance", "list", "-p", "%(name)s\\")
    assert (r.status, r.out) == (0, "web1\\\n")


@pytest.mark.parametrize(("pattern", "error"), [
    ("%(nme)s", "unknown attribute 'nme' in pattern (did you mean name?); 'list -s' shows them all"),
    ("%(zzzz)s", "unknown attribute 'zzzz' in pattern; 'list -s' shows them all"),
    ("%(id)d", "bad pattern '%(id)d': %d format: a real number is required, not str"),
    ("%(id)s %", "bad pattern '%(id)s %': incomplete format"),
])
def test_a_pattern_the_objects_cannot_fill_is_one_line(oscmd: Oscmd, web1: str, pattern: str, error: str) -> None:
    r = oscmd("instance", "list", "-p", pattern)
    assert (r.status, r.out, r.err) == (2, "", f"oscmd: {error}\n")


@pytest.mark.parametrize(("pattern", "error"), [
    ("%(id)*s", "bad pattern '%(id)*s': '*' widths are not supported; write the number"),
    ("%(id)2000s", "bad pattern '%(id)2000s': field width 2000 is over 1000"),
    ("%(id).5000s", "bad pattern '%(id).5000s': field width 5000 is over 1000"),
])
def test_widths_are_checked_before_any_request(oscmd: Oscmd, proxy: FaultProxy, pattern: str, error: str) -> None:
    r = oscmd("-e", proxy.url, "instance", "list", "-p", pattern, endpoint=False)
    assert (r.status, r.err) == (2, f"oscmd: {error}\n")
    assert proxy.plan.total == 0
