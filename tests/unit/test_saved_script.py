"""The script a saved session becomes: context lines wherever the context changed, no credentials."""

from __future__ import annotations

import pytest

from oscmd_shell.errors import UsageError
from oscmd_shell.lines.saved import Entry, Where, context_lines, script_text
from oscmd_shell.lines.words import Selection

WEB1 = Selection("instance", ("-n", "web1"))
WEB2 = Selection("instance", ("-n", "web2"))
DATA = Selection("volume", ("-n", "my data"))
EAST = Where(region="us-east-1", endpoint="http://127.0.0.1:5000")


def body(entries: list[Entry]) -> list[str]:
    return [line for line in script_text(entries).splitlines() if not line.startswith("#")]


def test_the_whole_context_opens_the_script() -> None:
    where = Where(region="eu-west-1", endpoint="https://ec2.eu-west-1.amazonaws.com", zone="eu-west-1b",
                  profile="ops team", output="json", selection=(WEB1, DATA))
    assert context_lines(None, where) == [
        "set endpoint https://ec2.eu-west-1.amazonaws.com", "set profile 'ops team'", "set region eu-west-1",
        "set zone eu-west-1b", "set output json", "use instance -n web1", "use volume -n 'my data'"]
    assert context_lines(None, Where(region="us-east-1")) == ["set region us-east-1", "unset zone",
                                                              "set output text"]


def test_only_what_changed_is_said_and_a_region_comes_after_its_endpoint() -> None:
    assert context_lines(EAST, EAST) == []
    zoned = Where(region="us-east-1", endpoint=EAST.endpoint, zone="us-east-1a")
    assert context_lines(EAST, zoned) == ["set zone us-east-1a"]
    assert context_lines(zoned, EAST) == ["unset zone"]
    # set region forgets the zone: a zone kept across the switch is said again after it
    west = Where(region="eu-west-1", endpoint=EAST.endpoint, zone="eu-west-1a")
    assert context_lines(zoned, west) == ["set region eu-west-1", "set zone eu-west-1a"]
    moved = Where(region="us-east-1", endpoint="http://127.0.0.1:6000")
    assert context_lines(EAST, moved) == ["set endpoint http://127.0.0.1:6000", "set region us-east-1"]


@pytest.mark.parametrize(("old", "new", "lines"), [
    ((), (WEB1,), ["use instance -n web1"]),
    ((WEB1,), (WEB1, DATA), ["use volume -n 'my data'"]),
    ((WEB1, DATA), (DATA,), ["unset instance"]),
    ((WEB1, DATA), (DATA, WEB2), ["use instance -n web2"]),  # use replaces and moves to the end
    ((WEB1, DATA), (DATA, WEB1), ["unset all", "use volume -n 'my data'", "use instance -n web1"]),
    ((WEB1, DATA), (), ["unset all"]),
])
def test_the_selection_is_rebuilt_in_its_order(old: tuple[Selection, ...], new: tuple[Selection, ...],
                                                lines: list[str]) -> None:
    before = Where(region="r", selection=old)
    assert context_lines(before, Where(region="r", selection=new)) == lines


def test_a_use_written_with_dollar_underscore_is_saved_so_once() -> None:
    typed = Selection("eip", ("-i", "127.0.0.9"), typed="use eip -i $_")
    first = Where(region="r", selection=(typed,))
    later = Where(region="r", selection=(typed, WEB1))
    assert body([Entry("eip allocate", Where(region="r")), Entry("associate -n web1", first),
                 Entry("dump", later)])[-4:] == ["use eip -i $_", "associate -n web1", "use instance -n web1",
                                                 "dump"]


def test_endpoint_credentials_are_never_written() -> None:
    text = script_text([Entry("instance list", Where(region="r", endpoint="http://host:1/?token=s3cr3tvalue"))])
    assert "s3cr3t" not in text
    assert "# credentials in the endpoint URL were replaced by ***: give them another way\n" \
           "set endpoint 'http://host:1/?token=***'\n" in text
    plain = script_text([Entry("instance list", Where(region="r", endpoint="https://ec2.example.com"))])
    assert "replaced by ***" not in plain and "set endpoint https://ec2.example.com\n" in plain


def test_the_playground_endpoint_is_never_written() -> None:
    text = script_text([Entry("instance list", Where(region="us-east-1", endpoint="http://127.0.0.1:41234",
                                                     local=True))])
    assert "127.0.0.1" not in text and "oscmd --local -y FILE" in text
    assert text.splitlines()[4] == "set endpoint local"  # the first line that is not a comment: pinned there


def test_a_line_a_script_cannot_hold_is_refused() -> None:
    with pytest.raises(UsageError, match="line 2 of the session holds a line break"):
        script_text([Entry("instance list", EAST), Entry("instance -n 'a\nb' dump", EAST)])
    assert script_text([Entry("x", EAST)], name="a\x1bb").splitlines()[2] == "#   oscmd -y FILE"


def test_a_leading_yes_is_dropped_and_a_quoted_root_value_kept_as_typed() -> None:
    from oscmd_shell.lines.words import without_yes

    assert without_yes("-y instance -n db1 terminate") == "instance -n db1 terminate"
    assert without_yes("-o json --yes volume -n x delete") == "-o json volume -n x delete"
    assert without_yes('-y --query "length(@) " instance list') == '-y --query "length(@) " instance list'
    assert without_yes("instance list") == "instance list"
