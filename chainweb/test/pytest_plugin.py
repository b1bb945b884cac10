"""The pytest plugin: the ``client``, ``rf`` and ``settings`` fixtures for chainweb projects.

While tests run, ``'testserver'`` (the test client's host) is allowed and ``DEBUG`` is off,
as under Django's test runner; ``--chainweb-debug-mode=true|keep`` changes the latter.

Installing chainweb registers it (entry point ``pytest11``). Name the settings module with
``--chainweb-settings=mysite.settings``, the ``CHAINWEB_SETTINGS_MODULE`` environment
variable, or ``chainweb_settings = mysite.settings`` in the pytest ini file, in that order of
precedence; or call ``chainweb.conf.settings.configure(...)`` in ``conftest.py``.

The framework is imported inside the hooks and fixtures, not here: pytest imports plugins
before coverage starts, and in every run, whether the tests use chainweb or not.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from chainweb.test.client import Client, RequestFactory
    from chainweb.test.utils import override_settings

# chainweb.conf.ENVIRONMENT_VARIABLE, spelled out so that this module imports nothing of chainweb.
ENVIRONMENT_VARIABLE = "CHAINWEB_SETTINGS_MODULE"

NOT_CONFIGURED = (
    "chainweb settings are not configured, so the {fixture!r} fixture cannot be used. Name "
    "the settings module with 'pytest --chainweb-settings=mysite.settings', with "
    "'chainweb_settings = mysite.settings' in the pytest ini file ([tool.pytest.ini_options] "
    f"in pyproject.toml), or with the {ENVIRONMENT_VARIABLE} environment variable; or call "
    "chainweb.conf.settings.configure(...) in conftest.py."
)


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--chainweb-settings`` and the ``chainweb_settings`` ini option."""
    group = parser.getgroup("chainweb")
    group.addoption(
        "--chainweb-settings",
        dest="chainweb_settings",
        default=None,
        metavar="MODULE",
        help=f"the chainweb settings module, for example mysite.settings (overrides "
        f"{ENVIRONMENT_VARIABLE} and the chainweb_settings ini option)",
    )
    parser.addini(
        "chainweb_settings",
        type="string",
        default="",
        help=f"the chainweb settings module, used when neither --chainweb-settings nor "
        f"{ENVIRONMENT_VARIABLE} is given",
    )
    group.addoption(
        "--chainweb-debug-mode",
        dest="chainweb_debug_mode",
        choices=("false", "true", "keep"),
        default="false",
        help="the DEBUG setting while tests run: false (the default, as in production), true, "
        "or keep (the settings module's value)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    """Export the settings module named by the option or ini file before conftests load."""
    options = parser.parse_known_args(args)
    module = options.chainweb_settings or os.environ.get(ENVIRONMENT_VARIABLE)
    module = module or early_config.getini("chainweb_settings")
    if not module or os.environ.get(ENVIRONMENT_VARIABLE) == module:
        return
    previous = os.environ.get(ENVIRONMENT_VARIABLE)
    os.environ[ENVIRONMENT_VARIABLE] = module

    def restore() -> None:
        if previous is None:
            os.environ.pop(ENVIRONMENT_VARIABLE, None)
        else:
            os.environ[ENVIRONMENT_VARIABLE] = previous

    early_config.add_cleanup(restore)


def _require_settings(fixture: str) -> None:
    """Fail the test with instructions if no settings module is named or configured."""
    from chainweb.conf import settings

    if not settings.configured and not os.environ.get(ENVIRONMENT_VARIABLE):
        pytest.fail(NOT_CONFIGURED.format(fixture=fixture), pytrace=False)


@pytest.fixture
def client() -> Client:
    """Return a fresh ``chainweb.test.Client`` (no cookies, handler built on first request)."""
    _require_settings("client")
    from chainweb.test.client import Client

    return Client()


@pytest.fixture
def rf() -> RequestFactory:
    """Return a ``chainweb.test.RequestFactory``."""
    _require_settings("rf")
    from chainweb.test.client import RequestFactory

    return RequestFactory()


class SettingsWrapper:
    """Read settings; ``settings.NAME = value`` and ``del settings.NAME`` last for one test.

    Each change is an ``override_settings`` layer, so ``setting_changed`` is sent on the
    change and again when ``finalize()`` undoes it, last change first.
    """

    _overrides: list[tuple[override_settings, str | None]]

    def __init__(self) -> None:
        object.__setattr__(self, "_overrides", [])

    def __getattr__(self, name: str) -> Any:
        from chainweb.conf import settings

        return getattr(settings, name)

    def __setattr__(self, name: str, value: Any) -> None:
        from chainweb.test.utils import override_settings

        override = override_settings(**{name: value})
        override.enable()
        self._overrides.append((override, None))

    def __delattr__(self, name: str) -> None:
        from chainweb.conf import settings
        from chainweb.core.signals import setting_changed
        from chainweb.test.utils import override_settings

        override = override_settings()  # An empty layer, for the deletion to happen in.
        override.enable()
        self._overrides.append((override, name))
        delattr(settings, name)
        setting_changed.send(type(settings._wrapped), setting=name, value=None, enter=True)

    def finalize(self) -> None:
        """Undo every change, last first."""
        from chainweb.conf import settings
        from chainweb.core.signals import setting_changed

        failure: Exception | None = None
        while self._overrides:
            override, deleted = self._overrides.pop()
            sender = type(settings._wrapped)
            try:  # Undo every layer even if a setting_changed receiver fails; raise after.
                override.disable()
                if deleted is not None:
                    value = getattr(settings._wrapped, deleted, None)
                    setting_changed.send(sender, setting=deleted, value=value, enter=False)
            except Exception as exc:
                failure = failure or exc
        if failure is not None:
            raise failure

    def __repr__(self) -> str:
        from chainweb.conf import settings

        return f"<{type(self).__name__} over {settings!r}>"


@pytest.fixture
def settings() -> Iterator[SettingsWrapper]:
    """Return the settings; assigning or deleting one overrides it for this test only."""
    _require_settings("settings")
    wrapper = SettingsWrapper()
    try:
        yield wrapper
    finally:
        wrapper.finalize()


@pytest.fixture(autouse=True, scope="session")
def _chainweb_test_environment(request: pytest.FixtureRequest) -> Iterator[None]:
    """Set up the test environment as Django's test runner does, for the whole run.

    ``'testserver'``, the host the test client asks for, joins ``ALLOWED_HOSTS``, and
    ``DEBUG`` is off (see ``--chainweb-debug-mode``). Nothing happens in a run whose
    settings are neither named nor configured.
    """
    from chainweb.conf import settings

    if not settings.configured and not os.environ.get(ENVIRONMENT_VARIABLE):
        yield
        return
    from chainweb.test.client import TEST_HOST
    from chainweb.test.utils import override_settings

    changes: dict[str, Any] = {}
    hosts = list(settings.ALLOWED_HOSTS)
    if TEST_HOST not in hosts and "*" not in hosts:
        changes["ALLOWED_HOSTS"] = [*hosts, TEST_HOST]
    mode = request.config.getoption("chainweb_debug_mode")
    if mode != "keep":
        changes["DEBUG"] = mode == "true"
    with override_settings(**changes):
        yield


@pytest.fixture(autouse=True)
def _chainweb_request_context_leak_check() -> Iterator[None]:
    """Fail a test that leaves a chainweb request context pushed (``chainweb.globals``)."""
    from chainweb.globals import has_request_context

    pushed_before = has_request_context()
    yield
    if not pushed_before and has_request_context():
        pytest.fail(
            "The test left a chainweb request context pushed: chainweb.globals.request still "
            "refers to a request after it ended. Use 'with request_context(request):' so that "
            "it is reset, or exit the context you entered.",
            pytrace=False,
        )
