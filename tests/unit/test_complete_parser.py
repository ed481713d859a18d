"""The tolerant tokenizer and partial parser behind completion and highlighting."""

from __future__ import annotations

import shlex

from hypothesis import given
from hypothesis import strategies as st

from oscmd_shell.complete.parser import analyse, roles
from oscmd_shell.complete.tokens import tokenize


def test_tokens_match_the_script_splitter_on_complete_lines() -> None:
    for line in ("instance -n 'my web' stop", 'ami run -V "a=b c" -r x', r"volume -n a\ b dump", "eip list"):
        assert [t.value for t in tokenize(line).tokens] == shlex.split(line)


@given(st.text(alphabet=st.sampled_from(list("ab -'\"\\#")), max_size=30))
def test_tokenizer_agrees_with_shlex_whenever_shlex_accepts(text: str) -> None:
    try:
        expected = shlex.split(text, comments=True)
    except ValueError:
        tokenize(text)  # an open quote: still no exception
        return
    assert [t.value for t in tokenize(text).tokens] == expected


def test_open_quotes_run_to_the_end_of_the_line() -> None:
    split = tokenize("instance -n 'my ser")
    assert split.current.value == "my ser" and split.current.open_quote == "'"
    assert split.current.first_quote == "'" and split.current.start == 12


def test_trailing_space_starts_an_empty_word() -> None:
    split = tokenize("instance ")
    assert split.current.value == "" and split.current.start == 9
    assert [t.value for t in split.done] == ["instance"]


def test_comment_is_found() -> None:
    assert tokenize("instance list # all of them").comment == 14


def test_analysis_positions() -> None:
    assert analyse("").where == "head"
    assert analyse("instance ").where == "object"
    a = analyse("instance -n web1 stop ")
    assert a.where == "verb" and a.obj is not None and a.verb is not None and a.verb.name == "stop"
    assert a.ident == {"name": "web1"}
    v = analyse("instance -n ")
    assert v.where == "value" and v.option is not None and v.option.dest == "name"
    inline = analyse("instance --name=we")
    assert inline.where == "value" and inline.inline == "--name=" and inline.prefix == "we"
    short = analyse("instance -nwe")
    assert short.where == "value" and short.inline == "-n" and short.prefix == "we"


def test_the_current_word_does_not_change_the_cursor_state() -> None:
    a = analyse("instance start")
    assert a.where == "object" and a.verb is None and a.roles == ["object", "verb"]


def test_verb_options_and_positionals() -> None:
    a = analyse("instance -n w ssh -u root -- uptime ")
    assert a.after_dashdash and a.args == {"user": ["root"]}
    assert a.roles == ["object", "option", "value", "verb", "option", "value", "option", "positional"]


def test_bare_verb_of_a_selected_object() -> None:
    a = analyse("console -f ", selected=["volume", "instance"])
    assert a.obj is not None and a.obj.name == "instance" and a.implicit
    assert analyse("console ", selected=[]).where == "none"


def test_roles_for_highlighting() -> None:
    _split, kinds = roles("--dry-run eip -i 1.2.3.4 release extra")
    assert kinds == ["root-option", "object", "option", "value", "verb", "positional"]
    assert roles("set region eu-west-2")[1] == ["builtin", "argument", "argument"]
    assert roles("use instance -n web1")[1] == ["builtin", "object", "option", "value"]
    assert roles("!ls -l")[1] == ["shell", "shell"]
    assert roles("instanc list")[1] == ["unknown", "unknown"]
