"""TemplateView renders through a TemplateResponse that middleware can still change."""

import pathlib

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.urls import path
from chainweb.views import TemplateView

TEMPLATES = [
    {
        "BACKEND": "chainweb.template.backends.jinja2.Jinja2",
        "DIRS": [str(pathlib.Path(__file__).parent / "templates")],
    }
]


class Greeting(TemplateView):
    template_name = "greeting.html"
    extra_context = {"greeting": "Hello"}


class LoudGreeting(Greeting):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["greeting"] = "HELLO"
        return context


urlpatterns = [
    path("greet/<str:name>/", Greeting.as_view(), name="greet"),
    path("loud/<str:name>/", LoudGreeting.as_view()),
]


class SwapTemplate:
    """Change the template and its context before rendering."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        response.context_data["greeting"] = "Changed"
        response.template_name = ["missing.html", "greeting.html"]
        return response


@pytest.fixture
def client():
    with override_settings(ROOT_URLCONF=__name__, TEMPLATES=TEMPLATES, MIDDLEWARE=[]):
        yield Client()


def test_renders_url_kwargs_extra_context_and_view(client):
    response = client.get("/greet/ann/")
    assert response.status_code == 200
    assert response.text == "<p>Hello, ann!</p><p>Greeting</p><p>/greet/ann/</p>"
    assert [template.name for template in response.templates] == ["greeting.html"]
    assert response.context["name"] == "ann"


def test_get_context_data_can_be_extended(client):
    assert client.get("/loud/bob/").text.startswith("<p>HELLO, bob!</p>")


def test_url_kwargs_with_html_are_escaped(client):
    response = client.get('/greet/<i onmouseover="x">/')
    assert "<i " not in response.text
    assert "&lt;i onmouseover=&#34;x&#34;&gt;!" in response.text
    # The url() helper quotes the value it puts in the URL.
    assert "/greet/%3Ci%20onmouseover=%22x%22%3E/" in response.text


def test_process_template_response_changes_template_and_context_before_rendering():
    with override_settings(
        ROOT_URLCONF=__name__,
        TEMPLATES=TEMPLATES,
        MIDDLEWARE=["tests.views.test_template_view.SwapTemplate"],
    ):
        response = Client().get("/greet/cy/")
    assert response.text.startswith("<p>Changed, cy!</p>")


def test_response_is_deferred_until_the_handler_renders_it():
    with override_settings(ROOT_URLCONF=__name__, TEMPLATES=TEMPLATES):
        response = Greeting.as_view()(RequestFactory().get("/greet/dee/"), name="dee")
        assert not response.is_rendered
        assert response.template_name == ["greeting.html"]
        assert response.context_data["name"] == "dee"
        response.render()
        assert response.content.startswith(b"<p>Hello, dee!</p>")


def test_missing_template_name_is_explained():
    view = TemplateView.as_view()
    with pytest.raises(ImproperlyConfigured) as info:
        view(RequestFactory().get("/"))
    assert str(info.value) == (
        "TemplateView requires either a definition of 'template_name' or an implementation "
        "of 'get_template_names()'."
    )
