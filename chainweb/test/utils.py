"""Helpers for tests: ``override_settings``."""

from __future__ import annotations

import functools
import inspect
import unittest
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, cast

from chainweb.conf import UserSettingsHolder, settings
from chainweb.core.signals import setting_changed

_F = TypeVar("_F", bound=Callable[..., Any])


class override_settings:
    """Override settings for a block, a function or a class, then restore them.

    Use it as a context manager, or decorate a function (sync or ``async def``), a
    ``unittest.TestCase`` subclass (the override spans the class, from ``setUpClass`` to the
    class cleanups) or a plain test class (every ``test*`` method is wrapped). Settings not named
    keep their current values; ``setting_changed`` is sent for each named setting on entry and
    exit, so caches built from settings can reset.
    """

    def __init__(self, **options: Any) -> None:
        self.options = options
        self._saved: list[Any] = []

    def enable(self) -> None:
        """Layer the overrides over the current settings and send ``setting_changed``."""
        if not settings.configured:
            settings._setup()  # Load from the environment, or say how to configure.
        override = UserSettingsHolder(settings._wrapped)
        for name, value in self.options.items():
            setattr(override, name, value)
        self._saved.append(settings._wrapped)
        settings._wrapped = override
        try:
            for name, value in self.options.items():
                setting_changed.send(type(override), setting=name, value=value, enter=True)
        except Exception:
            self.disable()
            raise

    def disable(self) -> None:
        """Restore the settings and send ``setting_changed`` with the restored values."""
        sender = type(settings._wrapped)
        settings._wrapped = self._saved.pop()
        failure: Exception | None = None
        for name in self.options:
            value = getattr(settings._wrapped, name, None)
            try:
                setting_changed.send(sender, setting=name, value=value, enter=False)
            except Exception as exc:  # Tell every receiver about every setting, then raise.
                failure = failure or exc
        if failure is not None:
            raise failure

    def __enter__(self) -> None:
        self.enable()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.disable()

    def __call__(self, decorated: _F) -> _F:
        if isinstance(decorated, type):
            return cast(_F, self.decorate_class(decorated))
        if callable(decorated):
            return self.decorate_callable(decorated)
        raise TypeError(
            f"Cannot decorate object of type {type(decorated).__name__} with override_settings; "
            "decorate a function, a method or a class, or use it in a with statement."
        )

    def decorate_class(self, cls: type[Any]) -> type[Any]:
        """Override settings for a whole TestCase, or around each ``test*`` method."""
        if issubclass(cls, unittest.TestCase):
            original = cls.setUpClass.__func__  # type: ignore[attr-defined]

            def setUpClass(klass: type[unittest.TestCase]) -> None:
                self.enable()
                klass.addClassCleanup(self.disable)
                original(klass)

            cls.setUpClass = classmethod(setUpClass)  # type: ignore[assignment]
            return cls
        for name in dir(cls):
            if not name.startswith("test"):
                continue
            attr = inspect.getattr_static(cls, name)
            if isinstance(attr, (staticmethod, classmethod)):
                setattr(cls, name, type(attr)(self.decorate_callable(attr.__func__)))
            elif inspect.isfunction(attr):
                setattr(cls, name, self.decorate_callable(attr))
        return cls

    def decorate_callable(self, func: _F) -> _F:
        """Wrap ``func`` so that each call runs with the settings overridden."""
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_inner(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await func(*args, **kwargs)

            return cast(_F, async_inner)

        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return cast(_F, inner)
