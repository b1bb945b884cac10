from chainweb.http import HttpResponse, JsonResponse
from chainweb.urls import path


def echo_form(request):
    return HttpResponse(",".join(f"{k}={v}" for k, v in request.POST.items()))


def echo_body(request):
    return HttpResponse(request.body)


def echo_json(request):
    return JsonResponse({"got": request.json}, safe=False)


def echo_query(request):
    return HttpResponse(",".join(f"{k}={v}" for k, v in request.GET.items()))


def echo_path(request, rest):
    return HttpResponse(rest)


urlpatterns = [
    path("form/", echo_form),
    path("body/", echo_body),
    path("json/", echo_json),
    path("query/", echo_query),
    path("p/<path:rest>", echo_path),
]
