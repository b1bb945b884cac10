"""Variables every template rendered with a request gets: request, csrf_input, csrf_token."""

import re

import pytest

from chainweb.template import engines
from chainweb.test import RequestFactory


@pytest.fixture
def render():
    def render(source, request):
        return engines["jinja2"].from_string(source).render({}, request)

    return render


def test_csrf_token(render):
    assert re.fullmatch(r"[A-Za-z0-9]{64}", render("{{ csrf_token }}", RequestFactory().get("/")))


def test_csrf_input_is_a_hidden_field_not_escaped(render):
    rendered = render("{{ csrf_input }}", RequestFactory().get("/"))
    assert re.fullmatch(
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}">', rendered
    )


def test_a_template_without_csrf_variables_creates_no_token(render):
    request = RequestFactory().get("/")
    before = dict(request.META)
    assert render("{{ request.method }}", request) == "GET"
    assert request.META == before


@pytest.mark.parametrize("name", ["request", "csrf_input", "csrf_token"])
def test_without_a_request_they_are_undefined(name):
    template = engines["jinja2"].from_string(f"[{{{{ {name} }}}}]")
    assert template.render({}) == "[]"


def test_the_context_may_override_them(render):
    template = engines["jinja2"].from_string("{{ request }}")
    assert template.render({"request": "mine"}, RequestFactory().get("/")) == "mine"
