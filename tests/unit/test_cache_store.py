"""Snapshots, lookups as data, and the on-disk store read by the shell-completion entry point."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from oscmd_shell.cache import store
from oscmd_shell.cache.lookups import LOOKUPS, entry
from oscmd_shell.cache.snapshot import ALL, Entry, Identity, KindData, Snapshot
from tests.support.runner import without_coverage

IDENT = Identity.of("http://127.0.0.1:5000", "us-east-1", "AKIDSECRETLOOKING")


def filled(identity: Identity = IDENT, fetched: float = 1000.0) -> Snapshot:
    return Snapshot(identity=identity, kinds={
        "instance": KindData.build([Entry("i-1", "web1", "running", "us-east-1a", "t3.micro"),
                                    Entry("i-2", "", "stopped", "us-east-1b", "t3.small")], fetched),
        "volume": KindData.build([Entry("vol-1", "data", "available", "us-east-1a", "8 gp3")], fetched),
    })


def test_identity_hashes_the_access_key() -> None:
    assert IDENT.account != "AKIDSECRETLOOKING" and len(IDENT.account) == 16
    assert Identity.of(None, "eu-west-2", "k").endpoint == "aws"
    assert IDENT.key != Identity.of("http://127.0.0.1:5000", "us-west-2", "AKIDSECRETLOOKING").key


def test_kind_data_prefix_lookup_by_id_and_name() -> None:
    data = KindData.build([Entry("i-b", "Web"), Entry("i-a", "db"), Entry("i-c", "web2")], 0.0)
    assert [e.id for e in data.matching("we")] == ["i-b", "i-c"]
    assert [e.id for e in data.ordered("", "name")] == ["i-a", "i-b", "i-c"]
    assert [e.id for e in data.ordered("i-", "id")] == ["i-a", "i-b", "i-c"]
    assert data.find("Web") == Entry("i-b", "Web") and data.find("i-a") == Entry("i-a", "db")
    assert data.find("WEB") is None and data.find("web") is None  # a name differing in case is another name
    assert data.find("nope") is None and data.find("we*") is None


def test_snapshots_are_replaced_not_changed() -> None:
    snap = filled()
    stale = snap.with_stale(["instance"]).with_loading(["instance"])
    assert snap.stale == frozenset() and stale.stale == {"instance"}
    fresh = stale.with_data("instance", KindData.build([], 2000.0))
    assert fresh.stale == frozenset() and fresh.loading == frozenset()
    failed = snap.with_loading(["volume"]).with_problem(ALL, "endpoint unreachable", 5.0)
    assert failed.loading == frozenset() and failed.problem("volume") is not None


def test_expired_kinds_follow_the_ttl() -> None:
    snap = filled(fetched=1000.0).with_stale(["volume"])
    assert snap.expired(["instance", "volume", "zone"], now=1100.0, ttl=600.0) == ["volume", "zone"]
    assert snap.expired(["instance"], now=1700.0, ttl=600.0) == ["instance"]


def test_lookup_table_turns_records_into_entries() -> None:
    instance = {"InstanceId": "i-1", "State": {"Name": "running"}, "Placement": {"AvailabilityZone": "z1"},
                "InstanceType": "t3.micro", "Tags": [{"Key": "Name", "Value": "web1"}]}
    assert entry(LOOKUPS["instance"], instance) == Entry("i-1", "web1", "running", "z1", "t3.micro")
    volume = {"VolumeId": "vol-1", "State": "in-use", "AvailabilityZone": "z1", "Size": 8, "VolumeType": "gp3",
              "Attachments": [{"InstanceId": "i-1"}]}
    assert entry(LOOKUPS["volume"], volume) == Entry("vol-1", "", "in-use", "z1", "8 gp3 i-1")
    free = {"PublicIp": "1.2.3.4", "AllocationId": "eipalloc-1", "Domain": "vpc"}
    assert entry(LOOKUPS["address"], free).state == "free"
    assert entry(LOOKUPS["address"], {**free, "InstanceId": "i-1"}).state == "associated"
    assert LOOKUPS["instance"].params["Filters"][0]["Name"] == "instance-state-name"
    assert LOOKUPS["image"].params == {"Owners": ["self"]}


def test_round_trip_with_private_modes(tmp_path: Path) -> None:
    snap = filled().with_stale(["volume"])
    store.save(tmp_path, snap, now=1234.0)
    path = store.path_for(tmp_path, IDENT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "AKIDSECRETLOOKING" not in path.read_text()
    loaded = store.load(tmp_path, IDENT)
    assert loaded is not None and loaded.identity == IDENT
    assert loaded.kinds["instance"].entries == snap.kinds["instance"].entries
    assert loaded.kinds["instance"].fetched == 1000.0 and loaded.stale == {"volume"}
    other = Identity.of("http://127.0.0.1:5000", "us-east-1", "another key")
    assert store.load(tmp_path, other) is None


def test_file_format_is_json_lines_with_a_header(tmp_path: Path) -> None:
    store.save(tmp_path, filled(), now=1234.0)
    lines = store.path_for(tmp_path, IDENT).read_text().splitlines()
    header = json.loads(lines[0])
    assert header == {"format": 1, "endpoint": "http://127.0.0.1:5000", "region": "us-east-1",
                      "account": IDENT.account, "saved": 1234.0}
    record = json.loads(lines[1])
    assert record["kind"] == "instance" and record["fields"] == ["id", "name", "state", "zone", "detail"]
    assert record["rows"][0] == ["i-1", "web1", "running", "us-east-1a", "t3.micro"]


def test_read_values_picks_the_freshest_matching_file(tmp_path: Path) -> None:
    store.save(tmp_path, filled(), now=100.0)
    west = Identity.of("http://127.0.0.1:5000", "us-west-2", "AKIDSECRETLOOKING")
    store.save(tmp_path, Snapshot(identity=west, kinds={
        "instance": KindData.build([Entry("i-9", "west1", "running", "us-west-2a")], 50.0)}), now=200.0)
    assert store.read_values(tmp_path, "instance", "name", endpoint=None, region=None) == [
        ("west1", "i-9  running/us-west-2a")]
    east = store.read_values(tmp_path, "instance", "id", endpoint="127.0.0.1:5000", region="us-east-1")
    assert east == []  # a bare host means https: not this endpoint
    east = store.read_values(tmp_path, "instance", "id", endpoint="http://127.0.0.1:5000/", region="us-east-1")
    assert east == [("i-1", "web1  running/us-east-1a  t3.micro"), ("i-2", "stopped/us-east-1b  t3.small")]
    assert store.read_values(tmp_path, "instance", "name", endpoint=None, region="us-east-1") == [
        ("web1", "i-1  running/us-east-1a  t3.micro")]
    assert store.read_values(tmp_path, "keypair", "id", endpoint=None, region="us-east-1") == []
    assert store.read_values(tmp_path, "instance", "secret", endpoint=None, region=None) == []
    assert store.read_values(tmp_path / "nowhere", "instance", "id", endpoint=None, region=None) == []
    assert store.known_connections(tmp_path) == [("http://127.0.0.1:5000", "us-west-2"),
                                                 ("http://127.0.0.1:5000", "us-east-1")]


def test_damaged_files_are_ignored(tmp_path: Path) -> None:
    store.save(tmp_path, filled(), now=100.0)
    path = store.path_for(tmp_path, IDENT)
    lines = path.read_text().splitlines()
    lines[1] = '{"kind":"instance","fetched":1,"fields":["id","name"],"rows":[[null,"x"],["i-7"]]}'
    path.write_text("\n".join([*lines, "{broken", '{"kind": 3}']) + "\n")
    loaded = store.load(tmp_path, IDENT)
    assert loaded is not None
    assert loaded.kinds["instance"].entries == (Entry("i-7"),)
    assert loaded.kinds["volume"].entries[0].id == "vol-1"
    (store.values_dir(tmp_path) / "junk.jsonl").write_text("not json\n")
    assert store.read_values(tmp_path, "volume", "id", endpoint=None, region=None)[0][0] == "vol-1"
    path.write_text("")
    assert store.load(tmp_path, IDENT) is None


def test_read_values_needs_neither_boto3_nor_the_network(tmp_path: Path) -> None:
    store.save(tmp_path, filled(), now=100.0)
    code = (
        "import sys; from pathlib import Path; from oscmd_shell.cache.store import read_values; "
        f"print(read_values(Path({str(tmp_path)!r}), 'volume', 'name', endpoint=None, region=None)); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore', 'prompt_toolkit', "
        "'pygments', 'socket', 'ssl')))"
    )
    env = without_coverage({**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})  # it imports socket
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.splitlines() == ["[('data', 'vol-1  available/us-east-1a  8 gp3')]", "[]"]
