"""The registry of system checks: functions that look at the settings and report problems.

A check is a function ``check(**kwargs) -> list[CheckMessage]`` registered with tags::

    @register(Tags.security, deploy=True)
    def check_debug(**kwargs):
        return [Warning(...)] if settings.DEBUG else []

``run_checks()`` calls them, leaving out messages whose ID is in
``settings.SILENCED_SYSTEM_CHECKS``; the ``check`` command and ``BaseCommand.check()`` use it.
"""

from __future__ import annotations

import typing as t

from chainweb.conf import settings

from .messages import CheckMessage, Error

CheckFunction = t.Callable[..., t.Sequence[CheckMessage]]
_C = t.TypeVar("_C", bound=CheckFunction)


class Tags:
    """The tags of the built-in checks; ``check --tag`` picks checks by tag."""

    urls = "urls"
    templates = "templates"
    security = "security"
    middleware = "middleware"
    sessions = "sessions"
    csrf = "csrf"
    staticfiles = "staticfiles"


class CheckResult(list[CheckMessage]):
    """The messages of a run; ``silenced`` holds those ``SILENCED_SYSTEM_CHECKS`` left out."""

    def __init__(
        self,
        messages: t.Iterable[CheckMessage] = (),
        silenced: t.Iterable[CheckMessage] = (),
    ) -> None:
        super().__init__(messages)
        #: The messages left out because their ID is in ``settings.SILENCED_SYSTEM_CHECKS``.
        self.silenced: list[CheckMessage] = list(silenced)


class CheckRegistry:
    """Hold check functions with their tags; run them on demand."""

    def __init__(self) -> None:
        self.registered_checks: dict[CheckFunction, tuple[frozenset[str], bool]] = {}

    @t.overload
    def register(self, check: _C, /, *tags: str, deploy: bool = False) -> _C: ...

    @t.overload
    def register(self, *tags: str, deploy: bool = False) -> t.Callable[[_C], _C]: ...

    def register(self, *tags: t.Any, deploy: bool = False) -> t.Any:
        """Register a check, as ``@register(*tags, deploy=False)`` or ``register(check, *tags)``.

        ``deploy=True`` checks run only with ``include_deployment_checks`` (``check --deploy``).
        """
        check, names = (tags[0], tags[1:]) if tags and callable(tags[0]) else (None, tags)
        for tag in names:
            if not isinstance(tag, str):
                raise TypeError(
                    f"Check tags must be strings, not {type(tag).__name__} ({tag!r}). Pass the "
                    "tags as strings, for example register(Tags.security) or register('myapp')."
                )
        if check is not None:
            self.registered_checks[check] = (frozenset(names), deploy)
            return check

        def decorator(check: _C) -> _C:
            self.registered_checks[check] = (frozenset(names), deploy)
            return check

        return decorator

    def get_checks(self, include_deployment_checks: bool = False) -> list[CheckFunction]:
        """Return the registered checks, with the deployment checks when asked."""
        return [
            check
            for check, (_, deploy) in self.registered_checks.items()
            if include_deployment_checks or not deploy
        ]

    def tags_available(self, deployment_checks: bool = False) -> set[str]:
        """Return the tags of the registered checks (with the deployment checks when asked)."""
        return {
            tag
            for check in self.get_checks(deployment_checks)
            for tag in self.registered_checks[check][0]
        }

    def tag_exists(self, tag: str, include_deployment_checks: bool = False) -> bool:
        """Return whether some registered check has ``tag``."""
        return tag in self.tags_available(include_deployment_checks)

    def run_checks(
        self,
        tags: t.Iterable[str] | None = None,
        include_deployment_checks: bool = False,
        **kwargs: t.Any,
    ) -> CheckResult:
        """Run the checks (only those with one of ``tags``, when given); return their messages.

        Messages whose ID is in ``settings.SILENCED_SYSTEM_CHECKS`` are left out (kept in the
        result's ``silenced``). A check that raises is reported as an Error naming it, so one
        broken check does not hide the others' messages.
        """
        wanted = None if tags is None else set(tags)
        messages: list[CheckMessage] = []
        for check in self.get_checks(include_deployment_checks):
            if wanted is not None and not wanted & self.registered_checks[check][0]:
                continue
            messages.extend(_run_one(check, kwargs))
        silenced_ids = set(settings.SILENCED_SYSTEM_CHECKS)
        return CheckResult(
            (message for message in messages if message.id not in silenced_ids),
            (message for message in messages if message.id in silenced_ids),
        )


def _run_one(check: CheckFunction, kwargs: dict[str, t.Any]) -> list[CheckMessage]:
    name = f"{getattr(check, '__module__', '?')}.{getattr(check, '__qualname__', repr(check))}"
    try:
        result = check(**kwargs)
    except Exception as exc:
        return [
            Error(
                f"The check raised {type(exc).__name__}: {str(exc).rstrip('.')}.",
                hint="Fix the check (or the setting it tripped over); until then its problems "
                "are not reported. Run it directly to see the traceback.",
                obj=name,
                id="checks.E001",
            )
        ]
    if not isinstance(result, (list, tuple)) or not all(
        isinstance(message, CheckMessage) for message in result
    ):
        return [
            Error(
                f"The check returned {result!r}, not a list of CheckMessage.",
                hint="Make the check return a list of chainweb.core.checks messages (an empty "
                "list when all is well).",
                obj=name,
                id="checks.E002",
            )
        ]
    return list(result)


#: The registry the built-in checks and ``run_checks()`` use.
registry = CheckRegistry()
register = registry.register
run_checks = registry.run_checks
tag_exists = registry.tag_exists
