"""Malformed requests through the real handler: a 4xx with a short reason, and serving goes on."""

import io
import json

import pytest
from werkzeug.test import EnvironBuilder

from chainweb.core.handlers.wsgi import WSGIHandler
from chainweb.test import override_settings

URLS = "tests.core.handlers.bad_input_urls"


@pytest.fixture
def handler():
    with override_settings(
        ROOT_URLCONF=URLS,
        MIDDLEWARE=[],
        ALLOWED_HOSTS=["testserver"],
        DATA_UPLOAD_MAX_MEMORY_SIZE=50_000,
        DATA_UPLOAD_MAX_NUMBER_FIELDS=10,
    ):
        yield WSGIHandler()


def call(handler, environ):
    """Run one request through the WSGI handler; return (status code, body text)."""
    started = []

    def start_response(status, headers, exc_info=None):
        started.append(status)

    body_iter = handler(environ, start_response)
    try:
        body = b"".join(body_iter)
    finally:
        getattr(body_iter, "close", lambda: None)()
    return int(started[0].split()[0]), body.decode("utf-8", "replace")


def environ(path="/body/", method="POST", body=b"", headers=None, **extra):
    built = EnvironBuilder(
        path=path, method=method, base_url="http://testserver", headers=headers or {}
    ).get_environ()
    built["wsgi.input"] = io.BytesIO(body)
    built["CONTENT_LENGTH"] = str(len(body))
    built.update(extra)
    return built


def chunked(body):
    return {
        "HTTP_TRANSFER_ENCODING": "chunked",
        "wsgi.input_terminated": True,
        "CONTENT_LENGTH": "",
        "wsgi.input": io.BytesIO(body),
    }


CASES = [
    pytest.param(environ(body=b"x" * 50_001), 413, id="body over DATA_UPLOAD_MAX_MEMORY_SIZE"),
    pytest.param(environ(**chunked(b"x" * 60_000)), 413, id="chunked body over the limit"),
    pytest.param(
        environ(
            "/form/",
            body=b"&".join(b"f%d=1" % i for i in range(11)),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        400,
        id="too many fields",
    ),
    pytest.param(environ(CONTENT_LENGTH="abc"), 400, id="Content-Length abc"),
    pytest.param(environ(CONTENT_LENGTH="-1"), 400, id="Content-Length -1"),
    pytest.param(
        environ(body=b"short", CONTENT_LENGTH="50"), 400, id="body shorter than Content-Length"
    ),
    pytest.param(
        environ("/form/", body=b"--x\r\nbroken", headers={"Content-Type": "multipart/form-data"}),
        400,
        id="multipart without boundary",
    ),
    pytest.param(
        environ("/json/", body=b"{not json", headers={"Content-Type": "application/json"}),
        400,
        id="malformed JSON",
    ),
    pytest.param(
        environ(
            "/json/",
            body=b"[" * 10_000 + b"]" * 10_000,
            headers={"Content-Type": "application/json"},
        ),
        400,
        id="JSON nested too deeply",
    ),
    pytest.param(
        environ("/json/", body=b'{"a": 1}', headers={"Content-Type": "text/plain"}),
        400,
        id="JSON with the wrong content type",
    ),
    pytest.param(
        environ("/body/", method="GET", HTTP_HOST="evil.example"), 400, id="Host not allowed"
    ),
    pytest.param(environ("/body/", method="GET", HTTP_HOST="bad host!"), 400, id="malformed Host"),
    pytest.param(environ("/body/", method="GET", PATH_INFO="/p/a\x00b"), 400, id="NUL in path"),
    pytest.param(
        environ("/body/", method="GET", PATH_INFO="/p/\xff\xfe"), 400, id="invalid UTF-8 in path"
    ),
]


@pytest.mark.parametrize(("request_environ", "status"), CASES)
def test_bad_request_gets_a_4xx_and_serving_goes_on(handler, request_environ, status):
    code, body = call(handler, request_environ)
    assert code == status
    assert "Traceback" not in body
    assert len(body) < 2000
    # The same handler still serves a good request afterwards.
    assert call(handler, environ("/body/", body=b"fine")) == (200, "fine")


def test_raw_non_utf8_byte_in_query_string(handler):
    request_environ = environ("/query/", method="GET")
    request_environ["QUERY_STRING"] = "a=%FF&b=\xff"  # a raw byte, as the server passes it
    code, body = call(handler, request_environ)
    # Bytes that are not UTF-8 stay percent-encoded rather than fail or turn into U+FFFD.
    assert (code, body) == (200, "a=%FF,b=%FF")


def test_utf8_path_is_fine(handler):
    request_environ = environ("/p/x", method="GET")
    request_environ["PATH_INFO"] = "/p/caf\xc3\xa9"  # 'café' as the server passes it
    assert call(handler, request_environ) == (200, "café")


def test_good_json_round_trip(handler):
    request_environ = environ(
        "/json/",
        body=json.dumps({"a": [1, 2]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    assert call(handler, request_environ) == (200, '{"got": {"a": [1, 2]}}')
