"""Views and a URLconf for the XFrameOptionsMiddleware and xframe decorator tests."""

from chainweb.http import HttpResponse, StreamingHttpResponse
from chainweb.urls import path
from chainweb.utils.decorators import method_decorator
from chainweb.views import View
from chainweb.views.decorators import (
    xframe_options_deny,
    xframe_options_exempt,
    xframe_options_sameorigin,
)


def plain(request):
    return HttpResponse("plain", content_type="text/plain")


def stream(request):
    return StreamingHttpResponse(iter([b"one ", b"two"]), content_type="text/plain")


def own_header(request):
    response = HttpResponse("own", content_type="text/plain")
    response["x-frame-options"] = "SAMEORIGIN"
    return response


@xframe_options_exempt
def exempt(request):
    return HttpResponse("exempt", content_type="text/plain")


@xframe_options_exempt
def exempt_text(request):
    return "exempt text"


@xframe_options_deny
def deny(request):
    return HttpResponse("deny", content_type="text/plain")


@xframe_options_sameorigin
def sameorigin(request):
    return HttpResponse("sameorigin", content_type="text/plain")


@xframe_options_sameorigin
def sameorigin_text(request):
    return "sameorigin text"


@xframe_options_deny
def deny_tuple(request):
    return {"ok": True}, 201


@xframe_options_deny
def deny_own_header(request):
    response = HttpResponse("own", content_type="text/plain")
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@method_decorator(xframe_options_exempt, name="dispatch")
class ExemptView(View):
    def get(self, request):
        return HttpResponse("class", content_type="text/plain")


urlpatterns = [
    path("plain/", plain),
    path("stream/", stream),
    path("own/", own_header),
    path("exempt/", exempt),
    path("exempt-text/", exempt_text),
    path("deny/", deny),
    path("deny-tuple/", deny_tuple),
    path("deny-own/", deny_own_header),
    path("sameorigin/", sameorigin),
    path("sameorigin-text/", sameorigin_text),
    path("class/", ExemptView.as_view()),
]
