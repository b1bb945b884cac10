"""The request-handling page matches the handler: its hook order lists and its diagram.

The page gives, for an example MIDDLEWARE of three middleware, the order of every step
for three views. This test builds that example with middleware and views that record
what runs, sends real requests through the test client, and compares the recorded
order with the numbered lists parsed from the page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from chainweb.core.handlers.base import BaseHandler
from chainweb.core.signals import got_request_exception, request_finished, request_started
from chainweb.http import Request
from chainweb.template import TemplateResponse
from chainweb.test import Client, override_settings
from chainweb.urls import path

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = DOCS / "topics" / "request-handling.rst"
DIAGRAM = DOCS / "_static" / "request-flow.svg"

#: What ran, in order, for the request being made.
LOG: list[str] = []


class Layer:
    """The page's example middleware, recording each step under the page's label."""

    name = "?"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        LOG.append(f"{self.name}.__call__ before")
        response = self.get_response(request)
        LOG.append(f"{self.name}.__call__ after")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        LOG.append(f"{self.name}.process_view")
        return None

    def process_exception(self, request, exception):
        LOG.append(f"{self.name}.process_exception")
        return None

    def process_template_response(self, request, response):
        LOG.append(f"{self.name}.process_template_response")
        return response


class A(Layer):
    name = "A"


class B(Layer):
    name = "B"


class C(Layer):
    name = "C"


class RecordingTemplateResponse(TemplateResponse):
    def render(self):
        LOG.append("response.render()")
        return super().render()


def hello(request):
    LOG.append("view(request)")
    return "Hello"


def broken(request):
    LOG.append("view(request)")
    raise ValueError("broken")


def page(request):
    LOG.append("view(request)")
    return RecordingTemplateResponse(request, "page.html", {"name": "world"})


urlpatterns = [
    path("hello/", hello),
    path("broken/", broken),
    path("page/", page),
]

#: The page's subsections and the path of the view each one describes.
CASES = {
    "A view that returns a response": "/hello/",
    "A view that raises": "/broken/",
    "A view that returns a TemplateResponse": "/page/",
}


def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    """Return the body of the subsection ``title`` (up to the next title)."""
    lines = text.splitlines()
    start = lines.index(title) + 2  # skip the underline
    end = start
    while end + 1 < len(lines) and not re.fullmatch(r"[~=-]{3,}", lines[end + 1]):
        end += 1
    return "\n".join(lines[start:end])


def documented_order(title: str) -> list[str]:
    """Return the steps of the numbered list under ``title``, as the labels LOG uses.

    A step's label is its first literal; for ``X.__call__``, "before" or "after"
    is added from "runs its code before/after".
    """
    body = section(page_text(), title)
    items = re.findall(r"^(\d+)\. (.+)$", body, flags=re.MULTILINE)
    assert [int(number) for number, _ in items] == list(range(1, len(items) + 1))
    steps = []
    for _, item in items:
        label = re.match(r"``([^`]+)``", item)
        assert label, f"step without a leading literal: {item!r}"
        step = label[1]
        if step.endswith(".__call__"):
            step += " " + re.search(r"runs its code (before|after)", item)[1]
        steps.append(step)
    return steps


@pytest.fixture
def recorded(monkeypatch, tmp_path):
    """Serve this module's URLconf through the page's MIDDLEWARE, recording every step."""
    (tmp_path / "page.html").write_text("Hello {{ name }}")
    real_get_host = Request.get_host
    real_resolve_request = BaseHandler.resolve_request

    def get_host(request):
        LOG.append("request.get_host()")
        return real_get_host(request)

    def resolve_request(handler, request):
        LOG.append("resolve_request()")
        return real_resolve_request(handler, request)

    def started(sender, **kwargs):
        LOG.append("request_started")

    def finished(sender, **kwargs):
        LOG.append("request_finished")

    def exception(sender, **kwargs):
        LOG.append("got_request_exception")

    monkeypatch.setattr(Request, "get_host", get_host)
    monkeypatch.setattr(BaseHandler, "resolve_request", resolve_request)
    LOG.clear()
    with (
        override_settings(
            DEBUG=False,
            ROOT_URLCONF=__name__,
            MIDDLEWARE=[f"{__name__}.{name}" for name in ("A", "B", "C")],
            TEMPLATES=[
                {
                    "BACKEND": "chainweb.template.backends.jinja2.Jinja2",
                    "DIRS": [tmp_path],
                }
            ],
        ),
        request_started.connected_to(started),
        request_finished.connected_to(finished),
        got_request_exception.connected_to(exception),
    ):
        yield Client(raise_request_exception=False)
    LOG.clear()


def test_the_example_middleware_is_a_b_c():
    settings_block = re.search(r"MIDDLEWARE = \[(.*?)\]", page_text(), flags=re.DOTALL)
    names = re.findall(r'"mysite\.middleware\.(\w+)"', settings_block[1])
    assert names == ["A", "B", "C"]


@pytest.mark.parametrize(("title", "url"), CASES.items(), ids=CASES.values())
def test_the_documented_order_is_the_order_the_hooks_run(recorded, title, url):
    expected = documented_order(title)
    response = recorded.get(url)
    assert LOG == expected
    expected_status = 500 if url == "/broken/" else 200
    assert response.status_code == expected_status


def test_the_documented_lists_cover_every_hook():
    steps = {step for title in CASES for step in documented_order(title)}
    for name in "ABC":
        for hook in ("process_view", "process_exception", "process_template_response"):
            assert f"{name}.{hook}" in steps
        assert f"{name}.__call__ before" in steps
        assert f"{name}.__call__ after" in steps


def test_the_template_response_is_rendered_after_the_hooks(recorded):
    response = recorded.get("/page/")
    assert response.text == "Hello world"


def test_the_diagram_is_valid_svg_and_the_page_shows_it():
    root = ElementTree.parse(DIAGRAM).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox")
    text = " ".join(root.itertext())
    for step in ("request_started", "process_view", "process_exception", "request_finished"):
        assert step in text
    figure = re.search(r"^\.\. (?:figure|image):: (\S+)\n((?:   .*\n|\n)*)", page_text(), re.M)
    assert figure, "the page has no figure"
    assert (PAGE.parent / figure[1]).resolve() == DIAGRAM.resolve()
    assert ":alt:" in figure[2]
