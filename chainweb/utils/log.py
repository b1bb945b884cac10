"""Logging: the defaults chainweb starts from, and failed requests on ``chainweb.request``."""

from __future__ import annotations

import logging
import logging.config
import typing as t

from chainweb.conf import settings

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request

request_logger = logging.getLogger("chainweb.request")


def log_response(
    message: str,
    *args: t.Any,
    response: HttpResponse,
    request: Request,
    exception: BaseException | None = None,
) -> None:
    """Log a 4xx response as a warning and a 5xx as an error (with the traceback), once."""
    if getattr(response, "_has_been_logged", False):
        return
    if response.status_code >= 500:
        level = logging.ERROR
    elif response.status_code >= 400:
        level = logging.WARNING
    else:
        return
    request_logger.log(
        level,
        message,
        *args,
        extra={"status_code": response.status_code, "request": request},
        exc_info=exception if level == logging.ERROR and exception is not None else None,
    )
    response._has_been_logged = True  # type: ignore[attr-defined]


class RequireDebugTrue(logging.Filter):
    """Pass records only when ``settings.DEBUG`` is on."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Return whether DEBUG is on."""
        return bool(settings.DEBUG)


class RequireDebugFalse(logging.Filter):
    """Pass records only when ``settings.DEBUG`` is off."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Return whether DEBUG is off."""
        return not settings.DEBUG


#: Applied before settings.LOGGING: with DEBUG on, chainweb's INFO and above go to the
#: console; with it off, only errors (a 500 and its traceback) do, so they reach the
#: server's log. settings.LOGGING can change any of it.
DEFAULT_LOGGING: dict[str, t.Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_true": {"()": "chainweb.utils.log.RequireDebugTrue"},
        "require_debug_false": {"()": "chainweb.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "chainweb": {"format": "[{asctime}] {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "level": "INFO",
            "filters": ["require_debug_true"],
            "class": "logging.StreamHandler",
            "formatter": "chainweb",
        },
        "console_errors": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "logging.StreamHandler",
            "formatter": "chainweb",
        },
    },
    "loggers": {
        "chainweb": {"handlers": ["console", "console_errors"], "level": "INFO"},
    },
}


def configure_logging(logging_config: str | None, logging_settings: dict[str, t.Any]) -> None:
    """Apply DEFAULT_LOGGING, then ``logging_settings`` with the function ``logging_config``.

    ``logging_config`` is a dotted path (``LOGGING_CONFIG``); None leaves logging alone.
    """
    if not logging_config:
        return
    from chainweb.utils.module_loading import import_string

    configure = import_string(logging_config)
    logging.config.dictConfig(DEFAULT_LOGGING)
    if logging_settings:
        configure(logging_settings)
