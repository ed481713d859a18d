"""``instance ssh`` end to end: moto's EC2 server for the instance, a real sshd for the login.

The instance is looked up on the local EC2 server and the connection goes to
the real sshd of ``tests/ssh/conftest.py`` through ``--host 127.0.0.1 --port P``
(``test_instance_addresses.py`` reaches it at the instance's own addresses).
Commands, configuration defaults, host-key policies, jump hosts, and
interactive sessions on a pseudo-terminal, one-shot and from the shell.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from oscmd_shell.errors import ConnectionFailure
from oscmd_shell.objects.instance import sshtarget
from oscmd_shell.objects.instance.remote import remote_command
from oscmd_shell.ssh.client import SshTarget, connect
from oscmd_shell.ssh.hostkeys import KnownHosts
from tests.ssh.harness import SshServer, free_port
from tests.support.crafted import CraftedEC2, Instance
from tests.support.runner import REPO, Oscmd, base_environ
from tests.support.seed import run_named

pytestmark = pytest.mark.ssh


def ssh_args(server: SshServer, *extra: str, user: bool = True, key: bool = True) -> list[str]:
    args = ["instance", "-n", "web1", "ssh", "--host", server.host, "--port", str(server.port)]
    if user:
        args += ["-u", server.user]
    if key:
        args += ["-f", str(server.client_key)]
    return [*args, *extra]


def known_hosts_file(home: Path) -> Path:
    return home / ".config" / "oscmd" / "known_hosts"


# -- a command after -- ---------------------------------------------------------------------
@pytest.mark.parametrize("client", [[], ["--openssh"]], ids=["oscmd", "openssh"])
def test_command_output_and_exit_status(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path, client: list[str]
) -> None:
    result = oscmd(*ssh_args(sshd, *client, "--", "echo out-line; echo err-line >&2; exit 3"))
    assert result.status == 3, result.err
    assert result.out == "out-line\n"
    assert "err-line" in result.err
    assert f"added host key of {sshd.host} port {sshd.port} (ED25519 {sshd.host_key_fingerprint})" in result.err
    assert f"[{sshd.host}]:{sshd.port} ssh-ed25519" in known_hosts_file(home).read_text()
    again = oscmd(*ssh_args(sshd, *client, "--", "echo again"))
    assert (again.status, again.out) == (0, "again\n") and "added host key" not in again.err


def test_words_after_the_separator_form_one_command_line(oscmd: Oscmd, web1: str, sshd: SshServer) -> None:
    result = oscmd(*ssh_args(sshd, "--", "echo", "answer=$((6*7))", "&&", "exit", "0"))
    assert (result.status, result.out) == (0, "answer=42\n"), result.err
    assert remote_command(["exit", "3"]) == "exit 3"
    assert remote_command([]) is None


def test_large_output_streams_through(oscmd: Oscmd, web1: str, sshd: SshServer) -> None:
    result = oscmd(*ssh_args(sshd, "--", "seq 1 50000; seq 1 3 >&2"))
    assert result.status == 0, result.err
    assert result.out.splitlines() == [str(n) for n in range(1, 50001)]
    assert result.err.splitlines()[-3:] == ["1", "2", "3"]


def test_remote_command_reads_end_of_file(oscmd: Oscmd, web1: str, sshd: SshServer) -> None:
    result = oscmd(*ssh_args(sshd, "--", "cat; echo done"), stdin="not for the remote side\n")
    assert (result.status, result.out) == (0, "done\n"), result.err


def test_config_supplies_user_key_and_port(oscmd: Oscmd, web1: str, sshd: SshServer, tmp_path: Path) -> None:
    config = tmp_path / "oscmd.cfg"
    config.write_text(f"[Credentials]\nuser = {sshd.user}\nkey_file = {sshd.client_key}\n\n[ssh]\nport = {sshd.port}\n")
    result = oscmd("instance", "-n", "web1", "ssh", "--host", sshd.host, "--", "id -un",
                   environ={"OSCONFIG": str(config)})
    assert (result.status, result.out) == (0, f"{sshd.user}\n"), result.err


def test_key_pair_file_in_dot_ssh_is_the_default_key(
    oscmd: Oscmd, ec2: Any, sshd: SshServer, home: Path
) -> None:
    run_named(ec2, "web1", KeyName="deploy")
    (home / ".ssh").mkdir()
    shutil.copy(sshd.client_key, home / ".ssh" / "deploy.pem")
    result = oscmd(*ssh_args(sshd, "--", "echo with-keypair-file", key=False))
    assert (result.status, result.out) == (0, "with-keypair-file\n"), result.err


def test_user_is_guessed_from_the_image(oscmd: Oscmd, web1: str, sshd: SshServer) -> None:
    # The seeded image is Amazon Linux 2023: ec2-user, which this sshd does not know.
    result = oscmd(*ssh_args(sshd, "--", "true", user=False))
    assert result.status == 5
    assert "authentication as ec2-user" in result.err


@pytest.mark.parametrize(
    ("name", "description", "user"),
    [
        ("al2023-ami-2023.6-x86_64", "", "ec2-user"),
        ("amzn2-ami-hvm-2.0", "", "ec2-user"),
        ("debian-12-amd64-20261101", "", "admin"),
        ("ubuntu-noble-24.04-amd64-server", "", "ubuntu"),
        ("CentOS Stream 9 x86_64", "", "centos"),
        ("RHEL-9.4.0_HVM-x86_64", "", "ec2-user"),
        ("my-golden-image-42", "Canonical, Ubuntu, 24.04 LTS", "ubuntu"),
        ("my-golden-image-42", "", "root"),
    ],
)
def test_guess_user(name: str, description: str, user: str) -> None:
    assert sshtarget.guess_user(name, description) == user


def test_not_running_instance_is_refused(oscmd: Oscmd, ec2: Any, web1: str, sshd: SshServer) -> None:
    ec2.stop_instances(InstanceIds=[web1])
    result = oscmd(*ssh_args(sshd, "--", "true"))
    assert result.status == 3
    assert f"the instance {web1} (web1) is stopped: it must be running" in result.err


def test_missing_key_file(oscmd: Oscmd, web1: str, sshd: SshServer, tmp_path: Path) -> None:
    result = oscmd("instance", "-n", "web1", "ssh", "--host", sshd.host, "-f", str(tmp_path / "nope.pem"), "--", "true")
    assert result.status == 2
    assert f"no accessible private key file: '{tmp_path / 'nope.pem'}'" in result.err


def test_port_that_never_answers_times_out(oscmd: Oscmd, web1: str, sshd: SshServer) -> None:
    closed = free_port()
    args = ssh_args(sshd, "--connect-timeout", "1.5", "--", "true")
    args[args.index("--port") + 1] = str(closed)
    result = oscmd(*args)
    assert result.status == 5
    assert f"127.0.0.1 port {closed} did not answer within 1.5 s" in result.err


def test_interactive_session_needs_a_terminal(oscmd: Oscmd, web1: str, sshd: SshServer) -> None:
    result = oscmd(*ssh_args(sshd))
    assert result.status == 2
    assert "an interactive session needs a terminal" in result.err


# -- host keys ------------------------------------------------------------------------------
def test_accept_new_then_a_changed_key_is_refused(oscmd: Oscmd, web1: str, own_sshd: SshServer, home: Path) -> None:
    first = own_sshd.host_key_fingerprint
    assert oscmd(*ssh_args(own_sshd, "--", "true")).status == 0
    again = oscmd(*ssh_args(own_sshd, "--", "true"))
    assert again.status == 0 and "added host key" not in again.err  # known now: nothing to announce
    second = own_sshd.swap_host_key()
    refused = oscmd(*ssh_args(own_sshd, "--", "echo should-not-run"))
    assert refused.status == 5
    assert "should-not-run" not in refused.out
    assert "has changed" in refused.err and first in refused.err and second in refused.err
    lines = refused.err.splitlines()  # one clear line, and its hint on a line of its own
    assert len(lines) == 2 and lines[1].startswith("oscmd: hint: "), refused.err
    # accept-new never replaces a recorded key
    assert oscmd(*ssh_args(own_sshd, "--host-key-policy", "accept-new", "--", "true")).status == 5


def test_strict_refuses_an_unknown_key(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    refused = oscmd(*ssh_args(sshd, "--host-key-policy", "strict", "--", "true"))
    assert refused.status == 5
    assert "unknown and the host-key policy is strict" in refused.err
    assert sshd.host_key_fingerprint in refused.err
    assert not known_hosts_file(home).exists()
    # ~/.ssh/known_hosts is read (never written): a key recorded there is trusted under strict
    (home / ".ssh").mkdir()
    (home / ".ssh" / "known_hosts").write_text(f"[{sshd.host}]:{sshd.port} {sshd.public_key_line()}\n")
    accepted = oscmd(*ssh_args(sshd, "--host-key-policy", "strict", "--", "echo trusted"))
    assert (accepted.status, accepted.out) == (0, "trusted\n"), accepted.err
    assert not known_hosts_file(home).exists()


# Lines OpenSSH skips in ~/.ssh/known_hosts; several name the test host with a key that does not decode.
HOSTILE_LINES = [
    "# a comment",
    "@cert-authority *.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    "@weird-marker {name} ssh-ed25519 AAAA",
    "{name} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5",
    "{name} ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    "{name} ssh-foo AAAAB3NzaC1mb28AAAAA",
    "|1|not-base64|x= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    "garbage",
    "{name}",
]


def user_known_hosts(home: Path, server: SshServer, *extra: str, hashed: bool = True) -> Path:
    """~/.ssh/known_hosts holding the hostile lines, then ``extra`` lines (hashed by ssh-keygen -H)."""
    name = f"[{server.host}]:{server.port}"
    path = home / ".ssh" / "known_hosts"
    path.parent.mkdir(exist_ok=True)
    if hashed and extra:  # ssh-keygen -H refuses a file with invalid lines: hash the good ones apart
        path.write_text("".join(text + "\n" for text in extra))
        subprocess.run(["ssh-keygen", "-q", "-H", "-f", str(path)], check=True, capture_output=True)
        extra = tuple(path.read_text().splitlines())
        assert all(text.startswith("|1|") for text in extra)
    path.write_text("\n".join([*(text.format(name=name) for text in HOSTILE_LINES), *extra]) + "\n")
    return path


def openssh_connects(server: SshServer, known: Path, checking: str) -> bool:
    """Whether OpenSSH's own client logs in with ``known`` as its known_hosts file."""
    done = subprocess.run(
        ["ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", f"UserKnownHostsFile={known}",
         "-o", "GlobalKnownHostsFile=/dev/null", "-o", f"StrictHostKeyChecking={checking}",
         "-o", "IdentitiesOnly=yes", "-i", str(server.client_key), "-p", str(server.port),
         f"{server.user}@{server.host}", "true"],
        capture_output=True, text=True, timeout=30, check=False)
    return done.returncode == 0


def test_lines_openssh_skips_in_the_users_known_hosts_do_not_stop_ssh(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path
) -> None:
    name = f"[{sshd.host}]:{sshd.port}"
    path = user_known_hosts(home, sshd, f"{name} {sshd.public_key_line()}")
    before = path.read_bytes()
    assert openssh_connects(sshd, path, "yes")  # OpenSSH itself trusts the hashed entry and skips the rest
    result = oscmd(*ssh_args(sshd, "--host-key-policy", "strict", "--", "echo connected"))
    assert (result.status, result.out) == (0, "connected\n"), result.err
    assert "added host key" not in result.err and not known_hosts_file(home).exists()
    assert path.read_bytes() == before  # read, never written


def test_a_host_named_only_by_skipped_lines_is_a_new_host(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path
) -> None:
    path = user_known_hosts(home, sshd, hashed=False)
    scratch = home / "scratch_known_hosts"
    scratch.write_bytes(path.read_bytes())
    assert not openssh_connects(sshd, scratch, "yes")  # unknown to OpenSSH: not a changed key either
    assert openssh_connects(sshd, scratch, "accept-new")
    result = oscmd(*ssh_args(sshd, "--", "echo connected"))
    assert (result.status, result.out) == (0, "connected\n"), result.err
    assert "added host key" in result.err and "changed" not in result.err


def test_a_revoked_host_key_in_the_users_known_hosts_is_refused(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path
) -> None:
    name = f"[{sshd.host}]:{sshd.port}"
    path = user_known_hosts(home, sshd, f"{name} {sshd.public_key_line()}",
                            f"@revoked {name} {sshd.public_key_line()}", hashed=False)
    assert not openssh_connects(sshd, path, "yes")
    for policy in ("strict", "accept-new", "off"):
        result = oscmd(*ssh_args(sshd, "--host-key-policy", policy, "--", "echo should-not-run"))
        assert result.status == 5, (policy, result.err)
        assert "revoked" in result.err and "should-not-run" not in result.out
        assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not known_hosts_file(home).exists()


def test_host_key_policy_from_config(oscmd: Oscmd, web1: str, sshd: SshServer, tmp_path: Path) -> None:
    config = tmp_path / "oscmd.cfg"
    config.write_text("[ssh]\nhost_key_policy = strict\n")
    result = oscmd(*ssh_args(sshd, "--", "true"), environ={"OSCONFIG": str(config)})
    assert result.status == 5 and "policy is strict" in result.err


def test_console_fingerprints_are_read_when_present() -> None:
    class Console:
        def __init__(self, text: str) -> None:
            self.text = text

        def get_console_output(self, InstanceId: str) -> dict[str, str]:
            return {"Output": self.text}

    listed = ("-----BEGIN SSH HOST KEY FINGERPRINTS-----\n"
              "256 SHA256:" + "B" * 43 + " root@web1 (ED25519)\n"
              "-----END SSH HOST KEY FINGERPRINTS-----\n")
    assert sshtarget.expected_fingerprints(Console(listed), "i-1") == frozenset({"SHA256:" + "B" * 43})
    assert sshtarget.expected_fingerprints(Console("Linux version 6.1\n"), "i-1") is None  # none: no expected set


def test_jump_host_is_not_held_to_the_targets_console_fingerprints(
    sshd: SshServer, own_sshd: SshServer, tmp_path: Path
) -> None:
    authorized = own_sshd.directory / "authorized_keys"  # the jump host takes the same key as the target
    authorized.write_text(authorized.read_text() + sshd.client_key.with_name(sshd.client_key.name + ".pub").read_text())
    known = KnownHosts(tmp_path / "known_hosts").with_expected({sshd.host_key_fingerprint})
    target = SshTarget(sshd.host, sshd.port, sshd.user, str(sshd.client_key),
                       jump=f"{own_sshd.user}@{own_sshd.host}:{own_sshd.port}")
    client = connect(target, known_hosts=known, timeout=10)
    client.close()
    # ...while the target itself still is
    wrong = KnownHosts(tmp_path / "other").with_expected({own_sshd.host_key_fingerprint})
    with pytest.raises(ConnectionFailure, match="not among the fingerprints"):
        connect(SshTarget(sshd.host, sshd.port, sshd.user, str(sshd.client_key)), known_hosts=wrong, timeout=10)


# -- jump host -------------------------------------------------------------------------------
def test_jump_host(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    args = ssh_args(sshd, "-J", f"{sshd.user}@{sshd.host}:{sshd.port}", "--", "echo via-jump")
    args[args.index("--host") + 1] = "localhost"  # a name only the jump host resolves for us
    result = oscmd(*args)
    assert (result.status, result.out) == (0, "via-jump\n"), result.err
    recorded = known_hosts_file(home).read_text()
    assert f"[{sshd.host}]:{sshd.port} " in recorded and f"[localhost]:{sshd.port} " in recorded


def test_jump_host_from_config(oscmd: Oscmd, web1: str, sshd: SshServer, tmp_path: Path) -> None:
    config = tmp_path / "oscmd.cfg"
    config.write_text(f"[ssh]\njump = {sshd.user}@{sshd.host}:{sshd.port}\n")
    result = oscmd(*ssh_args(sshd, "--", "echo via-config-jump"), environ={"OSCONFIG": str(config)})
    assert (result.status, result.out) == (0, "via-config-jump\n"), result.err


def test_bad_jump_spec_is_a_usage_error(oscmd: Oscmd, web1: str, sshd: SshServer) -> None:
    result = oscmd(*ssh_args(sshd, "-J", "root@host:notaport", "--", "true"))
    assert result.status == 2 and "bad jump host" in result.err


# -- interactive sessions on a real pseudo-terminal ---------------------------------------------
def _spawn(args: list[str], home: Path) -> pexpect.spawn:
    env = {**base_environ(home), "PYTHONPATH": str(REPO), "TERM": "xterm"}
    return pexpect.spawn(sys.executable, ["-m", "oscmd_shell", *args], env=env, cwd=str(REPO),
                         dimensions=(24, 80), encoding="utf-8", timeout=20)


@pytest.mark.terminal
@pytest.mark.parametrize("client", [[], ["--openssh"]], ids=["oscmd", "openssh"])
def test_interactive_session_on_a_terminal(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path, client: list[str]
) -> None:
    assert oscmd.endpoint is not None
    child = _spawn(["--endpoint", oscmd.endpoint, *ssh_args(sshd, *client)], home)
    try:
        child.expect("added host key")
        child.send("stty size; tty\r")
        child.expect(r"24 80\r\n/dev/pts/")  # a remote pty of the local size
        child.send("echo answer=$((6*7)); exit 7\r")
        child.expect(r"answer=42")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 7


@pytest.mark.terminal
def test_command_on_a_terminal_gets_a_pty(oscmd: Oscmd, web1: str, sshd: SshServer, home: Path) -> None:
    assert oscmd.endpoint is not None
    child = _spawn(["--endpoint", oscmd.endpoint, *ssh_args(sshd, "--", "tty; exit 4")], home)
    try:
        child.expect(r"/dev/pts/\d+")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 4


@pytest.mark.terminal
def test_session_from_the_interactive_shell_returns_to_it(
    oscmd: Oscmd, web1: str, sshd: SshServer, home: Path
) -> None:
    from tests.support.terminal import PROMPT, Terminal

    assert oscmd.endpoint is not None
    term = Terminal(oscmd.endpoint, home)
    try:
        term.wait_line(PROMPT + "$")
        term.send(" ".join(ssh_args(sshd)) + "\r")
        term.wait("added host key")
        term.send("echo answer=$((6*7))\r")
        term.wait(r"answer=42")
        term.send("exit 7\r")
        term.wait_line(PROMPT + "$")  # back at the prompt, the terminal usable again
        term.send("instance list\r")
        term.wait(rf"{web1} web1")
        term.send("exit\r")
        assert term.exit_status() == 0
    finally:
        term.child.close(force=True)


@pytest.mark.parametrize("key_name", ["../outside", "sub/../../outside"])
def test_a_key_pair_name_that_is_not_a_file_name_is_never_a_path(
    oscmd_offline: Oscmd, sshd: SshServer, home: Path, key_name: str
) -> None:
    """The endpoint's KeyName '../outside' must not make ~/.ssh/../outside.pem the key (it would log in)."""
    server = CraftedEC2([Instance(key_name=key_name)])
    try:
        (home / ".ssh" / "sub").mkdir(parents=True)
        shutil.copy(sshd.client_key, home / "outside.pem")
        result = oscmd_offline("-e", server.url, "instance", "-i", Instance().id, "ssh", "--host", sshd.host,
                               "--port", str(sshd.port), "-u", sshd.user, "--", "echo logged-in")
        assert result.status == 5 and result.out == "", result.err
        assert "authentication" in result.err
        server.instances = [Instance(key_name="outside")]  # the same file under its plain name is used
        shutil.copy(sshd.client_key, home / ".ssh" / "outside.pem")
        result = oscmd_offline("-e", server.url, "instance", "-i", Instance().id, "ssh", "--host", sshd.host,
                               "--port", str(sshd.port), "-u", sshd.user, "--", "echo logged-in")
        assert (result.status, result.out) == (0, "logged-in\n"), result.err
    finally:
        server.stop()
