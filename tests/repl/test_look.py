"""Highlighting, the toolbar's words for each cache state, the pager and `$_` expansion."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from pygments.token import Comment, Error, Keyword, Name, String, Text  # type: ignore[import-untyped]

from oscmd_shell.cache.snapshot import ALL, Entry, Identity, KindData, Snapshot
from oscmd_shell.errors import UsageError
from oscmd_shell.lines.words import Selection, apply_selection, expand_ids, is_secret
from oscmd_shell.repl.lexer import OscmdLexer, lexer_class
from oscmd_shell.repl.pager import PagingWriter, rows
from oscmd_shell.repl.toolbar import cache_status


def kinds(text: str, lexer: OscmdLexer | None = None) -> list[tuple[object, str]]:
    lexer = lexer or OscmdLexer()
    return [(t, v) for _i, t, v in lexer.get_tokens_unprocessed(text) if v.strip()]


def test_lexer_colours_by_grammar_role() -> None:
    assert kinds("--dry-run instance -i i-0123abcd -n 'my web' stop -f # why") == [
        (Name.Attribute, "--dry-run"), (Keyword, "instance"), (Name.Attribute, "-i"), (Name.Constant, "i-0123abcd"),
        (Name.Attribute, "-n"), (String, "'my web'"), (Name.Function, "stop"), (Name.Attribute, "-f"),
        (Comment, "# why"),
    ]
    assert kinds("eip -i $_ associate -n web1")[2] == (Name.Variable, "$_")
    assert kinds("volume dump vol-0a1b2c3d snap-0a1b2c3d9")[2:] == [(Name.Constant, "vol-0a1b2c3d"),
                                                                   (Name.Constant, "snap-0a1b2c3d9")]
    assert kinds("set region eu-west-2")[0] == (Keyword, "set")
    assert kinds("!ls -l")[0][0] == String.Backtick


def test_lexer_marks_unknown_words_only_after_the_cursor_left_them() -> None:
    assert kinds("instanc") == [(Text, "instanc")]
    assert kinds("instanc list")[0] == (Error, "instanc")
    assert kinds("instance -n 'open quote")[-1] == (String, "'open quote")


def test_lexer_knows_the_selection() -> None:
    bound = lexer_class(lambda: ["instance"])()
    assert kinds("console -f", bound) == [(Name.Function, "console"), (Name.Attribute, "-f")]
    assert kinds("console -f")[0] == (Error, "console")


def test_toolbar_cache_phrases() -> None:
    ident = Identity.of("http://x", "us-east-1", "k")
    assert cache_status(Snapshot(), 0) == ("cache: starting…", False)
    assert cache_status(Snapshot(identity=ident, loading=frozenset({"instance"})), 0) == (
        "instances: loading…", False)
    when = time.mktime((2024, 1, 1, 12, 3, 0, 0, 0, -1))
    dead = Snapshot(identity=ident).with_problem(ALL, "endpoint unreachable", when)
    assert cache_status(dead, when) == ("cache: endpoint unreachable (12:03)", True)
    full = Snapshot(identity=ident, kinds={"instance": KindData.build([Entry("i-1")], 100.0)})
    assert cache_status(full, 220.0) == ("cache: 1 instance, 2m old", False)
    assert cache_status(full.with_stale(["instance"]), 110.0)[0] == "cache: 1 instance, 10s old (stale: instances)"
    refused = full.with_problem("keypair", "UnauthorizedOperation", when)
    assert cache_status(refused, when) == ("key pairs: UnauthorizedOperation (12:03)", True)


def test_dollar_expansion() -> None:
    assert expand_ids("eip -i $_ associate", ["1.2.3.4"]) == "eip -i 1.2.3.4 associate"
    assert expand_ids("volume dump $1 $2", ["vol-1", "vol-2"]) == "volume dump vol-1 vol-2"
    assert expand_ids("x '$_' \"$_\" \\$_", ["a"]) == "x '$_' \"a\" \\$_"
    with pytest.raises(UsageError, match=r"\$_ is not set"):
        expand_ids("eip -i $_ release", [])
    with pytest.raises(UsageError, match="only 1 id"):
        expand_ids("eip -i $2 release", ["a"])


def test_selection_fills_in_lines() -> None:
    sel = {"instance": Selection("instance", ("-n", "web1"))}
    assert apply_selection(["console"], sel, ["instance"]) == ["instance", "-n", "web1", "console"]
    assert apply_selection(["-y", "stop", "-f"], sel, ["instance"]) == ["-y", "instance", "-n", "web1", "stop", "-f"]
    assert apply_selection(["instance", "stop"], sel, ["instance"]) == ["instance", "-n", "web1", "stop"]
    assert apply_selection(["instance", "-n", "db", "stop"], sel, ["instance"]) == ["instance", "-n", "db", "stop"]
    assert apply_selection(["instance", "list"], sel, ["instance"]) == ["instance", "list"]
    assert apply_selection(["summary"], sel, ["instance"]) == ["instance", "summary"]
    assert apply_selection(["volume", "list"], sel, ["instance"]) == ["volume", "list"]


def test_secret_lines() -> None:
    assert is_secret("set aws_secret_access_key x") and is_secret("ami run --secret y")
    assert is_secret("set secret_key z") and not is_secret("instance -n web1 stop")


def test_short_output_is_printed_long_output_is_paged(tmp_path: Path) -> None:
    real = io.StringIO()
    paged = tmp_path / "paged"
    environ = {"PAGER": f"sh -c 'cat > {paged}'"}
    writer = PagingWriter(real, lines=lambda: 5, columns=lambda: 20, environ=environ)
    writer.write("one\ntwo\n")
    writer.finish()
    assert real.getvalue() == "one\ntwo\n" and not paged.exists()
    writer = PagingWriter(real, lines=lambda: 5, columns=lambda: 20, environ=environ)
    text = "".join(f"line {i}\n" for i in range(10))
    writer.write(text)
    writer.finish()
    assert paged.read_text() == text and real.getvalue() == "one\ntwo\n"


def test_streaming_output_goes_live() -> None:
    real = io.StringIO()
    writer = PagingWriter(real, lines=lambda: 5, columns=lambda: 80, environ={"PAGER": "false"}, live_after=0.05)
    writer.write("first\n")
    deadline = time.monotonic() + 5
    while not real.getvalue() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert real.getvalue() == "first\n"
    writer.write("".join(f"more {i}\n" for i in range(20)))
    writer.finish()
    assert real.getvalue().count("\n") == 21


def test_rows_count_wrapping_and_ignore_colours() -> None:
    assert rows("\x1b[31m" + "x" * 30 + "\x1b[0m\n\nab\n", 10) == 5
