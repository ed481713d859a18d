"""``oscmd undo [N]``: reverse a recorded change, after checking the world and asking.

The change is N, or the latest change of this connection (same region,
endpoint and profile) that changed something.  In order: a change made
elsewhere, or still running in another process, is refused; a change with an
irreversible call is refused with exit 2 and the reason; every step is checked
against EC2 (a step already done is skipped, a world that no longer matches
the record refuses the whole undo with the difference, exit 2, nothing done);
the plan is shown and confirmed like a destructive verb (``-y`` without a
terminal, else exit 4; ``--dry-run`` stops after the plan); then the steps run
in order, recorded in the journal as a change of their own (``undo`` of an
undo takes it back where an inverse exists).  A step that fails stops the
undo, and the error says what was done and what was not.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace
from typing import Any

from ..context import Context
from ..dispatch import ask_first, where_text
from ..errors import ApiError, Interrupted, OscmdError, Refused, UsageError
from ..output.render import Renderer
from ..output.results import Message, Outcome, Progress, Warning_
from ..parsing.levels import LevelResult
from ..redact import redact
from . import store
from .inverse import plan
from .record import Recording, connection, record_in
from .steps import DO, Run, Step, World
from .view import local_time, running

MUTATED = ("instance", "volume", "address", "group", "keypair", "snapshot", "image")


def undo(level: LevelResult, ctx: Context, renderer: Renderer) -> Outcome:
    if len(level.positionals) > 1:
        raise UsageError(f"undo: one change at a time, not {' '.join(level.positionals)} (usage: undo [N])")
    if ctx.settings.fleet:
        several = "regions" if ctx.settings.regions else "profiles"
        raise UsageError(f"undo: several {several} are for the read verbs only; nothing was done",
                         hint="undo works on one connection: give one region with -r (and one --profile)")
    settings = replace(ctx.settings, yes=ctx.settings.yes or bool(level.values.get("yes")),
                       dry_run=ctx.settings.dry_run or bool(level.values.get("dry_run")))
    ctx = Context(ctx.env, ctx.config, settings, ctx.clients, ctx.poll_interval)
    path = store.path_of(ctx.env)
    try:
        changes = store.read(path)
    except OSError as exc:
        raise UsageError(f"cannot read the journal {exc.filename or path}: {exc.strerror or exc}") from None
    here = connection(ctx.clients)
    change = pick(changes, level.positionals[0] if level.positionals else None, here)
    label = f"change {change.number} ({change.text('line') or change.text('object')}, {local_time(change)})"
    _same_place(change, here, label)
    if running(change):
        raise UsageError(f"{label} is still running (process {change.intent.get('pid')}): undo it once it ends")
    steps = plan(change)
    if steps.irreversible:
        raise UsageError(f"{label} cannot be undone: " + "; ".join(steps.irreversible) + "; nothing was done")
    world = World(ctx.ec2(), timeout=settings.wait_timeout, interval=ctx.poll_interval, clock=ctx.env.clock,
                  sleep=ctx.env.sleep)
    todo, skipped = check(steps.steps, world, label)
    notes = skipped + steps.notes
    if not todo:
        renderer.event(Message([f"nothing to undo: {label}"] + [f"  {n}" for n in notes],
                               data={"change": change.number, "undone": False, "notes": notes}))
        return Outcome()
    lines = [f"undo {label} in {where_text(ctx)}:"] + shown(todo) + [f"  note: {n}" for n in notes]
    data = {"change": change.number, "plan": [s.text for s in todo], "notes": notes}
    if settings.dry_run:
        renderer.event(Message([f"dry run: {lines[0]}", *lines[1:], "nothing was done"],
                               data={**data, "dry_run": True}))
        return Outcome()
    if not settings.yes:
        if not ctx.env.interactive:
            raise Refused(f"undo of {label} would {'; '.join(s.text for s in todo)} ({where_text(ctx)}): "
                          "confirm with -y/--yes")
        for text in lines:  # shown before the question, on the terminal, whatever the output format
            renderer.event(Warning_(text) if renderer.fmt in ("json", "yaml") else Message(text))
        ask_first(ctx, f"undo change {change.number}: proceed? [y/N] ", refused="undo: no terminal to ask",
                  declined=f"undo of {label}: not confirmed; nothing was done")
    recording = Recording(path, lambda: {"object": "undo", "verb": None, "line": f"undo {change.number}",
                                         "undoes": change.id, "undoes_number": change.number,
                                         "targets": [], **connection(ctx.clients)})
    return record_in(ctx.clients, recording, lambda: execute(todo, world, label, renderer, data), renderer)


def pick(changes: list[store.Change], wanted: str | None, here: dict[str, Any]) -> store.Change:
    """Change ``wanted`` (a number), or the latest that changed something on this connection."""
    if wanted is not None:
        found = store.numbered(changes, wanted)
        if found is None:
            raise UsageError(f"undo: no change {wanted!r} in the journal (changes: {store.span(changes)}; "
                             "'oscmd journal' lists them)")
        change = found
        if not change.effective:
            raise UsageError(f"undo: change {wanted} changed nothing (every call was refused)")
        return change
    for change in reversed(changes):
        if change.effective and _place(change.intent) == _place(here):
            return change
    raise UsageError(f"undo: the journal has no change made in {here.get('region')} at "
                     f"{redact(str(here.get('endpoint')))}"
                     + (f" with profile {here['profile']}" if here.get("profile") else "")
                     + " ('oscmd journal' lists the changes; 'undo N' takes one back)")


def _place(record: dict[str, Any]) -> tuple[Any, ...]:
    return record.get("region"), record.get("endpoint"), record.get("profile") or None


def _same_place(change: store.Change, here: dict[str, Any], label: str) -> None:
    there = change.intent
    account_differs = there.get("account") and here.get("account") and there["account"] != here["account"]
    if _place(there) == _place(here) and not account_differs:
        return
    profile = f", profile {there.get('profile')}" if there.get("profile") else ""
    raise UsageError(f"{label} was made in {there.get('region')} at {there.get('endpoint')}{profile}"
                     + (f", account {there.get('account')}" if account_differs else "")
                     + f"; this connection is {here.get('region')} at {here.get('endpoint')}: undo it from there "
                     f"(oscmd -r REGION -e ENDPOINT [--profile NAME] undo {change.number})")


def check(steps: list[Step], world: World, label: str) -> tuple[list[Step], list[str]]:
    """The steps to run (tag steps checked last, so they know what the others remove) and what is already so."""
    verdicts = {}
    for step in [s for s in steps if s.kind != "tags"] + [s for s in steps if s.kind == "tags"]:
        verdict = step.check(world)
        verdicts[id(step)] = verdict
        if verdict == DO:
            world.will.update(step.effects())
    differences = [v.why for v in verdicts.values() if v.state == "differs"]
    if differences:
        raise UsageError(f"cannot undo {label}: the world no longer matches the journal: " + "; ".join(differences)
                         + "; nothing was done")
    todo = [s for s in steps if verdicts[id(s)] == DO]
    return todo, [verdicts[id(s)].why for s in steps if verdicts[id(s)].state == "done"]


def shown(steps: list[Step]) -> list[str]:
    lines = []
    for number, step in enumerate(steps, 1):
        lines.append(f"  {number}. {step.text}")
        lines += [f"     {d}" for d in step.details]
    return lines


def execute(steps: list[Step], world: World, label: str, renderer: Renderer, data: dict[str, Any]) -> Outcome:
    """Run the checked steps in order; a failure says what was done and what was not."""
    done: list[str] = []
    for number, step in enumerate(steps):
        try:
            done.append(_drive(step.run(world), renderer))
        except (Exception, KeyboardInterrupt) as exc:
            renderer.clear_progress()
            left = "; ".join(s.text for s in steps[number:])
            so_far = f"done: {'; '.join(done)}; " if done else "nothing was done; "
            text = f"undo of {label} stopped at '{step.text}': {_reason(exc)}; {so_far}not done: {left}"
            if isinstance(exc, KeyboardInterrupt | Interrupted):
                raise Interrupted(text) from None
            raise ApiError(text) from None
    notes = [f"note: {n}" for n in data.get("notes") or []]
    renderer.event(Message([*done, *notes, f"{label} undone"], data={**data, "undone": True, "done": done}))
    return Outcome(mutated=MUTATED)


def _drive(run: Run, renderer: Renderer) -> str:
    if isinstance(run, str):
        return run
    events: Generator[Progress, None, str] = run
    while True:
        try:
            renderer.event(next(events))
        except StopIteration as stop:
            return str(stop.value)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    if isinstance(exc, OscmdError):
        return exc.message
    from ..aws.errors import translate

    translated = translate(exc)
    return translated.message if translated is not None else f"{exc.__class__.__name__}: {exc}"
