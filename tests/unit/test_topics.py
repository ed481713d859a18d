"""``oscmd help [TOPIC | OBJECT [VERB]]`` on the command line and in the shell."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from oscmd_shell import registry
from oscmd_shell.cli import run
from oscmd_shell.config import Config, Settings
from oscmd_shell.context import Context
from oscmd_shell.env import Env
from oscmd_shell.errors import Exit, UsageError
from oscmd_shell.output import help as helptext
from oscmd_shell.output import topics
from oscmd_shell.repl.shell import Shell
from oscmd_shell.repl.shell import topics as shell_topics

BRIEFED = ("config", "templates", "user-data", "resources", "scripts", "shell", "exit-codes", "outscale",
           "files")


def cli(home: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={"HOME": str(home)})
    return run(list(argv), env), out.getvalue(), err.getvalue()


def test_help_alone_lists_topics_and_objects() -> None:
    text = topics.render([])
    assert set(BRIEFED) <= set(topics.TOPICS)
    for name, topic in topics.TOPICS.items():
        assert f"  {name}" in text and topic.title in text
    for obj in registry.OBJECTS:
        assert f"  {obj.name}" in text
    assert topics.render(["-h"]) == topics.render(["help"]) == text


@pytest.mark.parametrize("name", sorted(topics.TOPICS))
def test_every_topic_renders(name: str) -> None:
    text = topics.render([name])
    assert text.startswith(f"oscmd help {name}: {topics.TOPICS[name].title}\n\n")
    assert len(text.splitlines()) > 6
    assert all(len(line) <= 100 for line in text.splitlines()), [ln for ln in text.splitlines() if len(ln) > 100]


def test_objects_and_verbs_fall_back_to_the_registry_help() -> None:
    inst = registry.get_object("instance")
    assert inst is not None
    assert topics.render(["instance"]) == helptext.object_help(inst)
    verb = inst.verb("terminate")
    assert verb is not None
    assert topics.render(["instance", "terminate"]) == helptext.verb_help(inst, verb)
    assert topics.render(["instance", "-h"]) == helptext.object_help(inst)


@pytest.mark.parametrize(("args", "hint"), [
    (["confg"], "did you mean 'config'"),
    (["instanse"], "did you mean 'instance'"),
    (["instance", "strat"], "did you mean 'start'"),
    (["config", "extra"], "unexpected 'extra'"),
    (["instance", "start", "extra"], "unexpected 'extra'"),
])
def test_unknown_topics_are_usage_errors_with_a_suggestion(args: list[str], hint: str) -> None:
    with pytest.raises(UsageError) as caught:
        topics.render(args)
    assert hint in caught.value.message


def test_derived_parts_follow_the_code() -> None:
    exit_text = " ".join(topics.render(["exit-codes"]).split())
    assert [code for code, _ in topics.EXIT_CODES] == list(Exit)
    for code, meaning in topics.EXIT_CODES:
        assert f" {int(code)} {meaning}" in exit_text
    config = " ".join(topics.render(["config"]).split())
    for key, users in topics.option_config_keys().items():
        section, _, name = key.partition(".")
        assert f"[{section}] {name}" in config and users[0] in config
    resources = topics.render(["resources"])
    summaries = dict(topics.resource_summaries())
    assert set(summaries) == {"cleaner", "extendvol", "puppetize", "wrapvols"}
    assert all(summaries.values()) and all(text in resources for text in summaries.values())
    shell = topics.render(["shell"])
    assert all(b.help in shell for b in registry.BUILTINS)


def test_help_topic_on_the_command_line(tmp_path: Path) -> None:
    status, out, err = cli(tmp_path, "help", "scripts")
    assert (status, err) == (0, "") and out == topics.render(["scripts"])
    status, out, err = cli(tmp_path, "help")
    assert status == 0 and "topics:" in out
    status, out, err = cli(tmp_path, "help", "outscal")
    assert status == 2 and out == "" and "did you mean 'outscale'" in err


def test_help_topic_in_the_shell(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={"HOME": str(tmp_path)}, stdin_isatty=True)
    shell = Shell(Context.build(env, Config(), Settings()))
    assert shell.run_line("help user-data").status == 0
    assert out.getvalue() == topics.render(["user-data"])
    assert shell.run_line("help nothing").status == Exit.USAGE
    names = dict(shell_topics())
    assert names["templates"] == topics.TOPICS["templates"].title


def test_files_names_the_paths_oscmd_writes() -> None:
    from oscmd_shell.cache.store import values_dir

    text = topics.render(["files"])
    env = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={"HOME": "~"})
    for path in (env.config_dir / "known_hosts", env.state_dir / "history", values_dir(env.cache_dir)):
        assert str(path) in text
    for fact in ("0600", "0700", "O_EXCL|O_NOFOLLOW", "mktemp -d", "SIGTERM"):
        assert fact in text
