"""Settings: the lazy ``settings`` object and the holders it reads from.

``settings`` loads the module named by ``CHAINWEB_SETTINGS_MODULE`` over ``global_settings`` the
first time a setting is read, unless ``settings.configure()`` was called first.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

from chainweb.conf import global_settings
from chainweb.core.exceptions import ImproperlyConfigured

ENVIRONMENT_VARIABLE = "CHAINWEB_SETTINGS_MODULE"

#: Settings that must be lists or tuples; a bare string there is a classic mistake.
SEQUENCE_SETTINGS = (
    "ADMINS",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DISALLOWED_USER_AGENTS",
    "IGNORABLE_404_URLS",
    "INSTALLED_APPS",
    "INTERNAL_IPS",
    "MANAGERS",
    "MIDDLEWARE",
    "SECRET_KEY_FALLBACKS",
    "SECURE_REDIRECT_EXEMPT",
    "SILENCED_SYSTEM_CHECKS",
    "STATICFILES_DIRS",
    "TEMPLATES",
)

_empty: Any = object()


def _check_sequence(name: str, value: object) -> None:
    """Raise ImproperlyConfigured if a list setting was given something else."""
    if name in SEQUENCE_SETTINGS and not isinstance(value, (list, tuple)):
        example = f"[{value!r}]" if isinstance(value, str) else "[...]"
        raise ImproperlyConfigured(
            f"The {name} setting must be a list or a tuple, not {type(value).__name__} "
            f"({value!r}). Put the entries in a list, for example {name} = {example}."
        )


def _import_settings_module(module: str) -> Any:
    """Import the settings module, turning any failure into ImproperlyConfigured."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module == exc.name or module.startswith(exc.name + ".")):
            raise ImproperlyConfigured(
                f"Settings module {module!r} could not be imported: {exc}. Set "
                f"{ENVIRONMENT_VARIABLE} to the dotted path of a module that is importable "
                "(for example 'mysite.settings'), and check that the project directory is on "
                "sys.path."
            ) from exc
        raise _import_failed(module, exc) from exc
    except Exception as exc:
        raise _import_failed(module, exc) from exc


def _import_failed(module: str, exc: Exception) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"Importing settings module {module!r} failed: {type(exc).__name__}: {exc}. "
        f"Fix the error in {module!r}; the traceback above shows where it happened."
    )


class Settings:
    """Settings read from a settings module over the global defaults."""

    def __init__(self, settings_module: str) -> None:
        for name in dir(global_settings):
            if name.isupper():
                setattr(self, name, getattr(global_settings, name))
        self.SETTINGS_MODULE = settings_module
        module = _import_settings_module(settings_module)
        for name in dir(module):
            if name.isupper():
                value = getattr(module, name)
                _check_sequence(name, value)
                setattr(self, name, value)

    def __repr__(self) -> str:
        return f'<{type(self).__name__} "{self.SETTINGS_MODULE}">'


class UserSettingsHolder:
    """Settings set one by one, falling back to ``default_settings`` for the rest."""

    def __init__(self, default_settings: Any) -> None:
        self.__dict__["_deleted"] = set()
        self.default_settings = default_settings

    def __getattr__(self, name: str) -> Any:
        if not name.isupper() or name in self._deleted:
            raise AttributeError(name)
        return getattr(self.default_settings, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._deleted.discard(name)
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        self._deleted.add(name)
        if name in self.__dict__:
            super().__delattr__(name)

    def __dir__(self) -> list[str]:
        names = set(self.__dict__) | set(dir(self.default_settings))
        return sorted(names - self._deleted)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class LazySettings:
    """A proxy that loads the settings on first use and caches each value read."""

    _wrapped: Any

    def __init__(self) -> None:
        self.__dict__["_wrapped"] = _empty

    def _setup(self, name: str | None = None) -> None:
        """Load the settings module named by the environment variable."""
        settings_module = os.environ.get(ENVIRONMENT_VARIABLE)
        if not settings_module:
            requested = f"setting {name}" if name else "settings"
            raise ImproperlyConfigured(
                f"Requested {requested}, but settings are not configured. Set the environment "
                f"variable {ENVIRONMENT_VARIABLE} to the settings module's dotted path (for "
                "example 'mysite.settings'), or call settings.configure() before accessing "
                "settings."
            )
        self._wrapped = Settings(settings_module)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # Introspection (copy, inspect.unwrap) must not load settings.
            raise AttributeError(name)
        if self._wrapped is _empty:
            self._setup(name)
        value = getattr(self._wrapped, name)
        if name == "SECRET_KEY" and not value:
            raise ImproperlyConfigured(
                "The SECRET_KEY setting must not be empty. Set SECRET_KEY in your settings "
                "module (or pass SECRET_KEY=... to settings.configure()) to a long random "
                "string, for example the output of "
                "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
            )
        self.__dict__[name] = value
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_wrapped":
            self.__dict__.clear()
            self.__dict__["_wrapped"] = value
            return
        self.__dict__.pop(name, None)
        if self._wrapped is _empty:
            self._setup(name)
        setattr(self._wrapped, name, value)

    def __delattr__(self, name: str) -> None:
        if name == "_wrapped":
            raise TypeError("Cannot delete _wrapped; assign a settings holder to it instead.")
        if self._wrapped is _empty:
            self._setup(name)
        delattr(self._wrapped, name)
        self.__dict__.pop(name, None)

    def __dir__(self) -> list[str]:
        if self._wrapped is _empty:
            self._setup()
        return dir(self._wrapped)

    def __repr__(self) -> str:
        if self._wrapped is _empty:
            return f"<{type(self).__name__} [Unevaluated]>"
        module = getattr(self._wrapped, "SETTINGS_MODULE", None)
        where = f'"{module}"' if module else "[configure()]"
        return f"<{type(self).__name__} {where}>"

    def configure(self, default_settings: Any = global_settings, **options: Any) -> None:
        """Configure the settings by hand instead of from the settings module.

        Call it once, before anything reads a setting; unset names come from
        ``default_settings``.
        """
        if self._wrapped is not _empty:
            raise ImproperlyConfigured(
                f"Settings already configured ({self!r}). Call settings.configure() once, "
                "before anything reads a setting; to change settings in tests, use "
                "chainweb.test.override_settings."
            )
        holder = UserSettingsHolder(default_settings)
        holder.SETTINGS_MODULE = None
        for name, value in options.items():
            if not name.isupper():
                raise TypeError(
                    f"Setting {name!r} must be uppercase: settings.configure() takes "
                    f"UPPERCASE setting names, for example {name.upper()}=..."
                )
            _check_sequence(name, value)
            setattr(holder, name, value)
        self._wrapped = holder

    @property
    def configured(self) -> bool:
        """Return whether the settings have been loaded or configured."""
        return self._wrapped is not _empty


settings = LazySettings()


def project_template_dir() -> Path:
    """Return the directory of the project template that ``startproject`` renders.

    An installed wheel carries it as ``chainweb/conf/project_template``; a source checkout
    has it at the repository root.
    """
    installed = Path(__file__).resolve().parent / "project_template"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / installed.name


def app_template_dir() -> Path:
    """Return the directory of the app template that ``startapp`` renders.

    An installed wheel carries it as ``chainweb/conf/app_template``; a source checkout has it
    at the repository root.
    """
    installed = Path(__file__).resolve().parent / "app_template"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[2] / installed.name
