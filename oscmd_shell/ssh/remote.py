"""Use an open SSH connection: run a command, drive a terminal session, upload a file.

:func:`run` streams a remote command's output as it arrives and returns its
exit status; :func:`interactive_shell` connects the local terminal to a remote
pseudo-terminal (raw mode, window resizes, Ctrl-C sent to the remote side);
:func:`upload` writes a new file over SFTP (exclusively, its mode set before any
content).  Input and output are pumped by one select loop that never blocks on
a full SSH window, so large inputs and outputs cannot deadlock.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import select
import signal
import sys
import termios
import tty
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO, TextIO, cast

import paramiko

from oscmd_shell.errors import ApiError, ConnectionFailure, Interrupted, UsageError
from oscmd_shell.fileio import read_regular
from oscmd_shell.ssh.client import Connection

_CHUNK = 32768

Sink = Callable[[bytes], None]


def run(
    client: Connection,
    command: str,
    *,
    stdout: BinaryIO | TextIO,
    stderr: BinaryIO | TextIO,
    stdin: bytes | None = None,
    get_pty: bool = False,
) -> int:
    """Run ``command`` remotely, copying its output to ``stdout``/``stderr``; return its exit status.

    ``stdin`` is fed to the command, after which its input is closed (with no
    ``stdin`` it reads end-of-file at once).  Text streams receive UTF-8
    decoded text, binary streams the raw bytes.  A command killed by a signal
    gives 255, as with ``ssh``.
    """
    peer = _peer(client)
    channel = _open_session(client)
    try:
        if get_pty:
            channel.get_pty()
        channel.exec_command(command)
        _pump(channel, out=_sink(stdout), err=_sink(stderr), feed=stdin or b"", in_fd=None)
        return _exit_status(client, channel)
    except KeyboardInterrupt as exc:
        raise Interrupted(f"interrupted; the remote command was abandoned: {_short(command)}") from exc
    except (paramiko.SSHException, EOFError, OSError) as exc:
        raise _lost(client, peer, exc, f"running {_short(command)}") from exc
    finally:
        channel.close()


def interactive_shell(client: Connection, *, command: str | None = None) -> int:
    """Connect this process's terminal to a remote shell (or ``command``); return the exit status.

    When standard input is a terminal, a remote pseudo-terminal of the same
    size and ``$TERM`` is requested, the local terminal is put in raw mode
    (so Ctrl-C, Ctrl-Z and the like reach the remote side as bytes),
    ``SIGWINCH`` resizes the remote terminal, and the local settings are put
    back on the way out.  Without a terminal the session runs without one,
    like ``ssh`` does, with standard input copied until end-of-file.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        in_fd, out_fd, err_fd = sys.stdin.fileno(), sys.stdout.fileno(), sys.stderr.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation) as exc:
        raise UsageError("an interactive session needs the process's real standard streams") from exc
    use_pty = os.isatty(in_fd)
    peer = _peer(client)
    channel = _open_session(client)
    try:
        if use_pty:
            width, height = _terminal_size(out_fd, in_fd)
            channel.get_pty(term=os.environ.get("TERM", "vt100"), width=width, height=height)
        if command is None:
            channel.invoke_shell()
        else:
            channel.exec_command(command)
        out = _fd_sink(out_fd)
        if use_pty:
            with _raw_terminal(in_fd), _resize_events(channel, out_fd, in_fd) as (wake_fd, on_wake):
                _pump(channel, out=out, err=out, feed=b"", in_fd=in_fd, wake_fd=wake_fd, on_wake=on_wake)
        else:
            _pump(channel, out=out, err=_fd_sink(err_fd), feed=b"", in_fd=in_fd)
        return _exit_status(client, channel)
    except KeyboardInterrupt as exc:
        raise Interrupted("interrupted; the remote session was closed") from exc
    except (paramiko.SSHException, EOFError, OSError) as exc:
        raise _lost(client, peer, exc, "in the interactive session") from exc
    finally:
        channel.close()


def upload(
    client: Connection,
    local: Path | bytes,
    remote_path: str,
    mode: int = 0o700,
) -> int:
    """Write ``local`` (a file or the bytes themselves) as the new file ``remote_path`` over SFTP; return its size.

    The remote file is created exclusively (SFTP ``CREAT|EXCL``): an existing
    file or link at ``remote_path`` is an error and is never written through.
    It gets ``mode`` before any content is written to it; until then it has
    the SFTP server's default mode, so callers write into a directory only the
    login user can enter (``mktemp -d``).
    """
    if isinstance(local, Path):
        try:
            data = read_regular(local, follow=True)
        except OSError as exc:
            raise UsageError(f"cannot read {local}: {exc.strerror or exc}") from exc
    else:
        data = local
    peer = _peer(client)
    try:
        with client.open_sftp() as sftp:
            try:
                remote = sftp.open(remote_path, "wbx")
            except OSError as exc:
                if _exists(sftp, remote_path):
                    raise ApiError(f"upload of {remote_path} to {peer} refused: something already exists there "
                                   "(oscmd never replaces a remote file nor writes through a link)") from exc
                raise
            with remote:
                remote.chmod(mode)
                remote.set_pipelined(True)
                remote.write(data)
    except KeyboardInterrupt as exc:
        raise Interrupted(f"interrupted while uploading {remote_path} to {peer}") from exc
    except OSError as exc:
        raise ApiError(f"upload of {remote_path} to {peer} failed: {exc.strerror or exc}") from exc
    except (paramiko.SSHException, EOFError) as exc:
        raise ConnectionFailure(f"upload of {remote_path} to {peer} failed: {exc}") from exc
    return len(data)


def _exists(sftp: paramiko.SFTPClient, remote_path: str) -> bool:
    try:
        sftp.lstat(remote_path)
    except OSError:
        return False
    return True


def _peer(client: Connection) -> str:
    transport = client.get_transport()
    if transport is None:
        return "the server"
    try:
        host, port = transport.getpeername()[:2]
    except (OSError, ValueError, AttributeError):
        return "the server"
    return f"{host} port {port}"


def _short(command: str) -> str:
    line = command.strip().splitlines()[0] if command.strip() else command
    return line if len(line) <= 60 and "\n" not in command.strip() else line[:57] + "..."


def _lost(client: Connection, peer: str, exc: BaseException, doing: str) -> BaseException:
    """A local I/O error stays what it is; a failure of the SSH connection becomes a :class:`ConnectionFailure`."""
    transport = client.get_transport()
    alive = transport is not None and transport.is_active()
    if isinstance(exc, OSError) and not isinstance(exc, TimeoutError) and alive:
        return exc
    return ConnectionFailure(f"the connection to {peer} failed {doing}: {exc or type(exc).__name__}")


def _open_session(client: Connection) -> paramiko.Channel:
    transport = client.get_transport()
    if transport is None or not transport.is_active():
        raise ConnectionFailure("the SSH connection is closed")
    try:
        return transport.open_session()
    except (paramiko.SSHException, EOFError, OSError) as exc:
        raise ConnectionFailure(f"cannot open an SSH session on {_peer(client)}: {exc}") from exc


def _exit_status(client: Connection, channel: paramiko.Channel) -> int:
    status = channel.recv_exit_status()
    if status >= 0:
        return status
    transport = client.get_transport()
    if transport is None or not transport.is_active():
        raise EOFError("the server closed the connection")
    return 255


def _pump(
    channel: paramiko.Channel,
    *,
    out: Sink,
    err: Sink,
    feed: bytes,
    in_fd: int | None,
    wake_fd: int | None = None,
    on_wake: Callable[[], None] | None = None,
) -> None:
    """Copy channel output to the sinks and ``feed`` then ``in_fd`` to the channel, until the remote EOF."""
    pending = bytearray(feed)
    reading = in_fd is not None
    write_open = True
    while True:
        if write_open and not pending and not reading:
            channel.shutdown_write()
            write_open = False
        watch: list[int | paramiko.Channel] = [channel]
        if wake_fd is not None:
            watch.append(wake_fd)
        if reading and not pending and in_fd is not None:
            watch.append(in_fd)
        # Input waiting for room in the SSH window is retried after a short poll;
        # input that fits is sent without waiting at all.
        timeout = None if not pending else 0.0 if channel.send_ready() else 0.05
        ready = select.select(watch, [], [], timeout)[0]
        if wake_fd is not None and wake_fd in ready:
            with contextlib.suppress(BlockingIOError):
                os.read(wake_fd, 512)
            if on_wake is not None:
                on_wake()
        if channel.recv_ready():
            out(channel.recv(_CHUNK))
        if channel.recv_stderr_ready():
            err(channel.recv_stderr(_CHUNK))
        finished = channel.eof_received or channel.closed
        if finished and not channel.recv_ready() and not channel.recv_stderr_ready():
            return
        if in_fd is not None and in_fd in ready:
            data = os.read(in_fd, _CHUNK)
            if data:
                pending += data
            else:
                reading = False
        if pending and not channel.closed and channel.send_ready():
            sent = channel.send(bytes(pending[:_CHUNK]))
            del pending[:sent]


def _sink(stream: BinaryIO | TextIO) -> Sink:
    if isinstance(stream, io.TextIOBase):
        text_stream = stream
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

        def write_text(data: bytes) -> None:
            text_stream.write(decoder.decode(data))
            text_stream.flush()

        return write_text
    binary_stream = cast(BinaryIO, stream)

    def write_bytes(data: bytes) -> None:
        binary_stream.write(data)
        binary_stream.flush()

    return write_bytes


def _fd_sink(fd: int) -> Sink:
    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]

    return write


def _terminal_size(*fds: int) -> tuple[int, int]:
    for fd in fds:
        try:
            size = os.get_terminal_size(fd)
        except OSError:
            continue
        if size.columns > 0 and size.lines > 0:
            return size.columns, size.lines
    return 80, 24


@contextlib.contextmanager
def _raw_terminal(fd: int) -> Iterator[None]:
    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd, termios.TCSADRAIN)  # keep what was typed ahead (the default flushes it)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def _resize_events(channel: paramiko.Channel, *fds: int) -> Iterator[tuple[int | None, Callable[[], None] | None]]:
    """Forward window-size changes to ``channel``.

    The ``SIGWINCH`` handler only writes a byte to a pipe that the select loop
    watches, so the resize request is sent from the loop, never from inside a
    signal handler that may have interrupted another send on the same transport.
    """
    read_fd, write_fd = os.pipe()
    os.set_blocking(read_fd, False)
    os.set_blocking(write_fd, False)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        with contextlib.suppress(OSError):
            os.write(write_fd, b"w")

    def resize() -> None:
        width, height = _terminal_size(*fds)
        with contextlib.suppress(paramiko.SSHException, OSError, EOFError):
            channel.resize_pty(width=width, height=height)

    try:
        previous = signal.signal(signal.SIGWINCH, on_signal)
    except ValueError:  # not the main thread: no resize support
        os.close(read_fd)
        os.close(write_fd)
        yield None, None
        return
    try:
        yield read_fd, resize
    finally:
        signal.signal(signal.SIGWINCH, previous)
        os.close(read_fd)
        os.close(write_fd)
