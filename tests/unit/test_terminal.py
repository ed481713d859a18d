"""The one escaping gate: visible, unambiguous escapes; JSON and YAML keep exact values and stay inert."""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from oscmd_shell.output import terminal
from oscmd_shell.output.render import to_json, to_yaml
from tests.support.crafted import dangerous

HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\r\n\u202eexe.txt\u2028\x85\u2066\u200b\ufeff"
# Text heavy in what the gate must handle: controls, separators, bidi, backslashes and escape letters.
TRICKY = st.text(alphabet=st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(list("\\xunrtU0123456789abcdef\x00\x07\x1b\x7f\x85\x9b\t\n\r\u061c\u200e\u2028\u202e\u2069\udc80"
                         "\xad\u200d\u2063\u3164\ufe0f\U000e0041")),
))


def unescape(text: str) -> str:
    """The documented reading rule: \\\\, \\n, \\r, \\t, \\xHH, \\uHHHH, \\UHHHHHHHH; any other backslash is itself."""
    out, i = [], 0
    while i < len(text):
        ch, nxt = text[i], text[i + 1 : i + 2]
        if ch == "\\" and nxt == "\\":
            out.append("\\")
            i += 2
        elif ch == "\\" and nxt and nxt in "nrt":
            out.append({"n": "\n", "r": "\r", "t": "\t"}[nxt])
            i += 2
        elif ch == "\\" and nxt == "x" and re.fullmatch("[0-9a-f]{2}", text[i + 2 : i + 4]):
            out.append(chr(int(text[i + 2 : i + 4], 16)))
            i += 4
        elif ch == "\\" and nxt == "u" and re.fullmatch("[0-9a-f]{4}", text[i + 2 : i + 6]):
            out.append(chr(int(text[i + 2 : i + 6], 16)))
            i += 6
        elif ch == "\\" and nxt == "U" and re.fullmatch("[0-9a-f]{8}", text[i + 2 : i + 10]):
            out.append(chr(int(text[i + 2 : i + 10], 16)))
            i += 10
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def test_line_forms() -> None:
    assert terminal.line("web1") == "web1"
    assert terminal.line("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert terminal.line("one\ntwo\r\tthree") == "one\\ntwo\\r\\tthree"
    assert terminal.line("\x9b2J \x85 \u202eevil \u2028 \u2066 \u061c \ufeff") == (
        "\\x9b2J \\x85 \\u202eevil \\u2028 \\u2066 \\u061c \\ufeff")
    assert terminal.line("x\ud800") == "x\\ud800"  # a lone surrogate would make the write itself fail


def test_names_that_differ_by_an_invisible_character_never_look_alike() -> None:
    impostors = ["web1\u200d", "web1\u200c", "web1\xad", "web1\u2063", "web1\u3164", "web1\ufe0f",
                 "web1\U000e0020\U000e0041", "we\u034fb1", "web1\u180e"]
    shown = [terminal.line(name) for name in impostors]
    assert len({*shown, "web1"}) == len(impostors) + 1 and all(s != "web1" for s in shown)
    assert terminal.line("web1\U000e0041") == "web1\\U000e0041"
    assert terminal.line("\\U000e0041") == "\\\\U000e0041"  # a literal backslash-U is doubled: reads back
    assert all(unescape(s) == name for s, name in zip(shown, impostors, strict=True))
    assert json.loads(terminal.json_text(json.dumps("a\U000e0041b", ensure_ascii=False))) == "a\U000e0041b"
    assert "\\udb40\\udc41" in terminal.json_text(json.dumps("\U000e0041", ensure_ascii=False))


def test_a_backslash_is_doubled_only_where_it_could_be_read_as_an_escape() -> None:
    assert terminal.line("C:\\Program Files") == "C:\\Program Files"
    assert terminal.line("C:\\temp\\new") == "C:\\\\temp\\\\new"
    assert terminal.line("literal \\x1b") == "literal \\\\x1b"
    assert terminal.line("\\\x1b") == "\\\\\\x1b"
    assert terminal.line("ends with \\") == "ends with \\"
    assert unescape(terminal.line("literal \\x1b")) == "literal \\x1b"
    assert unescape(terminal.line("real \x1b")) == "real \x1b"


def test_block_keeps_line_ends_and_tabs() -> None:
    text = "boot\r\n[ OK ]\tdone\n\x1b[32mgreen\x1b[0m\rover"
    assert terminal.block(text) == "boot\n[ OK ]\tdone\n\\x1b[32mgreen\\x1b[0m\\rover"


@settings(max_examples=400)
@given(TRICKY)
def test_line_is_inert_one_line_and_reads_back(text: str) -> None:
    escaped = terminal.line(text)
    assert dangerous(escaped, allowed="") == []
    assert unescape(escaped) == text
    assert terminal.is_clean(escaped)


@settings(max_examples=300)
@given(TRICKY)
def test_block_is_inert_but_for_line_ends_and_tabs(text: str) -> None:
    escaped = terminal.block(text)
    assert dangerous(escaped, allowed="\n\t") == []
    assert unescape(escaped) == text.replace("\r\n", "\n")


@settings(max_examples=300)
@given(st.dictionaries(TRICKY, st.lists(TRICKY, max_size=3), max_size=3))
def test_json_and_yaml_keep_exact_values_and_are_inert(data: dict[str, list[str]]) -> None:
    document = to_json(data)
    assert json.loads(document) == data
    assert dangerous(document) == []
    document = to_yaml(data)
    assert yaml.safe_load(document) == (data or {})
    assert dangerous(document) == []


def test_json_and_yaml_of_a_hostile_name() -> None:
    data = {"name": HOSTILE, "ok": "café ☃"}
    document = to_json(data)
    assert json.loads(document) == data and "café ☃" in document  # readable unicode stays readable
    assert "\\u009b" in document and "\\u202e" in document
    document = to_yaml(data)
    assert yaml.safe_load(document) == data and "café ☃" in document


def test_tree_escapes_keys_and_values_and_keeps_other_types() -> None:
    value = {"Tags": [{"Key": "a\nb", "Value": "\x9b"}], "Size": 8, "When": None}
    assert terminal.tree(value) == {"Tags": [{"Key": "a\\nb", "Value": "\\x9b"}], "Size": 8, "When": None}
