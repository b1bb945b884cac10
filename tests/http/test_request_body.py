"""Request bodies: Content-Length checks, size limits (chunked too) and short bodies."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from chainweb.core.exceptions import BadRequest, RequestDataTooBig
from chainweb.http import Request
from chainweb.test import override_settings

from .utils import body_request, chunked_request, environ

TOO_BIG = (
    "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE (10 bytes). Send a smaller "
    "body, or raise DATA_UPLOAD_MAX_MEMORY_SIZE (None disables the check)."
)

#: The ways a view reads the body; each must apply the same checks.
READERS: list[Any] = [
    pytest.param(lambda request: request.body, id="body"),
    pytest.param(lambda request: request.get_data(), id="get_data()"),
    pytest.param(lambda request: request.data, id="data"),
    pytest.param(lambda request: request.get_json(force=True), id="get_json(force=True)"),
]

Reader = Callable[[Request], object]


def input_position(request: Request) -> int:
    return int(request.environ["wsgi.input"].tell())


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("abc", id="letters"),
        pytest.param("-1", id="negative"),
        pytest.param("1.5", id="fraction"),
        pytest.param("+5", id="plus sign"),
        pytest.param("5x", id="trailing junk"),
        pytest.param("1 2", id="two numbers"),
        pytest.param("\u0663", id="non-ascii digit"),
        pytest.param("9" * 20, id="twenty digits"),
        pytest.param("9" * 5000, id="five thousand digits"),
    ],
)
@pytest.mark.parametrize("read", READERS)
def test_bad_content_length_is_a_bad_request(value: str, read: Reader) -> None:
    request = body_request(b"hello", value)
    with pytest.raises(BadRequest) as info:
        read(request)
    assert str(info.value) == (
        f"Invalid Content-Length header {value[:40]!r}: it must be the size of the body in "
        "bytes, a non-negative integer."
    )


@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("application/x-www-form-urlencoded", id="urlencoded"),
        pytest.param("multipart/form-data; boundary=x", id="multipart"),
        pytest.param("text/plain", id="not a form"),
    ],
)
def test_bad_content_length_fails_form_parsing_too(content_type: str) -> None:
    request = body_request(b"a=1", "abc", content_type)
    with pytest.raises(BadRequest, match="Invalid Content-Length header 'abc'"):
        request.POST  # noqa: B018
    assert request.POST == {}  # Parsed once; error pages can read an empty form.


@pytest.mark.parametrize(
    "value, body",
    [
        pytest.param("5", b"hello", id="exact"),
        pytest.param(" 5 ", b"hello", id="surrounding spaces"),
        pytest.param("3", b"hel", id="longer input cut at Content-Length"),
        pytest.param("0", b"", id="zero"),
        pytest.param("", b"", id="empty header"),
        pytest.param(None, b"", id="no header"),
    ],
)
def test_valid_content_length(value: str | None, body: bytes) -> None:
    assert body_request(b"hello", value).body == body


@pytest.mark.parametrize("read", READERS)
def test_body_shorter_than_content_length_is_a_bad_request(read: Reader) -> None:
    request = body_request(b"hello", "10")
    with pytest.raises(BadRequest) as info:
        read(request)
    assert str(info.value) == (
        "The request body ended after 5 of the 10 bytes its Content-Length announced; the "
        "client disconnected or sent a wrong Content-Length."
    )


class BrokenInput(io.RawIOBase):
    """An input stream whose connection resets after the first bytes."""

    def __init__(self) -> None:
        self.sent = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.sent:
            raise ConnectionResetError("connection reset by peer")
        self.sent = True
        buffer[:2] = b"he"
        return 2


def test_connection_reset_while_reading_is_a_bad_request() -> None:
    env = environ("/", method="POST")
    env.update({"wsgi.input": BrokenInput(), "CONTENT_LENGTH": "5"})
    with pytest.raises(BadRequest, match="ended after 2 of the 5 bytes") as info:
        Request(env).body  # noqa: B018
    assert isinstance(info.value.__cause__, ConnectionResetError)


def test_short_multipart_body_is_a_bad_request() -> None:
    body = b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'
    request = body_request(body, str(len(body) + 50), "multipart/form-data; boundary=x")
    with pytest.raises(BadRequest, match=f"ended after {len(body)} of the {len(body) + 50}"):
        request.POST  # noqa: B018


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
@pytest.mark.parametrize("read", READERS)
def test_content_length_over_the_limit_fails_before_reading(read: Reader) -> None:
    request = body_request(b"x" * 11, "11")
    with pytest.raises(RequestDataTooBig) as info:
        read(request)
    assert str(info.value) == TOO_BIG
    assert input_position(request) == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_body_at_the_limit_is_read() -> None:
    assert body_request(b"x" * 10, "10").body == b"x" * 10


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None)
def test_no_limit_when_the_setting_is_none() -> None:
    body = b"x" * 200_000
    assert body_request(body, str(len(body))).body == body
    assert chunked_request(body).body == body


@pytest.mark.parametrize(
    "size",
    [
        pytest.param(0, id="empty"),
        pytest.param(9, id="under"),
        pytest.param(10, id="at the limit"),
    ],
)
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_chunked_body_within_the_limit(size: int) -> None:
    assert chunked_request(b"y" * size).body == b"y" * size


@pytest.mark.parametrize(
    "size",
    [pytest.param(11, id="one byte over"), pytest.param(10_000_000, id="ten megabytes")],
)
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
@pytest.mark.parametrize("read", READERS)
def test_chunked_body_over_the_limit_reads_one_byte_past_it_then_fails(
    size: int, read: Reader
) -> None:
    request = chunked_request(b"y" * size)
    with pytest.raises(RequestDataTooBig) as info:
        read(request)
    assert str(info.value) == TOO_BIG
    assert input_position(request) == 11


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_a_failed_read_fails_again_instead_of_returning_the_rest() -> None:
    request = chunked_request(b"y" * 30)
    for _attempt in range(2):
        with pytest.raises(RequestDataTooBig):
            request.body  # noqa: B018
    with pytest.raises(RequestDataTooBig):
        request.get_data(cache=False)
    assert input_position(request) == 11


def test_limit_is_read_from_settings_when_the_body_is_read() -> None:
    request = chunked_request(b"y" * 30)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        assert request.body == b"y" * 30


def test_chunked_body_the_server_did_not_dechunk_is_a_bad_request() -> None:
    request = chunked_request(b"5\r\nhello\r\n0\r\n\r\n", terminated=False)
    with pytest.raises(BadRequest) as info:
        request.body  # noqa: B018
    assert str(info.value) == (
        "The request body is chunked (Transfer-Encoding: chunked), but the WSGI server did not "
        "de-chunk it (it did not set wsgi.input_terminated), so it cannot be read safely. Send "
        "a Content-Length instead, or serve the application with a server that supports "
        "chunked requests, such as gunicorn."
    )


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param("chunked", id="chunked"),
        pytest.param("Chunked", id="any case"),
        pytest.param("gzip, chunked", id="in a list"),
    ],
)
def test_transfer_encoding_chunked_overrides_content_length(encoding: str) -> None:
    request = chunked_request(b"hello world")
    request.environ.update({"HTTP_TRANSFER_ENCODING": encoding, "CONTENT_LENGTH": "5"})
    assert request.body == b"hello world"


def test_terminated_input_without_content_length_is_read_to_its_end() -> None:
    request = chunked_request(b"hello")
    del request.environ["HTTP_TRANSFER_ENCODING"]
    assert request.body == b"hello"


def test_no_content_length_and_no_chunking_means_no_body() -> None:
    request = body_request(b"ignored", None)
    assert request.body == b""


def test_body_is_cached_and_decoded_on_request() -> None:
    request = body_request("héllo".encode(), "6")
    assert request.body == "héllo".encode()
    assert request.get_data(as_text=True) == "héllo"
    assert request.body is request.body


def test_get_data_without_cache_reads_once() -> None:
    request = body_request(b"hello", "5")
    assert request.get_data(cache=False) == b"hello"
    assert request.get_data(cache=False) == b""


def test_shallow_request_refuses_to_read_the_body() -> None:
    request = Request(environ("/", method="POST", data=b"x"), shallow=True)
    with pytest.raises(RuntimeError) as info:
        request.body  # noqa: B018
    assert str(info.value) == (
        "This request was created with 'shallow=True'; reading from the input stream is "
        "disabled. Build the request without shallow=True to read its body."
    )
