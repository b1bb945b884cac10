"""Port of Django's reverse_lazy_urls.py: a view class whose url is reversed lazily.

LazyRedirect.url is built while this module runs, before urlpatterns exists.
"""

from chainweb.urls import path, reverse_lazy

from .views import empty_view

URLCONF = "tests.urls.urlconfs.reverse_lazy_urls"


class LazyRedirect:
    """RedirectView-style: the target is a class attribute."""

    url = reverse_lazy("named-lazy-url-redirected-to", urlconf=URLCONF)

    def __call__(self, request, *args, **kwargs):
        return None


lazy_redirect = LazyRedirect()

urlpatterns = [
    path("redirected_to/", empty_view, name="named-lazy-url-redirected-to"),
    path("login/", empty_view, name="some-login-page"),
    path("redirect/", lazy_redirect),
]
