"""Run code inside the in-process moto server right after one of its backend calls (testbed §4.5).

moto's state transitions are instant; a test that needs an instance to stay
``pending`` for a while flips its state from a hook, now or from a timer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest


class Hooks:
    """Run a function inside the server right after one of its backend calls.

    moto's state changes are instant: the hooks keep an instance pending or
    shutting-down for a while, as EC2 does, or record what the server was asked.
    """

    def __init__(self, backend: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.backend = backend
        self.monkeypatch = monkeypatch
        self.timers: list[threading.Timer] = []

    def after(self, method: str, fn: Callable[[Any, Any], None]) -> None:
        cls = type(self.backend)
        original = getattr(cls, method)

        def hooked(backend: Any, *args: Any, **kwargs: Any) -> Any:
            result = original(backend, *args, **kwargs)
            fn(backend, result)
            return result

        self.monkeypatch.setattr(cls, method, hooked)

    def set_state(self, iid: str, name: str, code: int, later: float | None = None) -> None:
        inst = self.backend.get_instance(iid)

        def flip() -> None:
            inst._state.name, inst._state.code = name, code

        if later is None:
            flip()
        else:
            timer = threading.Timer(later, flip)
            self.timers.append(timer)
            timer.start()


def backend_hooks(monkeypatch: pytest.MonkeyPatch, region: str = "us-east-1") -> Iterator[Hooks]:
    """Hooks on the region's EC2 backend; pending timers are cancelled afterwards (use as a fixture body)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ec2.models import ec2_backends

    h = Hooks(ec2_backends[DEFAULT_ACCOUNT_ID][region], monkeypatch)
    yield h
    for timer in h.timers:
        timer.cancel()
