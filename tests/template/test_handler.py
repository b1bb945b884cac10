"""Templates through the real handler: escaping, middleware hooks, errors, the test client."""

import logging

import pytest

from chainweb.core.signals import template_rendered
from chainweb.template import TemplateDoesNotExist, TemplateSyntaxError
from chainweb.test import Client, override_settings
from chainweb.test.client import ContextList
from tests.template import middleware
from tests.template.settings import TEMPLATES_DIR, jinja2_templates

MIDDLEWARE = "tests.template.middleware."


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


# Bad input is escaped.


@pytest.mark.parametrize(
    ("url", "query", "expected"),
    [
        pytest.param(
            '/greet/<img src=x onerror="alert(1)">/',
            None,
            "<p>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</p>",
            id="URL kwarg",
        ),
        pytest.param(
            "/search/",
            {"q": "<script>alert(1)</script>"},
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
            id="query value",
        ),
    ],
)
def test_html_in_user_input_is_escaped(client, url, query, expected):
    response = client.get(url, query)
    assert response.status_code == 200
    assert response.text == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param('"onmouseover="x', id="attribute breakout"),
        pytest.param("'&<>", id="special characters"),
    ],
)
def test_quotes_and_ampersands_are_escaped(client, value):
    response = client.get("/search/", {"q": value})
    body = response.text
    assert value not in body
    assert body.strip() == (
        "<p>"
        + value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
        + "</p>"
    )


def test_values_given_to_url_are_quoted_and_escaped(client):
    response = client.get('/link/"><script>/')
    assert response.status_code == 200
    assert response.text.strip() == (
        '<a href="/named/%22%3E%3Cscript%3E/">&#34;&gt;&lt;script&gt;</a>'
    )


# Middleware hooks.


def test_process_template_response_changes_template_and_context_before_rendering(client):
    with override_settings(
        MIDDLEWARE=[MIDDLEWARE + "SwapTemplate"],
        TEMPLATES=jinja2_templates(),
        ROOT_URLCONF="tests.template.urls",
    ):
        response = client.get("/swap/")
    assert response.status_code == 200
    assert response.text == "Swapped: changed by middleware, view"
    assert middleware.calls == [("process_template_response", False)]
    assert [template.name for template in response.templates] == ["swapped.html"]
    assert response.context["greeting"] == "changed by middleware"


@pytest.mark.parametrize(
    ("name", "exception"),
    [
        pytest.param("missing.html", TemplateDoesNotExist, id="missing"),
        pytest.param("broken.html", TemplateSyntaxError, id="syntax error"),
        pytest.param("runtime_error.html", ZeroDivisionError, id="error while rendering"),
        pytest.param("include_missing.html", TemplateDoesNotExist, id="missing include"),
    ],
)
def test_rendering_errors_go_to_process_exception(client, name, exception):
    with override_settings(MIDDLEWARE=[MIDDLEWARE + "HandleException"]):
        response = client.get(f"/show/{name}/")
    assert response.status_code == 503
    assert response.text == f"handled {exception.__name__}"
    [(hook, error)] = middleware.calls
    assert hook == "process_exception"
    assert type(error) is exception


# Broken or missing templates: a 500 and a log line, never a partial page.


@pytest.mark.parametrize(
    ("view", "name", "exception", "message"),
    [
        pytest.param(
            "show",
            "missing.html",
            TemplateDoesNotExist,
            f"Template 'missing.html' does not exist. Searched:\n- {TEMPLATES_DIR}/missing.html",
            id="missing, deferred",
        ),
        pytest.param(
            "shortcut",
            "missing.html",
            TemplateDoesNotExist,
            "Template 'missing.html' does not exist.",
            id="missing, render() in the view",
        ),
        pytest.param(
            "show",
            "broken.html",
            TemplateSyntaxError,
            "Syntax error in template 'broken.html'",
            id="syntax error, deferred",
        ),
        pytest.param(
            "shortcut",
            "broken.html",
            TemplateSyntaxError,
            "Syntax error in template 'broken.html'",
            id="syntax error, render() in the view",
        ),
        pytest.param(
            "show",
            "runtime_error.html",
            ZeroDivisionError,
            "integer division or modulo by zero",
            id="error half-way, deferred",
        ),
        pytest.param(
            "shortcut",
            "include_missing.html",
            TemplateDoesNotExist,
            "Template 'nowhere.html' does not exist.",
            id="missing include after output, render() in the view",
        ),
    ],
)
def test_broken_template_gives_500_and_a_log_line(client, caplog, view, name, exception, message):
    with caplog.at_level(logging.ERROR, logger="chainweb.request"):
        response = client.get(f"/{view}/{name}/")
    assert response.status_code == 500
    for partial in ("BEGIN", "BEFORE", "first line", "Hello"):
        assert partial not in response.text
    assert "<h1>Server Error (500)</h1>" in response.text
    [record] = [record for record in caplog.records if record.name == "chainweb.request"]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == f"500 INTERNAL SERVER ERROR: /{view}/{name}/"
    error = record.exc_info[1]
    assert type(error) is exception
    assert str(error).startswith(message)
    assert str(error) in caplog.text  # the traceback in the log names what went wrong


def test_the_client_raises_the_template_error_by_default():
    with pytest.raises(TemplateDoesNotExist, match="Template 'missing.html' does not exist."):
        Client().get("/show/missing.html/")


# The DEBUG page.


def test_debug_page_shows_the_template_error_escaped(client):
    with override_settings(DEBUG=True):
        response = client.get("/show/broken_markup.html/")
    assert response.status_code == 500
    body = response.text
    assert "<h2>Template error</h2>" in body
    assert (
        f"<p>In template <code>broken_markup.html</code> (<code>{TEMPLATES_DIR}/"
        "broken_markup.html</code>), error at line 2</p>"
    ) in body
    assert "<pre>unexpected &#x27;}&#x27;</pre>" in body
    assert '<pre class="code">&lt;b&gt;{{ x }&lt;/b&gt;</pre>' in body
    assert '<tr class="error"><th>2</th><td><pre>&lt;b&gt;{{ x }&lt;/b&gt;</pre></td></tr>' in body
    assert "<tr><th>1</th><td><pre>&lt;p&gt;ok&lt;/p&gt;</pre></td></tr>" in body
    assert "<b>{{ x }</b>" not in body
    assert body.index("Template error") < body.index("<h2>Traceback</h2>")


def test_debug_page_shows_the_line_of_an_error_while_rendering(client):
    with override_settings(DEBUG=True):
        response = client.get("/show/runtime_error.html/")
    body = response.text
    assert "<p>In template <code>runtime_error.html</code>" in body
    assert "error at line 2</p>" in body
    assert "<pre>ZeroDivisionError: integer division or modulo by zero</pre>" in body


def test_debug_page_lists_the_places_searched_for_a_missing_template(client):
    with override_settings(DEBUG=True):
        response = client.get("/show/include_missing.html/")
    body = response.text
    assert "<h2>Template-loader postmortem</h2>" in body
    assert (
        f"<li><code>{TEMPLATES_DIR}/nowhere.html</code> (Source does not exist; "
        "engine &#x27;jinja2&#x27;, DIRS)</li>"
    ) in body
    assert "<h2>Template error</h2>" in body  # the include's line in include_missing.html
    assert "<code>include_missing.html</code>" in body


def test_debug_page_without_a_template_error_has_no_template_sections(client):
    with override_settings(DEBUG=True, TEMPLATES=[]):
        response = client.get("/show/hello.html/")
    assert response.status_code == 500
    assert "Template error" not in response.text
    assert "<h2>Template-loader postmortem</h2>" in response.text
    assert "<p>No template directory was searched.</p>" in response.text


def test_debug_page_for_other_errors_has_no_template_sections(client):
    with override_settings(DEBUG=True):
        response = client.get("/detail/1/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "Template" not in response.text


# The test client records the templates rendered.


def test_client_records_the_template_and_its_context(client):
    response = client.get("/greet/bob/")
    [template] = response.templates
    assert template.name == "escape.html"
    assert response.context["value"] == "bob"
    assert response.context["request"] is response.wsgi_request


def test_client_records_every_template_in_order(client):
    response = client.get("/two/")
    assert [template.name for template in response.templates] == ["hello.html", "context.html"]
    assert isinstance(response.context, ContextList)
    assert len(response.context) == 2
    assert response.context["name"] == "first"  # the first context that has it
    assert response.context[1]["name"] == "x"
    assert response.context["greeting"] == "Hello first!"
    assert "greeting" in response.context
    assert "nope" not in response.context
    assert 0 not in response.context
    assert response.context.get("nope", "default") == "default"
    assert response.context.keys() == {"name", "greeting", "request", "csrf_input", "csrf_token"}
    with pytest.raises(KeyError):
        response.context["nope"]


def test_client_records_nothing_without_templates(client):
    response = client.get("/detail/1/")
    assert response.templates == []
    assert response.context is None


def test_client_records_each_request_separately(client):
    first = client.get("/greet/a/")
    second = client.get("/swap/")
    assert [template.name for template in first.templates] == ["escape.html"]
    assert [template.name for template in second.templates] == ["context.html"]


def test_client_records_the_template_of_a_failed_render(client):
    response = client.get("/show/runtime_error.html/")
    assert response.status_code == 500
    assert [template.name for template in response.templates] == ["runtime_error.html"]
    assert response.context["zero"] == 0


def test_client_ignores_templates_rendered_in_other_threads(client):
    response = client.get("/thread/")
    assert [template.name for template in response.templates] == ["hello.html"]
    assert response.context["name"] == "request"


def test_template_rendered_signal(client):
    seen = []

    def receiver(sender, **kwargs):
        seen.append((sender.name, kwargs["context"]["name"], kwargs["request"]))

    with template_rendered.connected_to(receiver):
        response = client.get("/show/hello.html/")
    assert seen == [("hello.html", "world", response.wsgi_request)]
    assert not template_rendered.receivers  # the client disconnects after each request
