"""instance console/summary/offering/getwinpass/getrole, plus the pure device and console-diff logic.

moto's console output is a constant: the follow test rewrites it inside the
in-process server between polls, through the injected ``sleep`` that also
plays the user's Ctrl-C.  moto's Windows password is random text: the
getwinpass tests make the server return a password really encrypted for a key
the test generated.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from oscmd_shell.cli import run
from oscmd_shell.env import Env
from oscmd_shell.objects import devices
from oscmd_shell.objects.instance.handlers import MIN_OVERLAP, console_delta
from tests.support.keys import pem, rsa_key
from tests.support.runner import base_environ
from tests.support.seed import run_named


# -- devices (pure) ---------------------------------------------------------------------
def test_next_free_device_starts_at_sdf_and_counts_xvd_names() -> None:
    assert devices.next_free([]) == "/dev/sdf"
    assert devices.next_free(["/dev/xvda", "/dev/sda1"]) == "/dev/sdf"
    assert devices.next_free(["/dev/sdf", "/dev/xvdg", "/dev/sdh1"]) == "/dev/sdi"
    assert devices.next_free(["/dev/sdg"]) == "/dev/sdf"
    with pytest.raises(Exception, match="no free device"):
        devices.next_free([f"/dev/sd{c}" for c in "fghijklmnopqrstuvwxyz"])


def test_normalise_device() -> None:
    assert devices.normalise("sdg") == "/dev/sdg"
    assert devices.normalise("/dev/xvdh") == "/dev/xvdh"
    with pytest.raises(Exception, match="empty"):
        devices.normalise(" ")


# -- console diffing (pure) -------------------------------------------------------------
LOG = "".join(f"line {i:03d}\n" for i in range(1, 61))  # 540 characters
WINDOW = 200


def window(upto_line: int) -> str:
    """What the console API returns once ``upto_line`` lines were written: the last WINDOW characters."""
    return LOG[: upto_line * 9][-WINDOW:]


def test_console_delta_rebuilds_the_log_from_sliding_windows() -> None:
    shown, printed = "", []
    for upto in (5, 12, 12, 25, 35, 45, 60):
        delta = console_delta(shown, window(upto))
        assert delta is not None
        printed.append(delta)
        shown = window(upto)
    assert "".join(printed) == LOG


def test_console_delta_refuses_what_does_not_line_up() -> None:
    assert console_delta(window(20), window(60)) is None  # the window jumped past everything shown
    old = "x" * 100 + "y" * (MIN_OVERLAP - 1)
    assert console_delta(old, "y" * (MIN_OVERLAP - 1) + "new") is None  # overlap too short to trust
    assert console_delta("abc" * 50, "zzz" * 50) is None


def test_console_delta_no_news() -> None:
    assert console_delta(window(30), window(30)) == ""
    assert console_delta(window(30), window(30)[-50:]) == ""
    assert console_delta("", "first") == "first"


# -- console (server) -------------------------------------------------------------------
@pytest.fixture
def console_text(server: Any, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Set what the server's GetConsoleOutput returns from now on (moto always answers one canned text)."""
    import moto.ec2.responses.general as general

    def set_text(text: str) -> None:
        monkeypatch.setattr(general, "SAMPLE_CONSOLE_OUTPUT", text)

    return set_text


def test_console_prints_the_decoded_output(oscmd: Any, ec2: Any, console_text: Callable[[str], None]) -> None:
    run_named(ec2, "web1")
    console_text("Booting...\nlogin: é\n")
    r = oscmd("instance", "-n", "web1", "console")
    assert (r.status, r.out) == (0, "Booting...\nlogin: é\n"), r.err
    data = json.loads(oscmd("-o", "json", "instance", "-n", "web1", "console").out)
    assert data["output"] == "Booting...\nlogin: é\n"


def test_console_empty_and_broken(oscmd: Any, ec2: Any, console_text: Callable[[str], None],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import moto.ec2.responses.general as general

    iid = run_named(ec2, "web1")[0]
    console_text("")
    r = oscmd("instance", "-n", "web1", "console")
    assert (r.status, r.out) == (0, "")
    assert "no console output yet" in r.err
    console_text("text")
    # moto stamps its answer "now"; a console whose clock reads 1970 is what a broken one looks like.
    monkeypatch.setattr(general, "utcnow", lambda: datetime(1970, 1, 1, tzinfo=timezone.utc))
    r = oscmd("instance", "-n", "web1", "console")
    assert r.status == 3
    assert f"{iid}: broken console" in r.err and "stop/start" in r.err


def test_console_follow_prints_only_new_text_until_ctrl_c(server: Any, ec2: Any, home: Path,
                                                          console_text: Callable[[str], None]) -> None:
    run_named(ec2, "web1")
    reboot = "rebooting\n" * 30
    rounds = [window(12), window(12), window(25), reboot, window(35), window(45), window(60)]
    console_text(window(5))
    polls: list[str] = []

    def sleep(_seconds: float) -> None:
        if len(polls) == len(rounds):
            raise KeyboardInterrupt
        polls.append(rounds[len(polls)])
        console_text(polls[-1])

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=io.StringIO(), stdout=out, stderr=err, environ=base_environ(home), sleep=sleep)
    status = run(["--endpoint", server.url, "instance", "-n", "web1", "console", "-f", "--interval", "1"], env)
    assert status == 0, err.getvalue()
    assert polls == rounds
    # the reboot and the first window after it do not line up with what was shown: skipped, with a warning
    assert err.getvalue().count("too far to line up") == 2
    assert out.getvalue() == LOG[: 25 * 9] + LOG[35 * 9: 60 * 9]


def test_console_not_found(oscmd: Any, ec2: Any) -> None:
    r = oscmd("instance", "-n", "nosuch", "console")
    assert r.status == 1 and "nosuch" in r.err


# -- summary / offering -----------------------------------------------------------------
def test_summary_counts_and_capacities(oscmd: Any, ec2: Any) -> None:
    run_named(ec2, "web", count=2, itype="t3.micro")
    stopped = run_named(ec2, "db", itype="m5.large")[0]
    ec2.stop_instances(InstanceIds=[stopped])
    run_named(ec2, "osc", itype="tinav5.c2r4p2")
    run_named(ec2, "odd", itype="zz9.plural")
    r = oscmd("instance", "summary")
    assert r.status == 0, r.err
    assert r.lines == [
        "instances: 5", "  running: 4", "  stopped: 1",
        "types:", "  m5.large: 1", "  t3.micro: 2", "  tinav5.c2r4p2: 1", "  zz9.plural: 1",
        "running instances: 4", "  vCPUs: 6", "  memory: 6 GiB",
        "  not counted: 1 instance of unknown type zz9.plural",
    ]
    data = json.loads(oscmd("-o", "json", "instance", "summary").out)
    assert data["running"] == {"count": 4, "vcpus": 6, "memory_gib": 6.0, "unknown_types": ["zz9.plural"]}
    assert data["states"] == {"running": 4, "stopped": 1}


def test_summary_when_nothing_is_known(oscmd: Any, ec2: Any) -> None:
    r = oscmd("instance", "summary")
    assert (r.status, r.lines) == (0, ["instances: 0", "types:", "running instances: 0"])
    run_named(ec2, "odd", itype="zz9.plural")
    r = oscmd("instance", "summary")
    assert "  vCPUs and memory: unknown (this cloud does not describe zz9.plural)" in r.lines


def test_offering_family_in_a_zone(oscmd: Any, ec2: Any) -> None:
    r = oscmd("instance", "offering", "-z", "us-east-1a", "-f", "t3")
    assert r.status == 0, r.err
    assert [line.split()[0] for line in r.lines] == [
        "t3.nano", "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge"]
    assert r.lines[1].split() == ["t3.micro", "2", "vCPUs", "1", "GiB", "x86_64"]
    rows = json.loads(oscmd("-o", "json", "instance", "offering", "-f", "t3").out)
    assert {"type": "t3.micro", "vcpus": 2, "memory_gib": 1.0}.items() <= rows[1].items()


def test_offering_nothing_matches(oscmd: Any, ec2: Any) -> None:
    r = oscmd("instance", "offering", "-f", "nosuchfamily")
    assert r.status == 1
    assert "no instance type of family nosuchfamily is offered in region us-east-1" in r.err


# -- getwinpass -------------------------------------------------------------------------
def test_getwinpass_with_the_default_key_file(oscmd: Any, windows: dict[str, Any]) -> None:
    r = oscmd("instance", "-i", windows["id"], "getwinpass")
    assert (r.status, r.out, r.err) == (0, windows["password"] + "\n", "")


def test_getwinpass_with_a_given_key_file(oscmd: Any, windows: dict[str, Any], home: Path) -> None:
    elsewhere = home / "keys" / "k.pem"
    elsewhere.parent.mkdir()
    (home / ".ssh" / "winkey.pem").rename(elsewhere)
    r = oscmd("instance", "-i", windows["id"], "getwinpass", "-f", str(elsewhere))
    assert (r.status, r.out) == (0, windows["password"] + "\n"), r.err
    r = oscmd("instance", "-i", windows["id"], "getwinpass")
    assert r.status == 2 and "winkey.pem" in r.err


def test_getwinpass_key_file_from_config(oscmd: Any, windows: dict[str, Any], home: Path) -> None:
    moved = home / "configured.pem"
    (home / ".ssh" / "winkey.pem").rename(moved)
    cfg = home / "win.cfg"
    cfg.write_text(f"[Credentials]\nkey_file = {moved}\n")
    r = oscmd("-c", str(cfg), "instance", "-i", windows["id"], "getwinpass")
    assert (r.status, r.out) == (0, windows["password"] + "\n"), r.err


def test_getwinpass_not_available_yet(oscmd: Any, windows: dict[str, Any]) -> None:
    windows["answer"]["data"] = ""
    r = oscmd("instance", "-i", windows["id"], "getwinpass")
    assert r.status == 3 and r.out == ""
    assert "not available yet" in r.err


def test_getwinpass_wrong_or_unusable_keys(oscmd: Any, windows: dict[str, Any], home: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    other = home / "other.pem"
    other.write_bytes(pem(rsa_key()))
    r = oscmd("instance", "-i", windows["id"], "getwinpass", "-f", str(other))
    assert r.status == 3 and "cannot be decrypted" in r.err and windows["password"] not in r.err
    locked = home / "locked.pem"
    locked.write_bytes(pem(windows["key"], passphrase=b"pass"))
    r = oscmd("instance", "-i", windows["id"], "getwinpass", "-f", str(locked))
    assert r.status == 2 and "passphrase" in r.err
    edkey = home / "ed.pem"
    edkey.write_bytes(ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()))
    r = oscmd("instance", "-i", windows["id"], "getwinpass", "-f", str(edkey))
    assert r.status == 2 and "not an RSA key" in r.err
    garbage = home / "garbage.pem"
    garbage.write_text("hello\n")
    r = oscmd("instance", "-i", windows["id"], "getwinpass", "-f", str(garbage))
    assert r.status == 2 and "not a PEM or OpenSSH private key" in r.err


def test_getwinpass_without_key_pair(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-i", iid, "getwinpass")
    assert r.status == 2 and "without a key pair" in r.err


# -- getrole ----------------------------------------------------------------------------
@pytest.fixture
def profiled(server: Any, ec2: Any) -> dict[str, str]:
    iam = server.client("iam")
    iam.create_role(RoleName="web-role", AssumeRolePolicyDocument="{}")
    arn = iam.create_instance_profile(InstanceProfileName="web-profile")["InstanceProfile"]["Arn"]
    iam.add_role_to_instance_profile(InstanceProfileName="web-profile", RoleName="web-role")
    iid = run_named(ec2, "web1", IamInstanceProfile={"Arn": arn})[0]
    return {"id": iid, "arn": arn, "role_arn": iam.get_role(RoleName="web-role")["Role"]["Arn"]}


def test_getrole_with_iam(oscmd: Any, server: Any, profiled: dict[str, str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", server.url)
    r = oscmd("instance", "-n", "web1", "getrole")
    assert r.status == 0, r.err
    assert r.lines[0] == f"instance profile: {profiled['arn']}"
    assert r.lines[-1] == f"role: web-role ({profiled['role_arn']})"
    data = json.loads(oscmd("-o", "json", "instance", "-n", "web1", "getrole").out)
    assert [role["name"] for role in data["roles"]] == ["web-role"]


def test_getrole_without_an_iam_endpoint(oscmd: Any, server: Any, profiled: dict[str, str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL_IAM", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    r = oscmd("instance", "-n", "web1", "getrole")
    assert r.status == 0, r.err
    assert r.lines[0] == f"instance profile: {profiled['arn']}"
    assert r.lines[-1].startswith(f"roles: unknown (no IAM endpoint is known for {server.url}")


def test_getrole_iam_error_is_one_line(oscmd: Any, server: Any, profiled: dict[str, str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    iam = server.client("iam")
    iam.remove_role_from_instance_profile(InstanceProfileName="web-profile", RoleName="web-role")
    iam.delete_instance_profile(InstanceProfileName="web-profile")
    monkeypatch.setenv("AWS_ENDPOINT_URL_IAM", server.url)
    r = oscmd("instance", "-n", "web1", "getrole")
    assert r.status == 0, r.err
    assert r.lines[-1].startswith("roles: unknown (IAM: ") and "NoSuchEntity" in r.lines[-1]


def test_getrole_without_profile(oscmd: Any, ec2: Any) -> None:
    iid = run_named(ec2, "web1")[0]
    r = oscmd("instance", "-n", "web1", "getrole")
    assert (r.status, r.out) == (0, f"{iid} has no instance profile\n")
