"""Port of Django's nested_urls.py: a (patterns, app_name) tuple under an instance namespace."""

from chainweb.urls import include, path

from .views import empty_view, other_view, view_class_instance

nested = (
    [
        path("view1/", empty_view, name="view1"),
        path("view3/", view_class_instance, name="view3"),
    ],
    "backend",
)

urlpatterns = [
    path("some/path/", include(nested, namespace="nested")),
    path("view2/", other_view, name="view2"),
]
