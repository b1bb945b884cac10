"""The API functions, the Message class and the storage setting, outside the happy path."""

import pytest
from markupsafe import Markup

from chainweb import messages
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.http import HttpResponse
from chainweb.messages import ERROR, INFO, WARNING, Message, MessageFailure
from chainweb.messages.middleware import MessageMiddleware
from chainweb.messages.storage import default_storage
from chainweb.messages.storage.base import BaseStorage, message_from_list, message_to_list
from chainweb.messages.storage.cookie import CookieStorage
from chainweb.test import RequestFactory, override_settings

from .conftest import COOKIE, make_client


def test_add_message_without_the_middleware_says_how_to_fix_it():
    with make_client(COOKIE, None, MIDDLEWARE=[]) as client:
        with pytest.raises(MessageFailure) as excinfo:
            client.get("/without-middleware/")
    message = str(excinfo.value)
    assert message.startswith("Cannot add a message: the request has no message storage.")
    assert "Add 'chainweb.messages.middleware.MessageMiddleware' to MIDDLEWARE" in message
    assert "fail_silently=True" in message


def test_add_message_without_the_middleware_fail_silently():
    with make_client(COOKIE, None, MIDDLEWARE=[]) as client:
        response = client.get("/without-middleware/", {"silent": "1"})
        assert response.text == "added"
        assert client.get("/show/").json() == []
        assert client.get("/level/").json() == {"level": INFO}


def test_add_message_refuses_something_that_is_not_a_request():
    with pytest.raises(TypeError, match=r"first argument, not 'str': call add_message\(request"):
        messages.add_message("not a request", INFO, "text")


def test_level_functions_without_the_middleware():
    request = RequestFactory().get("/")
    assert messages.get_messages(request) == []
    assert messages.get_level(request) == INFO
    assert messages.set_level(request, ERROR) is False
    with override_settings(MESSAGE_LEVEL=WARNING):
        assert messages.get_level(request) == WARNING


def test_storage_level_and_empty_messages():
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(INFO, "")
    storage.add(INFO, None)
    assert len(storage) == 0
    assert not storage.added_new
    storage.level = ERROR
    storage.add(WARNING, "below")
    storage.add(ERROR, "at the level")
    del storage.level
    assert storage.level == INFO
    storage.add(INFO, 12345)
    assert Message(ERROR, "at the level") in storage
    assert [str(message) for message in storage] == ["at the level", "12345"]
    assert Message(INFO, "12345") in storage
    assert repr(storage) == f"<CookieStorage: request={request!r}>"


def test_message_class():
    message = Message(WARNING, "careful", extra_tags="sticky")
    assert str(message) == "careful"
    assert repr(message) == "Message(level=30, message='careful', extra_tags='sticky')"
    assert repr(Message(INFO, "x")) == "Message(level=20, message='x')"
    assert message == Message(WARNING, "careful")
    assert message != Message(ERROR, "careful")
    assert message != "careful"
    assert message.tags == "sticky warning"
    with pytest.raises(TypeError):
        hash(message)


@pytest.mark.parametrize(
    ("message", "data"),
    [
        pytest.param(Message(INFO, "plain"), [INFO, "plain"], id="plain"),
        pytest.param(Message(INFO, "t", "a b"), [INFO, "t", "a b"], id="extra tags"),
        pytest.param(Message(INFO, Markup("<b>x</b>")), [INFO, "<b>x</b>", "", 1], id="markup"),
        pytest.param(
            Message(INFO, Markup("<b>x</b>"), "e"), [INFO, "<b>x</b>", "e", 1], id="markup, tags"
        ),
    ],
)
def test_message_round_trip(message, data):
    assert message_to_list(message) == data
    back = message_from_list(data)
    assert back == message
    assert back.extra_tags == message.extra_tags
    assert isinstance(back.message, Markup) == isinstance(message.message, Markup)


def test_markup_survives_the_cookie(cookie_client):
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(INFO, Markup("<b>bold</b>"))
    response = HttpResponse()
    storage.update(response)
    value = response.headers["Set-Cookie"].split(";", 1)[0].split("=", 1)[1]
    request = RequestFactory().get("/", headers={"Cookie": f"messages={value}"})
    [message] = CookieStorage(request)
    assert isinstance(message.message, Markup)
    assert message.message == "<b>bold</b>"


def test_base_storage_must_be_subclassed():
    storage = BaseStorage(RequestFactory().get("/"))
    with pytest.raises(NotImplementedError, match="_get"):
        list(storage)
    with pytest.raises(NotImplementedError, match="_store"):
        storage._store([], HttpResponse())


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("chainweb.messages.storage.nope.Storage", "could not be imported"),
        ("chainweb.messages.storage.cookie.Missing", "could not be imported"),
        ("nodots", "could not be imported"),
        ("chainweb.messages.storage.cookie.Message", "is not a message storage class"),
    ],
)
def test_bad_message_storage_setting(path, problem):
    with override_settings(MESSAGE_STORAGE=path):
        with pytest.raises(ImproperlyConfigured) as excinfo:
            default_storage(RequestFactory().get("/"))
    message = str(excinfo.value)
    assert message.startswith(f"MESSAGE_STORAGE = {path!r} {problem}")
    assert "'chainweb.messages.storage.fallback.FallbackStorage'" in message


def test_middleware_leaves_a_request_without_storage_alone():
    response = HttpResponse("x")
    middleware = MessageMiddleware(lambda request: response)
    assert middleware.process_response(RequestFactory().get("/"), response) is response
    assert "Set-Cookie" not in response.headers
