"""Query strings and forms: field, file and size limits, bad bytes, malformed bodies."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chainweb.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from chainweb.http import RawPostDataException, Request, TooManyFilesSent
from chainweb.test import override_settings

from .utils import body_request, chunked_request, environ, make_request

MULTIPART = "multipart/form-data; boundary=BOUNDARY"
URLENCODED = "application/x-www-form-urlencoded"


def too_many_fields(limit: int) -> str:
    return (
        "The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS "
        f"({limit}). Send fewer fields, or raise DATA_UPLOAD_MAX_NUMBER_FIELDS (None disables "
        "the check)."
    )


def too_big(limit: int) -> str:
    return (
        f"Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE ({limit} bytes). Send a "
        "smaller body, or raise DATA_UPLOAD_MAX_MEMORY_SIZE (None disables the check)."
    )


def part(name: str, value: bytes, filename: str | None = None, headers: str = "") -> bytes:
    """Return one multipart/form-data part, a field or (with ``filename``) a file."""
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    head = f"--BOUNDARY\r\nContent-Disposition: {disposition}\r\n{headers}\r\n"
    return head.encode() + value + b"\r\n"


def multipart(*parts: bytes) -> bytes:
    return b"".join(parts) + b"--BOUNDARY--\r\n"


def multipart_request(body: bytes, chunked: bool = False) -> Request:
    if chunked:
        return chunked_request(body, MULTIPART)
    return body_request(body, str(len(body)), MULTIPART)


# -- Query strings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw_query, expected",
    [
        pytest.param("a=1&b=2&a=3", [("a", "1"), ("a", "3"), ("b", "2")], id="repeated keys"),
        pytest.param("a=caf%C3%A9", [("a", "café")], id="percent-encoded utf-8"),
        pytest.param("a=caf\xc3\xa9", [("a", "café")], id="raw utf-8"),
        pytest.param("a=%FF", [("a", "%FF")], id="percent-encoded bad byte stays"),
        pytest.param("a=\xff\xfe", [("a", "%FF%FE")], id="raw bad bytes are percent-encoded"),
        pytest.param("\xff=1", [("%FF", "1")], id="raw bad byte in a key"),
        pytest.param("a=&b", [("a", ""), ("b", "")], id="blank values kept"),
        pytest.param("a=1+2", [("a", "1 2")], id="plus is a space"),
    ],
)
def test_get_parses_the_query_string(raw_query: str, expected: list[tuple[str, str]]) -> None:
    env = environ("/")
    env["QUERY_STRING"] = raw_query
    assert list(Request(env).GET.items(multi=True)) == expected


@given(st.binary(max_size=60))
def test_get_never_raises_for_any_bytes(raw: bytes) -> None:
    env = environ("/")
    env["QUERY_STRING"] = raw.decode("latin-1")
    request = Request(env)
    request.GET  # noqa: B018
    request.get_full_path()
    request.full_path  # noqa: B018


@pytest.mark.parametrize(
    "query, limit, ok",
    [
        pytest.param("a=1&b=2&c=3", 3, True, id="at the limit"),
        pytest.param("a=1&b=2&c=3&d=4", 3, False, id="over the limit"),
        pytest.param("", 0, True, id="empty query, zero limit"),
        pytest.param("a=1&" * 5000, None, True, id="no limit"),
    ],
)
def test_get_field_limit(query: str, limit: int | None, ok: bool) -> None:
    request = make_request("/", query_string=query)
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=limit):
        if ok:
            request.GET  # noqa: B018
        else:
            with pytest.raises(TooManyFieldsSent) as info:
                request.GET  # noqa: B018
            assert str(info.value) == too_many_fields(3)


# -- urlencoded forms ------------------------------------------------------------------------


def test_urlencoded_form_and_its_body_both_readable() -> None:
    request = body_request(b"a=1&b=caf%C3%A9", "15", URLENCODED)
    assert request.POST.to_dict() == {"a": "1", "b": "café"}
    assert request.body == b"a=1&b=caf%C3%A9"


def test_urlencoded_form_after_reading_the_body() -> None:
    request = body_request(b"a=1", "3", URLENCODED)
    assert request.body == b"a=1"
    assert request.POST.to_dict() == {"a": "1"}


def test_urlencoded_bad_bytes_stay_percent_encoded() -> None:
    assert body_request(b"a=\xff", "3", URLENCODED).POST.to_dict() == {"a": "%FF"}


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=2)
def test_urlencoded_field_limit() -> None:
    request = body_request(b"a=1&b=2&c=3", "11", URLENCODED)
    with pytest.raises(TooManyFieldsSent) as info:
        request.POST  # noqa: B018
    assert str(info.value) == too_many_fields(2)
    assert request.POST == {}
    assert request.body == b"a=1&b=2&c=3"


@pytest.mark.parametrize(
    "chunked", [pytest.param(False, id="length"), pytest.param(True, id="chunked")]
)
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_urlencoded_size_limit(chunked: bool) -> None:
    body = b"a=" + b"x" * 20
    request = chunked_request(body, URLENCODED) if chunked else body_request(body, "22", URLENCODED)
    with pytest.raises(RequestDataTooBig) as info:
        request.POST  # noqa: B018
    assert str(info.value) == too_big(10)
    assert request.POST == {}
    with pytest.raises(RequestDataTooBig):
        request.body  # noqa: B018


def test_get_request_with_a_form_body_is_parsed() -> None:
    request = make_request("/", method="PUT", data={"a": "1"})
    assert request.POST.to_dict() == {"a": "1"}


def test_body_that_is_not_a_form_leaves_post_empty_and_body_readable() -> None:
    request = body_request(b'{"a": 1}', "8", "application/json")
    assert request.POST == {}
    assert request.FILES == {}
    assert request.body == b'{"a": 1}'


# -- multipart forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chunked", [pytest.param(False, id="length"), pytest.param(True, id="chunked")]
)
def test_multipart_fields_and_files(chunked: bool) -> None:
    body = multipart(
        part("a", b"1"),
        part("b", "café".encode()),
        part("latin", b"\xe9", headers="Content-Type: text/plain; charset=iso-8859-1\r\n"),
        part("f", b"file data", filename="f.txt", headers="Content-Type: text/plain\r\n"),
    )
    with multipart_request(body, chunked) as request:
        assert request.POST.to_dict() == {"a": "1", "b": "café", "latin": "é"}
        upload = request.FILES["f"]
        assert (upload.filename, upload.content_type, upload.read()) == (
            "f.txt",
            "text/plain",
            b"file data",
        )
        assert request.data == b""


def test_uploaded_files_have_djangos_size_helpers() -> None:
    data = bytes(range(256)) * 1000  # 256,000 bytes
    body = multipart(
        part("f", data, filename="f.bin", headers="Content-Type: text/csv; charset=latin-1\r\n")
    )
    with multipart_request(body) as request:
        upload = request.FILES["f"]
        assert upload.read(10) == data[:10]
        assert upload.size == len(data)
        assert upload.read(10) == data[10:20]  # size leaves the position alone
        assert upload.charset == "latin-1"
        chunks = list(upload.chunks())
        assert [len(chunk) for chunk in chunks] == [65536, 65536, 65536, 59392]
        assert b"".join(chunks) == data  # chunks() starts from the beginning
        assert [len(chunk) for chunk in upload.chunks(100_000)] == [100_000, 100_000, 56_000]
        assert upload.multiple_chunks() and not upload.multiple_chunks(300_000)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_multipart_file_parts_do_not_count_against_the_size_limit() -> None:
    big = b"z" * 300_000
    body = multipart(part("a", b"1"), part("f", big, filename="big.bin"))
    with multipart_request(body) as request, multipart_request(body, chunked=True) as chunked:
        assert request.FILES["f"].read() == big
        assert chunked.FILES["f"].read() == big
    # Reading the whole body is limited as always.
    with pytest.raises(RequestDataTooBig, match=r"\(100 bytes\)"):
        multipart_request(body).body  # noqa: B018


@pytest.mark.parametrize(
    "fields, ok",
    [
        # Django's count: name, value and 2 for "=" and "&", summed over all fields.
        pytest.param([("ab", 6)], True, id="one field at the limit"),
        pytest.param([("ab", 7)], False, id="one field over"),
        pytest.param([("a", 2), ("b", 2)], True, id="two fields at the limit"),
        pytest.param([("a", 2), ("b", 3)], False, id="two fields over"),
        pytest.param([("a" * 9, 0)], False, id="a long name"),
    ],
)
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_multipart_field_bytes_limit(fields: list[tuple[str, int]], ok: bool) -> None:
    body = multipart(*(part(name, b"v" * size) for name, size in fields))
    request = multipart_request(body)
    if ok:
        assert len(request.POST) == len(fields)
    else:
        with pytest.raises(RequestDataTooBig) as info:
            request.POST  # noqa: B018
        assert str(info.value) == too_big(10)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_multipart_field_bigger_than_a_read_is_limited() -> None:
    request = multipart_request(multipart(part("a", b"v" * 200_000)), chunked=True)
    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10)
def test_endless_part_headers_are_limited() -> None:
    body = b"--BOUNDARY\r\nX-Junk: " + b"j" * 200_000
    request = multipart_request(body, chunked=True)
    with pytest.raises(RequestDataTooBig) as info:
        request.POST  # noqa: B018
    assert str(info.value) == too_big(10)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None)
def test_multipart_without_a_size_limit() -> None:
    request = multipart_request(multipart(part("a", b"v" * 200_000)))
    assert len(request.POST["a"]) == 200_000


@pytest.mark.parametrize(
    "count, ok", [pytest.param(2, True, id="at the limit"), pytest.param(3, False, id="over")]
)
@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=2)
def test_multipart_field_count_limit(count: int, ok: bool) -> None:
    request = multipart_request(multipart(*(part(f"f{i}", b"v") for i in range(count))))
    if ok:
        assert len(request.POST) == count
    else:
        with pytest.raises(TooManyFieldsSent) as info:
            request.POST  # noqa: B018
        assert str(info.value) == too_many_fields(2)


@pytest.mark.parametrize(
    "count, ok", [pytest.param(2, True, id="at the limit"), pytest.param(3, False, id="over")]
)
@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2, DATA_UPLOAD_MAX_NUMBER_FIELDS=0)
def test_multipart_file_count_limit(count: int, ok: bool) -> None:
    body = multipart(*(part(f"f{i}", b"data", filename=f"{i}.txt") for i in range(count)))
    with multipart_request(body) as request:
        if ok:
            assert len(request.FILES) == count
        else:
            with pytest.raises(TooManyFilesSent) as info:
                request.FILES  # noqa: B018
            assert str(info.value) == (
                "The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES (2). Send "
                "fewer files, or raise DATA_UPLOAD_MAX_NUMBER_FILES (None disables the check)."
            )
            assert request.FILES == {}


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=None, DATA_UPLOAD_MAX_NUMBER_FIELDS=None)
def test_multipart_counts_without_limits() -> None:
    body = multipart(
        *(part(f"f{i}", b"d", filename="x") for i in range(150)),
        *(part(f"v{i}", b"d") for i in range(1500)),
    )
    with multipart_request(body) as request:
        assert (len(request.FILES), len(request.POST)) == (150, 1500)


class TrackingFile(io.BytesIO):
    """A file that remembers it was closed, for the upload stream factory."""

    opened: list[TrackingFile] = []

    def __init__(self) -> None:
        super().__init__()
        self.opened.append(self)


class TrackingRequest(Request):
    def _get_file_stream(self, *args: object, **kwargs: object) -> TrackingFile:
        return TrackingFile()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=1)
def test_uploaded_files_are_closed_when_parsing_fails() -> None:
    TrackingFile.opened = []
    body = multipart(part("a", b"1", filename="a"), part("b", b"2", filename="b"))
    # The second file's part has started when the limit trips; cut the body inside it too.
    cut = body[: body.index(b"2\r\n--BOUNDARY--")]
    env = environ("/", method="POST")
    env.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
    env["CONTENT_TYPE"] = MULTIPART
    with pytest.raises(TooManyFilesSent):
        TrackingRequest(env).FILES  # noqa: B018
    assert [file.closed for file in TrackingFile.opened] == [True]

    TrackingFile.opened = []
    env = environ("/", method="POST")
    env.update({"wsgi.input": io.BytesIO(cut), "CONTENT_LENGTH": str(len(cut))})
    env["CONTENT_TYPE"] = MULTIPART
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=5), pytest.raises(BadRequest):
        TrackingRequest(env).FILES  # noqa: B018
    assert [file.closed for file in TrackingFile.opened] == [True, True]


@pytest.mark.parametrize(
    "content_type, body, reason",
    [
        pytest.param(
            "multipart/form-data",
            b"",
            "the multipart Content-Type has no boundary parameter",
            id="no boundary",
        ),
        pytest.param(
            'multipart/form-data; boundary="caf\u00e9"',
            b"",
            "'ascii' codec can't encode character '\\xe9' in position 3: ordinal not in range(128)",
            id="non-ascii boundary",
        ),
        pytest.param(
            MULTIPART,
            b"garbage without any boundary",
            "Invalid form-data cannot parse beyond State.PREAMBLE",
            id="no parts",
        ),
        pytest.param(
            MULTIPART,
            b"--BOUNDARY\r\nX-Other: 1\r\n\r\nvalue\r\n--BOUNDARY--\r\n",
            "Missing Content-Disposition header",
            id="part without disposition",
        ),
        pytest.param(
            MULTIPART,
            part("a", b"1"),
            "Invalid form-data cannot parse beyond State.DATA",
            id="no closing boundary",
        ),
    ],
)
def test_malformed_multipart_is_a_bad_request(content_type: str, body: bytes, reason: str) -> None:
    request = body_request(body, str(len(body)), content_type)
    mimetype = content_type.split(";")[0]
    with pytest.raises(BadRequest) as info:
        request.POST  # noqa: B018
    assert str(info.value) == (
        f"The request's form data is malformed ({reason}); send well-formed {mimetype} data."
    )
    assert request.POST == {}
    assert request.FILES == {}


def test_body_after_multipart_parsing_says_to_read_it_first() -> None:
    body = multipart(part("a", b"1"))
    request = multipart_request(body)
    assert request.POST["a"] == "1"
    with pytest.raises(RawPostDataException) as info:
        request.body  # noqa: B018
    assert str(info.value) == (
        "The request body was consumed by parsing the multipart form in request.POST / "
        "request.FILES and cannot be read again. Read request.body before request.POST or "
        "request.FILES, or use those."
    )


def test_body_before_multipart_parsing_keeps_both() -> None:
    body = multipart(part("a", b"1"))
    request = multipart_request(body)
    assert request.body == body
    assert request.POST["a"] == "1"
    assert request.data == body


def test_fields_from_pairs_keep_every_value_in_order():
    from chainweb.http.request import Fields

    fields = Fields.from_pairs([("a", "1"), ("b", "2"), ("a", "3")])
    assert fields.getlist("a") == ["1", "3"]
    assert fields["a"] == "1"
    assert fields.get("missing", "default") == "default"
    assert fields.get("b", type=int) == 2
    with pytest.raises(TypeError):  # still immutable
        fields["c"] = "4"


def test_cookies_with_repeated_and_quoted_values():
    from chainweb.test import RequestFactory

    request = RequestFactory().get("/", HTTP_COOKIE='a=1; b="x\\"y"; a=2')
    assert request.COOKIES.getlist("a") == ["1", "2"]
    assert request.COOKIES["b"] == 'x"y'
