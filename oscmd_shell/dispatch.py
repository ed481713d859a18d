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

from . import registry
from .aws.targets import TargetFailure, failure_status
from .config import Settings
from .context import Context, Invocation
from .errors import Exit, NotAvailable, OscmdError, Refused, UsageError
from .failures import unexpected
from .output import help as helptext
from .output import terminal
from .output.render import Renderer
from .output.results import Event, Message, Outcome, Status, Warning_
from .parsing.command import Command, parse_command
from .parsing.levels import convert
from .redact import redact
from .spec import ObjectSpec, Option, Verb

Handler = Callable[[Invocation], Any]
#: A root command's handler: its arguments, the context and the renderer.
RootHandler = Callable[[list[str], Context, Renderer], Outcome]
_HANDLERS: dict[str, Any] = {}


def execute(argv: list[str], ctx: Context, renderer: Renderer | None = None) -> Outcome:
    """Parse and run one command line; every failure becomes an Outcome."""
    renderer = renderer or Renderer(ctx.env, ctx.settings.output, query=ctx.settings.query)
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
        spec = registry.get_root_command(cmd.root_command)
        if spec is None or not spec.connected:
            return root_command(cmd, ctx, renderer)
        ctx, renderer = _line_context(cmd, ctx, renderer)  # `-y undo` in the shell: -y holds for that line
        try:
            return root_command(cmd, ctx, renderer)
        finally:
            renderer.flush()
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
    ctx, renderer = _line_context(cmd, ctx, renderer)
    inv = build_invocation(cmd, ctx)
    try:
        with ctx.clients.line(ctx.settings):
            return invoke(inv, renderer)
    finally:
        renderer.flush()  # this line's own renderer (--output leading the line) ends with it


def _line_context(cmd: Command, ctx: Context, renderer: Renderer) -> tuple[Context, Renderer]:
    """The context (and renderer) of one script or shell line led by root options."""
    settings = _line_settings(cmd, ctx.settings)
    if settings is ctx.settings:
        return ctx, renderer
    if (settings.output, settings.query) != (ctx.settings.output, ctx.settings.query):
        renderer = Renderer(ctx.env, settings.output, highlight=renderer.highlight, query=settings.query)
    return Context(ctx.env, ctx.config, settings, ctx.clients, ctx.poll_interval), renderer


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
            changes[dest] = bool(values[dest])
    if "output" in given:
        changes["output"] = values["output"]
    if "query" in given:
        from .output.query import compile_query

        compile_query(str(values["query"]))
        changes["query"] = str(values["query"])
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
    handler: Handler = _load(verb.handler, f"'{obj.name} {verb.name}'")
    return handler


def _load(target: str, what: str) -> Any:
    """The function a registry handler string ``module:function`` names, imported once."""
    cached = _HANDLERS.get(target)
    if cached is not None:
        return cached
    module_name, _, func_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise NotAvailable(f"{what} is not available in this version of oscmd") from None
        raise
    fn = getattr(module, func_name)
    _HANDLERS[target] = fn
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
    where = where_text(inv.ctx)
    listed = ", ".join(targets) if targets else f"every matching {inv.obj.name}"
    ask_first(inv.ctx, f"{what}: {listed} ({where}). Proceed? [y/N] ",
              refused=f"{what} on {listed} ({where}) is destructive: confirm with -y/--yes",
              declined=f"{what}: not confirmed; nothing was done")


def where_text(ctx: Context) -> str:
    """``region R at ENDPOINT`` (credentials redacted): where a confirmed change would be made."""
    endpoint = ctx.settings.endpoint
    return f"region {ctx.clients.region}" + (f" at {redact(endpoint)}" if endpoint else "")


def ask_first(ctx: Context, question: str, *, refused: str, declined: str) -> None:
    """Ask ``question`` on the terminal; :class:`Refused` without one (``refused``) or without a yes."""
    env = ctx.env
    if not env.interactive or env.ask is None:
        raise Refused(refused)
    answer = env.ask(terminal.line(question))
    if answer.strip().lower() not in ("y", "yes"):
        raise Refused(declined)


def check_reading(inv: Invocation) -> None:
    """``--filter`` and several regions or profiles are for the read verbs only; the filters are checked."""
    verb, settings = inv.verb, inv.ctx.settings
    what = f"{inv.obj.name} {verb.name}"
    reads = ", ".join(v.name for v in inv.obj.verbs if v.read)
    if inv.ident.get("filter") and not verb.read:
        raise UsageError(f"{what}: --filter selects objects for the read verbs only ({reads}); nothing was done",
                         hint=f"act on one object with -i or -n; 'oscmd {inv.obj.name} --filter ... list' shows "
                              "what a filter selects")
    if settings.fleet and not verb.read:
        several = "regions" if settings.regions else "profiles"
        raise UsageError(f"{what}: several {several} are for the read verbs only ({reads}); nothing was done",
                         hint="give one region with -r (and one --profile)")
    inv.filters()


def invoke(inv: Invocation, renderer: Renderer) -> Outcome:
    """Identify, confirm, run the handler and render what it returns."""
    verb = inv.verb
    check_reading(inv)
    if verb.target == "required" and not inv.identified:
        hint = " or -n NAME" if inv.obj.option("-n") else ""
        raise UsageError(f"{inv.obj.name} {verb.name}: which {inv.obj.name}? identify it with -i ID{hint}")
    handler = handler_for(verb, inv.obj)
    if is_destructive(inv):
        confirm(inv, [inv.target.label] if inv.identified else [])
    from .journal.verbs import recorded

    return recorded(inv, renderer, lambda: _run_handler(handler, inv, renderer))  # its changes go to the journal


def _run_handler(handler: Handler, inv: Invocation, renderer: Renderer) -> Outcome:
    outcome = Outcome(mutated=inv.verb.mutates)
    for event in _events(handler(inv)):
        if isinstance(event, Status):
            outcome.status = event.code
        renderer.event(event)
        ids = getattr(event, "ids", ())  # a streamed list knows its ids once written
        if ids:
            outcome.ids = tuple(ids)
    if inv.failures:
        outcome.status = report_failures(inv.failures, renderer)
    return outcome


def report_failures(failures: list[TargetFailure], renderer: Renderer) -> int:
    """One stderr line per target that failed; the status says what kind of failure (5 connection, else 3)."""
    for failure in failures:
        renderer.event(Warning_(f"{failure.label}: {failure.error.message}"))
    return failure_status(failures)


def _events(result: Any) -> Iterable[Event]:
    if result is None:
        return ()
    if isinstance(result, Iterable) and not isinstance(result, str | bytes | dict):
        return result
    return (result,)


def root_command(cmd: Command, ctx: Context, renderer: Renderer) -> Outcome:
    """Run a root command (help, completion, journal, undo) through its registry handler."""
    spec = registry.get_root_command(str(cmd.root_command))
    if spec is None or spec.handler is None:
        raise UsageError(f"unknown command '{cmd.root_command}'")
    handler: RootHandler = _load(spec.handler, f"'{spec.name}'")
    return handler(cmd.root_command_args, ctx, renderer)
