"""Numbers from the command line, the environment and config files: one check for all of them.

:func:`parse_number` turns text into a number of a named kind (``seconds``,
``count``, ``port``...) and refuses, with a :class:`UsageError` naming where the
text came from, anything that is not one: ``nan``, ``inf``, a fraction where a
whole number is needed, and a value outside the kind's range (a negative or
zero timeout, zero attempts, port 70000).  Options of these kinds are checked
by the option parser, config keys by :meth:`oscmd_shell.config.Config.number`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class Kind:
    """What a kind of number allows: whole or not, and its range (``low`` excluded when ``open_low``)."""

    describe: str
    integer: bool = False
    low: float | None = None
    open_low: bool = False
    high: float | None = None

    def accepts(self, value: float) -> bool:
        if self.low is not None and (value <= self.low if self.open_low else value < self.low):
            return False
        return self.high is None or value <= self.high


KINDS: dict[str, Kind] = {
    "int": Kind("a whole number", integer=True),
    "float": Kind("a number"),
    "count": Kind("a whole number of at least 1", integer=True, low=1),
    "whole": Kind("a whole number of at least 0", integer=True, low=0),
    "port": Kind("a port number from 1 to 65535", integer=True, low=1, high=65535),
    "seconds": Kind("a number of seconds greater than 0", low=0, open_low=True),
    "delay": Kind("a number of seconds of at least 0", low=0),
}


def parse_number(raw: str, kind: str, where: str) -> int | float:
    """``raw`` as a number of ``kind``; ``where`` ("--timeout", "FILE: [oscmd] wait_timeout") leads the error."""
    rule = KINDS[kind]
    text = raw.strip()
    value: int | float
    try:
        value = int(text, 10) if rule.integer else float(text)
    except ValueError:
        value = math.nan
    if math.isnan(value) or math.isinf(value) or not rule.accepts(value):
        raise UsageError(f"{where} expects {rule.describe}, not '{raw}'")
    return value
