"""Request JSON: every bad body is a BadRequest with a short reason, never a 500."""

from __future__ import annotations

import pytest

from chainweb.core.exceptions import BadRequest, RequestDataTooBig
from chainweb.http import Request
from chainweb.test import override_settings

from .utils import body_request, chunked_request


def json_request(body: bytes, content_type: str = "application/json") -> Request:
    return body_request(body, str(len(body)), content_type)


@pytest.mark.parametrize(
    "content_type, body, expected",
    [
        pytest.param(
            "application/json", b'{"a": [1, 2.5, null]}', {"a": [1, 2.5, None]}, id="object"
        ),
        pytest.param("application/json; charset=utf-8", b'"caf\xc3\xa9"', "café", id="charset"),
        pytest.param("application/vnd.api+json", b"[]", [], id="+json type"),
        pytest.param("application/json", '{"a": 1}'.encode("utf-16"), {"a": 1}, id="utf-16"),
        pytest.param("application/json", b"1" * 4000, int("1" * 4000), id="long number"),
    ],
)
def test_valid_json(content_type: str, body: bytes, expected: object) -> None:
    assert json_request(body, content_type).json == expected


def test_reasonably_nested_json_is_parsed() -> None:
    value = json_request(b"[" * 500 + b"]" * 500).json
    for _level in range(499):
        value = value[0]
    assert value == []


@pytest.mark.parametrize(
    "body, reason",
    [
        pytest.param(
            b"",
            "The request body is not valid JSON: Expecting value: line 1 column 1 (char 0).",
            id="empty",
        ),
        pytest.param(
            b"{'a': 1}",
            "The request body is not valid JSON: Expecting property name enclosed in double "
            "quotes: line 1 column 2 (char 1).",
            id="single quotes",
        ),
        pytest.param(
            b'{"a": 1} x',
            "The request body is not valid JSON: Extra data: line 1 column 10 (char 9).",
            id="trailing data",
        ),
        pytest.param(
            b"[" * 10_000 + b"]" * 10_000,
            "The JSON in the request body is nested too deeply.",
            id="10,000 levels",
        ),
        pytest.param(
            b'{"a": ' * 10_000 + b"1" + b"}" * 10_000,
            "The JSON in the request body is nested too deeply.",
            id="10,000 nested objects",
        ),
        pytest.param(
            b"1" * 5_000,
            "The JSON in the request body has a number with too many digits.",
            id="5,000-digit number",
        ),
        pytest.param(
            b'{"n": -' + b"9" * 5_000 + b"}",
            "The JSON in the request body has a number with too many digits.",
            id="5,000-digit number in an object",
        ),
        pytest.param(
            b'"\xff\xfe\xfd"',
            "The JSON in the request body is not UTF-8, UTF-16 or UTF-32 text.",
            id="not utf-8",
        ),
    ],
)
def test_bad_json_is_a_bad_request(body: bytes, reason: str) -> None:
    request = json_request(body)
    with pytest.raises(BadRequest) as info:
        request.get_json()
    assert str(info.value) == reason
    assert info.value.__cause__ is not None
    # silent=True turns every one of these into None.
    assert request.get_json(silent=True) is None


@pytest.mark.parametrize(
    "content_type, shown",
    [
        pytest.param("text/plain", "'text/plain'", id="text"),
        pytest.param(
            "application/x-www-form-urlencoded", "'application/x-www-form-urlencoded'", id="form"
        ),
        pytest.param("", "'(none)'", id="missing"),
    ],
)
def test_wrong_content_type_is_a_bad_request_saying_what_to_send(
    content_type: str, shown: str
) -> None:
    request = json_request(b'{"a": 1}', content_type)
    with pytest.raises(BadRequest) as info:
        request.json  # noqa: B018
    assert str(info.value) == (
        f"The request body was not parsed as JSON because its Content-Type is {shown}; send "
        "it with Content-Type: application/json."
    )
    assert request.get_json(silent=True) is None
    assert request.get_json(force=True) == {"a": 1}


def test_json_is_cached_per_silent_flag() -> None:
    request = json_request(b'{"a": 1}')
    first = request.get_json()
    assert request.get_json() is first
    assert request.get_json(silent=True) is first


def test_failed_json_is_remembered_for_silent_and_raised_again_otherwise() -> None:
    request = json_request(b"nope")
    assert request.get_json(silent=True) is None
    assert request.get_json(silent=True) is None
    with pytest.raises(BadRequest):
        request.get_json()
    with pytest.raises(BadRequest):
        request.get_json()


def test_json_without_cache_parses_each_time() -> None:
    request = json_request(b"[1]")
    request.get_data()  # Keep the body; get_json(cache=False) still reads it.
    first = request.get_json(cache=False)
    assert request.get_json(cache=False) == first
    assert first is not request.get_json(cache=False)


def test_json_without_cache_failing() -> None:
    request = json_request(b"nope")
    assert request.get_json(silent=True, cache=False) is None
    with pytest.raises(BadRequest):
        request.get_json(cache=False)


class LenientRequest(Request):
    def on_json_loading_failed(self, e: Exception | None) -> object:
        return {"error": type(e).__name__}


def test_on_json_loading_failed_may_return_a_value_that_is_cached() -> None:
    request = LenientRequest(json_request(b"nope").environ)
    assert request.get_json() == {"error": "JSONDecodeError"}
    assert request.get_json() is request.get_json()
    assert request.get_json(silent=True) is None


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
@pytest.mark.parametrize("silent", [False, True])
def test_json_over_the_size_limit_raises_even_when_silent(silent: bool) -> None:
    with pytest.raises(RequestDataTooBig):
        chunked_request(b"[" + b"1," * 20 + b"1]", "application/json").get_json(silent=silent)
