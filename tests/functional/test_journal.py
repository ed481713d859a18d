"""``oscmd journal``: what is recorded, where, how it is listed and filtered, and what never goes in.

Changes are made against the local EC2 server; the journal file is then read
as bytes (for secrets), as JSON records, and through ``journal``,
``journal show`` and ``--output json``.  Concurrent writers are real
processes appending to the same file.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.keys import ed25519_pair
from tests.support.runner import REPO, Oscmd
from tests.support.seed import IMAGE, run_named, volume


def journal_file(home: Path) -> Path:
    return home / ".local" / "state" / "oscmd" / "journal.jsonl"


def records(home: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in journal_file(home).read_text().splitlines()]


def test_a_change_is_intent_calls_results_and_outcome_in_a_private_file(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-n", "web1", "stop")
    assert r.status == 0, r.err
    path = journal_file(home)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    kinds = [(r["kind"], r.get("op")) for r in records(home)]
    assert kinds == [("intent", None), ("call", "StopInstances"), ("result", None), ("outcome", None)]
    intent, call, result, outcome = records(home)
    assert {r["change"] for r in records(home)} == {intent["change"]}
    assert intent["object"] == "instance" and intent["verb"] == "stop" and intent["targets"] == [iid]
    assert intent["line"] == "instance -n web1 stop"
    assert intent["region"] == "us-east-1" and intent["endpoint"] == oscmd.endpoint and intent["pid"] > 0
    assert call["params"] == {"InstanceIds": [iid]} and call["before"] == {"states": {iid: "running"}}
    assert result["state"] == "ok" and result["changed"] == [{"type": "instance", "id": iid, "from": "running",
                                                              "to": "stopping"}]
    assert outcome["result"] == "ok" and outcome["status"] == 0


def test_reads_dry_runs_and_refused_commands_record_nothing(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    for argv in (("instance", "list"), ("--dry-run", "instance", "-n", "web1", "stop"),
                 ("volume", "create"), ("instance", "-n", "nosuch", "stop"), ("-y", "instance", "-n", "web1", "ssh")):
        oscmd(*argv)
    assert not journal_file(home).exists()


def test_a_refused_call_is_a_failed_change_that_changed_nothing(oscmd: Oscmd, ec2: Any) -> None:
    ec2.create_security_group(GroupName="web", Description="web")
    r = oscmd("securitygroup", "create", "-n", "web")
    assert r.status == 3
    listed = oscmd("journal").out
    assert "failed" in listed and "part-way" not in listed
    shown = oscmd("journal", "show", "1").out
    assert "refused by EC2 (InvalidGroup.Duplicate)" in shown and "nothing to undo" in shown
    assert oscmd("-y", "undo").status == 2


def test_listing_numbers_filters_and_json(oscmd: Oscmd, ec2: Any, server: Any) -> None:
    run_named(ec2, "web1")
    vid = volume(ec2, "data")
    steps = [("volume", "create", "-s", "1"), ("instance", "-n", "web1", "attach", "-n", "data"),
             ("-r", "us-west-2", "eip", "allocate"), ("instance", "-n", "web1", "stop")]
    for argv in steps:
        assert oscmd(*argv).status == 0
    lines = oscmd("journal").lines
    assert [line.split()[0] for line in lines] == ["1", "2", "3", "4"]  # newest last
    assert "volume create -s 1" in lines[0] and "created vol-" in lines[0]
    assert "us-west-2" in lines[2] and "eip allocate" in lines[2]
    assert [line.split()[0] for line in oscmd("journal", "-n", "2").lines] == ["3", "4"]
    assert [line.split()[0] for line in oscmd("journal", "--region", "us-west-2").lines] == ["3"]
    assert [line.split()[0] for line in oscmd("journal", "--object", "instance").lines] == ["2", "4"]
    assert len(oscmd("journal", "--since", "1h").lines) == 4
    assert oscmd("journal", "--since", "2999-01-01").out.startswith("no change recorded matches")
    r = oscmd("journal", "--since", "yesterday")
    assert r.status == 2 and "--since expects" in r.err
    data = json.loads(oscmd("--output", "json", "journal").out)
    assert [d["number"] for d in data] == [1, 2, 3, 4]
    assert data[1]["calls"][0]["op"] == "AttachVolume" and data[1]["calls"][0]["params"]["VolumeId"] == vid
    one = json.loads(oscmd("--output", "json", "journal", "show", "2").out)
    assert one["intent"]["verb"] == "attach" and one["status"] == "ok"
    shown = oscmd("journal", "show", "2").out
    assert "AttachVolume  ok" in shown and f"detach volume {vid}" in shown
    assert oscmd("journal", "show", "5").status == 2
    assert oscmd("journal", "show", "\u00b2").status == 2  # a digit, but not a number int() reads
    assert oscmd("journal", "bogus").status == 2


def test_a_journal_line_that_is_not_a_record_is_skipped(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    assert oscmd("eip", "allocate").status == 0
    with open(journal_file(home), "ab") as handle:
        handle.write(b'not json\n{"kind": "call", "change": 5}\n[1, 2]\n\x1b[2J\n')
    assert oscmd("eip", "allocate").status == 0
    lines = oscmd("journal").lines
    assert [line.split()[0] for line in lines] == ["1", "2"]


def test_a_journal_that_is_a_link_is_refused_and_the_change_still_made(oscmd: Oscmd, ec2: Any,
                                                                       home: Path) -> None:
    path = journal_file(home)
    path.parent.mkdir(parents=True, mode=0o700)
    target = home / "elsewhere"
    path.symlink_to(target)
    r = oscmd("eip", "allocate")
    assert r.status == 0
    assert "warning: the journal could not be written" in r.err and "not recorded" in r.err
    assert len(ec2.describe_addresses()["Addresses"]) == 1
    assert not target.exists()
    r = oscmd("journal")
    assert r.status == 2 and "symbolic link" in r.err


CANARIES = ("CANARYV4R", "CANARYF4CT", "CANARYURL", "CANARYRES0URCE", "CANARYPUBKEY", "CANARYQUERY",
            "AKIACANARYKEYID0", "CANARYSECRETKEY", "CANARYSESSIONTOKEN")


def test_a_session_with_secrets_leaves_none_in_the_journal(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    resources = home / "res"
    resources.mkdir()
    (resources / "setup").write_text("#!/bin/sh\necho CANARYRES0URCE\n")
    (home / "id.pub").write_bytes(ed25519_pair()[1] + b" CANARYPUBKEY\n")
    secrets = {"AWS_ACCESS_KEY_ID": "AKIACANARYKEYID0", "AWS_SECRET_ACCESS_KEY": "CANARYSECRETKEY",
               "AWS_SESSION_TOKEN": "CANARYSESSIONTOKEN"}
    endpoint = f"{oscmd.endpoint}/?token=CANARYQUERY"
    session = [
        ("ami", "-i", IMAGE, "run", "-n", "web1", "-N", "-V", "db_pass=CANARYV4R", "-F", "role", "CANARYF4CT",
         "-U", "https://example.invalid/boot?CANARYURL", "-R", str(resources), "-r", "setup"),
        ("keypair", "import", "-n", "laptop", "-f", str(home / "id.pub")),
        ("keypair", "create", "-n", "deploy"),
        ("volume", "create", "-s", "1"),
    ]
    for argv in session:
        r = oscmd("-e", endpoint, *argv, environ=secrets, endpoint=False)
        assert r.status == 0, r.err
    data = journal_file(home).read_bytes()
    for canary in CANARIES:
        assert canary.encode() not in data, canary
    private = (home / ".ssh" / "deploy.pem").read_text()
    body = "".join(private.splitlines()[1:-1])
    assert body[:40].encode() not in data and b"PRIVATE KEY" not in data
    found = records(home)
    run = next(r for r in found if r.get("op") == "RunInstances")
    assert run["params"]["UserData"]["bytes"] > 0 and len(run["params"]["UserData"]["sha256"]) == 64
    imported = next(r for r in found if r.get("op") == "ImportKeyPair")
    assert set(imported["params"]["PublicKeyMaterial"]) == {"bytes", "sha256"}
    line = next(r["line"] for r in found if r.get("verb") == "run")
    assert "-V '***'" in line and "-F '***' '***'" in line and "-U '***'" in line
    assert all(r["endpoint"].endswith("token=***") for r in found if r["kind"] == "intent")


def test_concurrent_writers_never_mix_or_lose_records(home: Path) -> None:
    path = home / "journal.jsonl"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from oscmd_shell.journal.store import append\n"
        "who = sys.argv[1]\n"
        "for n in range(300):\n"
        "    append(Path(sys.argv[2]), {'kind': 'call', 'change': who, 'seq': n, 'pad': who * 3000})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", script, who, str(path)], env=env) for who in ("a", "b", "c")]
    for proc in writers:
        assert proc.wait(timeout=120) == 0
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    found = [json.loads(line) for line in lines[:-1]]
    for who in ("a", "b", "c"):
        mine = [r["seq"] for r in found if r["change"] == who]
        assert mine == list(range(300))
        assert all(r["pad"] == who * 3000 for r in found if r["change"] == who)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_full_journal_is_set_aside_and_every_change_keeps_its_number(
        oscmd: Oscmd, server: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from oscmd_shell.journal import store

    monkeypatch.setattr(store, "ROTATE_AT", 1500)  # one or two volume creations a file
    made = []
    for _ in range(5):
        r = oscmd("-o", "json", "volume", "create", "-s", "1")
        assert r.status == 0, r.err
        made.append(json.loads(r.out)["volume_id"])
    aside = journal_file(home).with_name("journal.1.jsonl")
    assert aside.exists() and stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert journal_file(home).stat().st_size < 1500 + 1500 and aside.stat().st_size < 1500 + 1500
    listed = json.loads(oscmd("-o", "json", "journal", "--all").out)
    numbers = [c["number"] for c in listed]
    assert numbers == list(range(numbers[0], 6)) and numbers[0] > 1  # the oldest were dropped, none renumbered
    assert [c["calls"][0]["result"]["created"][0]["id"] for c in listed] == made[numbers[0] - 1:]
    assert oscmd("journal", "show", "1").err.startswith(f"oscmd: usage: journal show N (changes: {numbers[0]} to 5)")
    r = oscmd("-y", "undo", "1")
    assert r.status == 2 and f"changes: {numbers[0]} to 5" in r.err
    ec2 = server.client()
    assert len(ec2.describe_volumes(VolumeIds=made)["Volumes"]) == 5  # nothing was undone
    r = oscmd("-y", "undo", str(numbers[0]))
    assert r.status == 0, r.err
    left = {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}
    assert made[numbers[0] - 1] not in left and set(made) - {made[numbers[0] - 1]} <= left
    after = json.loads(oscmd("-o", "json", "journal", "--all").out)
    assert after[-1]["number"] == 6 and after[-1]["intent"]["undoes_number"] == numbers[0]
    assert [c["number"] for c in after] == list(range(after[0]["number"], 7))


def test_concurrent_writers_across_rotations_lose_no_change(home: Path) -> None:
    path = home / "journal.jsonl"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from oscmd_shell.journal import store\n"
        "store.ROTATE_AT = 40_000\n"
        "who, path = sys.argv[1], Path(sys.argv[2])\n"
        "for n in range(200):\n"
        "    change = f'{who}{n}'\n"
        "    store.append(path, {'kind': 'intent', 'change': change, 'pad': who * 100})\n"
        "    store.append(path, {'kind': 'outcome', 'change': change, 'result': 'ok'})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", script, who, str(path)], env=env) for who in "abcd"]
    for proc in writers:
        assert proc.wait(timeout=120) == 0
    from oscmd_shell.journal.store import read

    changes = read(path)
    numbers = [c.number for c in changes]
    assert numbers[-1] == 4 * 200  # every change counted once, across every file set aside
    assert numbers == list(range(numbers[0], numbers[-1] + 1))
    assert len(changes) < 800 and all(c.status == "ok" for c in changes)  # older ones dropped; none half kept
    assert path.stat().st_size < 40_000 + 400
    assert not [p.name for p in home.iterdir() if p.name.endswith(".tmp")]


def test_two_oscmd_processes_changing_at_once_are_two_whole_changes(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    env = {**oscmd.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "oscmd_shell", "--endpoint", str(oscmd.endpoint),
                               "volume", "create", "-s", str(size)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for size in (1, 2)]
    for proc in procs:
        assert proc.wait(timeout=120) == 0
    data = json.loads(oscmd("--output", "json", "journal").out)
    assert sorted(c["calls"][0]["params"]["Size"] for c in data) == [1, 2]
    assert all(c["status"] == "ok" and len(c["calls"]) == 1 for c in data)


def test_windows_password_data_never_reaches_the_journal(oscmd: Oscmd, home: Path,
                                                         request: pytest.FixtureRequest) -> None:
    instance = request.getfixturevalue("windows")  # a Windows instance whose password the server returns
    r = oscmd("instance", "-i", instance["id"], "getwinpass")
    assert r.status == 0 and r.out == instance["password"] + "\n", r.err
    assert oscmd("instance", "-i", instance["id"], "reboot").status == 0
    data = journal_file(home).read_bytes()
    assert instance["password"].encode() not in data and instance["answer"]["data"][:40].encode() not in data
    assert [r["op"] for r in records(home) if r["kind"] == "call"] == ["RebootInstances"]


def test_listing_is_inert_text_and_needs_no_credentials(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    assert oscmd("volume", "create", "-s", "1", "-n", "evil\u009b2J\u202e").status == 0
    r = oscmd("journal", environ={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}, endpoint=False)
    assert r.status == 0, r.err
    assert "\u009b" not in r.out and "\u202e" not in r.out and "\\x9b2J\\u202e" in r.out
    shown = oscmd("journal", "show", "1").out
    assert "\u009b" not in shown and "\\x9b" in shown
