from chainweb.urls import path

from . import views

urlpatterns = [
    path("add/", views.add),
    path("shortcuts/", views.shortcuts),
    path("show/", views.show),
    path("count/", views.count),
    path("add-and-show/", views.add_and_show),
    path("read-then-add/", views.read_then_add),
    path("set-level/", views.set_level),
    path("level/", views.levels),
    path("without-middleware/", views.without_middleware),
    path("context/", views.context),
]
