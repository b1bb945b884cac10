from contextlib import contextmanager

import pytest

from chainweb.test import Client, override_settings

from . import fake_session

MESSAGE_MIDDLEWARE = "chainweb.messages.middleware.MessageMiddleware"
FAKE_SESSION_MIDDLEWARE = "tests.messages.fake_session.FakeSessionMiddleware"
REAL_SESSION_MIDDLEWARE = "chainweb.sessions.middleware.SessionMiddleware"

COOKIE = "chainweb.messages.storage.cookie.CookieStorage"
SESSION = "chainweb.messages.storage.session.SessionStorage"
FALLBACK = "chainweb.messages.storage.fallback.FallbackStorage"


@contextmanager
def make_client(storage, session_middleware=FAKE_SESSION_MIDDLEWARE, **settings):
    """Yield a Client for the messages URLconf, with ``storage`` and the session middleware."""
    middleware = [MESSAGE_MIDDLEWARE]
    if session_middleware:
        middleware.insert(0, session_middleware)
    options = {"ROOT_URLCONF": "tests.messages.urls", "MIDDLEWARE": middleware}
    with override_settings(**{**options, "MESSAGE_STORAGE": storage, **settings}):
        yield Client()


@pytest.fixture(autouse=True)
def _clear_fake_sessions():
    yield
    fake_session.STORE.clear()


@pytest.fixture(
    params=[
        pytest.param((COOKIE, None), id="cookie"),
        pytest.param((SESSION, FAKE_SESSION_MIDDLEWARE), id="session"),
        pytest.param((FALLBACK, FAKE_SESSION_MIDDLEWARE), id="fallback"),
        pytest.param((SESSION, REAL_SESSION_MIDDLEWARE), id="session, real sessions"),
        pytest.param((FALLBACK, REAL_SESSION_MIDDLEWARE), id="fallback, real sessions"),
    ]
)
def client(request):
    """A client for each storage; the session ones on a stand-in session and on the real one."""
    storage, session_middleware = request.param
    with make_client(storage, session_middleware) as client:
        yield client


@pytest.fixture
def cookie_client():
    with make_client(COOKIE, None) as client:
        yield client


@pytest.fixture
def fallback_client():
    with make_client(FALLBACK) as client:
        yield client


def messages_cookie(client):
    """Return the messages cookie's value the client holds, or None."""
    cookie = client.get_cookie("messages", domain="testserver")
    return None if cookie is None else cookie.value


def set_messages_cookie(client, value):
    client.set_cookie("messages", value, domain="testserver")
