"""path('') as a view and path('') as an include root."""

from chainweb.urls import include, path

from .views import empty_view, other_view

urlpatterns = [
    path("", empty_view, name="home"),
    path(
        "",
        include(
            [
                path("about/", other_view, name="about"),
                path("about/<slug:section>/", other_view, name="about-section"),
            ]
        ),
    ),
]
