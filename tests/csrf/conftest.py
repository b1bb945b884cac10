import pathlib

import pytest

from chainweb.test import Client, override_settings

CSRF_MIDDLEWARE = "chainweb.middleware.csrf.CsrfViewMiddleware"
SESSION_MIDDLEWARE = "chainweb.sessions.middleware.SessionMiddleware"
TEMPLATES = [
    {
        "BACKEND": "chainweb.template.backends.jinja2.Jinja2",
        "DIRS": [str(pathlib.Path(__file__).parent / "templates")],
        "OPTIONS": {
            "context_processors": [
                "chainweb.template.context_processors.csrf",
                "tests.csrf.urls.csrf_input_processor",
            ]
        },
    }
]


@pytest.fixture
def csrf_settings():
    with override_settings(
        ROOT_URLCONF="tests.csrf.urls", MIDDLEWARE=[CSRF_MIDDLEWARE], TEMPLATES=TEMPLATES
    ):
        yield


@pytest.fixture
def client(csrf_settings):
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def token(client):
    """Return a token from a GET; the client now holds the matching cookie."""
    response = client.get("/token/")
    assert response.status_code == 200
    return response.text


def cookie_secret(client):
    cookie = client.get_cookie("csrftoken", domain="testserver")
    return None if cookie is None else cookie.value
