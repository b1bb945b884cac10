"""Views and a URLconf for the test client's tests."""

from chainweb.core.exceptions import PermissionDenied
from chainweb.core.signals import got_request_exception
from chainweb.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from chainweb.test import RequestFactory
from chainweb.urls import path

#: Requests the views saw, newest last (tests clear it).
seen = []


def index(request):
    seen.append(request)
    return HttpResponse("index")


def echo(request):
    """Describe the request as JSON."""
    seen.append(request)
    body = request.body.decode()  # Read before POST: a parsed multipart body is gone.
    return JsonResponse(
        {
            "method": request.method,
            "path": request.path,
            "query": request.META["QUERY_STRING"],
            "GET": {key: request.GET.getlist(key) for key in request.GET},
            "POST": {key: request.POST.getlist(key) for key in request.POST},
            "FILES": {key: request.FILES[key].read().decode() for key in request.FILES},
            "body": body,
            "content_type": request.META.get("CONTENT_TYPE", ""),
            "secure": request.is_secure(),
            "host": request.get_host(),
            "cookies": dict(request.COOKIES),
            "token": request.headers.get("X-Token"),
            "agent": request.META.get("HTTP_USER_AGENT"),
            "remote_addr": request.META.get("REMOTE_ADDR"),
        }
    )


def set_cookie(request):
    response = HttpResponse("set")
    response.set_cookie("flavour", request.GET.get("flavour", "ginger"))
    return response


def forget_cookie(request):
    response = HttpResponse("forgotten")
    response.delete_cookie("flavour")
    return response


def article(request, year):
    return HttpResponse(f"article {year}")


def boom(request):
    raise ValueError("boom from the view")


def forbidden(request):
    raise PermissionDenied("no")


def missing(request):
    raise Http404("no such thing")


def json_view(request):
    return JsonResponse({"answer": 42, "items": [1, 2]})


def stream(request):
    def chunks():
        yield b"one,"
        yield b"two"

    return StreamingHttpResponse(chunks())


def redirect_to(location, permanent=False):
    def view(request):
        if permanent:
            return HttpResponsePermanentRedirect(location)
        return HttpResponseRedirect(location)

    return view


def temporary_redirect(request):
    response = HttpResponse(status=307)
    response["Location"] = "/echo/"
    return response


def signal_for_another_request(request):
    other = RequestFactory().get("/")
    got_request_exception.send(object, request=other, exception=RuntimeError("not mine"))
    return HttpResponse("fine")


urlpatterns = [
    path("", index, name="index"),
    path("echo/", echo, name="echo"),
    path("set-cookie/", set_cookie),
    path("forget-cookie/", forget_cookie),
    path("articles/<int:year>/", article, name="article"),
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("missing/", missing),
    path("json/", json_view),
    path("stream/", stream),
    path("redirect/", redirect_to("/hop/"), name="redirect"),
    path("hop/", redirect_to("/echo/?from=hop", permanent=True)),
    path("loop/", redirect_to("/loop/")),
    path("temporary/", temporary_redirect),
    path("to-boom/", redirect_to("/boom/")),
    path("signals/", signal_for_another_request),
]
