"""TemplateResponse and SimpleTemplateResponse: deferred rendering, as Django's."""

import wsgiref.util

import pytest

import chainweb.template
from chainweb.http import HttpResponse
from chainweb.template import (
    ContentNotRenderedError,
    SimpleTemplateResponse,
    TemplateDoesNotExist,
    TemplateResponse,
    engines,
    get_template,
)
from chainweb.test import RequestFactory

HOW_TO_RENDER = (
    "Call response.render() first: the handler does so after the process_template_response "
    "middleware, and chainweb.shortcuts.render() returns a response that is rendered already."
)


@pytest.fixture
def request_():
    return RequestFactory().get("/page/")


def test_exports():
    assert chainweb.template.TemplateResponse is TemplateResponse
    from chainweb.template.response import TemplateResponse as original

    assert original is TemplateResponse


def test_render_renders_once_and_returns_itself(request_):
    response = TemplateResponse(request_, "hello.html", {"name": "a"})
    assert isinstance(response, HttpResponse)
    assert not response.is_rendered
    assert response.render() is response
    assert response.is_rendered
    assert response.content == b"Hello a!"
    response.context_data["name"] = "b"
    assert response.render() is response
    assert response.content == b"Hello a!"  # not rendered again


def test_attributes_and_defaults(request_):
    response = TemplateResponse(request_, "hello.html")
    assert response.template_name == "hello.html"
    assert response.context_data is None
    assert response.using is None
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.render().content == b"Hello !"


def test_constructor_arguments(request_):
    response = TemplateResponse(
        request_,
        "hello.html",
        {"name": "x"},
        content_type="text/plain; charset=latin-1",
        status=201,
        charset="latin-1",
        using="jinja2",
        headers={"X-Extra": "1"},
    )
    response.render()
    assert response.status_code == 201
    assert response["Content-Type"] == "text/plain; charset=latin-1"
    assert response["X-Extra"] == "1"
    assert response.charset == "latin-1"
    assert response.content == b"Hello x!"


def test_keyword_construction_as_template_view_does(request_):
    response = TemplateResponse(
        request=request_,
        template=["missing.html", "hello.html"],
        context={"name": "kw"},
        using=None,
        content_type=None,
    )
    assert response.render().content == b"Hello kw!"


def test_request_is_given_to_the_template(request_):
    response = TemplateResponse(request_, "request.html")
    assert response.render().content == b"path=/page/"


def test_simple_template_response_has_no_request():
    template = engines["jinja2"].from_string("[{{ request }}]")
    assert SimpleTemplateResponse(template).render().content == b"[]"


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("hello.html", id="name"),
        pytest.param(["missing.html", "hello.html"], id="list of names"),
        pytest.param(("hello.html",), id="tuple of names"),
        pytest.param(None, id="template object"),
    ],
)
def test_template_forms(request_, template):
    if template is None:
        template = get_template("hello.html")
    response = TemplateResponse(request_, template, {"name": "t"})
    assert response.render().content == b"Hello t!"


def test_rendered_content_uses_current_values_without_storing(request_):
    response = TemplateResponse(request_, "hello.html", {"name": "one"})
    assert response.rendered_content == "Hello one!"
    response.template_name = "context.html"
    response.context_data = {"greeting": "hi", "name": "two"}
    assert response.rendered_content == "hi, two"
    assert not response.is_rendered


@pytest.mark.parametrize(
    ("read", "action"),
    [
        pytest.param(lambda response: response.content, "accessed", id="content"),
        pytest.param(lambda response: response.get_data(), "accessed", id="get_data"),
        pytest.param(lambda response: response.get_data(as_text=True), "accessed", id="text"),
        pytest.param(lambda response: list(response), "iterated over", id="iteration"),
        pytest.param(lambda response: list(response.iter_encoded()), "iterated over", id="iter"),
        pytest.param(
            lambda response: response(_environ(), lambda *args: None), "sent", id="WSGI call"
        ),
    ],
)
def test_reading_before_rendering_is_refused(request_, read, action):
    response = TemplateResponse(request_, "hello.html")
    with pytest.raises(ContentNotRenderedError) as info:
        read(response)
    assert str(info.value) == (
        f"The response content must be rendered before it can be {action}. " + HOW_TO_RENDER
    )


def _environ():
    environ = {"REQUEST_METHOD": "GET"}
    wsgiref.util.setup_testing_defaults(environ)
    return environ


def test_reading_after_rendering(request_):
    response = TemplateResponse(request_, "hello.html", {"name": "r"})
    response.render()
    assert response.get_data(as_text=True) == "Hello r!"
    assert b"".join(response) == b"Hello r!"
    started = []
    body = response(_environ(), lambda status, headers: started.append(status))
    assert b"".join(body) == b"Hello r!"
    assert started == ["200 OK"]
    assert response["Content-Length"] == "8"


def test_setting_content_counts_as_rendered(request_):
    response = TemplateResponse(request_, "missing.html")
    response.content = "set by hand"
    assert response.is_rendered
    assert response.render() is response  # the missing template is never loaded
    assert response.content == b"set by hand"


def test_repr(request_):
    response = TemplateResponse(request_, "hello.html")
    assert repr(response) == (
        '<TemplateResponse status_code=200, "text/html; charset=utf-8", '
        "template='hello.html', not rendered>"
    )
    response.render()
    assert repr(response).endswith("template='hello.html', rendered>")


def test_missing_template_is_raised_by_render(request_):
    response = TemplateResponse(request_, ["a.html", "b.html"])
    with pytest.raises(TemplateDoesNotExist, match="None of the templates 'a.html', 'b.html'"):
        response.render()
    assert not response.is_rendered


def test_post_render_callbacks_run_in_order(request_):
    calls = []
    response = TemplateResponse(request_, "hello.html", {"name": "cb"})
    response.add_post_render_callback(lambda r: calls.append(("first", r.content)))
    response.add_post_render_callback(lambda r: calls.append(("second", r.is_rendered)))
    assert calls == []
    assert response.render() is response
    assert calls == [("first", b"Hello cb!"), ("second", True)]
    response.render()
    assert len(calls) == 2  # not again


def test_post_render_callback_can_replace_the_response(request_):
    replacement = HttpResponse("replaced")
    seen = []
    response = TemplateResponse(request_, "hello.html")
    response.add_post_render_callback(lambda r: replacement)
    response.add_post_render_callback(seen.append)
    assert response.render() is replacement
    assert seen == [replacement]  # later callbacks get the replacement


def test_post_render_callback_added_after_rendering_runs_at_once(request_):
    calls = []
    response = TemplateResponse(request_, "hello.html").render()
    response.add_post_render_callback(calls.append)
    assert calls == [response]


def test_resolve_context_can_be_overridden(request_):
    class Upper(TemplateResponse):
        def resolve_context(self, context):
            return {key: value.upper() for key, value in context.items()}

    assert Upper(request_, "hello.html", {"name": "up"}).render().content == b"Hello UP!"
