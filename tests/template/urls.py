"""Views and a URLconf rendering templates, for the tests that go through the handler."""

import threading

from chainweb.http import HttpResponse
from chainweb.shortcuts import render
from chainweb.template import TemplateResponse, render_to_string
from chainweb.urls import include, path


def greet(request, name):
    return TemplateResponse(request, "escape.html", {"value": name})


def search(request):
    return render(request, "escape.html", {"value": request.GET.get("q", "")})


def link(request, slug):
    return TemplateResponse(request, "link.html", {"slug": slug})


def show(request, name):
    """Render the template ``name`` (a TemplateResponse, rendered by the handler)."""
    return TemplateResponse(request, name.replace("~", "/"), {"name": "world", "zero": 0})


def shortcut(request, name):
    """Render the template ``name`` in the view, with render()."""
    return render(request, name, {"name": "world", "zero": 0})


def two_templates(request):
    header = render_to_string("hello.html", {"name": "first"})
    return TemplateResponse(request, "context.html", {"greeting": header.strip(), "name": "x"})


def other_thread(request):
    """Render a template in another thread, then one in the request's own."""
    thread = threading.Thread(target=render_to_string, args=("hello.html", {"name": "thread"}))
    thread.start()
    thread.join()
    return TemplateResponse(request, "hello.html", {"name": "request"})


def swap(request):
    return TemplateResponse(request, "context.html", {"greeting": "hi", "name": "view"})


def detail(request, pk):
    return HttpResponse(f"detail {pk}")


blog_patterns = ([path("<int:pk>/", detail, name="detail")], "blog")

urlpatterns = [
    path("greet/<str:name>/", greet),
    path("search/", search),
    path("link/<str:slug>/", link),
    path("show/<str:name>/", show),
    path("shortcut/<str:name>/", shortcut),
    path("two/", two_templates),
    path("swap/", swap),
    path("thread/", other_thread),
    path("detail/<int:pk>/", detail, name="detail"),
    path("named/<str:slug>/", detail, name="named"),
    path("blog/", include(blog_patterns, namespace="blog")),
]
