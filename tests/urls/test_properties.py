"""Property tests: reverse and resolve agree, and the index never changes which pattern wins."""

import string
import sys
import types
import uuid
from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainweb.urls import URLPattern, URLResolver, clear_url_caches, include, path, resolve, reverse

LITERAL = st.text(alphabet=string.ascii_lowercase + "-_.~", min_size=1, max_size=6)
VALUES = {
    "int": st.integers(min_value=0, max_value=10**12),
    "str": st.text(min_size=1, max_size=12).filter(lambda text: "/" not in text),
    "slug": st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=12),
    "uuid": st.uuids(),
    # The path converter's '.+' matches anything but a newline, as in Django.
    "path": st.lists(
        st.text(min_size=1, max_size=6).filter(lambda text: not {"/", "\n"} & set(text)),
        min_size=1,
        max_size=3,
    ).map("/".join),
}


def make_view(number):
    def view(request, *args, **kwargs):
        return number

    view.__name__ = f"view{number}"
    return view


@st.composite
def routes(draw):
    """Return a route's segments: literals and (converter, name) parameters, path last."""
    segments = []
    for position in range(draw(st.integers(min_value=0, max_value=4))):
        if draw(st.booleans()):
            segments.append(draw(LITERAL))
        else:
            converter = draw(st.sampled_from(["int", "str", "slug", "uuid"]))
            segments.append((converter, f"p{position}"))
    if draw(st.booleans()):
        segments.append(("path", "rest"))
    return segments


def route_text(segments):
    parts = [s if isinstance(s, str) else f"<{s[0]}:{s[1]}>" for s in segments]
    text = "/".join(parts)
    return text + "/" if segments and not isinstance(segments[-1], tuple) else text


_counter = iter(range(10**9))


def register(patterns, **attributes):
    module = types.ModuleType(f"prop_urls_{next(_counter)}")
    module.urlpatterns = patterns
    for key, value in attributes.items():
        setattr(module, key, value)
    sys.modules[module.__name__] = module
    return module.__name__


@st.composite
def unambiguous_tables(draw):
    """Routes that each start with their own literal, so exactly one can match a URL."""
    count = draw(st.integers(min_value=1, max_value=8))
    nested = draw(st.booleans())
    table = []
    for number in range(count):
        table.append((f"r{number}", f"u{number}", draw(routes())))
    return table, nested


@given(data=st.data(), spec=unambiguous_tables())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_resolve_of_reverse_gives_back_view_and_kwargs(data, spec):
    table, nested = spec
    views = {}
    patterns = []
    for number, (name, head, segments) in enumerate(table):
        views[name] = make_view(number)
        route = head + "/" + route_text(segments)
        patterns.append(path(route, views[name], name=name))
    urlconf = register(patterns)
    prefix = ""
    if nested:
        inner = register(patterns, app_name="inner")
        urlconf = register([path("ns/<slug:section>/", include(inner, namespace="outer"))])
        prefix = "outer:"
    try:
        for name, _, segments in table:
            kwargs = {
                s[1]: data.draw(VALUES[s[0]], label=f"{name}.{s[1]}")
                for s in segments
                if isinstance(s, tuple)
            }
            if nested:
                kwargs["section"] = data.draw(VALUES["slug"], label="section")
            url = reverse(prefix + name, urlconf, kwargs=kwargs)
            match = resolve(unquote(url), urlconf)
            assert match.func is views[name]
            assert match.kwargs == kwargs
            assert match.view_name == prefix + name
            assert isinstance(match.kwargs.get("p0", 0), int | str | uuid.UUID)
    finally:
        clear_url_caches()


def reference_resolve(resolver, path_text):
    """Resolve by trying every pattern in order: Django's algorithm, the oracle."""
    match = resolver.pattern.match(path_text)
    if match is None:
        return None
    rest, args, captured = match
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found = reference_resolve(pattern, rest)
            if found is not None:
                func, sub_args, sub_kwargs = found
                kwargs = {**captured, **pattern.default_kwargs, **sub_kwargs}
                return func, (sub_args if kwargs else args + sub_args), kwargs
        else:
            assert isinstance(pattern, URLPattern)
            leaf = pattern.pattern.match(rest)
            if leaf is not None:
                kwargs = {**captured, **leaf[2]}
                return pattern.callback, (leaf[1] if kwargs else args + leaf[1]), kwargs
    return None


OVERLAPPING_ROUTES = st.lists(
    st.lists(
        st.sampled_from(["a", "b", "ab", "<int:x>", "<str:y>", "<slug:z>", "a<int:n>", "<path:p>"]),
        min_size=0,
        max_size=3,
    ),
    min_size=1,
    max_size=12,
)
PATH_PIECES = st.lists(st.sampled_from(["a", "b", "ab", "a1", "12", "x-y", "", "a/b"]), max_size=4)


@given(tables=OVERLAPPING_ROUTES, probes=st.lists(PATH_PIECES, min_size=1, max_size=10))
@settings(max_examples=200, deadline=None)
def test_index_picks_the_same_pattern_as_trying_all_in_order(tables, probes):
    from chainweb.urls import resolvers

    resolvers.SMALL_LEVEL = 0  # use the index even for these small tables
    try:
        _check_index_against_reference(tables, probes)
    finally:
        resolvers.SMALL_LEVEL = 8


def _check_index_against_reference(tables, probes):
    views = [make_view(number) for number in range(len(tables))]
    patterns = []
    for number, pieces in enumerate(tables):
        seen = set()
        unique = []
        for piece in pieces:  # a parameter name may appear once per route
            if piece not in seen:
                seen.add(piece)
                unique.append(piece)
        route = "/".join(unique) + ("/" if unique else "")
        if number % 3 == 2:
            patterns.append(path(route, include([path("end/", views[number])])))
        else:
            patterns.append(path(route, views[number]))
    from chainweb.urls import get_resolver

    resolver = get_resolver(register(patterns))
    try:
        for pieces in probes:
            probe = "/" + "/".join(pieces) + "/"
            for candidate in (probe, probe + "end/"):
                expected = reference_resolve(resolver, candidate)
                try:
                    match = resolver.resolve(candidate)
                except Exception:
                    assert expected is None
                else:
                    assert expected is not None
                    assert (match.func, match.args, match.kwargs) == expected
    finally:
        clear_url_caches()
