"""What the built-in lines (``set``, ``use``, ``unset``) and their checks see of the line runner.

:class:`Lines` is the part of :class:`~oscmd_shell.lines.runner.LineRunner`
(and so of the shell) that :mod:`.builtins` and :mod:`.checks` use: the
context, the selection, where output goes, what the completion cache knows,
and how to reconnect.  Naming it here, rather than importing the runner,
keeps the runner the only module that knows the built-ins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..context import Context
    from .saved import Where
    from .words import Selection


class Lines(Protocol):
    """The line runner as the built-ins use it."""

    ctx: Context
    selection: dict[str, Selection]
    origin: str

    @property
    def env(self) -> Any: ...

    def region(self) -> str | None: ...

    def say(self, text: str) -> None: ...

    def note(self, text: str) -> None: ...

    def cached(self, kind: str, value: str) -> bool | None: ...

    def where(self) -> Where: ...

    def reconnect(self, **changes: Any) -> None: ...
