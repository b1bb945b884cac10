from chainweb.http import HttpResponse
from chainweb.urls import path

from . import views


def custom_404(request, exception):
    return HttpResponse(f"custom 404: {type(exception).__name__}", status=404)


def custom_403(request, exception):
    return HttpResponse("custom 403", status=403)


def custom_400(request, exception):
    return HttpResponse("custom 400", status=400)


def custom_500(request):
    return HttpResponse("custom 500", status=500)


handler404 = custom_404
handler403 = "tests.core.handlers.custom_handlers_urls.custom_403"
handler400 = custom_400
handler500 = custom_500

urlpatterns = [
    path("raises/", views.raises),
    path("forbidden/", views.forbidden),
    path("bad/", views.bad_request),
    path("not-found/", views.not_found),
    path("aborts/", views.aborts),
]
