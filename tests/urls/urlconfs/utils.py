"""Django's URLObject: a reusable set of patterns deployed under several namespaces."""

from chainweb.urls import path, re_path

from . import views


class URLObject:
    urlpatterns = [
        path("inner/", views.empty_view, name="urlobject-view"),
        re_path(
            r"^inner/(?P<arg1>[0-9]+)/(?P<arg2>[0-9]+)/$",
            views.empty_view,
            name="urlobject-view",
        ),
        re_path(r"^inner/\+\\\$\*/$", views.empty_view, name="urlobject-special-view"),
    ]

    def __init__(self, app_name, namespace=None):
        self.app_name = app_name
        self.namespace = namespace

    @property
    def urls(self):
        """Arguments for ``include(*obj.urls)``: ((patterns, app_name), namespace)."""
        return (self.urlpatterns, self.app_name), self.namespace

    @property
    def app_urls(self):
        """A (patterns, app_name) 2-tuple."""
        return self.urlpatterns, self.app_name
