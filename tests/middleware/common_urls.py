"""Views, URLconfs and a middleware for the CommonMiddleware tests."""

import types

from chainweb.http import Http404, HttpResponse, HttpResponseNotFound
from chainweb.urls import path, re_path


def echo(request):
    """Answer with the method, the path, the query string and the body the view received."""
    body = request.body.decode()
    text = f"{request.method} {request.path} ?{request.query_string.decode()} body={body}"
    return HttpResponse(text, content_type="text/plain")


def not_found(request, **kwargs):
    """Answer 404 from the view itself (the path resolved)."""
    return HttpResponseNotFound("the view says 404")


def raise_404(request, **kwargs):
    raise Http404("the view raised Http404")


def no_append_slash(request):
    return HttpResponse("no slash appended")


no_append_slash.should_append_slash = False  # type: ignore[attr-defined]


urlpatterns = [
    path("slash/", echo, name="slash"),
    path("noslash", echo, name="noslash"),
    path("view-404", not_found),
    path("view-404/", echo),
    path("raise-404", raise_404),
    path("raise-404/", echo),
    path("nested/deeper/", echo),
    path("opt-out/", no_append_slash),
    path("caf\u00e9/", echo),
    path("evil.example/", echo),
    # Paths that only a crafted request reaches: CR/LF, and a leading '/' or '\' after the
    # first slash. Each resolves only with a trailing slash, so a redirect is attempted.
    re_path(r"^any/(?P<rest>[\s\S]*)/$", echo),
    re_path(r"^(?P<rest>[^a-z][\s\S]*)/$", echo),
]

#: A second URLconf, for requests whose ``request.urlconf`` a middleware switches.
other_urls = types.ModuleType("tests.middleware.common_urls.other_urls")
other_urls.urlpatterns = [  # type: ignore[attr-defined]
    path("other/", echo, name="other"),
]


class UseOtherURLconf:
    """Resolve requests that carry ``X-Other-Urlconf`` with ``other_urls``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_OTHER_URLCONF" in request.environ:
            request.urlconf = other_urls
        return self.get_response(request)


class NotFoundBeforeResolving:
    """Answer 404 to requests that carry ``X-Block``, before the URL is resolved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_X_BLOCK" in request.environ:
            return HttpResponseNotFound("blocked by a middleware")
        return self.get_response(request)
