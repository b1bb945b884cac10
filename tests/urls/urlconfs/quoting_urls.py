"""Routes for reverse()'s quoting of arguments and escaping of a leading '//'."""

from chainweb.urls import path

from .views import empty_view

urlpatterns = [
    path("quote/str/<str:s>/", empty_view, name="quote-str"),
    path("quote/path/<path:p>/", empty_view, name="quote-path"),
    path("<path:target>/leading/", empty_view, name="leading"),
]
