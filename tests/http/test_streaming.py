"""StreamingHttpResponse and FileResponse: bodies sent chunk by chunk, then closed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chainweb.http import BadHeaderError, FileResponse, HttpResponse, StreamingHttpResponse

from .test_response import send


def test_streaming_response_sends_chunks_as_bytes() -> None:
    response = StreamingHttpResponse(iter(["a", b"b", 3]), headers={"X-A": "1"})
    assert response.streaming is True
    assert isinstance(response, HttpResponse)
    status, headers, body = send(response)
    assert (status, headers["X-A"], body) == ("200 OK", "1", b"ab3")
    assert "Content-Length" not in headers


def test_streaming_content_can_be_wrapped() -> None:
    response = StreamingHttpResponse(["a", "b"], charset="latin-1")
    response.streaming_content = (
        chunk.upper() + "é".encode("latin-1") for chunk in response.streaming_content
    )
    assert send(response)[2] == b"A\xe9B\xe9"


@pytest.mark.parametrize("action", ["get", "set"])
def test_streaming_response_has_no_content(action: str) -> None:
    response = StreamingHttpResponse([b"x"])
    with pytest.raises(AttributeError) as info:
        if action == "get":
            response.content  # noqa: B018
        else:
            response.content = b"y"
    assert str(info.value) == (
        "This StreamingHttpResponse instance has no `content` attribute. Use "
        "`streaming_content` instead."
    )
    assert not hasattr(response, "content")


def test_streaming_iterators_are_closed_with_the_response() -> None:
    events: list[str] = []

    def generate() -> Iterator[bytes]:
        try:
            yield b"first"
            yield b"second"
        finally:
            events.append("closed")

    response = StreamingHttpResponse(generate())
    chunks = response.streaming_content
    assert next(chunks) == b"first"
    response.close()
    assert events == ["closed"]


def test_wrapped_iterators_are_closed_too() -> None:
    events: list[str] = []

    def wrap(chunks: Iterator[bytes]) -> Iterator[bytes]:
        try:
            yield from chunks
        finally:
            events.append("wrapper closed")

    response = StreamingHttpResponse(iter([b"a"]))
    response.streaming_content = wrap(response.streaming_content)
    assert send(response)[2] == b"a"
    assert events == ["wrapper closed"]


class Reader:
    """A file-like object that can only be read: no seek, no name."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size)

    def close(self) -> None:
        self.closed = True


def test_file_response_streams_a_file_in_blocks_and_closes_it(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF" + b"x" * 20_000)
    handle = path.open("rb")
    response = FileResponse(handle)
    chunks = list(response.streaming_content)
    assert [len(chunk) for chunk in chunks] == [8192, 8192, 3620]
    assert response["Content-Length"] == "20004"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename=report.pdf"
    assert response.file_to_stream is handle
    response.close()
    assert handle.closed


def test_file_response_as_a_wsgi_app(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(b"hello")
    handle = path.open("rb")
    status, headers, body = send(FileResponse(handle, as_attachment=True))
    assert (status, body) == ("200 OK", b"hello")
    assert headers["Content-Length"] == "5"
    assert headers["Content-Type"] == "text/plain"
    assert headers["Content-Disposition"] == "attachment; filename=data.txt"
    assert handle.closed


@pytest.mark.parametrize(
    "kwargs, disposition",
    [
        pytest.param({}, None, id="no name, not attachment: no header"),
        pytest.param({"as_attachment": True}, "attachment", id="attachment without a name"),
        pytest.param({"filename": "a b.txt"}, 'inline; filename="a b.txt"', id="quoted name"),
        pytest.param(
            {"filename": "dir/x.txt", "as_attachment": True},
            "attachment; filename=x.txt",
            id="base name only",
        ),
        pytest.param(
            {"filename": 'q"uote.txt'}, 'inline; filename="q\\"uote.txt"', id="quote escaped"
        ),
        pytest.param(
            {"filename": "résumé.pdf", "as_attachment": True},
            "attachment; filename=resume.pdf; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
            id="non-ascii name",
        ),
        pytest.param(
            {"filename": "日本.txt"},
            "inline; filename=.txt; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt",
            id="non-latin name",
        ),
    ],
)
def test_file_response_content_disposition(kwargs: dict[str, Any], disposition: str | None) -> None:
    response = FileResponse(io.BytesIO(b"data"), **kwargs)
    assert response.get("Content-Disposition") == disposition


def test_file_response_refuses_a_newline_in_the_name() -> None:
    with pytest.raises(BadHeaderError, match="header 'Content-Disposition' has 'a\\\\nb.txt'"):
        FileResponse(io.BytesIO(b"x"), filename="a\nb.txt")


@pytest.mark.parametrize(
    "filename, content_type",
    [
        pytest.param("", "application/octet-stream", id="no name"),
        pytest.param("x.unknownext", "application/octet-stream", id="unknown extension"),
        pytest.param("x.html", "text/html", id="html"),
        pytest.param("x.tar.gz", "application/gzip", id="gzip"),
        pytest.param("x.svgz", "application/gzip", id="compressed svg"),
        pytest.param("x.txt.br", "application/x-brotli", id="brotli"),
        pytest.param("x.xz", "application/x-xz", id="xz"),
        pytest.param("x.Z", "application/x-compress", id="compress"),
        pytest.param("x.bz2", "application/x-bzip", id="bzip2"),
    ],
)
def test_file_response_guesses_the_content_type(filename: str, content_type: str) -> None:
    response = FileResponse(io.BytesIO(b"x"), filename=filename)
    assert response["Content-Type"] == content_type


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"content_type": "text/csv"}, id="argument"),
        pytest.param({"headers": {"Content-Type": "text/csv"}}, id="header"),
    ],
)
def test_file_response_keeps_an_explicit_content_type(kwargs: dict[str, Any]) -> None:
    response = FileResponse(io.BytesIO(b"x"), filename="x.pdf", **kwargs)
    assert response["Content-Type"] == "text/csv"


def test_file_response_length_counts_from_the_current_position() -> None:
    handle = io.BytesIO(b"0123456789")
    handle.seek(4)
    response = FileResponse(handle)
    assert response["Content-Length"] == "6"
    assert b"".join(response.streaming_content) == b"456789"


def test_file_response_without_seek_has_no_length_and_still_closes() -> None:
    reader = Reader(b"abc")
    response = FileResponse(reader)  # type: ignore[arg-type]
    assert "Content-Length" not in response
    assert send(response)[2] == b"abc"
    assert reader.closed


def test_file_response_in_text_mode_has_no_byte_length(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("héllo", encoding="utf-8")
    with path.open(encoding="utf-8") as handle:
        response = FileResponse(handle)
        assert "Content-Length" not in response
        assert send(response)[2] == "héllo".encode()


def test_file_response_refuses_things_that_are_not_files() -> None:
    with pytest.raises(TypeError) as info:
        FileResponse([b"not", b"a file"])  # type: ignore[arg-type]
    assert str(info.value) == (
        "FileResponse needs a file object opened for reading, such as open(path, 'rb'), not "
        "list. Use StreamingHttpResponse to send another iterable."
    )


def test_file_response_name_that_is_not_text_is_ignored() -> None:
    handle = io.BytesIO(b"x")
    handle.name = 3  # type: ignore[attr-defined]  # Like a file opened from a descriptor.
    response = FileResponse(handle)
    assert response["Content-Type"] == "application/octet-stream"
    assert "Content-Disposition" not in response
