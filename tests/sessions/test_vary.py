"""chainweb.utils.cache.patch_vary_headers."""

from __future__ import annotations

import pytest

from chainweb.http import HttpResponse
from chainweb.utils.cache import patch_vary_headers


@pytest.mark.parametrize(
    "existing, new, expected",
    [
        pytest.param(None, ("Cookie",), "Cookie", id="no vary yet"),
        pytest.param("Accept-Encoding", ("Cookie",), "Accept-Encoding, Cookie", id="merged"),
        pytest.param("Accept-Encoding,Cookie", ("cookie",), "Accept-Encoding, Cookie", id="case"),
        pytest.param("Cookie , Accept", ("Accept", "Origin"), "Cookie, Accept, Origin", id="sp"),
        pytest.param("*", ("Cookie",), "*", id="star stays"),
        pytest.param("Cookie", ("*",), "*", id="star added"),
        pytest.param("Cookie", (), "Cookie", id="nothing new"),
        pytest.param(None, ("Cookie", "COOKIE"), "Cookie", id="not repeated"),
        pytest.param("", ("Cookie",), "Cookie", id="empty vary"),
    ],
)
def test_patch_vary_headers(existing, new, expected):
    response = HttpResponse()
    if existing is not None:
        response["Vary"] = existing
    patch_vary_headers(response, new)
    assert response.headers.getlist("Vary") == [expected]


def test_several_vary_lines_are_joined():
    response = HttpResponse()
    response.headers.add("Vary", "Accept")
    response.headers.add("Vary", "Origin, Accept-Language")
    patch_vary_headers(response, ["Cookie"])
    assert response.headers.getlist("Vary") == ["Accept, Origin, Accept-Language, Cookie"]
