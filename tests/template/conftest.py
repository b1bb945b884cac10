import pytest

from chainweb.test import override_settings
from tests.template import middleware
from tests.template.settings import APP, jinja2_templates


@pytest.fixture(autouse=True)
def template_settings():
    middleware.calls.clear()
    with override_settings(
        TEMPLATES=jinja2_templates(),
        INSTALLED_APPS=[APP],
        ROOT_URLCONF="tests.template.urls",
        MIDDLEWARE=[],
    ):
        yield
