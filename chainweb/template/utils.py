"""The template engines configured by ``settings.TEMPLATES``, loaded on first use.

``engines["jinja2"]`` returns the engine of that ``NAME``; ``engines.all()`` returns all of
them in order. Engines are rebuilt after ``TEMPLATES``, ``INSTALLED_APPS`` or ``DEBUG``
changes under ``override_settings``.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import typing as t
from collections import Counter

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.signals import setting_changed
from chainweb.utils.module_loading import import_string

if t.TYPE_CHECKING:
    from .backends.base import BaseEngine


class InvalidTemplateEngineError(ImproperlyConfigured):
    """No ``settings.TEMPLATES`` entry has the ``NAME`` asked for."""


class EngineHandler:
    """Build the engines ``settings.TEMPLATES`` describes, each once, as Django's."""

    def __init__(self, templates: list[dict[str, t.Any]] | None = None) -> None:
        self._templates = templates
        self._configs: dict[str, dict[str, t.Any]] | None = None
        self._engines: dict[str, BaseEngine] = {}

    @property
    def templates(self) -> dict[str, dict[str, t.Any]]:
        """Return each engine's settings entry, with defaults, by ``NAME``."""
        if self._configs is None:
            self._configs = _parse(
                settings.TEMPLATES if self._templates is None else self._templates
            )
        return self._configs

    def __getitem__(self, alias: str) -> BaseEngine:
        """Return the engine named ``alias``, building it the first time."""
        try:
            return self._engines[alias]
        except KeyError:
            pass
        try:
            params = dict(self.templates[alias])
        except KeyError:
            names = ", ".join(map(repr, self.templates)) or "none"
            raise InvalidTemplateEngineError(
                f"Could not find config for {alias!r} in settings.TEMPLATES (engines: {names}). "
                "Pass the NAME of a configured engine as 'using', or add an entry with that NAME."
            ) from None
        backend = params.pop("BACKEND")
        try:
            engine_class = import_string(backend)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"Template backend {backend!r} could not be imported: {_reason(exc)}. Check "
                "'BACKEND' in settings.TEMPLATES; chainweb's is "
                "'chainweb.template.backends.jinja2.Jinja2'."
            ) from exc
        engine: BaseEngine = engine_class(params)
        self._engines[alias] = engine
        return engine

    def __iter__(self) -> t.Iterator[str]:
        return iter(self.templates)

    def all(self) -> list[BaseEngine]:
        """Return every engine, in ``settings.TEMPLATES`` order."""
        return [self[alias] for alias in self]

    def reset(self) -> None:
        """Forget the engines; they are built again from the settings when next used."""
        self._configs = None
        self._engines = {}


def _parse(templates: t.Any) -> dict[str, dict[str, t.Any]]:
    configs: dict[str, dict[str, t.Any]] = {}
    names = []
    for entry in templates:
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(
                f"Each settings.TEMPLATES entry must be a dict, not {type(entry).__name__} "
                f"({entry!r}). Write {{'BACKEND': 'chainweb.template.backends.jinja2.Jinja2', "
                "'DIRS': [...], 'APP_DIRS': True}."
            )
        backend = entry.get("BACKEND")
        if not isinstance(backend, str) or backend.count(".") < 2:
            raise ImproperlyConfigured(
                f"Invalid BACKEND for a template engine: {backend!r}. Set 'BACKEND' in each "
                "settings.TEMPLATES entry to a dotted path such as "
                "'chainweb.template.backends.jinja2.Jinja2'."
            )
        config = {
            "NAME": backend.rsplit(".", 2)[-2],
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {},
            **entry,
        }
        configs[config["NAME"]] = config
        names.append(config["NAME"])
    duplicates = [name for name, count in Counter(names).most_common() if count > 1]
    if duplicates:
        raise ImproperlyConfigured(
            f"Template engine aliases aren't unique, duplicates: {', '.join(duplicates)}. "
            "Set a unique NAME for each engine in settings.TEMPLATES."
        )
    return configs


@functools.cache
def get_app_template_dirs(dirname: str) -> tuple[tuple[str, str], ...]:
    """Return ``(app, directory)`` for each ``INSTALLED_APPS`` package with ``dirname``.

    Packages are found with importlib, without importing the app module itself; an entry
    that names no package raises ImproperlyConfigured.
    """
    found = []
    for app in settings.INSTALLED_APPS:
        try:
            spec = importlib.util.find_spec(app)
        except (ImportError, ValueError) as exc:
            spec = None
            error = f": {_reason(exc)}"
        else:
            error = ""
        if spec is None:
            raise ImproperlyConfigured(
                f"INSTALLED_APPS entry {app!r} could not be found{error}. Check the dotted "
                "path of the package, and that its parent directory is on sys.path."
            )
        for location in spec.submodule_search_locations or ():
            directory = os.path.join(location, dirname)
            if os.path.isdir(directory):
                found.append((app, directory))
    return tuple(found)


def _reason(exc: BaseException) -> str:
    """Return an error's message without its final period, to embed in a sentence."""
    return str(exc).rstrip(".")


#: The engines of ``settings.TEMPLATES``.
engines = EngineHandler()


def _reset_engines(sender: t.Any, *, setting: str, **kwargs: t.Any) -> None:
    if setting in ("TEMPLATES", "INSTALLED_APPS", "DEBUG"):
        engines.reset()
        get_app_template_dirs.cache_clear()


setting_changed.connect(_reset_engines, weak=False)
