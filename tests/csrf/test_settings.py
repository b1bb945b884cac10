"""CSRF_TRUSTED_ORIGINS is checked when the middleware loads."""

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.handlers.base import BaseHandler
from chainweb.test import override_settings

from .conftest import CSRF_MIDDLEWARE

BAD_ORIGINS = [
    pytest.param(
        ["example.com"],
        "The CSRF_TRUSTED_ORIGINS setting has 'example.com', which is not an origin with a "
        "scheme. Each entry must start with its scheme (usually https://), such as "
        "'https://example.com' or, to trust all subdomains, 'https://*.example.com'.",
        id="no scheme",
    ),
    pytest.param(
        ["https://ok.example", "*.example.com"],
        "The CSRF_TRUSTED_ORIGINS setting has '*.example.com', which is not an origin",
        id="wildcard without scheme",
    ),
    pytest.param(
        ["https://"],
        "The CSRF_TRUSTED_ORIGINS setting has 'https://', which is not an origin",
        id="scheme without host",
    ),
    pytest.param(
        "https://example.com",
        "The CSRF_TRUSTED_ORIGINS setting must be a list of origins, not str "
        "('https://example.com'). Write it as a list, such as ['https://example.com'].",
        id="a str, not a list",
    ),
    pytest.param(
        [42],
        "The CSRF_TRUSTED_ORIGINS setting has 42, a int; each entry must be an origin string",
        id="not a str",
    ),
]


@pytest.mark.parametrize(("origins", "message"), BAD_ORIGINS)
def test_bad_trusted_origins_fail_when_the_middleware_loads(origins, message):
    with override_settings(MIDDLEWARE=[CSRF_MIDDLEWARE], CSRF_TRUSTED_ORIGINS=origins):
        with pytest.raises(ImproperlyConfigured) as info:
            BaseHandler().load_middleware()
    assert str(info.value).startswith(message)


def test_good_trusted_origins_load():
    origins = ["https://example.com", "https://*.example.org", "http://localhost:8000"]
    with override_settings(MIDDLEWARE=[CSRF_MIDDLEWARE], CSRF_TRUSTED_ORIGINS=origins):
        BaseHandler().load_middleware()
