"""The registry-driven parser: levels, arity, suggestions, errors that raise."""

from __future__ import annotations

import importlib

import pytest

from oscmd_shell import registry
from oscmd_shell.errors import UsageError
from oscmd_shell.parsing.command import parse_command
from oscmd_shell.spec import Option, all_flags


def test_levels_have_their_own_namespaces() -> None:
    cmd = parse_command(["ami", "-n", "base", "run", "-n", "web1", "-s", "10", "-s", "20G,type=gp3"])
    assert cmd.obj is not None and cmd.obj.name == "ami"
    assert cmd.ident is not None and cmd.ident.values["name"] == "base"
    assert cmd.verb is not None and cmd.verb.name == "run"
    assert cmd.args is not None
    assert cmd.args.values["name"] == "web1"
    assert cmd.args.values["volume_size"] == ["10", "20G,type=gp3"]


def test_an_option_value_is_never_taken_for_a_verb() -> None:
    cmd = parse_command(["instance", "-n", "stop", "start"])
    assert cmd.ident is not None and cmd.ident.values["name"] == "stop"
    assert cmd.verb is not None and cmd.verb.name == "start"


def test_root_options_and_forms() -> None:
    cmd = parse_command(["-y", "--output=json", "-rus-west-2", "--dry-run", "instance", "list"])
    assert cmd.root.values["yes"] is True
    assert cmd.root.values["output"] == "json"
    assert cmd.root.values["region"] == "us-west-2"
    assert cmd.root.values["dry_run"] is True
    cluster = parse_command(["-yd", "instance", "list"])
    assert cluster.root.values["yes"] is True and cluster.root.values["debug"] is True


def test_arity_two_and_types() -> None:
    cmd = parse_command(["ami", "run", "-F", "role", "web", "-F", "env", "prod"])
    assert cmd.args is not None and cmd.args.values["local_facts"] == [("role", "web"), ("env", "prod")]
    cmd = parse_command(["instance", "-n", "x", "ping", "-c", "3"])
    assert cmd.args is not None and cmd.args.values["count"] == 3


def test_positionals_and_double_dash() -> None:
    cmd = parse_command(["instance", "-n", "web1", "ssh", "-u", "admin", "--", "ls", "-l"])
    assert cmd.args is not None
    assert cmd.args.values["user"] == "admin"
    assert cmd.positionals == ["ls", "-l"]
    cmd = parse_command(["volume", "dump", "vol-1", "vol-2"])
    assert cmd.positionals == ["vol-1", "vol-2"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["instnace", "list"], "unknown object 'instnace' (did you mean 'instance'?)"),
        (["instance", "lst"], "instance: unknown verb 'lst' (did you mean 'list'?)"),
        (["instance", "list", "--patern", "x"], "unknown option '--patern' (did you mean '--pattern'?)"),
        (["instance"], "instance: verb missing"),
        (["instance", "-n"], "--name needs a value"),
        (["instance", "-n", "x", "ping", "-c", "many"], "--count expects a whole number, not 'many'"),
        (["--output", "xml", "instance", "list"], "--output must be one of text, table, json, yaml"),
        (["ami", "run", "-F", "onlykey"], "--Fact needs 2 values"),
        (["instance", "-n", "a", "-n", "b", "list"], "--name given twice"),
        (["volume", "-i", "vol-1", "delete", "extra"], "unexpected argument 'extra'"),
    ],
)
def test_errors_raise_with_one_clear_line(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_command(argv, allow_script=False)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_help_at_every_level() -> None:
    assert parse_command(["-h"]).help == "root"
    assert parse_command(["instance", "-h"]).help == "object"
    assert parse_command(["instance", "stop", "-h"]).help == "verb"
    assert parse_command(["ami", "-n", "x", "run", "--help"]).help == "verb"


def registry_problems() -> list[str]:
    """The registry's inconsistencies (empty when it is sound)."""
    problems: list[str] = []

    def check_level(where: str, options: tuple[Option, ...]) -> None:
        flags = all_flags(options)
        dupes = {f for f in flags if flags.count(f) > 1}
        if dupes:
            problems.append(f"{where}: duplicate flags {sorted(dupes)}")
        if "-h" in flags or "--help" in flags:
            problems.append(f"{where}: -h is reserved for help")
        dests = [o.dest for o in options]
        if len(set(dests)) != len(dests):
            problems.append(f"{where}: duplicate dests")
        for o in options:
            if not all(f.startswith("-") for f in o.flags):
                problems.append(f"{where}: bad flag in {o.flags}")
            if o.arity == 0 and o.type != "str":
                problems.append(f"{where}: flag {o.long} has a type")

    check_level("root", registry.ROOT_OPTIONS)
    for obj in registry.OBJECTS:
        check_level(obj.name, obj.options)
        names = [v.name for v in obj.verbs]
        if len(set(names)) != len(names):
            problems.append(f"{obj.name}: duplicate verbs")
        for verb in obj.verbs:
            check_level(f"{obj.name} {verb.name}", verb.options)
            if verb.destructive_if and not verb.option("--" + verb.destructive_if.replace("_", "-")) and not any(
                o.dest == verb.destructive_if for o in verb.options
            ):
                problems.append(f"{obj.name} {verb.name}: destructive_if names no option")
            if not verb.help:
                problems.append(f"{obj.name} {verb.name}: no help")
    return problems


def test_registry_is_consistent_and_complete() -> None:
    assert registry_problems() == []
    expected = {
        "ami": {"run", "dump", "list", "exist", "share", "unshare", "make", "delete"},
        "instance": {"dump", "list", "exist", "start", "stop", "reboot", "terminate", "ssh", "ping", "console",
                     "associate", "attach", "addvolume", "summary", "offering", "getwinpass", "getrole"},
        "volume": {"dump", "list", "exist", "summary", "create", "delete", "detach", "attach"},
        "snapshot": {"dump", "list", "exist", "summary", "create", "delete"},
        "eip": {"dump", "list", "exist", "summary", "allocate", "associate", "disassociate", "release"},
        "securitygroup": {"dump", "list", "exist", "create", "delete", "add_rule", "remove_rule"},
        "keypair": {"dump", "list", "exist", "create", "import", "delete"},
    }
    assert {o.name: set(o.verb_names) for o in registry.OBJECTS} == expected
    for obj in registry.OBJECTS:
        for verb in obj.verbs:
            assert verb.handler, f"{obj.name} {verb.name} has no handler"
            assert callable(imported(verb.handler)), verb.handler
    for command in registry.ROOT_COMMANDS:  # a root command names its handler as a verb does
        assert command.handler, f"{command.name} has no handler"
        assert callable(imported(command.handler)), command.handler


def imported(handler: str) -> object:
    module, _, function = handler.partition(":")
    return getattr(importlib.import_module(module), function)
