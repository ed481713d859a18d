"""The process entry point: pick one-shot, script, piped or interactive mode.

``main`` is the only place that exits.  It reads the root options, answers
``-h`` and ``--version`` before importing anything heavy, loads configuration,
optionally starts the local playground endpoint, and then runs one command,
a script file, the lines piped on stdin, or the interactive shell when stdin
is a terminal.  Every error becomes one line on stderr and a documented status.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import __version__
from .env import Env
from .errors import Exit, OscmdError, UsageError
from .output.results import Outcome
from .output.terminal import line as one_line
from .parsing.command import Command, parse_command


def main(argv: list[str] | None = None) -> None:
    status = run(sys.argv[1:] if argv is None else argv, Env.from_process())
    sys.exit(status)  # noqa: TID251 - the one place that exits


def run(argv: list[str], env: Env) -> int:
    """Run oscmd with ``argv`` in ``env``; return the exit status."""
    if argv[:1] == ["__complete"]:  # the shell-completion scripts' hidden entry point: files only
        from .shellcomp.values import run as complete_values

        return complete_values(argv[1:], env)
    debug = "-d" in argv[:1] or "--debug" in argv
    try:
        return _run(argv, env)
    except OscmdError as exc:
        env.stderr.write(f"oscmd: {one_line(exc.message)}\n")
        return int(exc.exit)
    except KeyboardInterrupt:
        env.stderr.write("oscmd: interrupted\n")
        return int(Exit.INTERRUPTED)
    except Exception as exc:
        if debug:
            raise
        from .aws.errors import translate

        translated = translate(exc)
        if translated is not None:
            env.stderr.write(f"oscmd: {one_line(translated.message)}\n")
            return int(translated.exit)
        text = f"internal error: {exc.__class__.__name__}: {exc} (run with --debug for details)"
        env.stderr.write(f"oscmd: {one_line(text)}\n")
        return int(Exit.API)


def _run(argv: list[str], env: Env) -> int:
    cmd = parse_command(argv)
    root = cmd.root.values
    if root.get("version"):
        env.stdout.write(f"oscmd {__version__}\n")
        return 0
    if cmd.help is not None or cmd.root_command is not None:
        return _report(_run_without_context(cmd, env), env)
    from .config import load_config, resolve_settings
    from .context import Context

    config = load_config(str(root["config"]) if root.get("config") else None, env)
    for warning in config.warnings:
        env.stderr.write(warning + "\n")
    settings = resolve_settings(root, cmd.root.given, config, env.environ)
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
        if cmd.obj is not None:
            from .dispatch import build_invocation, guarded, invoke
            from .output.render import Renderer

            renderer = Renderer(env, settings.output, highlight=True)
            outcome = guarded(ctx, renderer, lambda: invoke(build_invocation(cmd, ctx), renderer))
            return _report(outcome, env)
        from .batch import run_lines

        if cmd.script is not None:
            if cmd.script_args:
                raise UsageError(f"unexpected argument after the script: '{cmd.script_args[0]}'")
            path = Path(cmd.script)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"cannot read script {path}: {exc.strerror or exc}") from None
            except UnicodeDecodeError as exc:
                raise UsageError(f"cannot read script {path}: not UTF-8 text (byte {exc.start})") from None
            return run_lines(text.splitlines(), str(path), ctx)
        if env.stdin_isatty:
            from .repl import start_shell

            return start_shell(ctx, playground=playground)
        return run_lines(env.stdin, "<stdin>", ctx)
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


def _report(outcome: Outcome, env: Env) -> int:
    if outcome.error:
        env.stderr.write(f"oscmd: {outcome.error}\n")
    return int(outcome.status)
