import pytest
from werkzeug.test import Client as WerkzeugClient

from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.test import override_settings

from . import middleware

MW = "tests.core.handlers.middleware."
URLS = "tests.core.handlers.urls"


@pytest.fixture(autouse=True)
def clean_log():
    for collection in (middleware.LOG, middleware.SHORT, middleware.RAISE, middleware.LOADS):
        collection.clear()
    yield


@pytest.fixture
def serve():
    """Return ``serve(*middleware, **settings)``: a werkzeug test client on a fresh handler."""
    overrides = []

    def make(*names, **settings):
        settings.setdefault("ROOT_URLCONF", URLS)
        settings.setdefault("ALLOWED_HOSTS", ["localhost", "testserver"])
        settings["MIDDLEWARE"] = [name if "." in name else MW + name for name in names]
        override = override_settings(**settings)
        override.enable()
        overrides.append(override)
        return WerkzeugClient(WSGIHandler())

    yield make
    for override in reversed(overrides):
        override.disable()
