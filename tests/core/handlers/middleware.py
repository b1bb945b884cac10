"""Middleware for the chain tests: each records what ran into ``LOG``."""

from chainweb.core.exceptions import MiddlewareNotUsed
from chainweb.http import HttpResponse
from chainweb.middleware import MiddlewareMixin

LOG: list[str] = []
#: Middleware names whose hooks should return a response (short-circuit) or raise.
SHORT = set()
RAISE = set()
LOADS: list[str] = []


class Recording:
    name = "?"

    def __init__(self, get_response):
        LOADS.append(self.name)
        self.get_response = get_response

    def __call__(self, request):
        LOG.append(f"{self.name}.before")
        if f"{self.name}.call" in RAISE:
            raise RuntimeError(f"{self.name} failed")
        response = self.get_response(request)
        LOG.append(f"{self.name}.after:{response.status_code}")
        return response

    def process_view(self, request, view, args, kwargs):
        LOG.append(f"{self.name}.process_view")
        if f"{self.name}.process_view" in SHORT:
            return HttpResponse(f"short-circuited by {self.name}")
        return None

    def process_exception(self, request, exception):
        LOG.append(f"{self.name}.process_exception:{type(exception).__name__}")
        if f"{self.name}.process_exception" in SHORT:
            return HttpResponse(f"handled by {self.name}", status=299)
        return None

    def process_template_response(self, request, response):
        LOG.append(f"{self.name}.process_template_response")
        if f"{self.name}.process_template_response" in SHORT:
            return None  # a bug: must return a response
        response.context_data.append(self.name)
        return response


class A(Recording):
    name = "A"


class B(Recording):
    name = "B"


class C(Recording):
    name = "C"


class NotUsed:
    def __init__(self, get_response):
        raise MiddlewareNotUsed("not needed here")


class ReturnsNone:
    def __new__(cls, get_response):
        return None


def function_middleware(get_response):
    LOADS.append("function")

    def middleware(request):
        LOG.append("function.before")
        response = get_response(request)
        LOG.append("function.after")
        response["X-Function"] = "yes"
        return response

    return middleware


class OldStyle(MiddlewareMixin):
    def process_request(self, request):
        LOG.append("OldStyle.process_request")
        if "OldStyle.process_request" in SHORT:
            return HttpResponse("from process_request")
        return None

    def process_response(self, request, response):
        LOG.append(f"OldStyle.process_response:{response.status_code}")
        response["X-Old-Style"] = "yes"
        return response


class SwitchUrlconf:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.urlconf = "tests.core.handlers.other_urls"
        return self.get_response(request)
