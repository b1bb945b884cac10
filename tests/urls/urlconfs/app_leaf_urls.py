"""A one-pattern module that sets app_name."""

from chainweb.urls import path

from .views import empty_view

app_name = "leafapp"
urlpatterns = [path("leaf/", empty_view, name="leaf")]
