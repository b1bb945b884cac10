"""Check messages: a level, a text, a hint on how to fix it and a stable ID."""

from __future__ import annotations

import typing as t

DEBUG = 10
INFO = 20
WARNING = 30
ERROR = 40
CRITICAL = 50

_LEVEL_NAMES = {
    DEBUG: "DEBUG",
    INFO: "INFO",
    WARNING: "WARNING",
    ERROR: "ERROR",
    CRITICAL: "CRITICAL",
}


class CheckMessage:
    """One problem found by a check; ``id`` is stable (``urls.W002``) so it can be silenced."""

    def __init__(
        self,
        level: int,
        msg: str,
        hint: str | None = None,
        obj: t.Any = None,
        id: str | None = None,
    ) -> None:
        self.level = level
        self.msg = msg
        self.hint = hint
        self.obj = obj
        self.id = id

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CheckMessage):
            return NotImplemented
        fields = ("level", "msg", "hint", "obj", "id")
        return all(getattr(self, name) == getattr(other, name) for name in fields)

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        obj = "?" if self.obj is None else str(self.obj)
        text = f"{obj}: ({self.id}) {self.msg}" if self.id else f"{obj}: {self.msg}"
        return f"{text}\n\tHINT: {self.hint}" if self.hint else text

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__}: level={self.level!r}, msg={self.msg!r}, "
            f"hint={self.hint!r}, obj={self.obj!r}, id={self.id!r}>"
        )

    @property
    def level_name(self) -> str:
        """Return the level's name, such as ``WARNING``."""
        return _LEVEL_NAMES.get(self.level, str(self.level))

    def is_serious(self, level: int = ERROR) -> bool:
        """Return whether the message is at ``level`` or above (errors stop a server)."""
        return self.level >= level


class _Leveled(CheckMessage):
    level_value = DEBUG

    def __init__(
        self, msg: str, hint: str | None = None, obj: t.Any = None, id: str | None = None
    ) -> None:
        super().__init__(self.level_value, msg, hint=hint, obj=obj, id=id)


class Debug(_Leveled):
    """A message for debugging."""

    level_value = DEBUG


class Info(_Leveled):
    """A message worth knowing."""

    level_value = INFO


class Warning(_Leveled):  # Django's name, though it shadows the builtin
    """A problem that does not stop the project from serving."""

    level_value = WARNING


class Error(_Leveled):
    """A problem that stops the project from serving."""

    level_value = ERROR


class Critical(_Leveled):
    """A problem that stops anything from working."""

    level_value = CRITICAL
