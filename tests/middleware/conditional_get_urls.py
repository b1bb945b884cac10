"""Views and a URLconf for the ConditionalGetMiddleware tests."""

from chainweb.http import HttpResponse, HttpResponseNotFound, StreamingHttpResponse
from chainweb.urls import path

BODY = "the page, as the view made it"
#: When the /dated/ resource last changed.
LAST_MODIFIED = "Sat, 12 Feb 2011 17:38:44 GMT"


def page(request):
    return HttpResponse(BODY)


def empty(request):
    return HttpResponse()


def no_store(request):
    response = HttpResponse(BODY)
    response["Cache-Control"] = "private, No-Store"
    return response


def almost_no_store(request):
    response = HttpResponse(BODY)
    response["Cache-Control"] = "max-age=60, x-no-store-ish"
    return response


def not_found(request):
    return HttpResponseNotFound(BODY)


def created(request):
    return HttpResponse(BODY, status=201)


def stream(request):
    return StreamingHttpResponse(iter([b"streamed ", b"body"]))


def stream_with_etag(request):
    response = StreamingHttpResponse(iter([b"streamed ", b"body"]))
    response["ETag"] = '"s1"'
    return response


def tagged(request):
    response = HttpResponse(BODY)
    response["ETag"] = '"v1"'
    return response


def weak_tagged(request):
    response = HttpResponse(BODY)
    response["ETag"] = 'W/"v1"'
    return response


def dated(request):
    response = HttpResponse(BODY)
    response["Last-Modified"] = LAST_MODIFIED
    return response


def bad_date(request):
    response = HttpResponse()  # no body, so no ETag: only the date could decide
    response["Last-Modified"] = "not a date"
    return response


def with_headers(request):
    """Set headers a 304 must keep, and others it must drop."""
    response = HttpResponse(BODY, content_type="text/plain")
    response["ETag"] = '"v1"'
    response["Last-Modified"] = LAST_MODIFIED
    response["Cache-Control"] = "max-age=60"
    response["Expires"] = "Sun, 13 Feb 2011 17:38:44 GMT"
    response["Vary"] = "Cookie"
    response["Content-Location"] = "/with-headers/"
    response["X-Custom"] = "dropped"
    response.set_cookie("first", "1")
    response.set_cookie("second", "2")
    return response


urlpatterns = [
    path("page/", page),
    path("empty/", empty),
    path("no-store/", no_store),
    path("almost-no-store/", almost_no_store),
    path("not-found/", not_found),
    path("created/", created),
    path("stream/", stream),
    path("stream-with-etag/", stream_with_etag),
    path("tagged/", tagged),
    path("weak-tagged/", weak_tagged),
    path("dated/", dated),
    path("bad-date/", bad_date),
    path("with-headers/", with_headers),
]
