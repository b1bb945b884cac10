from chainweb.urls import include, path, re_path

from . import views

api_patterns = [
    path("items/", views.ItemView.as_view(), name="items"),
]

blog_patterns = [
    path("<int:pk>/", views.article, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("api/", include((api_patterns, "api"), namespace="api")),
]

urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.article),
    path("blog/", include((blog_patterns, "blog"), namespace="blog")),
]
