import pytest

from chainweb.test import Client, override_settings


@pytest.fixture
def client():
    with override_settings(ROOT_URLCONF="tests.views.urls", MIDDLEWARE=[]):
        yield Client()
