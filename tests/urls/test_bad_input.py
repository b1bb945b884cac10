"""Hostile and malformed paths give a clean miss, never another exception."""

import re

import pytest

from chainweb.urls import Resolver404, include, path, re_path, register_converter, resolve
from chainweb.urls.converters import REGISTERED_CONVERTERS, get_converters


def view(request, *args, **kwargs):
    return "ok"


SEEN = []


class RecordingConverter:
    regex = "[a-z]+"

    def to_python(self, value):
        SEEN.append(value)
        return value

    def to_url(self, value):
        return value


@pytest.fixture(autouse=True)
def recording_converter():
    register_converter(RecordingConverter, "lower")
    SEEN.clear()
    yield
    del REGISTERED_CONVERTERS["lower"]
    get_converters.cache_clear()


@pytest.fixture
def hostile_urlconf(urlconf):
    urlconf(
        "bad_input_inner",
        [path("<int:pk>/", view, name="detail"), path("<lower:word>/", view, name="word")],
        app_name="inner",
    )
    return urlconf(
        "bad_input_urls",
        [
            path("articles/<int:year>/", view, name="year"),
            path("uuid/<uuid:id>/", view, name="uuid"),
            path("slug/<slug:slug>/", view, name="slug"),
            path("files/<path:rest>", view, name="files"),
            path("words/<lower:word>/", view, name="words"),
            re_path(r"^exact/$", view, name="exact"),
            path("in/", include("bad_input_inner")),
        ],
    ).__name__


BAD_PATHS = [
    pytest.param("/%zz/", id="invalid percent-encoding"),
    pytest.param("/articles/%32003/", id="percent-encoded digit"),
    pytest.param("/articles/20\x0003/", id="NUL in value"),
    pytest.param("/\x00", id="NUL alone"),
    pytest.param("/articles/\udcff/", id="invalid UTF-8 surrogate"),
    pytest.param("/articles/\xff\xfe/", id="latin-1 bytes"),
    pytest.param("/exact/\n", id="newline after an anchored regex"),
    pytest.param("/articles/2003/\n", id="newline after a route"),
    pytest.param("/articles/2003\n/", id="newline inside a value"),
    pytest.param("/articles/\u0663\u0660/", id="non-ASCII digits"),
    pytest.param("/uuid/00000000-0000-0000-0000-00000000000G/", id="bad uuid"),
    pytest.param("/uuid/" + "A" * 36 + "/", id="uppercase uuid"),
    pytest.param("/slug/a b/", id="space in slug"),
    pytest.param("/words/ABC/", id="converter sees nothing it did not match"),
    pytest.param("/in/ABC/", id="converter in include"),
    pytest.param("/" + "a" * 10_000, id="10,000 characters"),
    pytest.param("/" + "a/" * 5_000, id="5,000 segments"),
    pytest.param("/articles/" + "9" * 10_000 + "x/", id="10,000 digits then junk"),
    pytest.param("/articles/" + "9" * 5_000 + "/", id="int too long for int()"),
    pytest.param("", id="empty"),
    pytest.param("articles/2003/", id="no leading slash"),
    pytest.param("//articles/2003/", id="double slash"),
    pytest.param("/\r\n/", id="CRLF"),
]


@pytest.mark.parametrize("bad_path", BAD_PATHS)
def test_bad_path_is_a_clean_miss(hostile_urlconf, bad_path):
    with pytest.raises(Resolver404) as info:
        resolve(bad_path, hostile_urlconf)
    # The tried list is built on demand and must not fail either.
    assert isinstance(info.value.tried, list)
    assert isinstance(info.value.path, str)


def test_converters_only_see_what_their_regex_matched(hostile_urlconf):
    for candidate in ["/words/abc/", "/words/ABC/", "/in/xyz/", "/in/x y/", "/words/a\nb/"]:
        try:
            resolve(candidate, hostile_urlconf)
        except Resolver404:
            pass
    assert SEEN == ["abc", "xyz"]
    assert all(re.fullmatch(RecordingConverter.regex, value) for value in SEEN)


def test_huge_int_resolves_to_an_int(hostile_urlconf):
    match = resolve("/articles/" + "9" * 500 + "/", hostile_urlconf)
    assert match.kwargs["year"] == int("9" * 500)


def test_path_converter_takes_the_rest(hostile_urlconf):
    assert resolve("/files/a/b/../c.txt", hostile_urlconf).kwargs == {"rest": "a/b/../c.txt"}
