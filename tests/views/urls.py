from chainweb.http import HttpResponse
from chainweb.urls import path
from chainweb.views import RedirectView

from . import views


def article(request, year, slug):
    return HttpResponse(f"article {year} {slug}")


urlpatterns = [
    path("get-only/", views.GetOnly.as_view()),
    path("get-only/<int:pk>/", views.GetOnly.as_view()),
    path("post-only/", views.PostOnly.as_view()),
    path("get-post/", views.GetPost.as_view()),
    path("custom-head/", views.CustomHead.as_view()),
    path("values/", views.ReturnsValues.as_view()),
    path("forgets-super/", views.ForgetsSuper.as_view()),
    path("decorated/", views.Decorated.as_view()),
    path("never-cached-view/", views.NeverCached.as_view()),
    path("exempt/", views.Exempt.as_view()),
    path("method-decorated/", views.MethodDecorated.as_view()),
    path("get-or-post/", views.get_or_post),
    path("only-get/", views.only_get),
    path("only-post/", views.only_post),
    path("only-safe/", views.only_safe),
    path("never-cached/", views.never_cached),
    path("public-cache/", views.public_cache),
    path("private-cache/", views.private_cache),
    path("articles/<int:year>/<slug:slug>/", article, name="article"),
    path("go/<int:year>/<slug:slug>/", RedirectView.as_view(url="/articles/%(year)s/%(slug)s/")),
    path(
        "go-permanent/<int:year>/<slug:slug>/",
        RedirectView.as_view(url="/articles/%(year)s/%(slug)s/", permanent=True),
    ),
    path(
        "go-query/<int:year>/<slug:slug>/",
        RedirectView.as_view(url="/articles/%(year)s/%(slug)s/", query_string=True),
    ),
    path("go-named/<int:year>/<slug:slug>/", views.ToArticle.as_view()),
    path("gone/", RedirectView.as_view()),
]
