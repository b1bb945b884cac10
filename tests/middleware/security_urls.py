"""Views and a URLconf for the SecurityMiddleware tests."""

from chainweb.http import HttpResponse, StreamingHttpResponse
from chainweb.urls import path, re_path


def plain(request):
    return HttpResponse("plain", content_type="text/plain")


def stream(request):
    return StreamingHttpResponse(iter([b"one ", b"two ", b"three"]), content_type="text/plain")


def own_headers(request):
    """Set every header the middleware adds, with values of its own."""
    response = HttpResponse("own", content_type="text/plain")
    response["X-Content-Type-Options"] = "view-nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    response["Strict-Transport-Security"] = "max-age=1"
    return response


def own_referrer_policy(request):
    response = HttpResponse("own", content_type="text/plain")
    response["referrer-policy"] = "origin"  # lowercase: header names are case-insensitive
    return response


def text(request):
    return "text"


urlpatterns = [
    path("plain/", plain),
    path("stream/", stream),
    path("own/", own_headers),
    path("own-referrer-policy/", own_referrer_policy),
    path("text/", text),
    re_path(r"^.*$", plain),  # any other path, so redirects are tested for every path
]
