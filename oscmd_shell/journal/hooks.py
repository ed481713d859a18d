"""The one place API calls are recorded: botocore event handlers on the EC2 client.

:func:`install` registers four handlers on each EC2 client oscmd builds
(:mod:`oscmd_shell.aws.session`), so no verb has to remember the journal:

* ``before-parameter-build``: a call that changes something (any operation
  but ``Describe*``/``Get*``/``List*``/``Search*``) and is not a ``DryRun``
  gets its essential parameters kept (:mod:`.params`);
* ``before-call``: the request is valid and about to go: the previous state
  its inverse needs is read (:mod:`.before`) and the call is recorded;
* ``after-call``: the answer, or EC2's refusal, is recorded with what it
  created, removed or changed (:mod:`.effects`);
* ``after-call-error``: no answer came (connection lost, timeout): the call
  is recorded as of unknown outcome.

Calls go to the change the dispatcher armed (``Clients.journal``); a mutating
call made outside any command becomes a change of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..aws.calls import mutating
from . import store
from .before import capture
from .params import essential
from .record import Connection, Recording, connection

KEY = "oscmd_journal"


def install(client: Any, clients: Connection) -> None:
    hooks = Hooks(client, clients)
    events = client.meta.events
    for event, handler in (("before-parameter-build.ec2", hooks.prepare), ("before-call.ec2", hooks.sent),
                           ("after-call.ec2", hooks.answered), ("after-call-error.ec2", hooks.failed)):
        events.register(event, _never_in_the_way(handler, clients))


def _never_in_the_way(handler: Callable[..., None], clients: Connection) -> Callable[..., None]:
    """``handler``, except that a fault of the journal never stops the API call it watches (it is said once)."""
    def guarded(**kwargs: Any) -> None:
        try:
            handler(**kwargs)
        except Exception as exc:
            recording = clients.journal
            if recording is not None and recording.failed is None:
                recording.failed = f"internal error: {exc.__class__.__name__}"
    return guarded


class Hooks:
    """The handlers of one client; what a call needs between events travels in botocore's request context."""

    def __init__(self, client: Any, clients: Connection) -> None:
        self.client = client
        self.clients = clients

    def prepare(self, params: dict[str, Any], model: Any, context: dict[str, Any], **_: Any) -> None:
        op = str(model.name)
        if not mutating(op) or params.get("DryRun"):  # --dry-run added DryRun just before: no change is made
            return
        context[KEY] = {"op": op, "raw": params, "params": essential(op, params)}

    def sent(self, model: Any, context: dict[str, Any], **_: Any) -> None:
        state = context.get(KEY)
        if state is None:
            return
        recording = self.clients.journal
        if recording is None:
            recording = state["own"] = Recording(store.path_of(self.clients.env), self._outside)
        before = capture(state["op"], self.client, state["raw"], recording.created)
        state["recording"] = recording
        state["seq"] = recording.sent(state["op"], state["params"], before)

    def answered(self, http_response: Any, parsed: dict[str, Any], model: Any, context: dict[str, Any],
                 **_: Any) -> None:
        state = context.pop(KEY, None)
        if state is None or "seq" not in state:
            return
        recording: Recording = state["recording"]
        if getattr(http_response, "status_code", 200) >= 300:
            code = (parsed.get("Error") or {}).get("Code") if isinstance(parsed, dict) else None
            recording.refused(state["seq"], str(code or f"HTTP {http_response.status_code}"))
            self._close(state, "failed")
            return
        recording.answered(state["seq"], state["op"], state["raw"], parsed if isinstance(parsed, dict) else {})
        self.clients.account = self.clients.account or recording.account
        self._close(state, "ok")

    def failed(self, exception: BaseException, context: dict[str, Any], **_: Any) -> None:
        state = context.pop(KEY, None)
        if state is None or "seq" not in state:
            return
        state["recording"].unanswered(state["seq"], f"no answer: {exception.__class__.__name__}")
        self._close(state, "failed")

    def _close(self, state: dict[str, Any], result: str) -> None:
        own: Recording | None = state.get("own")
        if own is not None:  # a call outside any command is a change of its own: it ends with the call
            own.finish(result, 0 if result == "ok" else 3)

    def _outside(self) -> dict[str, Any]:
        return {"object": None, "verb": None, "line": "(a call made outside any command)", "targets": [],
                **connection(self.clients)}
