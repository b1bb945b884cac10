"""Includes nested three deep, each level adding captured values, extra kwargs and namespaces."""

from chainweb.urls import include, path, re_path

from . import views

leaf_patterns = [
    path("leaf/<str:d>/", views.empty_view, {"leaf_kw": "leaf"}, name="leaf"),
]
level3 = ([path("c/<slug:c>/", include(leaf_patterns), {"c_kw": "c"})], "app3")
level2 = ([path("b/", include(level3, namespace="ns3"), {"b_kw": "b"})], "app2")

urlpatterns = [
    path("a/<int:a>/", include(level2, namespace="ns2"), {"a_kw": "a"}),
    # Django: extra kwargs on the include make the outer positional group disappear,
    # the inner pattern (no named groups) keeps its own.
    re_path(
        r"^pos/([0-9]+)/",
        include([re_path(r"^inner/([0-9]+)/$", views.empty_view, name="pos-kw")]),
        {"flag": True},
    ),
    re_path(
        r"^pos-no-kw/([0-9]+)/",
        include([re_path(r"^inner/([0-9]+)/$", views.empty_view, name="pos-no-kw")]),
    ),
]
