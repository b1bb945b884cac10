from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from chainweb.conf import (
    ENVIRONMENT_VARIABLE,
    LazySettings,
    Settings,
    UserSettingsHolder,
    global_settings,
)
from chainweb.core.exceptions import ImproperlyConfigured

MODULES = "tests.conf.settings_modules"


@pytest.fixture
def lazy(monkeypatch: pytest.MonkeyPatch) -> LazySettings:
    """Return a fresh, unevaluated LazySettings with the environment variable unset."""
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    return LazySettings()


@pytest.fixture
def use_module(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Return a function that points the environment variable at a settings module."""

    def use(name: str) -> None:
        monkeypatch.setenv(ENVIRONMENT_VARIABLE, name)

    return use


# Unconfigured settings.


def test_unconfigured_access_names_setting_env_var_and_configure(lazy: LazySettings) -> None:
    message = (
        "Requested setting DEBUG, but settings are not configured. Set the environment variable "
        "CHAINWEB_SETTINGS_MODULE to the settings module's dotted path (for example "
        "'mysite.settings'), or call settings.configure() before accessing settings."
    )
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        lazy.DEBUG  # noqa: B018
    assert not lazy.configured


def test_empty_environment_variable_counts_as_unset(
    lazy: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "")
    with pytest.raises(ImproperlyConfigured, match="Requested setting ALLOWED_HOSTS, but"):
        lazy.ALLOWED_HOSTS  # noqa: B018


def test_setattr_and_delattr_on_unconfigured_settings_raise(lazy: LazySettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="Requested setting DEBUG, but"):
        lazy.DEBUG = True
    with pytest.raises(ImproperlyConfigured, match="Requested setting DEBUG, but"):
        del lazy.DEBUG


def test_dir_on_unconfigured_settings_raises(lazy: LazySettings) -> None:
    with pytest.raises(ImproperlyConfigured, match="Requested settings, but settings are not"):
        dir(lazy)


def test_introspection_does_not_load_settings(lazy: LazySettings) -> None:
    assert not hasattr(lazy, "__wrapped__")
    assert repr(lazy) == "<LazySettings [Unevaluated]>"
    assert not lazy.configured


# Loading from the settings module.


def test_loads_module_over_global_settings(
    lazy: LazySettings, use_module: Callable[[str], None]
) -> None:
    use_module(f"{MODULES}.basic")
    assert lazy.DEBUG is True
    assert lazy.configured
    assert lazy.SECRET_KEY == "basic-secret"
    assert lazy.ALLOWED_HOSTS == ["example.com"]
    assert lazy.MIDDLEWARE == ("chainweb.middleware.common.CommonMiddleware",)
    assert lazy.CUSTOM_SETTING == "custom"
    assert lazy.APPEND_SLASH is True  # from global_settings
    assert lazy.SETTINGS_MODULE == f"{MODULES}.basic"
    assert repr(lazy) == f'<LazySettings "{MODULES}.basic">'
    assert repr(lazy._wrapped) == f'<Settings "{MODULES}.basic">'
    assert "CUSTOM_SETTING" in dir(lazy)


def test_lowercase_names_are_not_settings(
    lazy: LazySettings, use_module: Callable[[str], None]
) -> None:
    use_module(f"{MODULES}.basic")
    with pytest.raises(AttributeError):
        lazy.lowercase_name  # noqa: B018


def test_values_are_cached_and_setattr_delattr_clear_the_cache(
    lazy: LazySettings, use_module: Callable[[str], None]
) -> None:
    use_module(f"{MODULES}.basic")
    assert lazy.DEBUG is True
    assert lazy.__dict__["DEBUG"] is True
    lazy.DEBUG = False
    assert "DEBUG" not in lazy.__dict__
    assert lazy.DEBUG is False
    del lazy.DEBUG
    assert "DEBUG" not in lazy.__dict__
    with pytest.raises(AttributeError):
        lazy.DEBUG  # noqa: B018


def test_assigning_wrapped_clears_the_cache(lazy: LazySettings) -> None:
    lazy.configure(SECRET_KEY="one")
    assert lazy.SECRET_KEY == "one"
    holder = UserSettingsHolder(global_settings)
    holder.SECRET_KEY = "two"
    lazy._wrapped = holder
    assert lazy.SECRET_KEY == "two"


def test_wrapped_cannot_be_deleted(lazy: LazySettings) -> None:
    with pytest.raises(TypeError, match="Cannot delete _wrapped; assign a settings holder"):
        del lazy._wrapped


# Settings modules that fail to import.


def _not_found_message(module: str, error: str) -> str:
    return (
        f"Settings module '{module}' could not be imported: {error}. Set "
        "CHAINWEB_SETTINGS_MODULE to the dotted path of a module that is importable (for "
        "example 'mysite.settings'), and check that the project directory is on sys.path."
    )


@pytest.mark.parametrize(
    ("module", "missing"),
    [
        pytest.param(f"{MODULES}.does_not_exist", f"{MODULES}.does_not_exist", id="module"),
        pytest.param("no_such_project.settings", "no_such_project", id="parent package"),
    ],
)
def test_missing_settings_module_is_named_with_the_fix(
    lazy: LazySettings, use_module: Callable[[str], None], module: str, missing: str
) -> None:
    use_module(module)
    message = _not_found_message(module, f"No module named '{missing}'")
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$") as info:
        lazy.DEBUG  # noqa: B018
    assert isinstance(info.value.__cause__, ModuleNotFoundError)
    assert not lazy.configured


def _failed_message(module: str, error: str) -> str:
    return (
        f"Importing settings module '{module}' failed: {error}. Fix the error in '{module}'; "
        "the traceback above shows where it happened."
    )


def test_import_error_inside_settings_module_is_not_reported_as_missing_module(
    lazy: LazySettings, use_module: Callable[[str], None]
) -> None:
    module = f"{MODULES}.imports_missing"
    use_module(module)
    error = "ModuleNotFoundError: No module named 'chainweb_no_such_dependency'"
    with pytest.raises(
        ImproperlyConfigured, match=f"^{re.escape(_failed_message(module, error))}$"
    ):
        lazy.DEBUG  # noqa: B018


def test_error_raised_by_settings_module_names_the_module(
    lazy: LazySettings, use_module: Callable[[str], None]
) -> None:
    module = f"{MODULES}.name_error"
    use_module(module)
    error = "NameError: name 'UNDEFINED_NAME' is not defined"
    with pytest.raises(
        ImproperlyConfigured, match=re.escape(_failed_message(module, error))
    ) as info:
        lazy.DEBUG  # noqa: B018
    assert isinstance(info.value.__cause__, NameError)


def test_syntax_error_in_settings_module_names_the_module(
    lazy: LazySettings,
    use_module: Callable[[str], None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "chainweb_broken_settings.py").write_text("DEBUG = (\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    use_module("chainweb_broken_settings")
    with pytest.raises(ImproperlyConfigured) as info:
        lazy.DEBUG  # noqa: B018
    assert str(info.value).startswith(
        "Importing settings module 'chainweb_broken_settings' failed: SyntaxError: "
    )
    assert str(info.value).endswith(
        "Fix the error in 'chainweb_broken_settings'; the traceback above shows where it happened."
    )
    assert "chainweb_broken_settings" not in sys.modules


# Type checks at load.


@pytest.mark.parametrize(
    ("module", "name", "value", "example"),
    [
        pytest.param(
            "middleware_string",
            "MIDDLEWARE",
            "'chainweb.middleware.common.CommonMiddleware'",
            "['chainweb.middleware.common.CommonMiddleware']",
            id="string",
        ),
        pytest.param(
            "templates_dict",
            "TEMPLATES",
            "{'BACKEND': 'chainweb.template.backends.jinja2.Jinja2'}",
            "[...]",
            id="dict",
        ),
    ],
)
def test_list_setting_given_something_else_in_module(
    lazy: LazySettings,
    use_module: Callable[[str], None],
    module: str,
    name: str,
    value: str,
    example: str,
) -> None:
    use_module(f"{MODULES}.{module}")
    kind = "str" if value.startswith("'") else "dict"
    message = (
        f"The {name} setting must be a list or a tuple, not {kind} ({value}). "
        f"Put the entries in a list, for example {name} = {example}."
    )
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        lazy.DEBUG  # noqa: B018


@pytest.mark.parametrize(
    "name",
    [
        "ALLOWED_HOSTS",
        "INSTALLED_APPS",
        "MIDDLEWARE",
        "SECRET_KEY_FALLBACKS",
        "TEMPLATES",
        "CSRF_TRUSTED_ORIGINS",
        "STATICFILES_DIRS",
        "INTERNAL_IPS",
        "DISALLOWED_USER_AGENTS",
        "SECURE_REDIRECT_EXEMPT",
    ],
)
def test_list_setting_given_a_string_in_configure(lazy: LazySettings, name: str) -> None:
    message = (
        f"The {name} setting must be a list or a tuple, not str ('x'). "
        f"Put the entries in a list, for example {name} = ['x']."
    )
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        lazy.configure(**{name: "x"})
    assert not lazy.configured


def test_list_settings_accept_lists_and_tuples(lazy: LazySettings) -> None:
    lazy.configure(SECRET_KEY="s", ALLOWED_HOSTS=("a",), MIDDLEWARE=["m"])
    assert lazy.ALLOWED_HOSTS == ("a",)
    assert lazy.MIDDLEWARE == ["m"]


# SECRET_KEY.

SECRET_KEY_MESSAGE = (
    "The SECRET_KEY setting must not be empty. Set SECRET_KEY in your settings module (or pass "
    "SECRET_KEY=... to settings.configure()) to a long random string, for example the output of "
    "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
)


def test_empty_secret_key_from_module(
    lazy: LazySettings, use_module: Callable[[str], None]
) -> None:
    use_module(f"{MODULES}.empty_secret")
    assert lazy.DEBUG is True
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(SECRET_KEY_MESSAGE)}$"):
        lazy.SECRET_KEY  # noqa: B018


def test_empty_secret_key_from_configure_defaults(lazy: LazySettings) -> None:
    lazy.configure()
    with pytest.raises(ImproperlyConfigured, match=re.escape(SECRET_KEY_MESSAGE)):
        lazy.SECRET_KEY  # noqa: B018


# configure().


def test_configure_sets_options_over_global_settings(lazy: LazySettings) -> None:
    lazy.configure(DEBUG=True, SECRET_KEY="s")
    assert lazy.configured
    assert lazy.DEBUG is True
    assert lazy.SECRET_KEY == "s"
    assert lazy.X_FRAME_OPTIONS == "DENY"
    assert lazy.SETTINGS_MODULE is None
    assert repr(lazy) == "<LazySettings [configure()]>"
    assert repr(lazy._wrapped) == "<UserSettingsHolder>"


def test_configure_with_other_default_settings(lazy: LazySettings) -> None:
    lazy.configure(default_settings=SimpleNamespace(DEBUG=True, OTHER=1), SECRET_KEY="s")
    assert lazy.DEBUG is True
    assert lazy.OTHER == 1
    with pytest.raises(AttributeError):
        lazy.APPEND_SLASH  # noqa: B018


def test_configure_rejects_lowercase_names(lazy: LazySettings) -> None:
    message = (
        "Setting 'debug' must be uppercase: settings.configure() takes UPPERCASE setting names, "
        "for example DEBUG=..."
    )
    with pytest.raises(TypeError, match=f"^{re.escape(message)}$"):
        lazy.configure(debug=True)
    assert not lazy.configured


def test_configure_twice_says_how_to_change_settings_in_tests(lazy: LazySettings) -> None:
    lazy.configure(SECRET_KEY="s")
    message = (
        "Settings already configured (<LazySettings [configure()]>). Call settings.configure() "
        "once, before anything reads a setting; to change settings in tests, use "
        "chainweb.test.override_settings."
    )
    with pytest.raises(ImproperlyConfigured, match=f"^{re.escape(message)}$"):
        lazy.configure(DEBUG=True)
    assert lazy.DEBUG is False


def test_configure_after_loading_from_environment(
    lazy: LazySettings, use_module: Callable[[str], None]
) -> None:
    use_module(f"{MODULES}.basic")
    assert lazy.DEBUG is True
    with pytest.raises(
        ImproperlyConfigured,
        match=re.escape(f'Settings already configured (<LazySettings "{MODULES}.basic">).'),
    ):
        lazy.configure(DEBUG=False)


# UserSettingsHolder.


def test_holder_falls_through_to_default_settings() -> None:
    holder = UserSettingsHolder(global_settings)
    holder.DEBUG = True
    assert holder.DEBUG is True
    assert holder.APPEND_SLASH is True
    with pytest.raises(AttributeError):
        holder.lowercase  # noqa: B018


def test_holder_deletion_hides_default_until_set_again() -> None:
    holder = UserSettingsHolder(global_settings)
    holder.DEBUG = True
    del holder.DEBUG
    assert not hasattr(holder, "DEBUG")
    del holder.APPEND_SLASH  # only in the defaults
    assert not hasattr(holder, "APPEND_SLASH")
    assert "APPEND_SLASH" not in dir(holder)
    assert "X_FRAME_OPTIONS" in dir(holder)
    holder.APPEND_SLASH = False
    assert holder.APPEND_SLASH is False


def test_settings_holder_reads_module() -> None:
    settings: Any = Settings(f"{MODULES}.basic")
    assert settings.DEBUG is True
    assert settings.DEFAULT_CHARSET == "utf-8"
    assert not hasattr(settings, "lowercase_name")


# global_settings.


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", False),
        ("SECRET_KEY", ""),
        ("SECRET_KEY_FALLBACKS", []),
        ("ALLOWED_HOSTS", []),
        ("ROOT_URLCONF", None),
        ("MIDDLEWARE", []),
        ("INSTALLED_APPS", []),
        ("TEMPLATES", []),
        ("APPEND_SLASH", True),
        ("PREPEND_WWW", False),
        ("DISALLOWED_USER_AGENTS", []),
        ("X_FRAME_OPTIONS", "DENY"),
        ("SECURE_CONTENT_TYPE_NOSNIFF", True),
        ("SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
        ("SECURE_HSTS_PRELOAD", False),
        ("SECURE_HSTS_SECONDS", 0),
        ("SECURE_REDIRECT_EXEMPT", []),
        ("SECURE_REFERRER_POLICY", "same-origin"),
        ("SECURE_SSL_HOST", None),
        ("SECURE_SSL_REDIRECT", False),
        ("SECURE_PROXY_SSL_HEADER", None),
        ("SESSION_ENGINE", "chainweb.sessions.backends.signed_cookies"),
        ("SESSION_COOKIE_NAME", "sessionid"),
        ("SESSION_COOKIE_AGE", 1209600),
        ("SESSION_COOKIE_DOMAIN", None),
        ("SESSION_COOKIE_SECURE", False),
        ("SESSION_COOKIE_PATH", "/"),
        ("SESSION_COOKIE_HTTPONLY", True),
        ("SESSION_COOKIE_SAMESITE", "Lax"),
        ("SESSION_SAVE_EVERY_REQUEST", False),
        ("SESSION_EXPIRE_AT_BROWSER_CLOSE", False),
        ("SESSION_SERIALIZER", "chainweb.sessions.serializers.JSONSerializer"),
        ("CSRF_COOKIE_NAME", "csrftoken"),
        ("CSRF_COOKIE_AGE", 31449600),
        ("CSRF_COOKIE_DOMAIN", None),
        ("CSRF_COOKIE_PATH", "/"),
        ("CSRF_COOKIE_SECURE", False),
        ("CSRF_COOKIE_HTTPONLY", False),
        ("CSRF_COOKIE_SAMESITE", "Lax"),
        ("CSRF_HEADER_NAME", "HTTP_X_CSRFTOKEN"),
        ("CSRF_TRUSTED_ORIGINS", []),
        ("CSRF_USE_SESSIONS", False),
        ("CSRF_FAILURE_VIEW", "chainweb.views.csrf.csrf_failure"),
        ("DATA_UPLOAD_MAX_MEMORY_SIZE", 2621440),
        ("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000),
        ("DATA_UPLOAD_MAX_NUMBER_FILES", 100),
        ("FILE_UPLOAD_MAX_MEMORY_SIZE", 2621440),
        ("DEFAULT_CHARSET", "utf-8"),
        ("LOGGING_CONFIG", "logging.config.dictConfig"),
        ("LOGGING", {}),
        ("STATIC_URL", None),
        ("STATIC_ROOT", None),
        ("STATICFILES_DIRS", []),
        ("USE_X_FORWARDED_HOST", False),
        ("USE_X_FORWARDED_PORT", False),
        ("FORCE_SCRIPT_NAME", None),
        ("MESSAGE_STORAGE", "chainweb.messages.storage.fallback.FallbackStorage"),
        ("INTERNAL_IPS", []),
        ("ADMINS", []),
    ],
)
def test_global_default(name: str, value: object) -> None:
    assert getattr(global_settings, name) == value


def test_session_redis_defaults() -> None:
    assert global_settings.SESSION_REDIS == {
        "URL": "redis://localhost:6379/0",
        "PREFIX": "chainweb:session:",
        "SOCKET_TIMEOUT": 5.0,
        "SOCKET_CONNECT_TIMEOUT": 5.0,
    }


def test_global_sequence_defaults_pass_the_type_check(lazy: LazySettings) -> None:
    options = {
        name: getattr(global_settings, name)
        for name in dir(global_settings)
        if name.isupper() and isinstance(getattr(global_settings, name), (list, tuple))
    }
    lazy.configure(**options)
    assert lazy.configured
