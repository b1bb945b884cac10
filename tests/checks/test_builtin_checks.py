import sys
import types

import pytest

from chainweb.core.checks import builtin, run_checks
from chainweb.middleware.csrf import CsrfViewMiddleware
from chainweb.test import override_settings
from chainweb.urls import clear_url_caches, path

SECURITY = "chainweb.middleware.security.SecurityMiddleware"
SESSIONS = "chainweb.sessions.middleware.SessionMiddleware"
COMMON = "chainweb.middleware.common.CommonMiddleware"
CSRF = "chainweb.middleware.csrf.CsrfViewMiddleware"
MESSAGES = "chainweb.messages.middleware.MessageMiddleware"
CLICKJACKING = "chainweb.middleware.clickjacking.XFrameOptionsMiddleware"
GZIP = "chainweb.middleware.gzip.GZipMiddleware"
CONDITIONAL_GET = "chainweb.middleware.http.ConditionalGetMiddleware"
RECOMMENDED = [SECURITY, GZIP, SESSIONS, COMMON, CONDITIONAL_GET, CSRF, MESSAGES, CLICKJACKING]
JINJA2 = "chainweb.template.backends.jinja2.Jinja2"
STRONG_KEY = "k7Qz-9vP_x2LmN4rT8wY1bC6dF3gH5jK0aS-eU7iO2pR9tW4yZ8q"
COOKIE_STORAGE = "chainweb.messages.storage.cookie.CookieStorage"


class MyCsrf(CsrfViewMiddleware):
    pass


def one(messages):
    assert len(messages) == 1, [str(message) for message in messages]
    return messages[0]


def ids(messages):
    return [message.id for message in messages]


# --- middleware: imports ---------------------------------------------------------------------


def test_middleware_that_imports_is_fine():
    with override_settings(MIDDLEWARE=RECOMMENDED):
        assert builtin.check_middleware_imports() == []
        assert run_checks(tags=["middleware"]) == []


@pytest.mark.parametrize(
    ("entry", "problem", "suggestion"),
    [
        pytest.param(
            "chainweb.midleware.csrf.CsrfViewMiddleware",
            "No module named 'chainweb.midleware'",
            f"Did you mean {CSRF!r}? ",
            id="typo in module",
        ),
        pytest.param(
            "chainweb.middleware.security.SecurityMidleware",
            "does not define a 'SecurityMidleware' attribute/class",
            f"Did you mean {SECURITY!r}? ",
            id="typo in class",
        ),
        pytest.param(
            "myproject.nothing.Thing", "No module named 'myproject'", "", id="no close match"
        ),
        pytest.param("justaname", "doesn't look like a module path", "", id="not dotted"),
    ],
)
def test_middleware_that_does_not_import(entry, problem, suggestion):
    with override_settings(MIDDLEWARE=[SECURITY, entry]):
        message = one(builtin.check_middleware_imports())
    assert message.id == "middleware.E001"
    assert message.obj == entry
    assert message.msg.startswith(f"MIDDLEWARE entry {entry!r} could not be imported: ")
    assert problem in message.msg
    assert message.hint == (
        f"{suggestion}Fix the dotted path in MIDDLEWARE, or install the package that provides it."
    )


def test_middleware_entries_must_be_strings():
    with override_settings(MIDDLEWARE=[SECURITY, CsrfViewMiddleware]):
        message = one(builtin.check_middleware_imports())
        assert builtin.check_middleware_order() == []
    assert message.id == "middleware.E002"
    assert message.msg.startswith("MIDDLEWARE must be a list of dotted paths (strings), not [")
    assert "one string per middleware, outermost first" in message.hint


# --- middleware: order -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param({"MIDDLEWARE": RECOMMENDED}, [], id="recommended order"),
        pytest.param({"MIDDLEWARE": []}, [], id="empty"),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, "chainweb.nowhere.Middleware", GZIP]},
            [],
            id="broken entry left to E001",
        ),
        pytest.param({"MIDDLEWARE": [COMMON, SECURITY]}, ["middleware.W001"], id="security late"),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, COMMON, GZIP]}, ["middleware.W002"], id="gzip after common"
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, CONDITIONAL_GET, GZIP]},
            ["middleware.W002"],
            id="gzip after conditional get",
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, GZIP, COMMON, CONDITIONAL_GET]}, [], id="gzip first"
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, CSRF, SESSIONS], "CSRF_USE_SESSIONS": True},
            ["middleware.W003"],
            id="csrf before sessions",
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, CSRF, SESSIONS], "CSRF_USE_SESSIONS": False},
            [],
            id="csrf before sessions, cookie secret",
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, CSRF], "CSRF_USE_SESSIONS": True},
            ["middleware.E003"],
            id="csrf without sessions",
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, MESSAGES, SESSIONS]},
            ["middleware.W004"],
            id="messages before sessions",
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, MESSAGES]}, ["middleware.E004"], id="messages no sessions"
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, MESSAGES], "MESSAGE_STORAGE": COOKIE_STORAGE},
            [],
            id="messages in cookies need no session",
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, MESSAGES], "MESSAGE_STORAGE": "no.such.Storage"},
            [],
            id="storage that does not import is left to the middleware",
        ),
        pytest.param(
            {
                "MIDDLEWARE": [SECURITY, MESSAGES],
                "MESSAGE_STORAGE": "chainweb.messages.storage.session.SessionStorage",
            },
            ["middleware.E004"],
            id="session storage",
        ),
        pytest.param(
            {"MIDDLEWARE": [SECURITY, f"{__name__}.MyCsrf", SESSIONS], "CSRF_USE_SESSIONS": True},
            ["middleware.W003"],
            id="subclass recognised",
        ),
    ],
)
def test_middleware_order(settings, expected):
    with override_settings(**settings):
        assert ids(builtin.check_middleware_order()) == expected


def test_security_middleware_not_first_says_where_to_move_it():
    with override_settings(MIDDLEWARE=[COMMON, SESSIONS, SECURITY]):
        message = one(builtin.check_middleware_order())
    assert message.obj == SECURITY
    assert message.msg == f"SecurityMiddleware is listed after {COMMON!r} in MIDDLEWARE."
    assert message.hint.startswith(f"Move {SECURITY!r} to the top of MIDDLEWARE, so HTTPS")


def test_gzip_after_body_middleware_says_where_to_move_it():
    with override_settings(MIDDLEWARE=[SECURITY, CONDITIONAL_GET, COMMON, GZIP]):
        message = one(builtin.check_middleware_order())
    names = f"{CONDITIONAL_GET!r}, {COMMON!r}"
    assert message.obj == GZIP
    assert message.msg.startswith(f"GZipMiddleware is listed after {names} in MIDDLEWARE")
    assert "a new ETag on every response" in message.msg
    assert message.hint.startswith(f"Move {GZIP!r} above {names} in MIDDLEWARE")


def test_csrf_sessions_order_messages():
    with override_settings(MIDDLEWARE=[SECURITY, CSRF, SESSIONS], CSRF_USE_SESSIONS=True):
        message = one(builtin.check_middleware_order())
    assert message.obj == CSRF
    assert message.msg.startswith(
        "CSRF_USE_SESSIONS keeps the CSRF secret in the session, but CsrfViewMiddleware is "
        "listed before SessionMiddleware"
    )
    assert message.hint == f"Move {SESSIONS!r} above {CSRF!r} in MIDDLEWARE."
    with override_settings(MIDDLEWARE=[SECURITY, CSRF], CSRF_USE_SESSIONS=True):
        message = one(builtin.check_middleware_order())
    assert message.msg == (
        "CSRF_USE_SESSIONS keeps the CSRF secret in the session, but SessionMiddleware is not "
        "in MIDDLEWARE."
    )
    assert message.hint == (
        f"Add {SESSIONS!r} to MIDDLEWARE above {CSRF!r}, or set CSRF_USE_SESSIONS = False."
    )


def test_messages_sessions_order_messages():
    with override_settings(MIDDLEWARE=[MESSAGES, SESSIONS]):
        messages = builtin.check_middleware_order()
    message = messages[-1]
    assert message.id == "middleware.W004"
    assert message.msg.startswith(
        "MESSAGE_STORAGE 'chainweb.messages.storage.fallback.FallbackStorage' keeps messages in "
        "the session, but MessageMiddleware is listed before SessionMiddleware"
    )
    assert message.hint == f"Move {SESSIONS!r} above {MESSAGES!r} in MIDDLEWARE."
    with override_settings(MIDDLEWARE=[MESSAGES]):
        message = one(builtin.check_middleware_order())
    assert message.id == "middleware.E004"
    assert message.hint == (
        f"Add {SESSIONS!r} to MIDDLEWARE above {MESSAGES!r}, or set MESSAGE_STORAGE = "
        f"{COOKIE_STORAGE!r}."
    )


# --- URLconf ---------------------------------------------------------------------------------


@pytest.fixture
def urlconf_module():
    module = types.ModuleType("checks_builtin_urls")
    sys.modules[module.__name__] = module
    yield module
    del sys.modules[module.__name__]
    clear_url_caches()


def test_urlconf_checks_run_when_root_urlconf_is_set(urlconf_module):
    urlconf_module.urlpatterns = [path("/a/", lambda request: None)]
    with override_settings(ROOT_URLCONF=urlconf_module.__name__):
        message = one(run_checks(tags=["urls"]))
    assert message.id == "urls.W002"
    assert "Remove this slash" in message.hint


def test_urlconf_that_does_not_import():
    with override_settings(ROOT_URLCONF="checks_no_such_urls"):
        message = one(run_checks(tags=["urls"]))
    assert message.id == "urls.E014"
    clear_url_caches()


def test_no_root_urlconf_no_url_checks():
    with override_settings(ROOT_URLCONF=None):
        assert builtin.check_url_config() == []


# --- templates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("templates", "msg", "hint"),
    [
        pytest.param(
            ["jinja2"],
            "TEMPLATES[0] is a str, not a dict.",
            f"Write it as {{'BACKEND': {JINJA2!r}, 'DIRS': [...], 'APP_DIRS': True}}.",
            id="not a dict",
        ),
        pytest.param(
            [{"DIRS": []}],
            "TEMPLATES[0] has no 'BACKEND'.",
            f"Add 'BACKEND': {JINJA2!r} to it.",
            id="no backend",
        ),
        pytest.param(
            [{"BACKEND": "jinja2"}],
            "TEMPLATES[0] has an invalid BACKEND 'jinja2'.",
            f"Set 'BACKEND' to the dotted path of an engine class, such as {JINJA2!r}.",
            id="backend not dotted",
        ),
        pytest.param(
            [{"BACKEND": JINJA2, "DIRS": "templates"}],
            "TEMPLATES[0] has DIRS = 'templates', which is not a list.",
            "Write 'DIRS': ['templates'] (a list of directories).",
            id="dirs a string",
        ),
        pytest.param(
            [{"BACKEND": JINJA2, "OPTIONS": []}],
            "TEMPLATES[0] has OPTIONS = [], which is not a dict.",
            "Write 'OPTIONS': {...}, the keyword arguments of the engine.",
            id="options a list",
        ),
        pytest.param(
            [{"BACKEND": JINJA2, "DIR": []}],
            "TEMPLATES[0] has unknown keys 'DIR'.",
            "Use only BACKEND, NAME, DIRS, APP_DIRS, OPTIONS; put the engine's options in "
            "'OPTIONS'.",
            id="unknown key",
        ),
    ],
)
def test_malformed_templates_entry(templates, msg, hint):
    with override_settings(TEMPLATES=templates):
        message = one(run_checks(tags=["templates"]))
    assert (message.id, message.msg, message.hint, message.obj) == (
        "templates.E001",
        msg,
        hint,
        "TEMPLATES[0]",
    )


def test_templates_not_a_list():
    with override_settings(TEMPLATES=[]):
        from chainweb.conf import settings

        settings.TEMPLATES = {"BACKEND": JINJA2}  # the settings refuse it at load time
        try:
            message = one(builtin.check_templates())
        finally:
            del settings.TEMPLATES
    assert message.id == "templates.E001"
    assert (
        message.msg
        == f"TEMPLATES must be a list of engine configurations, not {{'BACKEND': {JINJA2!r}}}."
    )
    assert "or TEMPLATES = [] for no templates" in message.hint


def test_backend_that_does_not_import():
    backend = "chainweb.template.backends.jinja3.Jinja2"
    with override_settings(TEMPLATES=[{"BACKEND": backend}]):
        message = one(run_checks(tags=["templates"]))
    assert message.id == "templates.E002"
    assert message.msg.startswith(f"TEMPLATES[0] BACKEND {backend!r} could not be imported: ")
    assert message.hint == (
        f"Did you mean {JINJA2!r}? Fix the dotted path in 'BACKEND'; chainweb's engine is "
        f"{JINJA2!r}."
    )


def test_engine_that_cannot_be_built():
    with override_settings(TEMPLATES=[{"BACKEND": JINJA2, "OPTIONS": {"bogus": 1}}]):
        message = one(run_checks(tags=["templates"]))
    assert message.id == "templates.E001"
    assert message.msg.startswith("TEMPLATES[0] could not build its engine: ")
    assert "bogus" in message.msg
    assert message.hint.startswith("Fix the entry's 'OPTIONS'")


def test_duplicate_engine_names():
    with override_settings(TEMPLATES=[{"BACKEND": JINJA2}, {"BACKEND": JINJA2, "NAME": "jinja2"}]):
        message = one(run_checks(tags=["templates"]))
    assert message.id == "templates.E003"
    assert message.msg == "2 TEMPLATES entries have the NAME 'jinja2'."
    assert message.hint.startswith("Give each entry its own 'NAME'")


def test_good_templates(tmp_path):
    templates = [
        {"BACKEND": JINJA2, "DIRS": [tmp_path], "APP_DIRS": False, "OPTIONS": {}},
        {"BACKEND": JINJA2, "NAME": "other"},
    ]
    with override_settings(TEMPLATES=templates):
        assert run_checks(tags=["templates"]) == []


# --- deployment ------------------------------------------------------------------------------

SECURE = {
    "DEBUG": False,
    "SECRET_KEY": STRONG_KEY,
    "SECRET_KEY_FALLBACKS": [],
    "ALLOWED_HOSTS": ["example.com"],
    "MIDDLEWARE": RECOMMENDED,
    "SECURE_HSTS_SECONDS": 3600,
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def deploy_ids(**changes):
    with override_settings(**{**SECURE, **changes}):
        return ids(run_checks(include_deployment_checks=True))


def test_secure_settings_pass_deploy_checks():
    assert deploy_ids() == []


def test_deploy_checks_need_deploy():
    with override_settings(**{**SECURE, "DEBUG": True}):
        assert run_checks() == []
        assert ids(run_checks(tags=["security"], include_deployment_checks=True)) == [
            "security.W018"
        ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"DEBUG": True}, ["security.W018"], id="debug"),
        pytest.param({"SECRET_KEY": "short-key"}, ["security.W009"], id="short key"),
        pytest.param({"SECRET_KEY": "ab" * 30}, ["security.W009"], id="few unique characters"),
        pytest.param(
            {"SECRET_KEY": "chainweb-insecure-" + STRONG_KEY}, ["security.W009"], id="dev key"
        ),
        pytest.param({"SECRET_KEY_FALLBACKS": ["old"]}, ["security.W025"], id="weak fallback"),
        pytest.param({"SECRET_KEY_FALLBACKS": [STRONG_KEY[::-1]]}, [], id="strong fallback"),
        pytest.param({"ALLOWED_HOSTS": []}, ["security.W020"], id="no hosts"),
        pytest.param({"SECURE_HSTS_SECONDS": 0}, ["security.W004"], id="no hsts"),
        pytest.param({"SECURE_SSL_REDIRECT": False}, ["security.W008"], id="no redirect"),
        pytest.param({"SESSION_COOKIE_SECURE": False}, ["security.W012"], id="session cookie"),
        pytest.param({"CSRF_COOKIE_SECURE": False}, ["security.W016"], id="csrf cookie"),
        pytest.param(
            {"CSRF_COOKIE_SECURE": False, "CSRF_USE_SESSIONS": True},
            [],
            id="csrf in session has no cookie",
        ),
        pytest.param(
            {"MIDDLEWARE": [m for m in RECOMMENDED if m != SECURITY]},
            ["security.W001"],
            id="no security middleware",
        ),
        pytest.param(
            {
                "MIDDLEWARE": [m for m in RECOMMENDED if m != SECURITY],
                "SECURE_HSTS_SECONDS": 0,
                "SECURE_SSL_REDIRECT": False,
            },
            ["security.W001"],
            id="hsts and redirect not reported without the middleware",
        ),
        pytest.param(
            {"MIDDLEWARE": [m for m in RECOMMENDED if m != CLICKJACKING]},
            ["security.W002"],
            id="no clickjacking middleware",
        ),
        pytest.param(
            {
                "MIDDLEWARE": [SECURITY, CLICKJACKING],
                "SESSION_COOKIE_SECURE": False,
                "CSRF_COOKIE_SECURE": False,
            },
            [],
            id="cookies not reported without their middleware",
        ),
    ],
)
def test_deploy_checks(changes, expected):
    assert deploy_ids(**changes) == expected


def test_empty_secret_key_is_weak():
    from chainweb.conf import settings

    with override_settings(**SECURE):
        settings.SECRET_KEY = ""  # reading it raises ImproperlyConfigured
        try:
            message = one(builtin.check_secret_key())
        finally:
            del settings.SECRET_KEY
    assert message.id == "security.W009"


@pytest.mark.parametrize(
    ("changes", "msg_part", "hint"),
    [
        pytest.param(
            {"DEBUG": True},
            "You should not have DEBUG set to True in deployment",
            "Set DEBUG = False in the production settings.",
            id="W018",
        ),
        pytest.param(
            {"SECRET_KEY": "short-key"},
            "Your SECRET_KEY has fewer than 50 characters, fewer than 5 different characters, "
            "or starts with 'chainweb-insecure-'",
            'Generate one with python -c "import secrets; print(secrets.token_urlsafe(50))" and '
            "read it from the environment in production.",
            id="W009",
        ),
        pytest.param(
            {"SECRET_KEY_FALLBACKS": [STRONG_KEY, "old"]},
            "Your SECRET_KEY_FALLBACKS[1] has fewer than 50 characters",
            "Remove it from SECRET_KEY_FALLBACKS once the signatures made with it have expired; "
            "a new key must be strong: Generate one with",
            id="W025",
        ),
        pytest.param(
            {"ALLOWED_HOSTS": []},
            "ALLOWED_HOSTS is empty",
            "List the host names the site serves, such as ALLOWED_HOSTS = ['example.com', "
            "'www.example.com'].",
            id="W020",
        ),
        pytest.param(
            {"SECURE_HSTS_SECONDS": 0},
            "SECURE_HSTS_SECONDS is not set",
            "Once the whole site is served over HTTPS, set SECURE_HSTS_SECONDS",
            id="W004",
        ),
        pytest.param(
            {"SECURE_SSL_REDIRECT": False},
            "SECURE_SSL_REDIRECT is not set to True",
            "Set SECURE_SSL_REDIRECT = True, unless a proxy or load balancer already redirects",
            id="W008",
        ),
        pytest.param(
            {"SESSION_COOKIE_SECURE": False},
            "SESSION_COOKIE_SECURE is not set to True",
            "Set SESSION_COOKIE_SECURE = True in the production settings.",
            id="W012",
        ),
        pytest.param(
            {"CSRF_COOKIE_SECURE": False},
            "CSRF_COOKIE_SECURE is not set to True",
            "Set CSRF_COOKIE_SECURE = True in the production settings.",
            id="W016",
        ),
        pytest.param(
            {"MIDDLEWARE": [m for m in RECOMMENDED if m != SECURITY]},
            f"You do not have {SECURITY!r} in MIDDLEWARE, so the SECURE_HSTS_*",
            f"Add {SECURITY!r} at the top of MIDDLEWARE.",
            id="W001",
        ),
        pytest.param(
            {"MIDDLEWARE": [m for m in RECOMMENDED if m != CLICKJACKING]},
            f"You do not have {CLICKJACKING!r} in MIDDLEWARE",
            f"Add {CLICKJACKING!r} to MIDDLEWARE, unless the site must be framed",
            id="W002",
        ),
    ],
)
def test_deploy_messages_say_how_to_fix(changes, msg_part, hint):
    with override_settings(**{**SECURE, **changes}):
        message = one(run_checks(include_deployment_checks=True))
    assert msg_part in message.msg
    assert message.hint.startswith(hint)


def test_deploy_messages_can_be_silenced():
    with override_settings(
        **{**SECURE, "DEBUG": True, "SILENCED_SYSTEM_CHECKS": ["security.W018"]}
    ):
        result = run_checks(include_deployment_checks=True)
    assert result == []
    assert ids(result.silenced) == ["security.W018"]
