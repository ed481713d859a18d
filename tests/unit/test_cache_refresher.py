"""The background refresher and the live cache, with a scripted EC2 client (no network)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.cache import store
from oscmd_shell.cache.live import LiveCache
from oscmd_shell.cache.lookups import ORDER
from oscmd_shell.cache.refresher import Refresher
from oscmd_shell.cache.snapshot import ALL, Entry, Identity, KindData, Snapshot
from oscmd_shell.errors import ApiError, ConnectionFailure, CredentialsError

IDENT = Identity.of("http://127.0.0.1:1", "us-east-1", "testing")


def instance(iid: str, name: str, state: str = "running") -> dict[str, Any]:
    return {"InstanceId": iid, "State": {"Name": state}, "Placement": {"AvailabilityZone": "us-east-1a"},
            "InstanceType": "t3.micro", "Tags": [{"Key": "Name", "Value": name}]}


class FakeEC2:
    """Answers Describe calls from a table; can block or fail on request."""

    def __init__(self) -> None:
        self.records: dict[str, list[dict[str, Any]]] = {"describe_instances": [{"Instances": [
            instance("i-1", "web1")]}]}
        self.calls: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.failures: dict[str, Exception] = {}

    def can_paginate(self, operation: str) -> bool:
        return False

    def __getattr__(self, operation: str) -> Callable[..., dict[str, Any]]:
        if not operation.startswith("describe_"):
            raise AttributeError(operation)

        def call(**params: Any) -> dict[str, Any]:
            self.calls.append(operation)
            self.gate.wait(10)
            if operation in self.failures:
                raise self.failures[operation]
            key = {"describe_instances": "Reservations", "describe_volumes": "Volumes",
                   "describe_addresses": "Addresses", "describe_security_groups": "SecurityGroups",
                   "describe_key_pairs": "KeyPairs", "describe_snapshots": "Snapshots",
                   "describe_images": "Images", "describe_availability_zones": "AvailabilityZones",
                   "describe_regions": "Regions"}[operation]
            return {key: self.records.get(operation, [])}

        return call


def wait_for(condition: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached")


@pytest.fixture
def live() -> LiveCache:
    return LiveCache()


def refresher(live: LiveCache, tmp_path: Path, client: Any, *, quick: Identity | None = IDENT,
              connect: Callable[[], tuple[Identity, Any]] | None = None, ttl: float = 600.0) -> Refresher:
    generation = live.begin()
    r = Refresher(live, generation, connect or (lambda: (IDENT, client)), cache_dir=tmp_path, ttl=ttl,
                  quick=quick, idle_check=0.05)
    r.start()
    return r


def test_fills_every_kind_and_saves_it(live: LiveCache, tmp_path: Path) -> None:
    client = FakeEC2()
    r = refresher(live, tmp_path, client)
    wait_for(lambda: set(live.snapshot.kinds) == set(ORDER) and not live.snapshot.loading)
    assert live.snapshot.kinds["instance"].entries == (Entry("i-1", "web1", "running", "us-east-1a", "t3.micro"),)
    assert client.calls[0] == "describe_instances"
    wait_for(lambda: store.load(tmp_path, IDENT) is not None)
    r.stop(1.0)


def test_a_warm_store_is_used_at_once_and_not_refetched(live: LiveCache, tmp_path: Path) -> None:
    now = time.time()
    warm = {k: KindData.build([Entry(f"{k}-1", "stored")], now) for k in ORDER}
    store.save(tmp_path, Snapshot(identity=IDENT, kinds=warm), now)
    client = FakeEC2()
    connected = threading.Event()

    def slow_connect() -> tuple[Identity, Any]:
        connected.wait(10)
        return IDENT, client

    r = refresher(live, tmp_path, client, connect=slow_connect)
    wait_for(lambda: "instance" in live.snapshot.kinds)
    assert live.snapshot.kinds["instance"].entries[0].name == "stored"
    connected.set()
    time.sleep(0.2)
    assert client.calls == []
    r.request(["instance"], stale=True)
    wait_for(lambda: live.snapshot.kinds["instance"].entries[0].name == "web1")
    assert client.calls == ["describe_instances"] and live.snapshot.stale == frozenset()
    r.stop(1.0)


def test_request_marks_stale_and_loading_until_the_data_arrives(live: LiveCache, tmp_path: Path) -> None:
    client = FakeEC2()
    r = refresher(live, tmp_path, client)
    wait_for(lambda: not live.snapshot.loading and "region" in live.snapshot.kinds)
    client.gate.clear()
    client.records["describe_instances"] = [{"Instances": [instance("i-1", "web1", "stopped")]}]
    r.request(["instance", "not-a-kind"], stale=True)
    assert live.snapshot.stale == {"instance"} and live.snapshot.loading == {"instance"}
    client.gate.set()
    wait_for(lambda: live.snapshot.kinds["instance"].entries[0].state == "stopped")
    assert live.snapshot.stale == frozenset() and live.snapshot.loading == frozenset()
    r.stop(1.0)


def test_a_new_generation_drops_late_answers(live: LiveCache, tmp_path: Path) -> None:
    client = FakeEC2()
    client.gate.clear()
    old = refresher(live, tmp_path, client)
    wait_for(lambda: client.calls)
    old.stop()
    live.begin(Snapshot(identity=Identity.of("http://other", "eu-west-2", "k")))
    client.gate.set()
    time.sleep(0.2)
    assert live.snapshot.kinds == {} and live.snapshot.identity is not None
    assert live.snapshot.identity.region == "eu-west-2"


def test_unreachable_endpoint_is_one_problem_for_all(live: LiveCache, tmp_path: Path) -> None:
    client = FakeEC2()
    client.failures["describe_instances"] = ConnectionFailure("cannot connect")
    r = refresher(live, tmp_path, client)
    wait_for(lambda: ALL in live.snapshot.problems)
    assert live.snapshot.problems[ALL].message == "endpoint unreachable"
    assert live.snapshot.loading == frozenset() and client.calls == ["describe_instances"]
    del client.failures["describe_instances"]
    r.request(["instance"])
    wait_for(lambda: "instance" in live.snapshot.kinds)
    assert ALL not in live.snapshot.problems
    r.stop(1.0)


def test_one_refused_kind_does_not_stop_the_others(live: LiveCache, tmp_path: Path) -> None:
    client = FakeEC2()
    client.failures["describe_key_pairs"] = ApiError("UnauthorizedOperation: no", code="UnauthorizedOperation")
    r = refresher(live, tmp_path, client)
    wait_for(lambda: "region" in live.snapshot.kinds)
    assert live.snapshot.problems["keypair"].message == "UnauthorizedOperation: no"
    assert "keypair" not in live.snapshot.kinds and "snapshot" in live.snapshot.kinds
    r.stop(1.0)


def test_credentials_failure_is_reported(live: LiveCache, tmp_path: Path) -> None:
    def no_creds() -> tuple[Identity, Any]:
        raise CredentialsError("no AWS credentials found")

    r = refresher(live, tmp_path, FakeEC2(), quick=None, connect=no_creds)
    wait_for(lambda: ALL in live.snapshot.problems)
    assert live.snapshot.problems[ALL].message == "credentials refused or missing"
    r.stop(1.0)


def broken(_snap: Snapshot) -> None:
    raise RuntimeError("a redraw failed")


def test_listeners_hear_every_swap_and_cannot_break_it(live: LiveCache) -> None:
    heard: list[Snapshot] = []
    live.subscribe(heard.append)
    live.subscribe(broken)
    generation = live.begin()
    live.update(generation, lambda s: s.with_loading(["instance"]))
    assert live.update(generation - 1, lambda s: s.with_loading(["volume"])) is None
    assert [s.loading for s in heard] == [frozenset(), {"instance"}]
