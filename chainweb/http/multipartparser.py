"""Form parsing with Django's limits: werkzeug's parsers, counting fields, files and bytes.

``DATA_UPLOAD_MAX_MEMORY_SIZE`` caps the non-file part of a form (name + value + 2 bytes a
field, as Django counts), ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` the number of fields and
``DATA_UPLOAD_MAX_NUMBER_FILES`` the number of files. Going over raises at once instead of
being silently cut short, as werkzeug's own limits would.

As in Django, a part without a name is skipped, and an upload's filename is cut to its base
name (no directories, no ``..``, no control characters); a file whose name is then empty is
skipped.
"""

from __future__ import annotations

import html
import typing as t
from urllib.parse import parse_qsl

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.sansio.multipart import (
    Data,
    Epilogue,
    Event,
    Field,
    File,
    MultipartDecoder,
    NeedData,
)

from chainweb.conf import settings
from chainweb.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from chainweb.http.exceptions import TooManyFilesSent


class UploadedFile(FileStorage):
    """A file from a multipart form: werkzeug's ``FileStorage`` with Django's size helpers.

    ``filename``, ``content_type``, ``read()`` and ``save(path)`` are werkzeug's; ``name`` is
    the form field's name, as in werkzeug (Django's ``UploadedFile.name`` is the filename).
    """

    #: Django's default chunk size for ``chunks()``: 64 KiB.
    DEFAULT_CHUNK_SIZE = 64 * 2**10

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        stream = self.stream
        position = stream.tell()
        size = stream.seek(0, 2)
        stream.seek(position)
        return size

    @property
    def charset(self) -> str | None:
        """The charset the part's ``Content-Type`` names, if any."""
        return self.mimetype_params.get("charset")

    def chunks(self, chunk_size: int | None = None) -> t.Iterator[bytes]:
        """Yield the file from its start in pieces of ``chunk_size`` bytes (64 KiB)."""
        size = chunk_size or self.DEFAULT_CHUNK_SIZE
        self.stream.seek(0)
        while chunk := self.stream.read(size):
            yield chunk

    def multiple_chunks(self, chunk_size: int | None = None) -> bool:
        """Return whether ``chunks(chunk_size)`` yields more than one piece."""
        return self.size > (chunk_size or self.DEFAULT_CHUNK_SIZE)


class _UploadLimits(t.NamedTuple):
    """The DATA_UPLOAD_* settings, read once per parse."""

    memory_size: int | None
    number_fields: int | None
    number_files: int | None

    @classmethod
    def from_settings(cls) -> _UploadLimits:
        return cls(
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
            settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            settings.DATA_UPLOAD_MAX_NUMBER_FILES,
        )


class _FormDataParser(FormDataParser):
    """werkzeug's form parser with Django's limits, and errors raised instead of ignored."""

    def __init__(
        self,
        stream_factory: t.Callable[..., t.IO[bytes]],
        cls: type[MultiDict[str, t.Any]],
    ) -> None:
        self.limits = _UploadLimits.from_settings()
        super().__init__(
            stream_factory=stream_factory,
            max_form_memory_size=self.limits.memory_size,
            silent=False,
            cls=cls,
        )

    def _parse_urlencoded(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> tuple[t.IO[bytes], MultiDict[str, t.Any], MultiDict[str, t.Any]]:
        # Request._load_form_data read the body through get_data(), within the size limit.
        query = stream.read().decode("utf-8", "werkzeug.url_quote")
        fields = _parse_fields(query, self.limits.number_fields)
        return stream, self.cls(fields), self.cls()

    def _parse_multipart(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> tuple[t.IO[bytes], MultiDict[str, t.Any], MultiDict[str, t.Any]]:
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("the multipart Content-Type has no boundary parameter")
        parser = _MultiPartParser(self.limits, self.stream_factory, self.cls)
        form, files = parser.parse(stream, boundary, content_length)
        return stream, form, files


class _MultiPartParser(MultiPartParser):
    """Parse multipart/form-data, counting fields, files and field bytes as Django does."""

    def __init__(
        self,
        limits: _UploadLimits,
        stream_factory: t.Callable[..., t.IO[bytes]],
        cls: type[MultiDict[str, t.Any]],
    ) -> None:
        super().__init__(stream_factory, limits.memory_size, cls)
        self.limits = limits
        self._fields: list[tuple[str, str]] = []
        self._files: list[tuple[str, FileStorage]] = []
        #: The part whose data is arriving; None while skipping a part.
        self._part: Field | File | None = None
        self._filename = ""
        self._file_parts = 0
        self._field_chunks: list[bytes] = []
        self._file: t.IO[bytes] | None = None
        self._field_bytes = 0
        self._total_length: int | None = None

    def parse(
        self, stream: t.IO[bytes], boundary: bytes, content_length: int | None
    ) -> tuple[MultiDict[str, str], MultiDict[str, FileStorage]]:
        memory = self.limits.memory_size
        # The decoder buffers the part headers and one read: bound it so that endless
        # headers cannot fill memory, while file data passes through at any size.
        decoder = MultipartDecoder(boundary, None if memory is None else memory + self.buffer_size)
        self._total_length = content_length
        try:
            while True:
                data = stream.read(self.buffer_size)
                decoder.receive_data(data or None)
                event = decoder.next_event()
                while not isinstance(event, (Epilogue, NeedData)):
                    self._handle(event)
                    event = decoder.next_event()
                if not data:
                    return self.cls(self._fields), self.cls(self._files)
        except BaseException:
            for _name, storage in self._files:
                storage.close()
            if self._file is not None:
                self._file.close()
            raise

    def _handle(self, event: Event) -> None:
        limits = self.limits
        if isinstance(event, (Field, File)):
            self._part = None  # Until the part is known to be kept.
        if isinstance(event, Field):
            if _nameless(event):  # Skipped, as Django does.
                return
            if limits.number_fields is not None and len(self._fields) >= limits.number_fields:
                raise _too_many_fields(limits.number_fields)
            # Count "name=" and "&", as the same field in a urlencoded body (Django's rule).
            self._count_field_bytes(len(event.name) + 2)
            self._part = event
            self._field_chunks = []
        elif isinstance(event, File):
            # Count every file part, kept or not, as Django does.
            self._file_parts += 1
            if limits.number_files is not None and self._file_parts > limits.number_files:
                raise TooManyFilesSent(
                    f"The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES "
                    f"({limits.number_files}). Send fewer files, or raise "
                    "DATA_UPLOAD_MAX_NUMBER_FILES (None disables the check)."
                )
            filename = sanitize_file_name(event.filename)
            if _nameless(event) or not filename:
                return
            self._part = event
            self._filename = filename
            self._file = self.start_file_streaming(event, self._total_length)
        elif isinstance(event, Data):
            self._handle_data(event)

    def _handle_data(self, event: Data) -> None:
        part = self._part
        if part is None:  # A skipped part.
            return
        if isinstance(part, Field):
            self._count_field_bytes(len(event.data))
            self._field_chunks.append(event.data)
            if not event.more_data:
                charset = self.get_part_charset(part.headers)
                value = b"".join(self._field_chunks).decode(charset, "replace")
                self._fields.append((part.name, value))
            return
        file = t.cast(t.IO[bytes], self._file)
        file.write(event.data)
        if not event.more_data:
            file.seek(0)
            self._files.append(
                (part.name, UploadedFile(file, self._filename, part.name, headers=part.headers))
            )
            self._file = None

    def _count_field_bytes(self, size: int) -> None:
        self._field_bytes += size
        limit = self.limits.memory_size
        if limit is not None and self._field_bytes > limit:
            raise _too_big(limit)


def _nameless(part: Field | File) -> bool:
    """Return True if the part's Content-Disposition has no ``name`` (werkzeug gives None)."""
    return t.cast("str | None", part.name) is None


def sanitize_file_name(file_name: str) -> str:
    r"""Return the base name of an uploaded file's name, or '' if nothing safe is left.

    As Django: HTML character references are decoded (some browsers send them), anything up
    to the last ``/`` or ``\`` is dropped, then non-printable characters; ``.`` and ``..``
    become ''. The name a client sends can then never point outside a directory.
    """
    file_name = html.unescape(file_name)
    file_name = file_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    file_name = "".join(char for char in file_name if char.isprintable())
    return "" if file_name in {".", ".."} else file_name


def _too_big(limit: int | None) -> RequestDataTooBig:
    return RequestDataTooBig(
        f"Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE ({limit} bytes). Send a "
        "smaller body, or raise DATA_UPLOAD_MAX_MEMORY_SIZE (None disables the check)."
    )


def _too_many_fields(limit: int | None) -> TooManyFieldsSent:
    return TooManyFieldsSent(
        f"The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS "
        f"({limit}). Send fewer fields, or raise DATA_UPLOAD_MAX_NUMBER_FIELDS (None "
        "disables the check)."
    )


def _parse_fields(query: str, limit: int | None) -> list[tuple[str, str]]:
    """Parse a query string into fields, at most ``limit`` of them."""
    try:
        return parse_qsl(
            query, keep_blank_values=True, errors="werkzeug.url_quote", max_num_fields=limit
        )
    except ValueError as exc:  # Raised by parse_qsl only for max_num_fields here.
        raise _too_many_fields(limit) from exc
