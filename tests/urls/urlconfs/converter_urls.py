"""Port of Django's converter_urls.py: one route per built-in converter, named after it."""

from chainweb.urls import path

from . import views

urlpatterns = [
    path(f"{name}/<{name}:{name}>/", views.empty_view, name=name)
    for name in ("int", "path", "slug", "str", "uuid")
]
