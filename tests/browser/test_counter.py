"""A real browser submits a form with its CSRF token; the session counts and a message shows.

Headless Chromium from Debian's package, driven by Playwright; the app runs in a real
werkzeug server on 127.0.0.1 that the test starts and stops.
"""

import pathlib
import threading

import pytest
from playwright import sync_api as playwright_api
from werkzeug.serving import make_server

from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.test import override_settings

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEMPLATES_DIR = pathlib.Path(__file__).parent / "templates"


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def app_settings(engine, redis_settings=None):
    settings = {
        "ROOT_URLCONF": "tests.browser.app_urls",
        "ALLOWED_HOSTS": ["127.0.0.1"],
        "MIDDLEWARE": [
            "chainweb.sessions.middleware.SessionMiddleware",
            "chainweb.middleware.csrf.CsrfViewMiddleware",
            "chainweb.messages.middleware.MessageMiddleware",
        ],
        "TEMPLATES": [
            {
                "BACKEND": "chainweb.template.backends.jinja2.Jinja2",
                "DIRS": [str(TEMPLATES_DIR)],
                "OPTIONS": {
                    "context_processors": ["chainweb.messages.context_processors.messages"]
                },
            }
        ],
        "SESSION_ENGINE": engine,
    }
    if redis_settings is not None:
        settings["SESSION_REDIS"] = redis_settings
    return settings


@pytest.fixture
def serve():
    """Serve the app with the given settings on a free port; return its URL."""
    servers = []

    def start(settings):
        override = override_settings(**settings)
        override.enable()
        server = make_server("127.0.0.1", 0, WSGIHandler(), threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread, override))
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server, thread, override in servers:
        server.shutdown()
        thread.join(timeout=10)
        override.disable()


def run_counter_scenario(browser, url):
    page = browser.new_page()
    try:
        page.goto(url)
        assert page.text_content("#count") == "0"
        for expected in (1, 2):
            with page.expect_navigation():
                page.click("#add")
            assert page.text_content("#count") == str(expected)
            assert page.text_content(".message.success") == f"Counted to {expected}."
        # Reload: the message was shown once and is gone; the count stays.
        page.goto(url)
        assert page.locator(".message").count() == 0
        assert page.text_content("#count") == "2"
        # Without its token the form is refused, and the count does not move.
        page.evaluate("document.querySelector('input[name=csrfmiddlewaretoken]').remove()")
        with page.expect_navigation() as navigation:
            page.click("#add")
        assert navigation.value.status == 403
        page.goto(url)
        assert page.text_content("#count") == "2"
    finally:
        page.close()


def test_counter_with_signed_cookie_sessions(browser, serve):
    url = serve(app_settings("chainweb.sessions.backends.signed_cookies"))
    run_counter_scenario(browser, url)


def test_counter_with_redis_sessions(browser, serve, redis_server):
    url = serve(app_settings("chainweb.sessions.backends.redis", redis_server.settings))
    run_counter_scenario(browser, url)
