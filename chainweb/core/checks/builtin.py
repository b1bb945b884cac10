"""The built-in system checks: middleware, URLconf, templates, and the ``--deploy`` security ones.

IDs are stable so they can be silenced with ``SILENCED_SYSTEM_CHECKS``:

* ``middleware.E001`` an entry that does not import, ``middleware.E002`` MIDDLEWARE is not a list
  of dotted paths, ``middleware.E003`` / ``E004`` CSRF or messages need ``SessionMiddleware``,
  ``middleware.W001`` to ``W004`` entries in an order that breaks them;
* ``urls.*`` from ``chainweb.urls.check_urlconf()`` when ``ROOT_URLCONF`` is set;
* ``templates.E001`` a malformed ``TEMPLATES`` entry, ``templates.E002`` a BACKEND that does
  not import, ``templates.E003`` two engines with one NAME;
* deployment only: ``security.W001``, ``W002``, ``W004``, ``W008``, ``W009``, ``W012``,
  ``W016``, ``W018``, ``W020``, ``W025``, with Django's meanings.
"""

from __future__ import annotations

import difflib
import typing as t

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.utils.module_loading import import_string

from .messages import CheckMessage, Error, Warning
from .registry import Tags, register

SECURITY = "chainweb.middleware.security.SecurityMiddleware"
SESSIONS = "chainweb.sessions.middleware.SessionMiddleware"
COMMON = "chainweb.middleware.common.CommonMiddleware"
CSRF = "chainweb.middleware.csrf.CsrfViewMiddleware"
MESSAGES = "chainweb.messages.middleware.MessageMiddleware"
CLICKJACKING = "chainweb.middleware.clickjacking.XFrameOptionsMiddleware"
GZIP = "chainweb.middleware.gzip.GZipMiddleware"
CONDITIONAL_GET = "chainweb.middleware.http.ConditionalGetMiddleware"

#: chainweb's middleware, in the order the project template lists them.
KNOWN_MIDDLEWARE = (SECURITY, GZIP, SESSIONS, COMMON, CONDITIONAL_GET, CSRF, MESSAGES, CLICKJACKING)
#: Middleware that make or read the response body, which GZipMiddleware must wrap.
BODY_MIDDLEWARE = (COMMON, CONDITIONAL_GET)

JINJA2_BACKEND = "chainweb.template.backends.jinja2.Jinja2"
TEMPLATE_KEYS = ("BACKEND", "NAME", "DIRS", "APP_DIRS", "OPTIONS")

SECRET_KEY_INSECURE_PREFIX = "chainweb-insecure-"
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
GENERATE_SECRET_KEY = (
    'Generate one with python -c "import secrets; print(secrets.token_urlsafe(50))" and '
    "read it from the environment in production"
)


def _suggest(value: str, choices: t.Iterable[str]) -> str:
    matches = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"Did you mean {matches[0]!r}? " if matches else ""


def _middleware_entries() -> list[str]:
    middleware = settings.MIDDLEWARE
    if not isinstance(middleware, (list, tuple)):
        return []
    return [entry for entry in middleware if isinstance(entry, str)]


def _position(known: str, entries: list[str]) -> int | None:
    """Return the index of the entry that is ``known`` or a subclass of it, or None."""
    if known in entries:
        return entries.index(known)
    known_class = import_string(known)
    for index, entry in enumerate(entries):
        try:
            factory = import_string(entry)
        except ImportError:
            continue
        if isinstance(factory, type) and issubclass(factory, known_class):
            return index
    return None


@register(Tags.middleware)
def check_middleware_imports(**kwargs: t.Any) -> list[CheckMessage]:
    """Report MIDDLEWARE entries that are not dotted paths or do not import."""
    middleware = settings.MIDDLEWARE
    if not isinstance(middleware, (list, tuple)) or not all(
        isinstance(entry, str) for entry in middleware
    ):
        return [
            Error(
                f"MIDDLEWARE must be a list of dotted paths (strings), not {middleware!r}.",
                hint="Write MIDDLEWARE = ['chainweb.middleware.security.SecurityMiddleware', "
                "...], one string per middleware, outermost first.",
                obj="MIDDLEWARE",
                id="middleware.E002",
            )
        ]
    messages: list[CheckMessage] = []
    for entry in middleware:
        try:
            import_string(entry)
        except ImportError as exc:
            messages.append(
                Error(
                    f"MIDDLEWARE entry {entry!r} could not be imported: {str(exc).rstrip('.')}.",
                    hint=f"{_suggest(entry, KNOWN_MIDDLEWARE)}Fix the dotted path in "
                    "MIDDLEWARE, or install the package that provides it.",
                    obj=entry,
                    id="middleware.E001",
                )
            )
    return messages


@register(Tags.middleware)
def check_middleware_order(**kwargs: t.Any) -> list[CheckMessage]:
    """Report built-in middleware listed in an order that stops them working as documented."""
    entries = _middleware_entries()
    at = {known: _position(known, entries) for known in KNOWN_MIDDLEWARE}
    messages: list[CheckMessage] = []
    security = at[SECURITY]
    if security is not None and security > 0:
        messages.append(
            Warning(
                f"SecurityMiddleware is listed after {entries[0]!r} in MIDDLEWARE.",
                hint=f"Move {SECURITY!r} to the top of MIDDLEWARE, so HTTPS redirects happen "
                "before any other middleware runs and every response gets its security headers.",
                obj=entries[security],
                id="middleware.W001",
            )
        )
    gzip = at[GZIP]
    outer = sorted(
        index
        for index in (at[known] for known in BODY_MIDDLEWARE)
        if index is not None and gzip is not None and index < gzip
    )
    if gzip is not None and outer:
        names = ", ".join(repr(entries[index]) for index in outer)
        messages.append(
            Warning(
                f"GZipMiddleware is listed after {names} in MIDDLEWARE, so they see the "
                "compressed body (a new ETag on every response, a wrong Content-Length).",
                hint=f"Move {GZIP!r} above {names} in MIDDLEWARE (right after "
                "SecurityMiddleware), so it compresses the response they have finished.",
                obj=entries[gzip],
                id="middleware.W002",
            )
        )
    messages += _session_order(entries, at)
    return messages


def _session_order(entries: list[str], at: dict[str, int | None]) -> list[CheckMessage]:
    # (middleware, where it is, what it keeps in the session, how to do without, ID numbers)
    users: list[tuple[str, int, str, str, str]] = []
    csrf, messages_at = at[CSRF], at[MESSAGES]
    if settings.CSRF_USE_SESSIONS and csrf is not None:
        users.append(
            (
                CSRF,
                csrf,
                "CSRF_USE_SESSIONS keeps the CSRF secret",
                "set CSRF_USE_SESSIONS = False",
                "3",
            )
        )
    if messages_at is not None and _messages_use_session():
        users.append(
            (
                MESSAGES,
                messages_at,
                f"MESSAGE_STORAGE {settings.MESSAGE_STORAGE!r} keeps messages",
                "set MESSAGE_STORAGE = 'chainweb.messages.storage.cookie.CookieStorage'",
                "4",
            )
        )
    sessions = at[SESSIONS]
    found: list[CheckMessage] = []
    for known, index, keeps, without, number in users:
        if sessions is None:
            found.append(
                Error(
                    f"{keeps} in the session, but SessionMiddleware is not in MIDDLEWARE.",
                    hint=f"Add {SESSIONS!r} to MIDDLEWARE above {entries[index]!r}, or {without}.",
                    obj=entries[index],
                    id=f"middleware.E00{number}",
                )
            )
        elif sessions > index:
            name = known.rsplit(".", 1)[1]
            found.append(
                Warning(
                    f"{keeps} in the session, but {name} is listed before SessionMiddleware in "
                    "MIDDLEWARE, so request.session is not set yet when it runs.",
                    hint=f"Move {entries[sessions]!r} above {entries[index]!r} in MIDDLEWARE.",
                    obj=entries[index],
                    id=f"middleware.W00{number}",
                )
            )
    return found


def _messages_use_session() -> bool:
    from chainweb.messages.storage.session import SessionStorage

    try:
        storage = import_string(settings.MESSAGE_STORAGE)
    except ImportError:
        return False  # MessageMiddleware reports this on the first request, saying how to fix it
    if not isinstance(storage, type):
        return False
    return issubclass(storage, SessionStorage) or SessionStorage in getattr(
        storage, "storage_classes", ()
    )


@register(Tags.urls)
def check_url_config(**kwargs: t.Any) -> list[CheckMessage]:
    """Report the problems in ``settings.ROOT_URLCONF`` (nothing when it is not set)."""
    if not settings.ROOT_URLCONF:
        return []
    from chainweb.urls import check_urlconf

    return check_urlconf()


@register(Tags.templates)
def check_templates(**kwargs: t.Any) -> list[CheckMessage]:
    """Report malformed ``settings.TEMPLATES`` entries and backends that do not import."""
    templates = settings.TEMPLATES
    if not isinstance(templates, (list, tuple)):
        return [
            Error(
                f"TEMPLATES must be a list of engine configurations, not {templates!r}.",
                hint=f"Write TEMPLATES = [{{'BACKEND': {JINJA2_BACKEND!r}, 'DIRS': [...], "
                "'APP_DIRS': True}], or TEMPLATES = [] for no templates.",
                obj="TEMPLATES",
                id="templates.E001",
            )
        ]
    messages: list[CheckMessage] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(templates):
        problems = _template_entry_problems(index, entry)
        messages += problems
        if not problems:
            name = entry.get("NAME", entry["BACKEND"].rsplit(".", 2)[-2])
            names[name] = names.get(name, 0) + 1
            messages += _template_engine_problems(index, entry)
    for name, count in names.items():
        if count > 1:
            messages.append(
                Error(
                    f"{count} TEMPLATES entries have the NAME {name!r}.",
                    hint="Give each entry its own 'NAME' (the default is the backend's module "
                    "name), so each engine can be picked with using=NAME.",
                    obj="TEMPLATES",
                    id="templates.E003",
                )
            )
    return messages


def _template_entry_problems(index: int, entry: t.Any) -> list[CheckMessage]:
    where = f"TEMPLATES[{index}]"
    example = f"{{'BACKEND': {JINJA2_BACKEND!r}, 'DIRS': [...], 'APP_DIRS': True}}"
    if not isinstance(entry, dict):
        problem, fix = f"is a {type(entry).__name__}, not a dict", f"Write it as {example}."
    elif "BACKEND" not in entry:
        problem, fix = "has no 'BACKEND'", f"Add 'BACKEND': {JINJA2_BACKEND!r} to it."
    elif not isinstance(entry["BACKEND"], str) or entry["BACKEND"].count(".") < 2:
        problem = f"has an invalid BACKEND {entry['BACKEND']!r}"
        fix = f"Set 'BACKEND' to the dotted path of an engine class, such as {JINJA2_BACKEND!r}."
    elif not isinstance(entry.get("DIRS", []), (list, tuple)):
        dirs = entry["DIRS"]
        problem = f"has DIRS = {dirs!r}, which is not a list"
        fix = f"Write 'DIRS': [{dirs!r}] (a list of directories)."
    elif not isinstance(entry.get("OPTIONS", {}), dict):
        problem = f"has OPTIONS = {entry['OPTIONS']!r}, which is not a dict"
        fix = "Write 'OPTIONS': {...}, the keyword arguments of the engine."
    elif unknown := [key for key in entry if key not in TEMPLATE_KEYS]:
        problem = f"has unknown keys {', '.join(map(repr, unknown))}"
        fix = f"Use only {', '.join(TEMPLATE_KEYS)}; put the engine's options in 'OPTIONS'."
    else:
        return []
    return [Error(f"{where} {problem}.", hint=fix, obj=where, id="templates.E001")]


def _template_engine_problems(index: int, entry: dict[str, t.Any]) -> list[CheckMessage]:
    where = f"TEMPLATES[{index}]"
    backend = entry["BACKEND"]
    try:
        engine_class = import_string(backend)
    except ImportError as exc:
        return [
            Error(
                f"{where} BACKEND {backend!r} could not be imported: {str(exc).rstrip('.')}.",
                hint=f"{_suggest(backend, [JINJA2_BACKEND])}Fix the dotted path in 'BACKEND'; "
                f"chainweb's engine is {JINJA2_BACKEND!r}.",
                obj=where,
                id="templates.E002",
            )
        ]
    params = {key: value for key, value in entry.items() if key != "BACKEND"}
    params.setdefault("NAME", backend.rsplit(".", 2)[-2])
    try:
        engine_class(params)
    except Exception as exc:
        return [
            Error(
                f"{where} could not build its engine: {type(exc).__name__}: "
                f"{str(exc).rstrip('.')}.",
                hint="Fix the entry's 'OPTIONS' (keyword arguments of the engine) or other keys "
                "as the error says.",
                obj=where,
                id="templates.E001",
            )
        ]
    return []


def _weak_secret_key(key: t.Any) -> bool:
    return (
        not isinstance(key, (str, bytes))
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or len(key) < SECRET_KEY_MIN_LENGTH
        or (isinstance(key, str) and key.startswith(SECRET_KEY_INSECURE_PREFIX))
    )


def _weak_key_problem() -> str:
    return (
        f"has fewer than {SECRET_KEY_MIN_LENGTH} characters, fewer than "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different characters, or starts with "
        f"{SECRET_KEY_INSECURE_PREFIX!r} (made by startproject for development). Anyone who "
        "guesses it can forge the signed cookies that hold sessions and messages"
    )


@register(Tags.security, deploy=True)
def check_secret_key(**kwargs: t.Any) -> list[CheckMessage]:
    """Report a missing, short, repetitive or development ``SECRET_KEY`` (and fallbacks)."""
    messages: list[CheckMessage] = []
    try:
        secret_key = settings.SECRET_KEY
    except ImproperlyConfigured:
        secret_key = ""  # the setting refuses to be read empty: report it as weak
    if _weak_secret_key(secret_key):
        messages.append(
            Warning(
                f"Your SECRET_KEY {_weak_key_problem()}.",
                hint=f"{GENERATE_SECRET_KEY}.",
                obj="SECRET_KEY",
                id="security.W009",
            )
        )
    for index, key in enumerate(settings.SECRET_KEY_FALLBACKS):
        if _weak_secret_key(key):
            messages.append(
                Warning(
                    f"Your SECRET_KEY_FALLBACKS[{index}] {_weak_key_problem()}.",
                    hint=f"Remove it from SECRET_KEY_FALLBACKS once the signatures made with it "
                    f"have expired; a new key must be strong: {GENERATE_SECRET_KEY}.",
                    obj=f"SECRET_KEY_FALLBACKS[{index}]",
                    id="security.W025",
                )
            )
    return messages


@register(Tags.security, deploy=True)
def check_debug(**kwargs: t.Any) -> list[CheckMessage]:
    """Report DEBUG left on."""
    if not settings.DEBUG:
        return []
    return [
        Warning(
            "You should not have DEBUG set to True in deployment: error pages show tracebacks, "
            "settings and the URLconf to anyone.",
            hint="Set DEBUG = False in the production settings.",
            obj="DEBUG",
            id="security.W018",
        )
    ]


@register(Tags.security, deploy=True)
def check_allowed_hosts(**kwargs: t.Any) -> list[CheckMessage]:
    """Report an empty ALLOWED_HOSTS."""
    if settings.ALLOWED_HOSTS:
        return []
    return [
        Warning(
            "ALLOWED_HOSTS is empty: with DEBUG off every request is refused with 400.",
            hint="List the host names the site serves, such as ALLOWED_HOSTS = "
            "['example.com', 'www.example.com'].",
            obj="ALLOWED_HOSTS",
            id="security.W020",
        )
    ]


@register(Tags.security, deploy=True)
def check_security_middleware(**kwargs: t.Any) -> list[CheckMessage]:
    """Report missing SecurityMiddleware, or HSTS and the HTTPS redirect turned off."""
    if _position(SECURITY, _middleware_entries()) is None:
        return [
            Warning(
                f"You do not have {SECURITY!r} in MIDDLEWARE, so the SECURE_HSTS_*, "
                "SECURE_SSL_REDIRECT, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY and "
                "SECURE_CROSS_ORIGIN_OPENER_POLICY settings have no effect.",
                hint=f"Add {SECURITY!r} at the top of MIDDLEWARE.",
                obj="MIDDLEWARE",
                id="security.W001",
            )
        ]
    messages: list[CheckMessage] = []
    if not settings.SECURE_HSTS_SECONDS:
        messages.append(
            Warning(
                "SECURE_HSTS_SECONDS is not set, so browsers are not told to use only HTTPS "
                "for this site (HTTP Strict Transport Security).",
                hint="Once the whole site is served over HTTPS, set SECURE_HSTS_SECONDS (start "
                "small, such as 3600, then a year: 31536000). Read the HSTS docs first: a wrong "
                "value can make the site unreachable over HTTP for that long.",
                obj="SECURE_HSTS_SECONDS",
                id="security.W004",
            )
        )
    if not settings.SECURE_SSL_REDIRECT:
        messages.append(
            Warning(
                "SECURE_SSL_REDIRECT is not set to True, so plain HTTP requests are served "
                "instead of being redirected to HTTPS.",
                hint="Set SECURE_SSL_REDIRECT = True, unless a proxy or load balancer already "
                "redirects every HTTP request to HTTPS.",
                obj="SECURE_SSL_REDIRECT",
                id="security.W008",
            )
        )
    return messages


@register(Tags.security, deploy=True)
def check_xframe_options_middleware(**kwargs: t.Any) -> list[CheckMessage]:
    """Report missing XFrameOptionsMiddleware."""
    if _position(CLICKJACKING, _middleware_entries()) is not None:
        return []
    return [
        Warning(
            f"You do not have {CLICKJACKING!r} in MIDDLEWARE, so pages carry no "
            "X-Frame-Options header and other sites can frame them (clickjacking).",
            hint=f"Add {CLICKJACKING!r} to MIDDLEWARE, unless the site must be framed by "
            "other sites.",
            obj="MIDDLEWARE",
            id="security.W002",
        )
    ]


@register(Tags.security, Tags.sessions, deploy=True)
def check_session_cookie_secure(**kwargs: t.Any) -> list[CheckMessage]:
    """Report a session cookie that would be sent over plain HTTP."""
    if settings.SESSION_COOKIE_SECURE or _position(SESSIONS, _middleware_entries()) is None:
        return []
    return [
        Warning(
            "SESSION_COOKIE_SECURE is not set to True, so the session cookie is also sent over "
            "plain HTTP, where anyone on the network can read it and take over the session.",
            hint="Set SESSION_COOKIE_SECURE = True in the production settings.",
            obj="SESSION_COOKIE_SECURE",
            id="security.W012",
        )
    ]


@register(Tags.security, Tags.csrf, deploy=True)
def check_csrf_cookie_secure(**kwargs: t.Any) -> list[CheckMessage]:
    """Report a CSRF cookie that would be sent over plain HTTP."""
    if (
        settings.CSRF_COOKIE_SECURE
        or settings.CSRF_USE_SESSIONS
        or _position(CSRF, _middleware_entries()) is None
    ):
        return []
    return [
        Warning(
            "CSRF_COOKIE_SECURE is not set to True, so the CSRF cookie is also sent over plain "
            "HTTP, where anyone on the network can read it.",
            hint="Set CSRF_COOKIE_SECURE = True in the production settings.",
            obj="CSRF_COOKIE_SECURE",
            id="security.W016",
        )
    ]
