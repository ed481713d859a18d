"""The process entry point: pick one-shot, script, piped or interactive mode.

``main`` is the only place that exits.  It reads the root options, answers
``-h`` and ``--version`` before importing anything heavy, loads configuration,
optionally starts the local playground endpoint, and then runs one command,
a script file, the lines piped on stdin, or the interactive shell when stdin
is a terminal.  Every error becomes one line on stderr and a documented status.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__, registry
from .env import Env, OutputStream
from .errors import Exit, OscmdError, UsageError
from .output.results import Outcome
from .parsing.command import Command, parse_command, wants_debug


def main(argv: list[str] | None = None) -> None:
    _standard_descriptors()
    _default_sigint()
    env = Env.from_process()
    status = run(sys.argv[1:] if argv is None else argv, env)
    if isinstance(env.stdout, OutputStream) and env.stdout.failed is not None:
        # stdout is gone: point it at /dev/null so the interpreter's last flush stays quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    sys.exit(status)  # noqa: TID251 - the one place that exits


def _standard_descriptors() -> None:
    """Put /dev/null on a closed descriptor 0, 1 or 2, so no file oscmd opens later takes its place.

    Python has already seen the closed stream (``sys.stdout is None``), so writing
    output still fails with one clear line instead of landing in a random file.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != fd:
                os.dup2(opened, fd)
                os.close(opened)
    if sys.stdin is None:
        import io

        sys.stdin = io.StringIO("")


def _default_sigint() -> None:
    """Ctrl-C interrupts, even when oscmd was started with SIGINT ignored (a background job, nohup, a runner)."""
    try:
        if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    except (ValueError, OSError):  # not the main thread, or no signals here
        pass


def run(argv: list[str], env: Env) -> int:
    """Run oscmd with ``argv`` in ``env``; return the exit status."""
    if argv[:1] == ["__complete"]:  # the shell-completion scripts' hidden entry point: files only
        from .shellcomp.values import run as complete_values

        return complete_values(argv[1:], env)
    debug = wants_debug(argv)
    try:
        status = _run(argv, env)
        env.stdout.flush()  # a failure to deliver the last of the output is reported here, not at exit
        return status
    except OscmdError as exc:
        _report(Outcome(exc.exit, exc.message, hint=exc.hint), env)
        return int(exc.exit)
    except KeyboardInterrupt:
        env.stderr.write("oscmd: interrupted\n")
        return int(Exit.INTERRUPTED)
    except Exception as exc:  # outside any command (the --local endpoint failing as it starts...)
        from .failures import unexpected

        return _report(unexpected(exc, debug, env.stderr), env)


def _run(argv: list[str], env: Env) -> int:
    cmd = parse_command(argv)
    root = cmd.root.values
    if root.get("version"):
        env.stdout.write(f"oscmd {__version__}\n")
        return 0
    spec = registry.get_root_command(cmd.root_command) if cmd.root_command is not None else None
    if cmd.help is not None or (spec is not None and not spec.connected):
        return _report(_run_without_context(cmd, env), env)
    from .config import load_config, resolve_settings
    from .context import Context
    from .redact import redact

    config = load_config(str(root["config"]) if root.get("config") else None, env, pipe=True)
    try:
        settings = resolve_settings(root, cmd.root.given, config, env.environ)
    finally:
        for warning in config.warnings:
            env.stderr.write(redact(warning) + "\n")
    if settings.role:
        from .aws.role import apply_region

        apply_region(settings, env.environ)
    playground = None
    if root.get("local"):
        from .playground import Playground

        playground = Playground.start(env)
        playground.apply(settings)
    try:
        ctx = Context.build(env, config, settings)
        if root.get("listzone"):
            from .objects.zones import list_zones

            return _report(list_zones(ctx), env)
        if cmd.obj is not None or cmd.root_command is not None:
            from .dispatch import build_invocation, guarded, invoke, root_command
            from .output.render import Renderer

            renderer = Renderer(env, settings.output, highlight=True, query=settings.query)
            if cmd.obj is None:  # journal, undo: they read the settings (and undo connects)
                return _report(guarded(ctx, renderer, lambda: root_command(cmd, ctx, renderer)), env)
            outcome = guarded(ctx, renderer, lambda: invoke(build_invocation(cmd, ctx), renderer))
            return _report(outcome, env)
        from .batch import run_lines

        if cmd.script is not None:
            if cmd.script_args:
                raise UsageError(f"unexpected argument after the script: '{cmd.script_args[0]}'")
            path = Path(cmd.script)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise UsageError(f"cannot read script {path}: {exc.strerror or exc}") from None
            except UnicodeDecodeError as exc:
                raise UsageError(f"cannot read script {path}: not UTF-8 text (byte {exc.start})") from None
            return run_lines(text.splitlines(), str(path), ctx)
        if env.stdin_isatty:
            from .repl import start_shell

            return start_shell(ctx, playground=playground)
        return run_lines(_without_bom(env.stdin), "<stdin>", ctx)
    finally:
        if playground is not None:
            playground.stop()


def _run_without_context(cmd: Command, env: Env) -> Outcome:
    """Help and root commands: no config, no credentials, no boto3."""
    from .config import Config, Settings
    from .context import Context
    from .dispatch import guarded, run_command
    from .output.render import Renderer

    settings = Settings()
    ctx = Context.build(env, Config(), settings)
    renderer = Renderer(env, settings.output)
    return guarded(ctx, renderer, lambda: run_command(cmd, ctx, renderer))


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    """Piped lines, the first one without the UTF-8 byte-order mark some editors write."""
    first = True
    for line in lines:
        yield line.removeprefix("\ufeff") if first else line
        first = False


def _report(outcome: Outcome, env: Env) -> int:
    env.stderr.write(outcome.error_lines("oscmd: "))
    return int(outcome.status)
