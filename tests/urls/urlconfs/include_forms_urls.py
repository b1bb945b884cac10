"""Every argument form include() accepts, each under its own prefix."""

from chainweb.urls import include, path

from . import app_leaf_urls, leaf_urls
from .views import empty_view

leaf_patterns = [path("leaf/", empty_view, name="leaf")]

urlpatterns = [
    path("dotted/", include("tests.urls.urlconfs.leaf_urls")),
    path("module/", include(leaf_urls)),
    path("list/", include(leaf_patterns)),
    path("tuple/", include((leaf_patterns, "tupleapp"))),
    path("tuple-ns/", include((leaf_patterns, "tupleapp"), namespace="tuple-ns")),
    path("tuple-dotted/", include(("tests.urls.urlconfs.leaf_urls", "dottedapp"))),
    path("tuple-module/", include((leaf_urls, "moduleapp"), namespace="module-ns")),
    path("appmod/", include("tests.urls.urlconfs.app_leaf_urls")),
    path("appmod-ns/", include(app_leaf_urls, namespace="leaf-ns")),
]
