"""Critical sections: SIGINT, SIGTERM and SIGHUP held, then taken, forced, or delivered late."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from oscmd_shell.critical import Forced, hold_signals


@pytest.fixture
def recorded() -> Iterator[list[int]]:
    """SIGHUP and SIGTERM go to a recording handler around the test (never the default: it would end pytest)."""
    calls: list[int] = []

    def record(signum: int, _frame: Any) -> None:
        calls.append(signum)

    previous = {s: signal.signal(s, record) for s in (signal.SIGHUP, signal.SIGTERM)}
    yield calls
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def test_a_signal_is_held_then_taken(recorded: list[int]) -> None:
    before = signal.getsignal(signal.SIGHUP)
    with hold_signals() as held:
        os.kill(os.getpid(), signal.SIGHUP)
        assert held.take() == "SIGHUP"
    assert recorded == [] and signal.getsignal(signal.SIGHUP) is before


def test_a_signal_not_taken_is_delivered_after_the_block(recorded: list[int]) -> None:
    with hold_signals() as held:
        os.kill(os.getpid(), signal.SIGTERM)
        assert held.signum == signal.SIGTERM and recorded == []
    assert recorded == [signal.SIGTERM]


def test_a_second_signal_forces_and_nothing_is_delivered_late(recorded: list[int]) -> None:
    with pytest.raises(Forced), hold_signals():
        os.kill(os.getpid(), signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGTERM)
    assert recorded == []


def test_an_ignored_signal_stays_ignored(recorded: list[int]) -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    with hold_signals() as held:
        os.kill(os.getpid(), signal.SIGHUP)
        assert held.take() is None
    assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN and recorded == []


def test_off_the_main_thread_nothing_is_installed(recorded: list[int]) -> None:
    seen: list[object] = []

    def work() -> None:
        with hold_signals() as held:
            seen.append(signal.getsignal(signal.SIGHUP))
            seen.append(held.take())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert seen == [signal.getsignal(signal.SIGHUP), None]
