"""The pure completion engine: every grammar position, without a terminal or a network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oscmd_shell import registry
from oscmd_shell.cache.snapshot import Entry, KindData, Snapshot
from oscmd_shell.complete import Sources, complete, words
from oscmd_shell.complete.static import INSTANCE_TYPES, REGIONS


def snapshot() -> Snapshot:
    return Snapshot(kinds={
        "instance": KindData.build([
            Entry("i-0aaa", "web1", "running", "us-east-1a", "t3.micro"),
            Entry("i-0bbb", "web2", "stopped", "us-east-1b", "t3.small"),
            Entry("i-0ccc", "db", "running", "us-east-1a", "m7i.large"),
            Entry("i-0ddd", "my server", "running", "us-east-1a"),
            Entry("i-0eee", "", "pending", "us-east-1a"),
        ], 100.0),
        "volume": KindData.build([
            Entry("vol-01", "data1", "available", "us-east-1a", "8 gp3"),
            Entry("vol-02", "data2", "in-use", "us-east-1a", "8 gp3 i-0aaa"),
        ], 100.0),
        "address": KindData.build([
            Entry("198.51.100.1", "", "associated", "vpc", "eipalloc-1 i-0aaa"),
            Entry("198.51.100.2", "", "free", "vpc", "eipalloc-2"),
        ], 100.0),
        "zone": KindData.build([Entry("us-east-1a", "", "available", "us-east-1a", "us-east-1"),
                                Entry("us-east-1b", "", "available", "us-east-1b", "us-east-1"),
                                Entry("eu-west-2a", "", "available", "eu-west-2a", "eu-west-2")], 100.0),
    })


@pytest.fixture
def sources() -> Sources:
    snap = snapshot()
    return Sources(snapshot=lambda: snap, region="us-east-1")


# -- structure --------------------------------------------------------------------------------
def test_first_word_offers_objects_and_builtins() -> None:
    offered = words("")
    assert {"ami", "instance", "volume", "snapshot", "eip", "securitygroup", "keypair"} <= set(offered)
    assert {"set", "use", "unset", "refresh", "history", "save", "help", "exit", "completion"} <= set(offered)
    assert words("inst") == ["instance"]
    assert words("s") == ["snapshot", "securitygroup", "set", "save"]


def test_first_word_candidates_carry_descriptions() -> None:
    by_text = {c.text: c.meta for c in complete("")}
    assert by_text["instance"] == "EC2 instances (virtual machines)"
    assert by_text["use"] == "select an object so later lines may omit it"


def test_root_options_valid_on_a_shell_line_only() -> None:
    offered = words("--")
    assert "--dry-run" in offered and "--yes" in offered and "--output" in offered
    assert "--endpoint" not in offered and "--region" not in offered and "--version" not in offered
    assert words("--dry-run inst") == ["instance"]
    assert words("--output ") == ["text", "table", "json", "yaml"]


def test_after_object_verbs_then_options() -> None:
    assert words("instance st") == ["start", "stop"]
    assert words("instance -") == ["-i", "-n", "-s", "--filter", "-h"]
    assert words("instance --") == ["--id", "--name", "--self", "--filter", "--help"]
    assert words("instance -n web1 ") [:3] == ["dump", "list", "exist"]


def test_given_options_are_left_out_except_repeatable() -> None:
    assert words("instance -n web1 -") == ["-i", "-s", "--filter", "-h"]
    assert "-f" not in words("instance -n web1 stop -f -")
    ran = words("ami run -r cleaner -")
    assert "-r" in ran and "-n" in ran
    assert "-t" not in words("ami run -t t3.micro -")
    assert "-r" in words("ami run -r cleaner -r x -")


def test_verb_options_carry_help() -> None:
    found = {c.text: c for c in complete("instance -n web1 stop -")}
    assert found["-f"].meta == "force the stop (like pulling the plug)"
    assert found["-f"].display == "-f, --forced"
    assert "--forced" in words("instance -n web1 stop --f")


def test_required_options_not_yet_given_come_first_marked_required() -> None:
    made = complete("ami make -")  # --name is the third option of the registry, and the one required
    assert (made[0].text, made[0].meta) == ("-n", "required: image name")
    assert [c.text for c in made[1:4]] == ["-i", "-v", "-d"]  # the others keep the registry's order
    assert not any(c.meta.startswith("required") for c in made[1:])
    assert complete("ami make --")[0].text == "--name"
    given = complete("ami make -n img -")
    assert "-n" not in [c.text for c in given] and not any(c.meta.startswith("required") for c in given)
    assert [(c.text, c.meta.split(":")[0]) for c in complete("keypair import -n k -")] == [
        ("-f", "required"), ("-h", "show help")]


def test_option_value_arity_is_respected() -> None:
    # -n takes a value: 'stop' after it is a value, not a verb, so the verb list comes next.
    assert words("instance -n stop ")[:2] == ["dump", "list"]
    assert words("ami run -F key value -")[0].startswith("-")


def test_builtins_are_completed_like_objects() -> None:
    assert words("set ") == ["region", "endpoint", "zone", "profile", "output"]
    assert words("set output j") == ["json"]
    assert "us-west-2" in words("set region us-")
    assert words("use inst") == ["instance"]
    assert words("use instance -") == ["-i", "-n", "-s"]
    assert words("help vol") == ["volume"]
    assert words("help instance sto") == ["stop"]
    assert words("refresh vo") == ["volume"]
    assert words("completion ") == ["bash", "zsh", "fish"]
    assert words("unset ", Sources(selected=["instance"], selection={"instance": "web1"})) == [
        "instance", "zone", "all"]
    assert words("history ") == [] and words("exit ") == []


def test_root_command_options_take_the_values_the_registry_gives_them() -> None:
    """``journal --object <Tab>``: the same values as in bash, zsh and fish (the generated grammar.json)."""
    grammar = json.loads((Path(__file__).resolve().parents[2] / "completions" / "grammar.json").read_text())
    commands = {c["name"]: c for c in grammar["commands"]}
    checked = 0
    for command in registry.ROOT_COMMANDS:
        for opt in command.options:
            [spec] = [o for o in commands[command.name]["options"] if o["dest"] == opt.dest]
            if spec["choices"]:
                assert words(f"{command.name} {opt.flags[-1]} ") == spec["choices"] == list(opt.choices)
                checked += 1
    assert checked and words("journal --object ") == ["ami", "instance", "volume", "snapshot", "eip",
                                                      "securitygroup", "keypair", "undo"]
    assert words("journal --object in") == ["instance"] and words("journal --object=vo") == ["volume"]
    assert words("journal -n 5 --region eu-west-") == ["eu-west-1", "eu-west-2", "eu-west-3"]
    assert words("journal --all --object ") == words("journal --object ")  # options anywhere, as journal reads them
    assert words("journal --object undo ") == ["show"] and words("journal show ") == []
    assert words("journal --object volume -") == ["-n", "--region", "--since", "--all", "-h"]  # given: left out
    assert words("undo -y -") == ["--dry-run", "-h"]


def test_help_offers_topics_from_the_sources() -> None:
    src = Sources(topics=lambda: [("config", "configuration files"), ("scripts", "script files")])
    assert words("help c", src) == ["config"]


# -- static values --------------------------------------------------------------------------
def test_instance_types_regions_volume_types_protocols() -> None:
    assert "t3.micro" in words("ami run -t t3.") and "m7i.large" in words("ami run -t m7")
    assert words("ami run --instance-type=t3.mi") == ["t3.micro"]
    assert "tinav5.c1r1p1" in INSTANCE_TYPES and "eu-west-2" in REGIONS
    assert words("volume create -t i") == ["io1", "io2"]
    assert words("securitygroup -n g add_rule -p ic") == ["icmp", "icmpv6"]
    assert words("keypair create -t ") == ["rsa", "ed25519"]
    assert words("instance -n w ssh --host-key-policy a") == ["accept-new"]


def test_zones_come_from_the_cache_for_the_region(sources: Sources) -> None:
    assert words("volume create -z ", sources) == ["us-east-1a", "us-east-1b"]
    assert words("volume create -z ", Sources(region="eu-west-3")) == ["eu-west-3a", "eu-west-3b", "eu-west-3c"]


# -- live values ----------------------------------------------------------------------------
def test_names_from_the_snapshot_with_descriptions(sources: Sources) -> None:
    found = complete("instance -n w", sources)
    assert [c.text for c in found] == ["web1", "web2"]
    assert found[0].meta == "i-0aaa  running/us-east-1a"
    assert found[0].start == -1


def test_ids_complete_by_id_or_by_name(sources: Sources) -> None:
    assert words("instance -i i-0a", sources) == ["i-0aaa"]
    by_name = complete("instance -i we", sources)
    assert [c.text for c in by_name] == ["i-0aaa", "i-0bbb"]
    assert by_name[0].meta == "web1  running/us-east-1a"
    assert words("instance -n i-0c", sources) == ["db"]


def test_unnamed_objects_offer_no_name(sources: Sources) -> None:
    assert "" not in words("instance -n ", sources)
    assert "i-0eee" in words("instance -i ", sources)


def test_verb_scopes_the_order(sources: Sources) -> None:
    assert words("instance -n ", sources, after="start")[0] == "web2"
    stop = words("instance -n ", sources, after="stop")
    assert stop.index("web2") == len(stop) - 1
    assert words("volume -n ", sources, after="attach -n web1")[0] == "data1"
    assert words("volume -n ", sources, after="detach")[0] == "data2"
    assert words("eip -i ", sources, after="associate -n web1")[0] == "198.51.100.2"
    assert words("eip -i 198.51.100.2 associate -i ", sources)[-1] == "i-0eee"
    assert words("eip -i ", sources, after="disassociate")[0] == "198.51.100.1"


def test_positional_ids_for_list_and_dump(sources: Sources) -> None:
    assert words("volume list ", sources) == ["vol-01", "vol-02"]
    assert words("volume dump vol-01 ", sources) == ["vol-01", "vol-02"]


def test_values_needing_quotes_are_quoted(sources: Sources) -> None:
    assert words("instance -n my", sources) == ["'my server'"]
    found = complete("instance -n 'my s", sources)
    assert [c.text for c in found] == ["'my server'"] and found[0].start == -5
    assert words('instance -n "my', sources) == ['"my server"']


def test_a_selected_object_makes_its_verbs_first_words(sources: Sources) -> None:
    src = Sources(snapshot=sources.snapshot, selected=["instance"], selection={"instance": "web1"})
    found = {c.text: c.meta for c in complete("con", src)}
    assert found == {"console": "instance web1: print the console output (-f: follow it)"}
    assert words("console -", src) == ["-f", "--interval", "--raw", "-h"]
    assert words("attach -n ", src)[:1] == ["data1"]


def test_variables_complete_verbatim() -> None:
    src = Sources(variables={"$_": "eipalloc-1", "$1": "eipalloc-1"})
    found = complete("eip -i $", src)
    assert [(c.text, c.meta) for c in found] == [("$_", "eipalloc-1"), ("$1", "eipalloc-1")]


def test_nothing_is_offered_without_a_cache() -> None:
    assert words("instance -n ") == []


def test_comments_and_shell_escapes_offer_nothing() -> None:
    assert words("instance list # inst") == []
    assert words("!ls inst") == []


# -- files and resources --------------------------------------------------------------------
def test_file_values_list_paths(tmp_path: Path) -> None:
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "web.pem").write_text("k")
    (tmp_path / "keys" / ".hidden").write_text("k")
    (tmp_path / "a file.yaml").write_text("x")
    src = Sources(home=tmp_path, cwd=tmp_path)
    assert words("instance -n w ssh -f ~/k", src) == ["~/keys/"]
    assert words("instance -n w ssh -f ~/keys/", src) == ["~/keys/web.pem"]
    assert words("instance -n w ssh -f ~/keys/.", src) == ["~/keys/.hidden"]
    assert words("ami run -T a", src) == ["'a file.yaml'"]
    assert words(f"ami run -T {tmp_path}/k", src) == [f"{tmp_path}/keys/"]
    assert words("ami run -R ", src) == ["keys/"]
    assert words("save ", src) == ["'a file.yaml'", "keys/"]
    assert words("save -f ", src) == ["'a file.yaml'", "keys/"]
    assert words("save -", src) == ["-f"]


def test_resource_names_for_ami_run(tmp_path: Path) -> None:
    (tmp_path / "mine.sh").write_text("#!/bin/sh\n")
    offered = words(f"ami run -R {tmp_path} -r ")
    assert "mine.sh" in offered
    assert "cleaner" in words("ami run -r cl")


# -- robustness -----------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("instace -'\"\\$#!=vlumpr1 ")), max_size=40))
def test_the_engine_never_raises(text: str) -> None:
    snap = snapshot()
    complete(text, Sources(snapshot=lambda: snap, selected=["instance"]), after=text[:5])
