"""Run one parsed command: the single dispatcher behind argv, scripts and the shell.

:func:`execute` takes a token list and a :class:`Context` and returns an
:class:`Outcome`; it never exits and never lets an exception out.  It applies
config defaults, checks required options and identification, asks for
confirmation before destructive verbs, calls the handler (imported lazily),
feeds the events it produces to the renderer, and maps every error to its
exit status and one line of text.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from .config import Settings
from .context import Context, Invocation
from .errors import Exit, NotAvailable, OscmdError, Refused, UsageError
from .failures import unexpected
from .output import help as helptext
from .output import terminal
from .output.render import Renderer
from .output.results import Event, Message, Outcome, Status
from .parsing.command import Command, parse_command
from .parsing.levels import convert
from .redact import redact
from .spec import ObjectSpec, Option, Verb

Handler = Callable[[Invocation], Any]
_HANDLERS: dict[str, Handler] = {}


def execute(argv: list[str], ctx: Context, renderer: Renderer | None = None) -> Outcome:
    """Parse and run one command line; every failure becomes an Outcome."""
    renderer = renderer or Renderer(ctx.env, ctx.settings.output)
    return guarded(ctx, renderer, lambda: run_command(parse_command(argv, allow_script=False), ctx, renderer))


def guarded(ctx: Context, renderer: Renderer, body: Callable[[], Outcome]) -> Outcome:
    """Run ``body`` turning every exception into an Outcome with one line of text."""
    try:
        return body()
    except KeyboardInterrupt:
        renderer.clear_progress()
        return Outcome(Exit.INTERRUPTED, "interrupted")
    except OscmdError as exc:
        renderer.clear_progress()
        return Outcome(exc.exit, exc.message, hint=exc.hint)
    except Exception as exc:
        renderer.clear_progress()
        return _unexpected(exc, ctx, renderer)
    finally:
        renderer.flush()


def _unexpected(exc: Exception, ctx: Context, renderer: Renderer) -> Outcome:
    from .aws.errors import is_dry_run_success

    if is_dry_run_success(exc):
        renderer.event(Message("dry run: the request would have succeeded",
                               data={"dry_run": True, "would_succeed": True}))
        return Outcome(Exit.OK)
    return unexpected(exc, ctx.settings.debug, ctx.env.stderr)


def run_command(cmd: Command, ctx: Context, renderer: Renderer) -> Outcome:
    """Run a parsed command (help, a root command, or OBJECT VERB)."""
    out = ctx.env.stdout
    if cmd.help == "root" or (cmd.obj is None and cmd.root_command is None and cmd.script is None):
        out.write(helptext.root_help())
        return Outcome()
    if cmd.root_command is not None:
        return _root_command(cmd, ctx)
    if cmd.script is not None:
        raise UsageError(f"'{cmd.script}' is not an object; scripts run from the command line only")
    assert cmd.obj is not None and cmd.ident is not None
    if cmd.help == "object":
        out.write(helptext.object_help(cmd.obj))
        return Outcome()
    assert cmd.verb is not None and cmd.args is not None
    if cmd.help == "verb":
        out.write(helptext.verb_help(cmd.obj, cmd.verb))
        return Outcome()
    settings = _line_settings(cmd, ctx.settings)
    if settings is not ctx.settings:
        line_ctx = Context(ctx.env, ctx.config, settings, ctx.clients, ctx.poll_interval)
        if settings.output != ctx.settings.output:
            renderer = Renderer(ctx.env, settings.output, highlight=renderer.highlight)
        ctx = line_ctx
    inv = build_invocation(cmd, ctx)
    try:
        with ctx.clients.line(ctx.settings):
            return invoke(inv, renderer)
    finally:
        renderer.flush()  # this line's own renderer (--output leading the line) ends with it


def _line_settings(cmd: Command, base: Settings) -> Settings:
    """Root options given on a script or shell line override the session's for that line."""
    given = cmd.root.given
    if not given:
        return base
    fixed = given & {"config", "securitycredentials", "local"}
    if fixed:
        raise UsageError(f"{', '.join(sorted(fixed))}: these options belong on the oscmd command line")
    settable = sorted(given & {"endpoint", "region", "profile"})
    if settable:
        raise UsageError(f"{', '.join(settable)}: a connection option cannot lead a line; write "
                         f"'set {settable[0]} VALUE' on a line of its own (it holds for the lines after it)")
    from dataclasses import replace

    values = cmd.root.values
    changes: dict[str, Any] = {}
    for dest in ("yes", "dry_run", "debug", "keep_going"):
        if dest in given:
            changes[dest] = True
    if "output" in given:
        changes["output"] = values["output"]
    if "zone" in given:
        changes["zone"] = values["zone"]
    if "timeout" in given:
        changes["wait_timeout"] = values["timeout"]
    if "listzone" in given or "version" in given:
        raise UsageError("-L and --version belong on the oscmd command line")
    return replace(base, **changes)


def config_value(opt: Option, raw: str, where: str) -> Any:
    if opt.repeat:
        return [convert(opt, part.strip(), where) for part in raw.split(",") if part.strip()]
    if opt.is_flag:
        return raw.lower() in ("1", "true", "yes", "on")
    return convert(opt, raw, where)


def build_invocation(cmd: Command, ctx: Context) -> Invocation:
    assert cmd.obj is not None and cmd.verb is not None and cmd.ident is not None and cmd.args is not None
    obj, verb = cmd.obj, cmd.verb
    args = dict(cmd.args.values)
    where = f"{obj.name} {verb.name}"
    for opt in verb.options:
        if opt.dest in cmd.args.given or not opt.config:
            continue
        raw = ctx.config.option_default(opt.config)
        if raw is not None:
            args[opt.dest] = config_value(opt, raw, ctx.config.where(*opt.config.split(".", 1)))
    for opt in verb.options:
        if opt.required and args.get(opt.dest) in (None, [], ""):
            raise UsageError(f"{where}: {opt.long} is required")
    return Invocation(
        ctx=ctx, obj=obj, verb=verb, ident=dict(cmd.ident.values), args=args,
        positionals=list(cmd.args.positionals), given=set(cmd.args.given),
    )


def handler_for(verb: Verb, obj: ObjectSpec) -> Handler:
    if verb.handler is None:
        raise NotAvailable(f"'{obj.name} {verb.name}' is not available in this version of oscmd")
    cached = _HANDLERS.get(verb.handler)
    if cached is not None:
        return cached
    module_name, _, func_name = verb.handler.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise NotAvailable(f"'{obj.name} {verb.name}' is not available in this version of oscmd") from None
        raise
    fn: Handler = getattr(module, func_name)
    _HANDLERS[verb.handler] = fn
    return fn


def is_destructive(inv: Invocation) -> bool:
    verb = inv.verb
    return verb.destructive or bool(verb.destructive_if and inv.args.get(verb.destructive_if))


def confirm(inv: Invocation, targets: list[str]) -> None:
    """Ask before a destructive verb; refuse without a terminal unless --yes."""
    settings = inv.ctx.settings
    if settings.yes or settings.dry_run:
        return
    # the flags given say what else goes (terminate --purge, delete --delete_snapshot, stop --forced)
    given = "".join(f" {o.long}" for o in inv.verb.options if o.is_flag and inv.args.get(o.dest))
    what = f"{inv.obj.name} {inv.verb.name}{given}"
    where = f"region {inv.ctx.clients.region}" + (f" at {redact(settings.endpoint)}" if settings.endpoint else "")
    listed = ", ".join(targets) if targets else f"every matching {inv.obj.name}"
    env = inv.ctx.env
    if not env.interactive or env.ask is None:
        raise Refused(f"{what} on {listed} ({where}) is destructive: confirm with -y/--yes")
    answer = env.ask(terminal.line(f"{what}: {listed} ({where}). Proceed? [y/N] "))
    if answer.strip().lower() not in ("y", "yes"):
        raise Refused(f"{what}: not confirmed; nothing was done")


def invoke(inv: Invocation, renderer: Renderer) -> Outcome:
    """Identify, confirm, run the handler and render what it returns."""
    verb = inv.verb
    if verb.target == "required" and not inv.identified:
        hint = " or -n NAME" if inv.obj.option("-n") else ""
        raise UsageError(f"{inv.obj.name} {verb.name}: which {inv.obj.name}? identify it with -i ID{hint}")
    handler = handler_for(verb, inv.obj)
    if is_destructive(inv):
        confirm(inv, [inv.target.label] if inv.identified else [])
    result = handler(inv)
    outcome = Outcome(mutated=verb.mutates)
    for event in _events(result):
        if isinstance(event, Status):
            outcome.status = event.code
        ids = getattr(event, "ids", ())
        if ids:
            outcome.ids = tuple(ids)
        renderer.event(event)
    return outcome


def _events(result: Any) -> Iterable[Event]:
    if result is None:
        return ()
    if isinstance(result, Iterable) and not isinstance(result, str | bytes | dict):
        return result
    return (result,)


def _root_command(cmd: Command, ctx: Context) -> Outcome:
    name = cmd.root_command
    if name == "help":
        from .output import topics

        ctx.env.stdout.write(topics.render(cmd.root_command_args))
        return Outcome()
    if name == "completion":
        from .shellcomp import generate

        if len(cmd.root_command_args) != 1:
            raise UsageError("usage: oscmd completion bash|zsh|fish")
        ctx.env.stdout.write(generate(cmd.root_command_args[0]))
        return Outcome()
    raise UsageError(f"unknown command '{name}'")
