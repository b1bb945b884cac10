"""GZipMiddleware, and the gzip helpers in chainweb.utils.text."""

from __future__ import annotations

import gzip
import struct
import time
import zlib

import pytest

from chainweb.http import HttpResponse, StreamingHttpResponse
from chainweb.middleware.gzip import GZipMiddleware, accepts_gzip
from chainweb.test import Client, RequestFactory, override_settings
from chainweb.utils.text import compress_sequence, compress_string

from .gzip_urls import CHUNKS, LONG_TEXT, RANDOM_BYTES

GZIP = "chainweb.middleware.gzip.GZipMiddleware"
CONDITIONAL_GET = "chainweb.middleware.http.ConditionalGetMiddleware"


@pytest.fixture
def client():
    with override_settings(ROOT_URLCONF="tests.middleware.gzip_urls", MIDDLEWARE=[GZIP]):
        yield Client()


def filename_length(data: bytes) -> int:
    """Return the length of the FNAME field of a gzip member (-1 if it has none)."""
    assert data[:3] == b"\x1f\x8b\x08"
    if not data[3] & 0x08:
        return -1
    return data.index(b"\x00", 10) - 10


# -- Accept-Encoding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_encoding", "accepted"),
    [
        pytest.param("gzip", True, id="gzip"),
        pytest.param("gzip, deflate, br, zstd", True, id="browser"),
        pytest.param("GZIP", True, id="case"),
        pytest.param("x-gzip", True, id="x-gzip alias"),
        pytest.param("deflate, gzip;q=0.5", True, id="with quality"),
        pytest.param("gzip ; q=1.000", True, id="spaces, q=1.000"),
        pytest.param("gzip;q=0", False, id="q=0 refuses"),
        pytest.param("gzip;q=0.000", False, id="q=0.000 refuses"),
        pytest.param("*", True, id="star"),
        pytest.param("*;q=0", False, id="star refused"),
        pytest.param("*, gzip;q=0", False, id="gzip refused beats star"),
        pytest.param("*;q=0, gzip", True, id="gzip named beats star refused"),
        pytest.param("identity", False, id="identity"),
        pytest.param("deflate, br", False, id="others"),
        pytest.param("", False, id="empty"),
        pytest.param("gzipped", False, id="not a token"),
        pytest.param("notgzip", False, id="suffix"),
        pytest.param("gzip;q=2", False, id="quality too big: ignored"),
        pytest.param("gzip;q=nan", False, id="quality nan: ignored"),
        pytest.param("gzip;q=", False, id="quality empty: ignored"),
        pytest.param("gzip;level=9", True, id="other parameter"),
        pytest.param(",,;;gzip", False, id="garbage before"),
        pytest.param(",, gzip ,;", True, id="empty items"),
    ],
)
def test_accepts_gzip(accept_encoding, accepted):
    assert accepts_gzip(accept_encoding) is accepted


@pytest.mark.parametrize(
    "accept_encoding",
    [
        pytest.param("gzip;q=0, " * 100_000, id="100k refusals"),
        pytest.param("br;" * 300_000 + "gzip", id="semicolons"),
        pytest.param("*" * 1_000_000, id="a million stars"),
        pytest.param("gzip;q=" + "0" * 1_000_000, id="long quality"),
        pytest.param(" " * 1_000_000 + "gzip", id="whitespace"),
    ],
)
def test_huge_accept_encoding_is_answered_quickly(accept_encoding):
    start = time.perf_counter()
    accepts_gzip(accept_encoding)
    assert time.perf_counter() - start < 0.5


def test_huge_accept_encoding_is_not_a_500(client):
    response = client.get("/long/", headers={"Accept-Encoding": "gzip;q=0, " * 5_000 + "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"


# -- The middleware, through the client -----------------------------------------------------

# (path, method, Accept-Encoding) -> (Content-Encoding, Vary, body after decoding)
CASES = [
    pytest.param("/long/", "GET", "gzip", "gzip", "Accept-Encoding", LONG_TEXT, id="compressed"),
    pytest.param("/long/", "GET", None, None, "Accept-Encoding", LONG_TEXT, id="not accepted"),
    pytest.param("/long/", "GET", "br", None, "Accept-Encoding", LONG_TEXT, id="other coding"),
    pytest.param("/long/", "GET", "gzip;q=0", None, "Accept-Encoding", LONG_TEXT, id="refused"),
    pytest.param("/long/", "HEAD", "gzip", "gzip", "Accept-Encoding", "", id="HEAD"),
    pytest.param("/short/", "GET", "gzip", None, None, "too short to be worth it", id="short"),
    pytest.param(
        "/incompressible/",
        "GET",
        "gzip",
        None,
        "Accept-Encoding",
        RANDOM_BYTES,
        id="would grow",
    ),
    pytest.param("/encoded/", "GET", "gzip", "identity", None, LONG_TEXT, id="already encoded"),
    pytest.param("/partial/", "GET", "gzip", None, None, LONG_TEXT, id="206 range"),
    pytest.param(
        "/vary-cookie/", "GET", "gzip", "gzip", "Cookie, Accept-Encoding", LONG_TEXT, id="vary"
    ),
    pytest.param(
        "/stream/", "GET", "gzip", "gzip", "Accept-Encoding", b"".join(CHUNKS), id="streaming"
    ),
    pytest.param(
        "/stream/", "GET", None, None, "Accept-Encoding", b"".join(CHUNKS), id="stream plain"
    ),
    pytest.param("/empty-stream/", "GET", "gzip", "gzip", "Accept-Encoding", b"", id="empty"),
    pytest.param("/file/", "GET", "gzip", "gzip", "Accept-Encoding", LONG_TEXT, id="file"),
]


@pytest.mark.parametrize(("path", "method", "accept", "encoding", "vary", "body"), CASES)
def test_gzip_middleware(client, path, method, accept, encoding, vary, body):
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    response = client.generic(method, path, headers=headers)
    assert response.status_code in (200, 206)
    assert response.headers.get("Content-Encoding") == encoding
    assert response.headers.get("Vary") == vary
    data = response.get_data()
    if method == "HEAD":
        assert data == b""
        return
    if encoding == "gzip":
        data = gzip.decompress(data)
    expected = body.encode() if isinstance(body, str) else body
    assert data == expected
    if response.streaming:  # the compressed length is not known before the end
        assert "Content-Length" not in response.headers
    else:
        assert response.headers["Content-Length"] == str(len(response.get_data()))


def test_head_gets_the_headers_of_get(client):
    get = client.get("/long/", headers={"Accept-Encoding": "gzip"})
    head = client.head("/long/", headers={"Accept-Encoding": "gzip"})
    assert head.headers["Content-Encoding"] == get.headers["Content-Encoding"] == "gzip"
    # The padding is random: the lengths are those of two compressions, each smaller.
    assert int(head.headers["Content-Length"]) < len(LONG_TEXT)
    assert int(get.headers["Content-Length"]) < len(LONG_TEXT)


@pytest.mark.parametrize(
    ("path", "etag"),
    [
        pytest.param("/strong-etag/", 'W/"v1"', id="strong made weak"),
        pytest.param("/weak-etag/", 'W/"v1"', id="weak kept"),
        pytest.param("/long/", None, id="none added"),
    ],
)
def test_etag_is_weak_when_compressed(client, path, etag):
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers.get("ETag") == etag


def test_etag_stays_strong_when_not_compressed(client):
    response = client.get("/strong-etag/")
    assert response.headers["ETag"] == '"v1"'


def test_streaming_chunks_arrive_compressed_one_by_one():
    """Each chunk the view yields is flushed: what arrived so far decompresses to it."""
    produced = []

    def chunks():
        for chunk in CHUNKS:
            produced.append(chunk)
            yield chunk

    request = RequestFactory().get("/", headers={"Accept-Encoding": "gzip"})
    response = GZipMiddleware(lambda request: StreamingHttpResponse(chunks()))(request)
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    body = response.streaming_content
    received = b""
    for expected in (CHUNKS[0], CHUNKS[2], CHUNKS[3]):
        received += decompressor.decompress(next(body))
        assert received.endswith(expected)
        assert received == b"".join(produced)
    received += decompressor.decompress(next(body))  # the trailer
    assert decompressor.eof
    assert received == b"".join(CHUNKS)
    with pytest.raises(StopIteration):
        next(body)


def test_streaming_generator_is_closed_with_the_response():
    closed = []

    def chunks():
        try:
            yield b"x" * 300
            yield b"y" * 300
        finally:
            closed.append(True)

    request = RequestFactory().get("/", headers={"Accept-Encoding": "gzip"})
    response = GZipMiddleware(lambda request: StreamingHttpResponse(chunks()))(request)
    next(iter(response.streaming_content))
    response.close()
    assert closed == [True]


def test_gzip_then_conditional_get_stack():
    """GZip outside ConditionalGet: the ETag of the body is weak, and still matches."""
    settings = {"ROOT_URLCONF": "tests.middleware.gzip_urls", "MIDDLEWARE": [GZIP, CONDITIONAL_GET]}
    with override_settings(**settings):
        client = Client()
        first = client.get("/long/", headers={"Accept-Encoding": "gzip"})
        etag = first.headers["ETag"]
        assert etag.startswith('W/"')
        assert gzip.decompress(first.get_data()) == LONG_TEXT.encode()
        again = client.get("/long/", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag  # the 304 says what the 200 said
    assert again.headers["Vary"] == "Accept-Encoding"
    assert "Content-Encoding" not in again.headers


@pytest.mark.parametrize(
    ("accept", "etag", "vary"),
    [
        pytest.param("gzip", 'W/"v1"', "Accept-Encoding", id="gzip: weak"),
        pytest.param(None, '"v1"', "Accept-Encoding", id="no gzip: strong"),
    ],
)
def test_not_modified_gets_vary_and_weak_etag(accept, etag, vary):
    from chainweb.http import HttpResponseNotModified

    def view(request):
        response = HttpResponseNotModified()
        response["ETag"] = '"v1"'
        return response

    headers = {"Accept-Encoding": accept} if accept else {}
    response = GZipMiddleware(view)(RequestFactory().get("/", headers=headers))
    assert response.status_code == 304
    assert response.headers["ETag"] == etag
    assert response.headers["Vary"] == vary
    assert "Content-Encoding" not in response.headers


def test_middleware_needs_get_response():
    with pytest.raises(ValueError, match="GZipMiddleware needs get_response: it is called"):
        GZipMiddleware(None)  # type: ignore[arg-type]


def test_repr():
    def view(request):
        return HttpResponse()

    assert repr(GZipMiddleware(view)) == ("<GZipMiddleware get_response=test_repr.<locals>.view>")


# -- compress_string and compress_sequence ---------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"a", LONG_TEXT.encode(), RANDOM_BYTES, bytes(range(256)) * 1000],
    ids=["empty", "one byte", "text", "random", "binary"],
)
def test_compress_string_round_trip(data):
    assert gzip.decompress(compress_string(data)) == data
    assert gzip.decompress(compress_string(data, max_random_bytes=100)) == data


def test_compress_string_without_padding_is_deterministic():
    data = LONG_TEXT.encode()
    assert compress_string(data) == compress_string(data)
    assert filename_length(compress_string(data)) == -1


def test_compress_string_padding_is_random_and_bounded():
    data = LONG_TEXT.encode()
    outputs = [compress_string(data, max_random_bytes=100) for _ in range(30)]
    # Two compressions of the same body differ (30 equal lengths out of 101: never).
    assert len(set(outputs)) > 1
    assert len({len(output) for output in outputs}) > 1
    for output in outputs:
        assert gzip.decompress(output) == data
        assert 0 <= filename_length(output) <= 100


def test_gzip_middleware_output_is_padded(client):
    bodies = [
        client.get("/long/", headers={"Accept-Encoding": "gzip"}).get_data() for _ in range(20)
    ]
    assert len(set(bodies)) > 1
    assert all(gzip.decompress(body) == LONG_TEXT.encode() for body in bodies)


def test_compress_string_trailer():
    data = b"chainweb" * 100
    output = compress_string(data)
    assert struct.unpack("<II", output[-8:]) == (zlib.crc32(data), len(data))


@pytest.mark.parametrize("flush_each", [True, False])
@pytest.mark.parametrize("max_random_bytes", [None, 100])
def test_compress_sequence_round_trip(flush_each, max_random_bytes):
    chunks = [b"", b"abc" * 100, RANDOM_BYTES, b"", LONG_TEXT.encode()]
    output = list(
        compress_sequence(chunks, max_random_bytes=max_random_bytes, flush_each=flush_each)
    )
    assert all(output)
    assert gzip.decompress(b"".join(output)) == b"".join(chunks)


def test_compress_sequence_of_nothing():
    output = list(compress_sequence([]))
    assert len(output) == 1
    assert gzip.decompress(output[0]) == b""


def test_body_iterable_handed_on_is_left_alone():
    """A non-streaming response whose body is still an iterable is not read here."""
    from werkzeug.wrappers import Response

    from chainweb.http import make_response

    def view(request):
        return make_response(Response(iter([b"x" * 500])))

    request = RequestFactory().get("/", headers={"Accept-Encoding": "gzip"})
    response = GZipMiddleware(view)(request)
    assert "Content-Encoding" not in response.headers
    assert response.get_data() == b"x" * 500


def test_not_modified_with_content_encoding_is_left_alone():
    from chainweb.http import HttpResponseNotModified

    def view(request):
        response = HttpResponseNotModified()
        response["ETag"] = '"v1"'
        response["Content-Encoding"] = "br"
        return response

    response = GZipMiddleware(view)(RequestFactory().get("/", headers={"Accept-Encoding": "gzip"}))
    assert response.headers["ETag"] == '"v1"'
    assert "Vary" not in response.headers
