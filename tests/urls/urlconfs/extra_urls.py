"""Extra patterns included at the top level of urls.py with an empty prefix."""

from chainweb.urls import include, path, re_path

from .views import empty_view

urlpatterns = [
    re_path(r"^e-places/([0-9]+)/$", empty_view, name="extra-places"),
    re_path(r"^e-people/(?P<name>\w+)/$", empty_view, name="extra-people"),
    path("", include("tests.urls.urlconfs.included_urls2")),
    re_path(r"^prefix/(?P<prefix>\w+)/", include("tests.urls.urlconfs.included_urls2")),
]
