"""Views and a URLconf for the GZipMiddleware tests."""

import io
import os

from chainweb.http import FileResponse, HttpResponse, StreamingHttpResponse
from chainweb.urls import path

#: A body gzip shrinks a lot.
LONG_TEXT = ("<p>" + "chainweb compresses this paragraph nicely. " * 40 + "</p>\n") * 3
#: A body gzip cannot shrink (random bytes), long enough to be tried.
RANDOM_BYTES = os.urandom(400)
#: The chunks of the streaming views.
CHUNKS = [b"first chunk " * 30, b"", b"second chunk " * 30, b"third"]


def long(request):
    return HttpResponse(LONG_TEXT)


def short(request):
    return HttpResponse("too short to be worth it")


def incompressible(request):
    return HttpResponse(RANDOM_BYTES, content_type="application/octet-stream")


def encoded(request):
    response = HttpResponse(LONG_TEXT)
    response["Content-Encoding"] = "identity"
    return response


def strong_etag(request):
    response = HttpResponse(LONG_TEXT)
    response["ETag"] = '"v1"'
    return response


def weak_etag(request):
    response = HttpResponse(LONG_TEXT)
    response["ETag"] = 'W/"v1"'
    return response


def stream(request):
    return StreamingHttpResponse(iter(CHUNKS), content_type="text/plain")


def empty_stream(request):
    return StreamingHttpResponse(iter([]), content_type="text/plain")


def file(request):
    return FileResponse(io.BytesIO(LONG_TEXT.encode()), filename="page.txt")


def partial(request):
    return HttpResponse(LONG_TEXT, status=206)


def vary_cookie(request):
    response = HttpResponse(LONG_TEXT)
    response["Vary"] = "Cookie"
    return response


urlpatterns = [
    path("long/", long),
    path("short/", short),
    path("incompressible/", incompressible),
    path("encoded/", encoded),
    path("strong-etag/", strong_etag),
    path("weak-etag/", weak_etag),
    path("stream/", stream),
    path("empty-stream/", empty_stream),
    path("file/", file),
    path("partial/", partial),
    path("vary-cookie/", vary_cookie),
]
