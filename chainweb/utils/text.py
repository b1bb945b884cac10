"""Text helpers: gzip a body whole (``compress_string``) or chunk by chunk (``compress_sequence``).

Both write the gzip format (RFC 1952) around zlib's raw deflate stream, so the header is
chainweb's to choose: no modification time (the output depends only on the input), and,
with ``max_random_bytes``, a file name of random length that pads the output against
length-based attacks on compressed secrets (BREACH; see ``chainweb.middleware.gzip``).
"""

from __future__ import annotations

import secrets
import struct
import typing as t
import zlib

#: The compression level: zlib's default, a good balance of size and speed for web pages.
COMPRESS_LEVEL = 6

# Magic number and method (deflate); the flags, MTIME (0), XFL (0) and OS (255, unknown)
# follow. Only FNAME is ever set, for the random padding.
_MAGIC = b"\x1f\x8b\x08"
_FNAME = 0x08
_REST_OF_HEADER = b"\x00\x00\x00\x00\x00\xff"
_PLAIN_HEADER = _MAGIC + b"\x00" + _REST_OF_HEADER


def _gzip_header(max_random_bytes: int | None) -> bytes:
    """Return a gzip header, padded with a file name of 0 to ``max_random_bytes`` bytes."""
    if not max_random_bytes:
        return _PLAIN_HEADER
    padding = b"a" * secrets.randbelow(max_random_bytes + 1)
    return b"".join((_MAGIC, bytes((_FNAME,)), _REST_OF_HEADER, padding, b"\x00"))


def _compressor() -> t.Any:
    """Return a zlib compressor writing raw deflate (gzip's header and trailer are ours)."""
    return zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)


def _trailer(crc: int, size: int) -> bytes:
    """Return the gzip trailer: the CRC-32 and the length (modulo 2**32) of the input."""
    return struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)


def compress_string(data: bytes, *, max_random_bytes: int | None = None) -> bytes:
    """Return ``data`` gzipped, its header padded by 0 to ``max_random_bytes`` random bytes.

    Without ``max_random_bytes`` the output depends only on ``data``.
    """
    compressor = _compressor()
    return b"".join(
        (
            _gzip_header(max_random_bytes),
            compressor.compress(data),
            compressor.flush(),
            _trailer(zlib.crc32(data), len(data)),
        )
    )


def compress_sequence(
    sequence: t.Iterable[bytes],
    *,
    max_random_bytes: int | None = None,
    flush_each: bool = True,
) -> t.Iterator[bytes]:
    """Gzip the chunks of ``sequence`` as one gzip stream, yielding compressed chunks.

    With ``flush_each`` (the default) each input chunk is flushed (``Z_SYNC_FLUSH``), so the
    client can decompress everything received so far at once: streamed pages and server-sent
    events arrive as they are produced, at some cost in size. Without it, output is yielded
    when zlib has some, and the rest at the end. The header is sent with the first output.
    """
    compressor = _compressor()
    pending = _gzip_header(max_random_bytes)
    crc = 0
    size = 0
    for chunk in sequence:
        if not chunk:
            continue
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        data = compressor.compress(chunk)
        if flush_each:
            data += compressor.flush(zlib.Z_SYNC_FLUSH)
        if pending:
            data = pending + data
            pending = b""
        if data:
            yield data
    yield pending + compressor.flush() + _trailer(crc, size)
