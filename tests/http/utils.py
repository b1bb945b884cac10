"""Build requests for the tests: from EnvironBuilder arguments, or with a chunked body."""

from __future__ import annotations

import io
from typing import Any

from werkzeug.test import EnvironBuilder

from chainweb.http import Request


def environ(path: str = "/", **kwargs: Any) -> dict[str, Any]:
    """Return a WSGI environ for ``path`` built by werkzeug's EnvironBuilder."""
    kwargs.setdefault("base_url", "http://testserver/")
    builder = EnvironBuilder(path, **kwargs)
    try:
        return builder.get_environ()
    finally:
        builder.close()


def make_request(path: str = "/", **kwargs: Any) -> Request:
    """Return a Request for ``path``; ``extra`` entries are added to the environ."""
    extra = kwargs.pop("extra", {})
    env = environ(path, **kwargs)
    env.update(extra)
    return Request(env)


def chunked_request(
    body: bytes, content_type: str = "application/octet-stream", terminated: bool = True
) -> Request:
    """Return a POST Request with a chunked body (no Content-Length), as a server passes it."""
    env = environ("/", method="POST")
    env.pop("CONTENT_LENGTH", None)
    env.update(
        {
            "wsgi.input": io.BytesIO(body),
            "CONTENT_TYPE": content_type,
            "HTTP_TRANSFER_ENCODING": "chunked",
        }
    )
    if terminated:
        env["wsgi.input_terminated"] = True
    return Request(env)


def body_request(
    body: bytes, content_length: str | None, content_type: str = "application/octet-stream"
) -> Request:
    """Return a POST Request whose input is ``body`` and whose Content-Length is as given."""
    env = environ("/", method="POST")
    env.pop("CONTENT_LENGTH", None)
    env.update({"wsgi.input": io.BytesIO(body), "CONTENT_TYPE": content_type})
    if content_length is not None:
        env["CONTENT_LENGTH"] = content_length
    return Request(env)
