"""Tiny views and a URLconf for the CSRF tests."""

from chainweb.http import HttpResponse
from chainweb.middleware.csrf import csrf_input, get_token, rotate_token
from chainweb.template.response import TemplateResponse
from chainweb.urls import path
from chainweb.views.decorators.csrf import (
    csrf_exempt,
    csrf_protect,
    ensure_csrf_cookie,
    requires_csrf_token,
)


def token(request):
    """Answer a GET with a fresh token, as a page with a form would."""
    return HttpResponse(get_token(request), content_type="text/plain")


def form(request):
    return HttpResponse(f"<form method='post'>{csrf_input(request)}</form>")


def accept(request):
    """Answer whatever reached the view."""
    return HttpResponse(f"accepted {request.method}", content_type="text/plain")


def rotate(request):
    before = get_token(request)
    rotate_token(request)
    return HttpResponse(f"{before} {get_token(request)}", content_type="text/plain")


def login(request):
    """Log in, as login code does: a new session key and a new CSRF secret."""
    from chainweb.sessions import cycle_key

    request.session["user"] = "alice"
    cycle_key(request)
    return HttpResponse(get_token(request), content_type="text/plain")


def no_form(request):
    return HttpResponse("no form here", content_type="text/plain")


def template_form(request):
    return TemplateResponse(request, "form.html")


def returns_text(request):
    return "plain text"


urlpatterns = [
    path("token/", token),
    path("form/", form),
    path("accept/", accept),
    path("rotate/", rotate),
    path("login/", login),
    path("exempt/", csrf_exempt(accept)),
    path("protected/", csrf_protect(accept)),
    path("protected-text/", csrf_protect(returns_text)),
    path("protected-exempt/", csrf_protect(csrf_exempt(accept))),
    path("protected-token/", csrf_protect(token)),
    path("protected-template/", csrf_protect(template_form)),
    path("template/", template_form),
    path("ensure-cookie/", ensure_csrf_cookie(no_form)),
    path("requires-token/", requires_csrf_token(token)),
]


def csrf_input_processor(request):
    """Give templates ``csrf_input``, as the Jinja2 backend is to do for every request."""
    from chainweb.middleware.csrf import csrf_input_lazy

    return {"csrf_input": csrf_input_lazy(request)}
