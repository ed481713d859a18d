"""The filter values a name becomes: exact on EC2, never missing the name on servers that ignore escapes."""

from __future__ import annotations

import fnmatch
import re

from hypothesis import given
from hypothesis import strategies as st

from oscmd_shell.aws.lookup import literal_filter, literal_values


def ec2_matches(pattern: str, value: str) -> bool:
    """EC2's documented reading of a filter value: ``*`` any run, ``?`` zero or one character, ``\\`` escapes."""
    out, chars = "", iter(pattern)
    for c in chars:
        if c == "\\":
            out += re.escape(next(chars, "\\"))
        elif c == "*":
            out += ".*"
        elif c == "?":
            out += ".?"
        else:
            out += re.escape(c)
    return re.fullmatch(out, value, re.DOTALL) is not None


def test_values_escape_as_ec2_documents() -> None:
    # EC2's own example: the value \*amazon\?\\ searches for the literal string *amazon?\
    assert literal_values("*amazon?\\")[0] == "\\*amazon\\?\\\\"
    assert literal_values("web-1.example") == ["web-1.example"]
    assert literal_filter("tag:Name", ["a*", "a*", "b"]) == {"Name": "tag:Name", "Values": ["a\\*", "a?", "b"]}


NAMES = st.text(alphabet=st.sampled_from(list("ab1 .-*?[]\\")), min_size=1, max_size=10)


@given(name=NAMES, other=NAMES)
def test_the_escaped_value_is_exact_on_ec2_and_every_value_finds_the_name(name: str, other: str) -> None:
    escaped, *rest = literal_values(name)
    assert ec2_matches(escaped, name)
    assert ec2_matches(escaped, other) == (other == name)
    for value in rest:  # the loose value: a superset where escapes are honoured and where fnmatch is used
        assert ec2_matches(value, name) and fnmatch.fnmatchcase(name, value)
