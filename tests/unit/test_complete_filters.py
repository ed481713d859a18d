"""Completing ``--filter NAME=VALUE`` and ``--sort``: in the shell's engine and through ``oscmd __complete``."""

from __future__ import annotations

import io
from pathlib import Path

from oscmd_shell.cache import store
from oscmd_shell.cache.snapshot import Entry, Identity, KindData, Snapshot
from oscmd_shell.complete import Sources, words
from oscmd_shell.complete.static import VOLUME_TYPES
from oscmd_shell.env import Env
from oscmd_shell.shellcomp.values import run as complete_values

SNAP = Snapshot(kinds={
    "instance": KindData.build([Entry("i-0aaa", "web1", "running", "us-east-1a", "t3.micro"),
                                Entry("i-0bbb", "web2", "stopped", "us-east-1b", "m7i.large"),
                                Entry("i-0ccc", "db", "running", "us-east-1a", "t3.micro")], 100.0),
    "zone": KindData.build([Entry("us-east-1a", "", "available", "us-east-1a", "us-east-1"),
                            Entry("us-east-1b", "", "available", "us-east-1b", "us-east-1")], 100.0),
})


def offered(line: str) -> list[str]:
    return words(line, Sources(snapshot=lambda: SNAP, region="us-east-1"))


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


def test_shell_scripts_complete_filters_from_the_stored_cache(tmp_path: Path) -> None:
    snap = Snapshot(identity=Identity.of(None, "us-east-1", "AKIDONE"), kinds=dict(SNAP.kinds))
    store.save(tmp_path / ".cache" / "oscmd", snap, 1000.0)

    def complete(*args: str) -> list[str]:
        out, err = io.StringIO(), io.StringIO()
        env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ={
            "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / ".cache"), "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
        assert complete_values(list(args), env) == 0, err.getvalue()
        return [line.split("\t", 1)[0] for line in out.getvalue().splitlines()]

    assert complete("filter:instance", "instance-state-n", "2", "-r", "us-east-1") == ["instance-state-name="]
    assert complete("filter:instance", "tag:Name=we", "2", "-r", "us-east-1") == ["tag:Name=web1", "tag:Name=web2"]
    assert complete("attribute:volume", "stat", "0") == ["state", "status"]
