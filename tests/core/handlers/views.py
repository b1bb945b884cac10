import threading

from werkzeug.exceptions import ImATeapot

from chainweb.core.exceptions import (
    BadRequest,
    DisallowedHost,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from chainweb.globals import g
from chainweb.globals import request as current_request
from chainweb.http import Http404, HttpResponse, StreamingHttpResponse
from chainweb.urls import reverse

from .middleware import LOG


def ok(request):
    LOG.append("view")
    return HttpResponse("ok")


def returns_none(request):
    LOG.append("view")


def raises(request):
    LOG.append("view")
    raise ValueError("view failed <script>")


def not_found(request):
    raise Http404("No article 7 <b>here</b>")


def forbidden(request):
    raise PermissionDenied


def bad_request(request):
    raise BadRequest("malformed thing")


def suspicious(request):
    raise SuspiciousOperation("odd")


def disallowed_host(request):
    raise DisallowedHost("bad host")


def too_big(request):
    raise RequestDataTooBig("too big")


def teapot(request):
    raise ImATeapot()


def text(request):
    return "plain text"


def data(request):
    return {"a": 1}


def created(request):
    return "made", 201, {"X-Made": "yes"}


def where(request):
    return HttpResponse(reverse("where"))


def streaming(request):
    return StreamingHttpResponse(iter([b"a", b"b", b"c"]))


def item(request, pk):
    return HttpResponse(f"item {pk}")


class Deferred(HttpResponse):
    """A response with deferred rendering, as TemplateResponse will be."""

    def __init__(self, fail=False):
        super().__init__("")
        self.context_data = []
        self.fail = fail
        self.is_rendered = False

    def render(self):
        LOG.append("render")
        if self.fail:
            raise KeyError("render failed")
        self.set_data(",".join(self.context_data).encode())
        self.is_rendered = True
        return self


def deferred(request):
    LOG.append("view")
    return Deferred()


def deferred_failing(request):
    LOG.append("view")
    return Deferred(fail=True)


SEEN = []
_lock = threading.Lock()


def whoami(request):
    g.marker = request.GET["n"]
    # Let other threads run between setting and reading the context locals.
    threading.Event().wait(0.0005)
    same = current_request._get_current_object() is request and g.marker == request.GET["n"]
    with _lock:
        SEEN.append(same)
    return HttpResponse(request.GET["n"])


def aborts(request):
    """Raise werkzeug's HTTP error for ``?code=``, or abort with a response of its own."""
    from werkzeug.exceptions import abort
    from werkzeug.wrappers import Response

    if "code" in request.GET:
        abort(int(request.GET["code"]))
    abort(Response("mine", status=404))
