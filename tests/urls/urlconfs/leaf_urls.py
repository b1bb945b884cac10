"""A one-pattern module without app_name, included in every argument form."""

from chainweb.urls import path

from .views import empty_view

urlpatterns = [path("leaf/", empty_view, name="leaf")]
