"""Scripts on stdin and as files: one client, comments, quoting, stop at first failure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.ec2server import LocalEC2
from tests.support.runner import Oscmd
from tests.support.seed import run_named


def state(client: Any, iid: str) -> str:
    return str(client.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"])


def test_piped_script(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web 1")
    script = (
        "# a comment\n\n"
        "instance -n 'web 1' list -p '%(name)s|%(state)s'\n"
        "   \n"
        'volume create -s 3 -n "two words"   # trailing comment\n'
    )
    r = oscmd(stdin=script)
    assert r.status == 0, r.err
    assert r.lines[0] == "web 1|running"
    assert ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["two words"]}])["Volumes"]
    assert "\x1b" not in r.out and ">" not in r.out.split("\n")[0][:2]


def test_script_stops_at_first_failure(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    script = home / "deploy.os"
    script.write_text("volume create -s 1 -n first\ninstance -n ghost dump\nvolume create -s 1 -n third\n")
    r = oscmd(str(script))
    assert r.status == 1
    assert r.err.strip() == f"{script}:2: the instance 'ghost' does not exist"
    names = {t["Value"] for v in ec2.describe_volumes()["Volumes"] for t in v.get("Tags", [])}
    assert "first" in names and "third" not in names


def test_keep_going(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    script = home / "s.os"
    script.write_text("instance -n ghost dump\nvolume create -s 1 -n after\nbogus line\n")
    r = oscmd("--keep-going", str(script))
    assert r.status == 2
    assert f"{script}:1:" in r.err and f"{script}:3: unknown object 'bogus'" in r.err
    assert ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["after"]}])["Volumes"]


def test_script_quoting_error_names_the_line(oscmd: Oscmd) -> None:
    r = oscmd(stdin="instance list\ninstance -n 'open list\n")
    assert r.status == 2
    assert r.err.startswith("<stdin>:2: cannot split line")


def test_destructive_line_in_a_script_needs_yes(oscmd: Oscmd, ec2: Any) -> None:
    vol = ec2.create_volume(Size=1, AvailabilityZone="us-east-1a")["VolumeId"]
    r = oscmd(stdin=f"volume -i {vol} delete\n")
    assert r.status == 4
    assert "confirm with -y/--yes" in r.err
    assert ec2.describe_volumes(VolumeIds=[vol])["Volumes"]
    r = oscmd("-y", stdin=f"volume -i {vol} delete\n")
    assert r.status == 0, r.err
    assert vol not in {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}


def test_per_line_root_options(oscmd: Oscmd, ec2: Any) -> None:
    run_named(ec2, "web1")
    r = oscmd(stdin="--output json instance list\n-e http://elsewhere instance list\n")
    assert r.lines[0] == "["
    assert r.status == 2 and "<stdin>:2: endpoint: a connection option cannot lead a line; write 'set endpoint" in r.err
    r = oscmd(stdin="--local instance list\n")
    assert r.status == 2 and "local: these options belong on the oscmd command line" in r.err


def test_shell_escape_only_with_bang(oscmd: Oscmd, home: Path) -> None:
    marker = home / "ran"
    r = oscmd(stdin=f"!touch {marker}\n")
    assert r.status == 0 and marker.exists()
    marker2 = home / "never"
    r = oscmd(stdin=f"instance list; touch {marker2}\n")
    assert not marker2.exists()


def test_script_file_subprocess_one_process(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    run_named(ec2, "web1")
    script = home / "many.os"
    script.write_text("instance list\n" * 20)
    r = oscmd.subprocess(str(script))
    assert r.status == 0
    assert len(r.lines) == 20


def test_dry_run_leading_a_line_changes_nothing(oscmd: Oscmd, ec2: Any) -> None:
    vol = ec2.create_volume(Size=1, AvailabilityZone="us-east-1a")["VolumeId"]
    iid = run_named(ec2, "web1")[0]
    r = oscmd("-y", stdin=f"--dry-run volume -i {vol} delete\n--dry-run instance -i {iid} terminate\n"
                          "--dry-run volume create -s 2 -n dry\n")
    assert r.status == 0, r.err
    assert r.out.count("dry run: the request would have succeeded") == 3
    assert ec2.describe_volumes(VolumeIds=[vol])["Volumes"]
    assert ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"
    assert ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["dry"]}])["Volumes"] == []
    r = oscmd("-y", stdin=f"--dry-run volume -i {vol} delete\nvolume -i {vol} delete\n")
    assert r.status == 0 and vol not in {v["VolumeId"] for v in ec2.describe_volumes()["Volumes"]}


def test_a_refusal_names_the_flags_that_widen_a_destructive_verb(oscmd: Oscmd, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd(stdin="instance -n web1 terminate -p\n")
    assert r.status == 4
    assert f"instance terminate --purge on {iid} (web1)" in r.err


def test_set_and_use_in_a_script_act_in_the_region_they_name(oscmd: Oscmd, ec2: Any, server: LocalEC2) -> None:
    europe = server.client(region="eu-west-1")
    [east] = run_named(ec2, "web")
    [west] = run_named(europe, "web")
    r = oscmd(stdin="set region eu-west-1\nuse instance -n web\nstop\n"
                    "set region us-east-1\nset output json\ninstance -n web list\nset\n")
    assert r.status == 0, r.err
    assert state(europe, west) == "stopped" and state(ec2, east) == "running"
    assert "using" not in r.out  # confirmations are for the shell; a script's output is its data
    assert r.lines[0] == f"{west} stopping"
    document, settings = r.out.split("\n", 1)[1].split("]\n", 1)
    assert [i["id"] for i in json.loads(document + "]")] == [east]
    assert "region    us-east-1" in settings and "output    json" in settings
    r = oscmd(stdin="unset zone\nset zone us-east-1b\nunset instance\n")
    assert r.status == 2 and "<stdin>:3: unset: 'instance' is not selected" in r.err


def test_dollar_underscore_in_a_script_names_what_the_previous_line_made(oscmd: Oscmd, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    r = oscmd(stdin="volume create -s 1 -n data\n# a comment keeps $_\n!true\nsnapshot create -v $_ -n snap\n"
                    "eip allocate\neip -i $1 associate -n web1\n")
    assert r.status == 0, r.err
    [vol] = [v["VolumeId"] for v in ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": ["data"]}])["Volumes"]]
    [snap] = ec2.describe_snapshots(Filters=[{"Name": "tag:Name", "Values": ["snap"]}])["Snapshots"]
    assert snap["VolumeId"] == vol
    [address] = ec2.describe_addresses()["Addresses"]
    assert address["InstanceId"] == iid
    r = oscmd(stdin="eip -i $_ release\n")
    assert r.status == 2 and r.err == "<stdin>:1: $_ is not set: the previous lines produced no ids\n"
    r = oscmd(stdin="eip -i '$_' dump\n")
    assert r.status == 1  # quoted: the literal text, which names no address


def test_dollar_underscore_is_forgotten_after_a_failed_line_or_a_new_region(oscmd: Oscmd, server: Any,
                                                                              ec2: Any, home: Path) -> None:
    # A failed create must not leave $_ naming the volume the line before made (--keep-going goes on).
    r = oscmd("-y", "--keep-going", stdin="volume create -s 1 -n keep\n"
                                           "volume create -s 1 -n tmp --snapshot snap-0123456789abcdef0\n"
                                           "volume -i $_ delete\n")
    assert r.status != 0
    assert "<stdin>:3: $_ is not set: the previous line failed" in r.err
    assert [v["State"] for v in ec2.describe_volumes(
        Filters=[{"Name": "tag:Name", "Values": ["keep"]}])["Volumes"]] == ["available"]
    # A key pair's $_ is its name, and names repeat across regions: a new region forgets it.
    west = server.client(region="eu-west-1")
    west.create_key_pair(KeyName="deploy")
    r = oscmd("-y", stdin=f"keypair create -n deploy -o {home / 'keys'}\nset region eu-west-1\nkeypair -i $_ delete\n")
    assert r.status == 2 and "<stdin>:3: $_ is not set: the region changed since the line that set it" in r.err
    assert [k["KeyName"] for k in west.describe_key_pairs()["KeyPairs"]] == ["deploy"]
    assert [k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]] == ["deploy"]


def test_lines_saved_on_the_playground_never_run_anywhere_else(oscmd: Oscmd, ec2: Any, home: Path) -> None:
    [db1] = run_named(ec2, "db1")  # the playground's Names are common real Names
    script = home / "tour.os"
    script.write_text("set endpoint local\nset region us-east-1\n-y instance -n db1 terminate\n")
    r = oscmd("-y", "--keep-going", str(script))
    assert r.status == 2
    assert r.err.startswith(f"{script}:1: set endpoint local: these lines ran on the local playground and replay "
                            "there only; nothing was done\n")
    assert "stopped: the lines after it would not run where and on what the script says" in r.err
    assert ec2.describe_instances(InstanceIds=[db1])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"
    r = oscmd.subprocess("--local", str(script), endpoint=False)
    assert r.status == 0, r.err
    assert r.out.endswith(" terminated\n")


def test_keep_going_never_goes_past_a_failed_context_line(oscmd: Oscmd, ec2: Any) -> None:
    [web1] = run_named(ec2, "web1")
    r = oscmd("-y", "--keep-going", stdin="volume list\nset region eu-wst-1\ninstance -n web1 stop\n")
    assert r.status == 2 and "<stdin>:2: stopped:" in r.err
    assert ec2.describe_instances(InstanceIds=[web1])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"
    r = oscmd("--keep-going", stdin="volume -n nosuch dump\nvolume list\n")
    assert r.status == 1 and "stopped" not in r.err  # an ordinary failing line: the run goes on
    # a context line that fails before it runs (it does not split, or names a $_ that is gone) stops too
    r = oscmd("-y", "--keep-going", stdin="set region 'eu-west-1\ninstance -n web1 stop\n")
    assert r.status == 2 and "<stdin>:1: stopped:" in r.err
    r = oscmd("-y", "--keep-going", stdin="use instance -n web1\ninstance -n nosuch dump\nuse instance -i $_\nstop\n")
    assert "<stdin>:3: $_ is not set: the previous line failed" in r.err and "<stdin>:3: stopped:" in r.err
    assert ec2.describe_instances(InstanceIds=[web1])["Reservations"][0]["Instances"][0]["State"]["Name"] == "running"


def test_shell_only_commands_are_refused_in_scripts(oscmd: Oscmd, home: Path) -> None:
    for line in ("history", "save out.os", "refresh", "exit", "-y set region eu-west-1"):
        r = oscmd(stdin=line + "\n")
        assert r.status == 2, line
        assert r.err.startswith("<stdin>:1: '"), r.err
    assert not (home / "out.os").exists()
    r = oscmd(stdin="help scripts\n")
    assert r.status == 0 and "set region" in r.out
