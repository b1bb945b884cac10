from chainweb.urls import path

from . import views

urlpatterns = [
    path("ok/", views.ok, name="ok"),
    path("none/", views.returns_none),
    path("raises/", views.raises),
    path("not-found/", views.not_found),
    path("forbidden/", views.forbidden),
    path("bad/", views.bad_request),
    path("suspicious/", views.suspicious),
    path("disallowed/", views.disallowed_host),
    path("too-big/", views.too_big),
    path("teapot/", views.teapot),
    path("text/", views.text),
    path("data/", views.data),
    path("created/", views.created),
    path("where/", views.where, name="where"),
    path("streaming/", views.streaming),
    path("items/<int:pk>/", views.item, name="item"),
    path("deferred/", views.deferred),
    path("deferred-failing/", views.deferred_failing),
    path("whoami/", views.whoami),
]
