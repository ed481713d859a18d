"""Hand an SSH session to the system's OpenSSH client, keeping oscmd's choices and host-key trust.

oscmd has already chosen where and how to log in (address, user, keys, port,
jump host) and has judged the server's host key with its own known_hosts and
policy (:func:`oscmd_shell.ssh.client.check_host_key`), recording a new key in
its file.  :func:`command_line` builds the ``ssh`` command that logs in there
trusting only those files (``UserKnownHostsFile`` = oscmd's known_hosts and
the read-only ones, no global file, ``StrictHostKeyChecking=yes``; with the
``off`` policy, nothing is checked or recorded).  A jump host is reached with
a ``ProxyCommand`` running ``ssh -W`` under the same rules (OpenSSH does not
pass command-line options on to a ``ProxyJump`` host).  Everything else --
agent forwarding, ControlMaster, certificates, ``LocalForward``... -- comes
from ``~/.ssh/config``, which ``ssh`` reads for the host name oscmd looked up
there.  :func:`run` runs it on the terminal; :func:`stream` runs a command
and yields its output as events; both give ``ssh`` oscmd's environment.
"""

from __future__ import annotations

import os
import pwd
import shlex
import subprocess
import threading
from collections.abc import Generator, Mapping, Sequence
from pathlib import Path
from typing import IO, TextIO

from ..errors import Interrupted, UsageError
from ..output.results import Event
from .client import SshTarget
from .events import stream as stream_events
from .hostkeys import HostKeyPolicy, KnownHosts

PROGRAM = "ssh"


def _escape(text: str) -> str:
    """``text`` with OpenSSH's ``%`` tokens neutralised."""
    return text.replace("%", "%%")


def _known_hosts_options(known: KnownHosts) -> list[str]:
    if known.policy is HostKeyPolicy.OFF:
        return ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
    files = " ".join(f'"{_escape(str(path))}"' for path in (known.path, *known.read_only))
    return ["-o", "StrictHostKeyChecking=yes", "-o", f"UserKnownHostsFile={files}",
            "-o", "GlobalKnownHostsFile=/dev/null", "-o", "CheckHostIP=no"]


def _login_options(target: SshTarget, known: KnownHosts) -> list[str]:
    options = [*_known_hosts_options(known), "-o", f"HostName={_escape(target.host)}", "-p", str(target.port),
               "-l", target.user]
    for key in dict.fromkeys(k for k in (target.key_file, *target.more_keys) if k):
        options += ["-i", _escape(key)]
    return options


def jump_command(jump: SshTarget, known: KnownHosts, destination: str, *, config_file: str | None = None,
                 program: str = PROGRAM) -> list[str]:
    """``ssh ... -W DESTINATION JUMP``: a tunnel to ``destination`` (``HOST:PORT``) through ``jump``.

    The result is an argv to run directly; for a ``ProxyCommand`` its words
    are escaped for OpenSSH's ``%`` tokens by :func:`command_line`.
    """
    config = ["-F", config_file] if config_file else []
    return [program, *config, *_login_options(jump, known), "-W", destination, "--", jump.host]


def config_file(home: Path) -> str | None:
    """The ``-F`` file that makes ``ssh`` read ``home``'s config, when ``home`` is not its user's home."""
    try:
        own = Path(pwd.getpwuid(os.getuid()).pw_dir)
    except (KeyError, OSError):
        own = None
    if own is not None and own.resolve() == home.resolve():
        return None
    path = home / ".ssh" / "config"
    return str(path) if path.is_file() else os.devnull


def command_line(
    target: SshTarget,
    known: KnownHosts,
    *,
    name: str,
    command: str | None = None,
    tty: bool = False,
    jump_known: KnownHosts | None = None,
    config_file: str | None = None,
    program: str = PROGRAM,
) -> list[str]:
    """The ``ssh`` argv that logs in to ``target`` as oscmd chose, ``name`` being its name in ``~/.ssh/config``.

    ``config_file`` is given to ``ssh -F`` when oscmd's home is not the one
    ``ssh`` would read its configuration from, so both read the same file.
    """
    argv = [program, *(["-F", config_file] if config_file else []), *_login_options(target, known)]
    jump = target.jump_target()
    if jump is not None:
        tunnel = jump_command(jump, jump_known or known.with_expected(None), "%h:%p", config_file=config_file,
                              program=program)
        # OpenSSH expands the ProxyCommand's tokens, then the inner ssh its own: escape twice but %h:%p.
        words = [w if w == "%h:%p" else _escape(w) for w in tunnel]
        argv += ["-o", "ProxyCommand=" + shlex.join(words)]
    if command is not None:
        argv.append("-t" if tty else "-T")
    argv += ["--", name]
    if command is not None:
        argv.append(command)
    return argv


def _start(argv: Sequence[str], environ: Mapping[str, str], **pipes: int) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(list(argv), env=dict(environ), **pipes)  # type: ignore[call-overload, no-any-return]
    except FileNotFoundError:
        raise UsageError(f"--openssh: the OpenSSH client '{argv[0]}' is not installed") from None
    except OSError as exc:
        raise UsageError(f"--openssh: cannot run '{argv[0]}': {exc.strerror or exc}") from None


def run(argv: Sequence[str], environ: Mapping[str, str]) -> int:
    """Run ``ssh`` on this process's terminal and return its status (a remote status, or 255)."""
    process = _start(argv, environ)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # The terminal sent Ctrl-C to ssh as well; let it finish leaving.
        process.wait()
        raise Interrupted("interrupted; ssh was stopped") from None


def stream(argv: Sequence[str], environ: Mapping[str, str]) -> Generator[Event, None, int]:
    """Run ``ssh`` with its input at end-of-file, yielding its output as events; return its status."""
    process = _start(argv, environ, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def copy(source: IO[bytes] | None, target: TextIO) -> None:
        assert source is not None
        for chunk in iter(lambda: source.read1(65536), b""):  # type: ignore[attr-defined]
            target.write(chunk.decode("utf-8", "replace"))

    def work(out: TextIO, err: TextIO) -> int:
        errors = threading.Thread(target=copy, args=(process.stderr, err), daemon=True)
        errors.start()
        copy(process.stdout, out)
        errors.join()
        return process.wait()

    status = yield from stream_events(work, interrupted="interrupted; ssh was stopped", cancel=process.terminate)
    return status
