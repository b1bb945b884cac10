"""``async def`` views run to their result in an event loop, as Django runs them under WSGI."""

from __future__ import annotations

import asyncio
import threading

import pytest

from chainweb.globals import g, request
from chainweb.http import HttpResponse
from chainweb.test import Client, override_settings
from chainweb.urls import path
from chainweb.views import View

seen: list[str] = []


async def hello(http_request, name):
    await asyncio.sleep(0)
    g.name = name
    return HttpResponse(f"hello {name} at {request.path} ({g.name})")


async def data(http_request):
    await asyncio.sleep(0)
    return {"async": True}


async def fails(http_request):
    await asyncio.sleep(0)
    raise ValueError("async view failed")


async def returns_none(http_request):
    await asyncio.sleep(0)


class Greeting(View):
    async def get(self, http_request):
        await asyncio.sleep(0)
        return HttpResponse(f"get from {threading.current_thread().name}")

    async def post(self, http_request):
        return HttpResponse("posted", status=201)


class Recover:
    """Middleware whose process_exception answers the async view's error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, http_request):
        return self.get_response(http_request)

    def process_exception(self, http_request, exception):
        seen.append(f"{type(exception).__name__}: {exception}")
        return HttpResponse("recovered", status=503)


urlpatterns = [
    path("hello/<str:name>/", hello),
    path("data/", data),
    path("fails/", fails),
    path("none/", returns_none),
    path("greeting/", Greeting.as_view()),
]


@pytest.fixture(autouse=True)
def async_urls():
    seen.clear()
    with override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[]):
        yield


def test_an_async_view_sees_the_request_and_g():
    response = Client().get("/hello/ada/")
    assert response.status_code == 200
    assert response.text == "hello ada at /hello/ada/ (ada)"


def test_an_async_view_may_return_what_views_may():
    assert Client().get("/data/").json() == {"async": True}


def test_async_class_based_view_handlers():
    client = Client()
    assert client.get("/greeting/").text.startswith("get from ")
    assert client.post("/greeting/").status_code == 201
    assert client.put("/greeting/").status_code == 405


def test_an_async_view_error_reaches_process_exception():
    with override_settings(MIDDLEWARE=[f"{__name__}.Recover"]):
        response = Client().get("/fails/")
    assert (response.status_code, response.text) == (503, "recovered")
    assert seen == ["ValueError: async view failed"]


def test_an_async_view_error_is_a_500():
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500


def test_an_async_view_returning_none_is_named():
    with pytest.raises(ValueError, match="returns_none didn't return"):
        Client().get("/none/")


def test_an_async_view_called_while_a_loop_runs_in_the_thread():
    """An async test calling the client: the view runs in a thread with its own loop."""

    async def main():
        return Client().get("/greeting/").text

    text = asyncio.run(main())
    assert text == "get from chainweb-async-view_0"
