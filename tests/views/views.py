from chainweb.http import HttpResponse, make_response
from chainweb.views import RedirectView, View
from chainweb.views.decorators import (
    cache_control,
    csrf_exempt,
    method_decorator,
    never_cache,
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

INSTANCES = []


class GetOnly(View):
    """Answer GET only."""

    def get(self, request, *args, **kwargs):
        INSTANCES.append(self)
        return HttpResponse(f"get {kwargs}")


class PostOnly(View):
    def post(self, request, *args, **kwargs):
        return HttpResponse("post")


class GetPost(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse("get")

    def post(self, request, *args, **kwargs):
        return HttpResponse("post")


class CustomHead(View):
    def get(self, request):
        return HttpResponse("get body")

    def head(self, request):
        response = HttpResponse("")
        response["X-Head"] = "custom"
        return response


class ReturnsValues(View):
    def get(self, request):
        return {"kind": "dict"}

    def post(self, request):
        return "made", 201

    def put(self, request):
        return "text"


class ForgetsSuper(View):
    def setup(self, request, *args, **kwargs):
        pass

    def get(self, request):
        return HttpResponse("never")


def add_header(name):
    def decorator(view):
        def wrapped(request, *args, **kwargs):
            response = make_response(view(request, *args, **kwargs))
            response[name] = response.get(name, "") + name[-1]
            return response

        return wrapped

    return decorator


class Decorated(View):
    decorators = [add_header("X-A"), add_header("X-B")]

    def get(self, request):
        return HttpResponse("decorated")


@method_decorator(never_cache, name="dispatch")
class NeverCached(View):
    def get(self, request):
        return HttpResponse("fresh")


@method_decorator(csrf_exempt, name="dispatch")
class Exempt(View):
    def post(self, request):
        return HttpResponse("exempt")


class MethodDecorated(View):
    @method_decorator([cache_control(max_age=60), add_header("X-C")])
    def get(self, request):
        return "cached for a minute"


@require_http_methods(["GET", "POST"])
def get_or_post(request):
    return HttpResponse(request.method)


@require_GET
def only_get(request):
    return HttpResponse("get")


@require_POST
def only_post(request):
    return HttpResponse("post")


@require_safe
def only_safe(request):
    return HttpResponse("safe")


@never_cache
def never_cached(request):
    return "never cached"


@cache_control(max_age=3600, public=True)
def public_cache(request):
    return HttpResponse("public")


@cache_control(private=True)
def private_cache(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "public, max-age=10"
    return response


class ToArticle(RedirectView):
    pattern_name = "article"
