"""Resolvers and reversed URLs are cached, and the caches follow settings changes."""

import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.test import override_settings
from chainweb.urls import (
    NoReverseMatch,
    clear_url_caches,
    get_resolver,
    get_urlconf,
    path,
    resolve,
    reverse,
    set_urlconf,
)


def view(request, **kwargs):
    return "ok"


def other_view(request, **kwargs):
    return "other"


@pytest.fixture
def two_urlconfs(urlconf):
    urlconf("cache_first", [path("first/<int:pk>/", view, name="item")])
    urlconf("cache_second", [path("second/<int:pk>/", other_view, name="item")])


def test_resolver_is_built_once_per_urlconf(two_urlconfs):
    assert get_resolver("cache_first") is get_resolver("cache_first")
    assert get_resolver("cache_first") is not get_resolver("cache_second")


def test_override_of_root_urlconf_resets_resolver_and_reverse_cache(two_urlconfs):
    with override_settings(ROOT_URLCONF="cache_first"):
        assert reverse("item", kwargs={"pk": 1}) == "/first/1/"
        assert resolve("/first/1/").func is view
        first = get_resolver()
    with override_settings(ROOT_URLCONF="cache_second"):
        assert reverse("item", kwargs={"pk": 1}) == "/second/1/"
        assert resolve("/second/1/").func is other_view
        assert get_resolver() is not first


def test_direct_setting_change_is_seen_by_reverse(two_urlconfs):
    from chainweb.conf import settings

    with override_settings(ROOT_URLCONF="cache_first"):
        assert reverse("item", args=[2]) == "/first/2/"
        settings.ROOT_URLCONF = "cache_second"  # no signal: the cache key still changes
        assert reverse("item", args=[2]) == "/second/2/"


def test_changing_a_urlconf_needs_clear_url_caches(urlconf):
    module = urlconf("cache_mutable", [path("old/", view, name="page")])
    assert reverse("page", "cache_mutable") == "/old/"
    module.urlpatterns = [path("new/", view, name="page")]
    clear_url_caches()
    assert reverse("page", "cache_mutable") == "/new/"


def test_reverse_uses_the_current_text_of_an_argument(urlconf):
    class Slugged:
        def __init__(self, slug):
            self.slug = slug

        def __str__(self):
            return self.slug

    urlconf("cache_objects", [path("post/<slug:post>/", view, name="post")])
    post = Slugged("first")
    assert reverse("post", "cache_objects", kwargs={"post": post}) == "/post/first/"
    post.slug = "renamed"
    assert reverse("post", "cache_objects", kwargs={"post": post}) == "/post/renamed/"


def test_reverse_tells_one_from_true(urlconf):
    urlconf("cache_types", [path("n/<str:value>/", view, name="n")])
    assert reverse("n", "cache_types", args=[1]) == "/n/1/"
    assert reverse("n", "cache_types", args=[True]) == "/n/True/"


def test_reverse_targets_are_bounded(urlconf, monkeypatch):
    from chainweb.urls import base

    monkeypatch.setattr(base, "_CACHE_SIZE", 3)
    urlconf("cache_bounded", [path(f"n{i}/", view, name=f"n{i}") for i in range(10)])
    for i in range(10):
        assert reverse(f"n{i}", "cache_bounded") == f"/n{i}/"
        assert len(base._targets) <= 3


def test_failed_reverse_is_not_cached(urlconf):
    module = urlconf("cache_failure", [])
    with pytest.raises(NoReverseMatch):
        reverse("late", "cache_failure")
    module.urlpatterns = [path("late/", view, name="late")]
    clear_url_caches()
    assert reverse("late", "cache_failure") == "/late/"


def test_unhashable_urlconf_is_reversed_without_cache():
    resolver_list = [path("listed/", view, name="listed")]
    with pytest.raises(TypeError):
        get_resolver(resolver_list)  # resolvers are cached by urlconf, which must be hashable
    with pytest.raises(TypeError):
        reverse("listed", resolver_list)


def test_root_urlconf_not_set():
    with override_settings(ROOT_URLCONF=None):
        with pytest.raises(ImproperlyConfigured, match=r"ROOT_URLCONF setting is not set\. Set"):
            resolve("/")


def test_urlconf_that_does_not_import_names_itself():
    with pytest.raises(
        ImproperlyConfigured,
        match=r"The URLconf 'tests\.urls\.nowhere' could not be imported: No module named",
    ):
        resolve("/", "tests.urls.nowhere")


def test_urlconf_without_patterns(urlconf):
    urlconf("cache_no_patterns", None)
    with pytest.raises(ImproperlyConfigured, match="does not appear to have any patterns"):
        resolve("/", "cache_no_patterns")


def test_set_urlconf_switches_the_default(two_urlconfs):
    set_urlconf("cache_second")
    try:
        assert get_urlconf() == "cache_second"
        assert resolve("/second/3/").func is other_view
        assert reverse("item", args=[3]) == "/second/3/"
    finally:
        set_urlconf(None)
    assert get_urlconf("fallback") == "fallback"
