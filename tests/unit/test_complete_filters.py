"""Completing ``--filter NAME=VALUE`` and ``--sort``: in the shell's engine and through ``oscmd __complete``."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

from oscmd_shell.cache import store
from oscmd_shell.cache.lookups import LOOKUPS, MAX_SEEN_VALUES, TagsSeen, fetch
from oscmd_shell.cache.snapshot import (
    MAX_KEY_VALUES,
    MAX_TAG_KEYS,
    MAX_TAG_VALUES,
    TAG_KEYS,
    TAG_VALUES,
    Entry,
    Identity,
    KindData,
    Snapshot,
)
from oscmd_shell.complete import Sources, words
from oscmd_shell.complete.static import VOLUME_TYPES
from oscmd_shell.env import Env
from oscmd_shell.shellcomp.values import run as complete_values
from tests.support.seed import run_named

SNAP = Snapshot(kinds={
    "instance": KindData.build([Entry("i-0aaa", "web1", "running", "us-east-1a", "t3.micro"),
                                Entry("i-0bbb", "web2", "stopped", "us-east-1b", "m7i.large"),
                                Entry("i-0ccc", "db", "running", "us-east-1a", "t3.micro")], 100.0,
                               ["Name", "env", "team"]),
    "zone": KindData.build([Entry("us-east-1a", "", "available", "us-east-1a", "us-east-1"),
                            Entry("us-east-1b", "", "available", "us-east-1b", "us-east-1")], 100.0),
})


def offered(line: str, snap: Snapshot = SNAP) -> list[str]:
    return words(line, Sources(snapshot=lambda: snap, region="us-east-1"))


def test_filter_names_of_each_object() -> None:
    names = offered("instance --filter ")
    assert names[0] == "tag:Name=" and {"instance-state-name=", "instance-type=", "tag-key=", "tag:"} <= set(names)
    assert offered("instance --filter instance-st") == ["instance-state-code=", "instance-state-name="]
    assert "status=" in offered("volume --filter ") and "instance-state-name=" not in offered("volume --filter ")
    assert offered("keypair --filter k") == ["key-name=", "key-pair-id="]


def test_filter_values_the_cache_and_the_data_know() -> None:
    assert offered("instance --filter instance-state-name=st") == ["instance-state-name=stopping",
                                                                   "instance-state-name=stopped"]
    assert offered("instance --filter tag:Name=w") == ["tag:Name=web1", "tag:Name=web2"]
    assert offered("instance --filter instance-state-name=running,sto")[1] == "instance-state-name=running,stopped"
    types = offered("instance --filter instance-type=")
    assert types[:2] == ["instance-type=m7i.large", "instance-type=t3.micro"]  # the types in use come first
    assert offered("instance --filter availability-zone=") == ["availability-zone=us-east-1a",
                                                               "availability-zone=us-east-1b"]
    assert offered("instance --filter instance-id=i-0b") == ["instance-id=i-0bbb"]
    assert offered("volume --filter volume-type=") == [f"volume-type={t}" for t in VOLUME_TYPES]
    assert offered("instance --filter reason=") == []  # nothing known: nothing invented


def test_sort_offers_attributes_and_their_2017_names() -> None:
    assert offered("instance list --sort plac") == ["placement"]
    assert offered("instance list --sort priv") == ["private_ip", "private_ip_address", "private_dns",
                                                    "private_dns_name"]
    assert "ownerId" in offered("ami list --sort o")


def test_use_never_offers_a_filter() -> None:
    assert "--filter" not in offered("use instance -")


def scripts_offer(home: Path, *args: str) -> list[str]:
    """What ``oscmd __complete ARGS`` prints for bash, zsh and fish (values only), with ``home``'s cache."""
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={
        "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
    assert complete_values(list(args), env) == 0, err.getvalue()
    return [line.split("\t", 1)[0] for line in out.getvalue().splitlines()]


def test_shell_scripts_complete_filters_from_the_stored_cache(tmp_path: Path) -> None:
    snap = Snapshot(identity=Identity.of(None, "us-east-1", "AKIDONE"), kinds=dict(SNAP.kinds))
    store.save(tmp_path / ".cache" / "oscmd", snap, 1000.0)

    def complete(*args: str) -> list[str]:
        return scripts_offer(tmp_path, *args)

    assert complete("filter:instance", "instance-state-n", "2", "-r", "us-east-1") == ["instance-state-name="]
    assert complete("filter:instance", "tag:Name=we", "2", "-r", "us-east-1") == ["tag:Name=web1", "tag:Name=web2"]
    assert complete("attribute:volume", "stat", "0") == ["state", "status"]
    assert complete("filter:instance", "tag:e", "2", "-r", "us-east-1") == ["tag:env="]
    assert complete("filter:instance", "tag-key=", "2", "-r", "us-east-1") == ["tag-key=Name", "tag-key=env",
                                                                            "tag-key=team"]
    assert complete("filter:volume", "tag-key=", "2", "-r", "us-east-1") == []  # no volumes cached


def tag(ec2: Any, iid: str, *keys: str) -> None:
    ec2.create_tags(Resources=[iid], Tags=[{"Key": k, "Value": "x"} for k in keys])


def test_tag_keys_fetched_from_ec2_are_offered_as_filter_names_and_values(ec2: Any) -> None:
    web, db = run_named(ec2, "web1") + run_named(ec2, "db1")
    # the server returns these keys raw (a C1 CSI, a newline, a bidi override); ESC cannot travel in EC2's XML,
    # so it is tested below on the other ways in (the build gate, a planted store file)
    tag(ec2, web, "env", "team", "csi\x9b2J", "two\nlines", "bidi\u202etxt", "a=b", "c,d")
    tag(ec2, db, "env", "backup")
    entries, keys, _values = fetch(ec2, LOOKUPS["instance"])
    snap = Snapshot(kinds={"instance": KindData.build(entries, 1.0, keys)})
    assert snap.kinds["instance"].tags == ("Name", "a=b", "backup", "c,d", "env", "team")  # hostile keys dropped
    names = offered("instance --filter tag:", snap)
    assert names == ["tag:Name=", "tag:backup=", "tag:c,d=", "tag:env=", "tag:team=", "tag:"]
    assert offered("instance --filter tag:E", snap) == ["tag:env="]
    assert [k for k in offered("instance --filter ", snap) if k.startswith("tag:")] == ["tag:Name=", "tag:"]
    assert offered("instance --filter tag-key=", snap) == ["tag-key=Name", "tag-key=a=b", "tag-key=backup",
                                                           "tag-key=env", "tag-key=team"]
    assert offered("instance --filter tag-key=env,t", snap) == ["tag-key=env,team"]
    assert offered("volume --filter tag:", snap) == ["tag:Name=", "tag:"]  # keys are per kind


def test_tag_keys_are_capped_sorted_and_clean() -> None:
    many = [f"k{n:04d}" for n in range(MAX_TAG_KEYS + 100)]
    data = KindData.build([], 0.0, [*reversed(many), "k0001", "x" * 129, "", None, 7, "\x9bcsi", "esc\x1b]0;t\x07"])
    assert data.tags == tuple(many[:MAX_TAG_KEYS])


def test_tag_keys_persist_and_an_older_store_file_loads_without_them(tmp_path: Path) -> None:
    ident = Identity.of("http://127.0.0.1:5000", "us-east-1", "AKIDONE")
    store.save(tmp_path, Snapshot(identity=ident, kinds=dict(SNAP.kinds)), 1000.0)
    saved = store.load(tmp_path, ident)
    assert saved is not None and saved.kinds["instance"].tags == ("Name", "env", "team")
    path = store.path_for(tmp_path, ident)
    header, line = path.read_text().splitlines()[:2]
    old = json.loads(line)
    del old["tags"]  # a line as written before tag keys were kept
    hostile = {**old, "kind": "volume", "tags": ["ok", "esc\x1b[2J"]}  # a planted key is re-checked when read
    damaged = {**old, "kind": "snapshot", "tags": "env"}
    path.write_text("\n".join([header, *(json.dumps(r, separators=(",", ":")) for r in (old, hostile, damaged)), ""]))
    notices: list[str] = []
    loaded = store.load(tmp_path, ident, lambda _p, what: notices.append(what))
    assert loaded is not None and [e.id for e in loaded.kinds["instance"].entries] == ["i-0aaa", "i-0bbb", "i-0ccc"]
    assert loaded.kinds["instance"].tags == () and loaded.kinds["volume"].tags == ("ok",)
    assert "snapshot" not in loaded.kinds and notices == ["1 damaged line skipped"]
    assert store.read_values(tmp_path, "volume", TAG_KEYS, endpoint=None, region=None) == [("ok", "tag key")]
    assert store.read_values(tmp_path, "instance", TAG_KEYS, endpoint=None, region=None) == []


# -- tag values ---------------------------------------------------------------------------------
HOSTILE_VALUES = ("pr\x9b2J", "pro\nd", "prod\u202etxt", "p" * 257, "prod,test", "")  # C1 CSI, newline, bidi...


def test_tag_values_fetched_from_ec2_are_offered_by_key_and_prefix(ec2: Any, tmp_path: Path) -> None:
    run_named(ec2, "web1", tags={"env": "prod", "team": "blue team"})
    run_named(ec2, "db1", tags={"env": "test", "team": "ops"})
    run_named(ec2, "app1", tags={"env": "Prod"})
    for n, value in enumerate(HOSTILE_VALUES):  # what a hostile endpoint could hold: never offered
        run_named(ec2, f"odd{n}", tags={"env": value})
    found = fetch(ec2, LOOKUPS["instance"])
    snap = Snapshot(identity=Identity.of(None, "us-east-1", "AKIDONE"),
                    kinds={"instance": KindData.build(found.entries, 1.0, found.keys, found.values)})
    on_server = {t["Value"] for t in ec2.describe_tags(Filters=[{"Name": "key", "Values": ["env"]}])["Tags"]}
    assert on_server == {"prod", "test", "Prod", *HOSTILE_VALUES}  # the server holds them all
    assert offered("instance --filter tag:env=", snap) == ["tag:env=Prod", "tag:env=prod", "tag:env=test"]
    assert offered("instance --filter tag:env=P", snap) == ["tag:env=Prod", "tag:env=prod"]
    assert offered("instance --filter tag:env=prod,t", snap) == ["tag:env=prod,test"]
    assert offered("instance --filter tag:Env=", snap) == []  # keys are exact, as EC2's
    # quoted as a Name with a space is (instance -n bl<Tab> -> 'blue team'), with the quote the user opened
    assert offered("instance --filter tag:team=b", snap) == ["'tag:team=blue team'"]
    assert offered("instance --filter 'tag:team=b", snap) == ["'tag:team=blue team'"]
    assert offered('instance --filter "tag:team=b', snap) == ['"tag:team=blue team"']
    assert offered("instance --filter tag-value=p", snap) == ["tag-value=Prod", "tag-value=prod"]
    assert offered("instance --filter tag-value=w", snap) == ["tag-value=web1"]  # a Name is a tag value too
    assert offered("instance --filter tag-value=o", snap) == ["tag-value=odd0", "tag-value=odd1", "tag-value=odd2",
                                                              "tag-value=odd3", "tag-value=odd4", "tag-value=odd5",
                                                              "tag-value=ops"]
    assert offered("volume --filter tag:env=", snap) == []  # values are per kind
    assert "Name" not in found.values  # the Names are the entries' own: not noted twice

    store.save(tmp_path / ".cache" / "oscmd", snap, 1000.0)  # bash, zsh and fish read the stored values
    assert scripts_offer(tmp_path, "filter:instance", "tag:env=p", "2", "-r", "us-east-1") == ["tag:env=Prod",
                                                                                            "tag:env=prod"]
    assert scripts_offer(tmp_path, "filter:instance", "tag:team=", "2", "-r", "us-east-1") == [
        "tag:team=blue team", "tag:team=ops"]  # the script quotes (printf %q), as it does a Name
    assert scripts_offer(tmp_path, "filter:instance", "tag-value=w", "2", "-r", "us-east-1") == ["tag-value=web1"]


def test_a_key_with_too_many_values_keeps_none_and_a_kind_keeps_at_most_5000() -> None:
    values = {f"k{n:02d}": [f"v{n}-{i}" for i in range(MAX_KEY_VALUES)] for n in range(12)}  # 6,000 in all
    values["wide"] = [f"w{i}" for i in range(MAX_KEY_VALUES + 1)]
    data = KindData.build([], 0.0, values, values)
    assert "wide" not in data.tag_values  # a list cut short would make a prefix look unmatched
    assert list(data.tag_values) == [f"k{n:02d}" for n in range(10)]  # keys in sorted order, each whole
    assert sum(map(len, data.tag_values.values())) == MAX_TAG_VALUES
    assert list(data.values("tag:k03", "V3-49")) == ["v3-49"] + [f"v3-{i}" for i in range(490, 500)]


def test_a_fetch_of_100000_objects_with_unique_values_holds_little() -> None:
    seen = TagsSeen("Name")
    tracemalloc.start()
    try:
        for n in range(100_000):
            seen.note([{"Key": "Name", "Value": f"node-{n}"}, {"Key": "owner", "Value": f"user-{n}"},
                       {"Key": "host", "Value": f"h-{n}"}, {"Key": "env", "Value": ("prod", "test")[n % 2]}])
        data = KindData.build([], 0.0, seen.keys, seen.values)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data.tags == ("Name", "env", "host", "owner") and data.tag_values == {"env": ("prod", "test")}
    assert peak < 2 << 20, f"{peak:,} bytes at the peak"  # 200,000 unique values held would take about 20 MB


def test_a_fetch_keeps_each_key_whole_or_drops_it_past_the_values_it_may_hold() -> None:
    seen = TagsSeen()
    for i in range(400):  # 30 keys of 400 values: 12,000, more than a fetch holds
        seen.note([{"Key": f"k{n:02d}", "Value": f"v{i}"} for n in range(30)])
    assert len(seen.keys) == 30 and seen.held <= MAX_SEEN_VALUES
    assert seen.values and all(len(v) == 400 for v in seen.values.values())


def test_tag_values_persist_and_a_planted_or_damaged_line_is_checked(tmp_path: Path) -> None:
    ident = Identity.of("http://127.0.0.1:5000", "us-east-1", "AKIDONE")
    instance = KindData.build(SNAP.kinds["instance"].entries, 1.0, ["env"], {"env": ["prod", "test"]})
    store.save(tmp_path, Snapshot(identity=ident, kinds={"instance": instance}), 1000.0)
    saved = store.load(tmp_path, ident)
    assert saved is not None and saved.kinds["instance"].tag_values == {"env": ("prod", "test")}
    path = store.path_for(tmp_path, ident)
    header, line = path.read_text().splitlines()[:2]
    old = json.loads(line)
    del old["tag_values"]  # a line as written before tag values were kept
    planted = {**old, "kind": "volume", "tag_values": {"env": ["ok", "esc\x1b[2J", "x" * 257, 7, None]}}
    damaged = {**old, "kind": "snapshot", "tag_values": {"env": "prod"}}
    path.write_text("\n".join([header, *(json.dumps(r, separators=(",", ":")) for r in (old, planted, damaged)), ""]))
    notices: list[str] = []
    loaded = store.load(tmp_path, ident, lambda _p, what: notices.append(what))
    assert loaded is not None and loaded.kinds["instance"].tag_values == {}
    assert loaded.kinds["volume"].tag_values == {"env": ("ok",)}
    assert "snapshot" not in loaded.kinds and notices == ["1 damaged line skipped"]
    assert store.read_values(tmp_path, "volume", "tag:env", endpoint=None, region=None) == [("ok", "tag value")]
    assert store.read_values(tmp_path, "volume", TAG_VALUES, endpoint=None, region=None) == [("ok", "tag value")]


def test_the_name_tag_of_a_kind_named_otherwise_offers_its_tag_values() -> None:
    # a security group's name is its GroupName: tag:Name= offers the Name tags seen, group-name= the names
    groups = KindData.build([Entry("sg-1", "default"), Entry("sg-2", "web-sg")], 1.0, ["Name"],
                            {"Name": ["front door"]})
    snap = Snapshot(kinds={"group": groups})
    assert offered("securitygroup --filter tag:Name=", snap) == ["'tag:Name=front door'"]
    assert offered("securitygroup --filter group-name=", snap) == ["group-name=default", "group-name=web-sg"]
