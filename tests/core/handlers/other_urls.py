from chainweb.http import HttpResponse
from chainweb.urls import path

from . import views


def other(request):
    return HttpResponse("other urlconf")


urlpatterns = [
    path("ok/", other),
    path("where/", views.where, name="where"),
]
