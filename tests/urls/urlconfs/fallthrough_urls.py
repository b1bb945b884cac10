"""A converter refusing a value (ValueError) lets resolution go on to later patterns."""

from chainweb.urls import path, register_converter

from . import converters, views

register_converter(converters.EvenIntConverter, "even")
register_converter(converters.TypeErrorConverter, "typeerror")

urlpatterns = [
    path("number/<even:n>/", views.empty_view, name="even"),
    path("number/<str:n>/", views.other_view, name="not-even"),
    path("buggy/<typeerror:value>/", views.empty_view, name="buggy"),
]
