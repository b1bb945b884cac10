from __future__ import annotations

import asyncio
import inspect
import unittest
from collections.abc import Iterator
from typing import Any

import pytest

from chainweb.conf import ENVIRONMENT_VARIABLE, UserSettingsHolder, _empty, settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.signals import setting_changed
from chainweb.test import override_settings

Call = tuple[Any, str, Any, bool]


@pytest.fixture
def changes() -> Iterator[list[Call]]:
    """Record every setting_changed signal as (sender, setting, value, enter)."""
    calls: list[Call] = []

    def receiver(sender: Any, *, setting: str, value: Any, enter: bool) -> None:
        calls.append((sender, setting, value, enter))

    setting_changed.connect(receiver)
    yield calls
    setting_changed.disconnect(receiver)


class FailingReceiver:
    """A receiver that records each signal, then raises for those named in ``fail_on``."""

    def __init__(self) -> None:
        self.fail_on: list[str] = []
        self.seen: list[str] = []

    def __call__(self, sender: Any, *, setting: str, value: Any, enter: bool) -> None:
        event = f"{setting}:{'enter' if enter else 'exit'}"
        self.seen.append(event)
        if event in self.fail_on:
            raise RuntimeError(f"receiver failed on {setting}")


@pytest.fixture
def failing_receiver() -> Iterator[FailingReceiver]:
    receiver = FailingReceiver()
    setting_changed.connect(receiver)
    yield receiver
    setting_changed.disconnect(receiver)


# Context manager.


def test_context_manager_overrides_and_restores() -> None:
    assert settings.DEBUG is False
    with override_settings(DEBUG=True, NEW_SETTING="new"):
        assert settings.DEBUG is True
        assert settings.NEW_SETTING == "new"
        assert settings.SECRET_KEY == "test-secret-key"  # not overridden: falls through
    assert settings.DEBUG is False
    assert not hasattr(settings, "NEW_SETTING")


def test_restores_after_exception() -> None:
    with pytest.raises(ZeroDivisionError), override_settings(DEBUG=True):
        assert settings.DEBUG is True
        1 / 0  # noqa: B018
    assert settings.DEBUG is False


def test_nested_overrides_restore_in_turn() -> None:
    with override_settings(DEBUG=True, APPEND_SLASH=False):
        with override_settings(DEBUG="inner"):
            assert settings.DEBUG == "inner"
            assert settings.APPEND_SLASH is False
        assert settings.DEBUG is True
    assert settings.DEBUG is False
    assert settings.APPEND_SLASH is True


def test_same_instance_can_be_entered_again_while_active() -> None:
    override = override_settings(DEBUG=True)
    with override:
        with override:
            assert settings.DEBUG is True
        assert settings.DEBUG is True
    assert settings.DEBUG is False


def test_enable_and_disable_by_hand() -> None:
    override = override_settings(DEBUG=True)
    override.enable()
    try:
        assert settings.DEBUG is True
    finally:
        override.disable()
    assert settings.DEBUG is False


def test_deleting_and_setting_inside_override_are_undone() -> None:
    with override_settings(DEBUG=True):
        del settings.DEBUG
        del settings.APPEND_SLASH
        assert not hasattr(settings, "DEBUG")
        assert not hasattr(settings, "APPEND_SLASH")
        settings.PREPEND_WWW = True
        assert settings.PREPEND_WWW is True
    assert settings.DEBUG is False
    assert settings.APPEND_SLASH is True
    assert settings.PREPEND_WWW is False


def test_overridden_setting_can_be_deleted_within_nested_override() -> None:
    with override_settings(APPEND_SLASH=False), override_settings(X_FRAME_OPTIONS="SAMEORIGIN"):
        del settings.APPEND_SLASH
        assert not hasattr(settings, "APPEND_SLASH")
    assert settings.APPEND_SLASH is True


# setting_changed.


def test_signals_on_enter_and_exit(changes: list[Call]) -> None:
    with override_settings(DEBUG=True, NEW_SETTING=1):
        assert changes == [
            (UserSettingsHolder, "DEBUG", True, True),
            (UserSettingsHolder, "NEW_SETTING", 1, True),
        ]
    assert changes[2:] == [
        (UserSettingsHolder, "DEBUG", False, False),
        (UserSettingsHolder, "NEW_SETTING", None, False),
    ]


def test_exit_signal_carries_value_of_enclosing_override(changes: list[Call]) -> None:
    with override_settings(DEBUG="outer"), override_settings(DEBUG="inner"):
        pass
    assert [(setting, value, enter) for _, setting, value, enter in changes] == [
        ("DEBUG", "outer", True),
        ("DEBUG", "inner", True),
        ("DEBUG", "outer", False),
        ("DEBUG", False, False),
    ]


def test_exit_signal_reports_empty_secret_key_without_raising(
    monkeypatch: pytest.MonkeyPatch, changes: list[Call]
) -> None:
    holder = UserSettingsHolder(settings._wrapped)
    holder.SECRET_KEY = ""
    monkeypatch.setattr(settings, "_wrapped", holder)
    with override_settings(SECRET_KEY="set-for-this-test"):
        assert settings.SECRET_KEY == "set-for-this-test"
    assert changes[-1] == (UserSettingsHolder, "SECRET_KEY", "", False)


def test_receiver_failing_on_enter_restores_settings(failing_receiver: FailingReceiver) -> None:
    failing_receiver.fail_on.append("DEBUG:enter")
    with pytest.raises(RuntimeError, match="receiver failed on DEBUG"):
        with override_settings(DEBUG=True, APPEND_SLASH=False):
            pytest.fail("the body must not run")
    assert settings.DEBUG is False
    assert failing_receiver.seen == ["DEBUG:enter", "DEBUG:exit", "APPEND_SLASH:exit"]


def test_receiver_failing_on_exit_still_restores_and_signals_every_setting(
    failing_receiver: FailingReceiver,
) -> None:
    failing_receiver.fail_on.extend(["DEBUG:exit", "APPEND_SLASH:exit"])
    with pytest.raises(RuntimeError, match="receiver failed on DEBUG"):
        with override_settings(DEBUG=True, APPEND_SLASH=False):
            pass
    assert settings.DEBUG is False
    assert settings.APPEND_SLASH is True
    assert failing_receiver.seen[2:] == ["DEBUG:exit", "APPEND_SLASH:exit"]


# Unconfigured settings.


def test_unconfigured_settings_raise_the_lazy_objects_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "_wrapped", _empty)
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    with pytest.raises(ImproperlyConfigured, match="^Requested settings, but settings are not"):
        with override_settings(DEBUG=True):
            pytest.fail("the body must not run")
    assert not settings.configured


def test_unconfigured_settings_load_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "_wrapped", _empty)
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "tests.conf.settings_modules.basic")
    with override_settings(DEBUG=False):
        assert settings.DEBUG is False
        assert settings.CUSTOM_SETTING == "custom"
    assert settings.DEBUG is True


# Decorating functions.


def test_decorated_function_runs_with_override() -> None:
    @override_settings(DEBUG=True)
    def view(arg: int, *, kwarg: int) -> tuple[bool, int]:
        """Docstring kept."""
        return settings.DEBUG, arg + kwarg

    assert settings.DEBUG is False
    assert view(1, kwarg=2) == (True, 3)
    assert view.__name__ == "view"
    assert view.__doc__ == "Docstring kept."
    assert settings.DEBUG is False


def test_decorated_function_restores_after_exception() -> None:
    @override_settings(DEBUG=True)
    def broken() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        broken()
    assert settings.DEBUG is False


def test_decorated_async_function_runs_with_override() -> None:
    @override_settings(DEBUG=True)
    async def view() -> bool:
        await asyncio.sleep(0)
        return bool(settings.DEBUG)

    assert inspect.iscoroutinefunction(view)
    assert asyncio.run(view()) is True
    assert settings.DEBUG is False


def test_decorated_async_function_restores_after_exception() -> None:
    @override_settings(DEBUG=True)
    async def broken() -> None:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        asyncio.run(broken())
    assert settings.DEBUG is False


def test_decorating_something_else_is_a_type_error() -> None:
    message = (
        "Cannot decorate object of type int with override_settings; decorate a function, "
        "a method or a class, or use it in a with statement."
    )
    with pytest.raises(TypeError, match=f"^{message}$"):
        override_settings(DEBUG=True)(42)  # type: ignore[type-var]


# Decorating classes: unittest.TestCase.


@override_settings(DEBUG=True, CLASS_LEVEL="unittest")
class TestDecoratedTestCase(unittest.TestCase):
    seen_in_setup_class: Any = None

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.seen_in_setup_class = settings.CLASS_LEVEL

    def test_override_is_active(self) -> None:
        assert settings.DEBUG is True
        assert self.seen_in_setup_class == "unittest"

    @override_settings(DEBUG="method")
    def test_method_override_wins(self) -> None:
        assert settings.DEBUG == "method"
        assert settings.CLASS_LEVEL == "unittest"


def test_testcase_override_spans_the_class_and_is_restored() -> None:
    events: list[Any] = []

    @override_settings(DEBUG=True)
    class Case(unittest.TestCase):
        @classmethod
        def tearDownClass(cls) -> None:
            events.append(("tearDownClass", settings.DEBUG))

        def test_one(self) -> None:
            events.append(("test_one", settings.DEBUG))

    class SubCase(Case):
        def test_two(self) -> None:
            events.append(("test_two", settings.DEBUG))

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(SubCase).run(result)
    assert result.wasSuccessful(), result.errors + result.failures
    assert events == [
        ("test_one", True),
        ("test_two", True),
        ("tearDownClass", True),
    ]
    assert settings.DEBUG is False


def test_testcase_override_is_restored_when_setupclass_fails() -> None:
    @override_settings(DEBUG=True)
    class Case(unittest.TestCase):
        @classmethod
        def setUpClass(cls) -> None:
            raise RuntimeError("setUpClass failed")

        def test_never_runs(self) -> None:
            pass

    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(Case).run(result)
    assert len(result.errors) == 1
    assert settings.DEBUG is False


# Decorating classes: plain (pytest-style) classes.


@override_settings(DEBUG=True, CLASS_LEVEL="plain")
class TestDecoratedPlainClass:
    def test_override_is_active(self) -> None:
        assert settings.DEBUG is True
        assert settings.CLASS_LEVEL == "plain"

    @override_settings(DEBUG="method")
    def test_method_override_wins(self) -> None:
        assert settings.DEBUG == "method"
        assert settings.CLASS_LEVEL == "plain"


def test_plain_class_wraps_every_test_method_including_inherited() -> None:
    class Base:
        def test_inherited(self) -> Any:
            return settings.DEBUG

    @override_settings(DEBUG=True)
    class Plain(Base):
        test_table = [1, 2]

        def helper(self) -> Any:
            return settings.DEBUG

        def test_method(self) -> Any:
            return settings.DEBUG

        @staticmethod
        def test_static() -> Any:
            return settings.DEBUG

        @classmethod
        def test_class(cls) -> Any:
            return settings.DEBUG

        async def test_async(self) -> Any:
            return settings.DEBUG

    plain = Plain()
    assert plain.test_method() is True
    assert plain.test_inherited() is True
    assert Plain.test_static() is True
    assert Plain.test_class() is True
    assert asyncio.run(plain.test_async()) is True
    assert plain.helper() is False
    assert Plain.test_table == [1, 2]
    assert Base().test_inherited() is False
    assert settings.DEBUG is False
