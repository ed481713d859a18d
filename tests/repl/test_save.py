"""`save FILE`: a saved session replays in the region and context it ran in, and is written safely.

The proof runs a session typed into the prompt_toolkit shell (pipe input) with
two instances named ``web`` in two regions of one local endpoint, replays the
saved script with ``oscmd -y FILE`` (a real process, no --endpoint given), and
asks the server with boto3 which instance was stopped.
"""

from __future__ import annotations

import asyncio
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.repl.shell import Shell
from tests.support.canaries import CANARY_SECRET
from tests.support.ec2server import LocalEC2
from tests.support.runner import Oscmd
from tests.support.seed import run_named
from tests.support.session import Session, make_session, running
from tests.support.terminal import PROMPT, Terminal


def state(client: Any, iid: str) -> str:
    return str(client.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]["State"]["Name"])


def addresses(client: Any) -> dict[str, str | None]:
    """Every address of the client's region and the instance it is associated with."""
    return {a["PublicIp"]: a.get("InstanceId") for a in client.describe_addresses()["Addresses"]}


def test_a_saved_session_replays_in_the_region_it_ran_in(server: LocalEC2, ec2: Any, home: Path,
                                                          oscmd: Oscmd) -> None:
    europe = server.client(region="eu-west-1")
    [east] = run_named(ec2, "web")
    [west] = run_named(europe, "web")
    session = make_session(server.url, home)
    script = home / "stop-web.os"

    async def body() -> None:
        async with running(session) as d:
            for line, shows in (("set region eu-west-1", None), ("instance -n web stop", f"{west} stopping"),
                                (f"save {script}", "saved 1 line(s)")):
                d.inp.send_text(line + "\r")
                if shows:
                    await d.until(lambda s=shows: s in session.out.getvalue(), what=shows)
                await d.until(lambda: d.text == "" and d.repl.session.app.is_running, what="the next prompt")
            d.inp.send_text("exit\r")
            assert await asyncio.wait_for(d.task, 10) == 0

    asyncio.run(body())
    assert (state(ec2, east), state(europe, west)) == ("running", "stopped")
    text = script.read_text()
    assert "set region eu-west-1\n" in text and text.endswith("instance -n web stop\n")
    europe.start_instances(InstanceIds=[west])  # reset: both running again
    assert state(europe, west) == "running"
    # the replaying environment says us-east-1 and gives no endpoint: the script says where it runs
    replay = oscmd.subprocess("-y", str(script), endpoint=False)
    assert replay.status == 0, replay.err
    assert (state(ec2, east), state(europe, west)) == ("running", "stopped")


def test_dollar_underscore_and_use_are_saved_so_the_replay_acts_on_what_it_creates(
        shell: Shell, server: LocalEC2, ec2: Any, oscmd: Oscmd, tmp_path: Path) -> None:
    europe = server.client(region="eu-west-1")
    [west] = run_named(europe, "web")
    [east] = run_named(ec2, "web")
    for line in ("set region eu-west-1", "eip allocate", "use eip -i $_", "associate -n web",
                 "set region us-east-1", "eip allocate", "eip -i $_ associate -n web"):
        assert shell.handle(line).status == 0, line
    [first_west], [first_east] = addresses(europe), addresses(ec2)
    assert addresses(europe)[first_west] == west and addresses(ec2)[first_east] == east
    path = tmp_path / "addresses.os"
    assert shell.handle(f"save {path}").status == 0
    body = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert body == [f"set endpoint {server.url}", "set region eu-west-1", "unset zone", "set output text",
                    "eip allocate", "use eip -i $_", "associate -n web",
                    "set region us-east-1", "eip allocate", "eip -i $_ associate -n web"]
    result = oscmd("-y", str(path), endpoint=False)
    assert result.status == 0, result.err
    # the replay allocated a new address in each region and associated that one, not the session's
    for client, first, iid in ((europe, first_west, west), (ec2, first_east, east)):
        [new] = set(addresses(client)) - {first}
        assert addresses(client)[new] == iid


def test_ids_from_a_line_that_was_not_saved_are_written_as_they_were(shell: Shell, ec2: Any) -> None:
    [iid] = run_named(ec2, "web1")
    assert shell.handle("instance list  # password rotation").status == 0  # a secret word: never saved
    assert shell.ids == (iid,)
    assert shell.handle("instance -i $_ dump").status == 0
    assert shell.handle("instance -i $1 dump").status == 0
    assert shell.handle("set aws_secret_access_key abc").status == 2
    assert shell.recorder is not None
    assert [e.line for e in shell.recorder.entries] == [f"instance -i {iid} dump", "instance -i $1 dump"]


def test_a_line_confirmed_with_yes_is_saved_without_it(shell: Shell, ec2: Any, home: Path, oscmd: Oscmd) -> None:
    def volume_named(name: str) -> list[str]:
        found = ec2.describe_volumes(Filters=[{"Name": "tag:Name", "Values": [name]}])["Volumes"]
        return [v["VolumeId"] for v in found]

    for name in ("data", "logs"):
        ec2.create_volume(Size=1, AvailabilityZone="us-east-1a",
                          TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": name}]}])
    assert shell.handle("-y volume -n data delete").status == 0
    assert shell.handle("-o json --yes volume -n logs delete").status == 0
    assert shell.recorder is not None
    assert [e.line for e in shell.recorder.entries] == ["volume -n data delete", "-o json volume -n logs delete"]
    script = home / "cleanup.os"
    assert shell.handle(f"save {script}").status == 0
    ec2.create_volume(Size=1, AvailabilityZone="us-east-1a",
                      TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}])
    replay = oscmd(str(script))  # no terminal, no -y: whoever replays confirms again
    assert replay.status == 4 and "confirm with -y/--yes" in replay.err
    assert len(volume_named("data")) == 1


def test_endpoint_credentials_and_secret_lines_never_reach_the_file(shell: Shell, server: LocalEC2,
                                                                      tmp_path: Path) -> None:
    port = server.url.rsplit(":", 1)[1]
    assert shell.handle(f"set endpoint http://AKID:{CANARY_SECRET}@127.0.0.1:{port}").status == 2  # refused
    assert shell.handle(f"set endpoint http://127.0.0.1:{port}/?token={CANARY_SECRET}").status == 0
    assert shell.handle("!true").status == 0
    assert shell.handle(f"!echo password={CANARY_SECRET}").status == 0
    path = tmp_path / "s.os"
    assert shell.handle(f"save {path}").status == 0
    text = path.read_text()
    assert CANARY_SECRET not in text and "AKID" not in text
    assert f"set endpoint 'http://127.0.0.1:{port}/?token=***'\n" in text
    assert "credentials in the endpoint URL were replaced by ***" in text
    assert text.endswith("!true\n")


def test_an_existing_file_is_replaced_only_when_confirmed_or_forced(shell: Shell, session: Session,
                                                                     tmp_path: Path) -> None:
    tmp_path = tmp_path / "scripts"
    tmp_path.mkdir()
    path = tmp_path / "s.os"
    path.write_text("old\n")
    path.chmod(0o644)
    assert shell.handle("save s.os").status == 2  # nothing to save yet
    shell.handle("!true")
    shell.answers.append("n")  # type: ignore[attr-defined]
    assert shell.handle(f"save {path}").status == 4
    assert path.read_text() == "old\n"
    assert "not replaced" in session.err.getvalue()
    shell.answers.append("y")  # type: ignore[attr-defined]
    assert shell.handle(f"save {path}").status == 0
    assert path.read_text().endswith("!true\n") and "(replaced)" in session.out.getvalue()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    shell.handle("!echo again")
    assert shell.handle(f"save -f {path}").status == 0  # no question: an answer would have been 'n'
    assert path.read_text().endswith("!echo again\n")
    new = tmp_path / "new.os"
    assert shell.handle(f"save {new}").status == 0 and stat.S_IMODE(new.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.os", "s.os"]  # no temporary file left
    assert shell.handle("save").status == 2 and shell.handle("save a b").status == 2


def test_save_never_writes_through_a_link_or_over_a_directory(shell: Shell, session: Session,
                                                               tmp_path: Path) -> None:
    tmp_path = tmp_path / "scripts"
    tmp_path.mkdir()
    shell.handle("!true")
    target = tmp_path / "victim"
    target.write_text("precious\n")
    link = tmp_path / "s.os"
    link.symlink_to(target)
    shell.answers.append("y")  # type: ignore[attr-defined]
    assert shell.handle(f"save {link}").status == 2
    assert shell.handle(f"save -f {link}").status == 2
    assert "symbolic link" in session.err.getvalue()
    assert target.read_text() == "precious\n" and link.is_symlink()
    dangling = tmp_path / "d.os"
    dangling.symlink_to(tmp_path / "nowhere")
    assert shell.handle(f"save -f {dangling}").status == 2 and not (tmp_path / "nowhere").exists()
    (tmp_path / "dir.os").mkdir()
    assert shell.handle(f"save -f {tmp_path / 'dir.os'}").status == 2
    assert shell.handle(f"save {tmp_path / 'missing' / 's.os'}").status == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.os", "dir.os", "s.os", "victim"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (needs root): writes on it fail with ENOSPC once it is full."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode:
        pytest.skip("cannot mount a tmpfs here: " + done.stderr.decode(errors="replace").strip())
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_leaves_the_old_file_intact(shell: Shell, session: Session, tiny_disk: Path) -> None:
    path = tiny_disk / "s.os"
    path.write_text("# the old script\ninstance list\n")
    try:
        with open(tiny_disk / "filler", "wb") as fh:
            while True:
                fh.write(b"x" * 4096)
                fh.flush()
    except OSError:
        pass
    shell.handle("!true")
    assert shell.handle(f"save -f {path}").status == 2
    assert "No space left on device (the old file is unchanged)" in session.err.getvalue()
    assert path.read_text() == "# the old script\ninstance list\n"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "s.os"]


@pytest.mark.terminal
def test_save_asks_on_the_terminal_before_replacing_a_file(terminal: Terminal, ec2: Any, home: Path) -> None:
    [iid] = run_named(ec2, "web1")
    path = home / "web.os"
    terminal.wait(PROMPT)
    for line, shows in (("instance list", rf"{iid} web1"),
                        ("save ~/web.os", r"saved 1 line\(s\) and their context to ~/web.os"),
                        ("instance -n web1 dump", rf"==== {iid} ====")):
        terminal.send(line + "\r")
        terminal.wait(shows)
        terminal.wait_line(PROMPT + "$")
    first = path.read_text()
    for answer, shows in (("n", r"save: ~/web.os not replaced; nothing was written"),
                          ("y", r"saved 2 line\(s\) and their context to ~/web.os \(replaced\)")):
        terminal.send("save ~/web.os\r")
        terminal.wait_line(r"^save: ~/web.os exists\. Replace it\? \[y/N\]$")
        terminal.send(answer + "\r")
        terminal.wait(shows)
        terminal.wait_line(PROMPT + "$")
        if answer == "n":
            assert path.read_text() == first
    terminal.send("\x04")
    assert terminal.exit_status() == 0
    assert path.read_text().endswith("instance list\ninstance -n web1 dump\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
