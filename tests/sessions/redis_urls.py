"""Views and URLconf for the Redis session store's tests."""

from __future__ import annotations

import datetime

import redis

from chainweb.conf import settings
from chainweb.http import HttpResponse, JsonResponse
from chainweb.sessions import cycle_key
from chainweb.urls import path


def show(request):
    """Return the whole session as JSON."""
    return JsonResponse(dict(request.session.items()))


def write(request):
    """Set each query parameter in the session, then return the whole session."""
    for key, value in request.GET.items():
        request.session[key] = value
    return JsonResponse(dict(request.session.items()))


def peek(request):
    """Only read one value of the session."""
    return JsonResponse({"user": request.session.get("user")})


def untouched(request):
    """Do not look at the session at all."""
    return HttpResponse("untouched")


def logout(request):
    request.session.flush()
    return HttpResponse("logged out")


def login(request):
    """Rotate the key the way login code does, then record the user."""
    cycle_key(request)
    request.session["user"] = request.GET.get("user", "alice")
    return HttpResponse("logged in")


def cycle(request):
    request.session.cycle_key()
    return HttpResponse("cycled")


def clear_and_write(request):
    """Replace the data without reading it first (clear() does not load)."""
    request.session.clear()
    request.session["user"] = "mallory"
    return HttpResponse("replaced")


def expire(request):
    """Store a user and set the expiry from ?seconds=N or ?past (a date already gone)."""
    request.session["user"] = "alice"
    if "seconds" in request.GET:
        request.session.set_expiry(int(request.GET["seconds"]))
    else:
        request.session.set_expiry(datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc))
    return HttpResponse("expiry set")


def deleted_meanwhile(request):
    """Read the session, let a "concurrent request" delete its record, then change it."""
    request.session.get("user")
    client = redis.Redis.from_url(settings.SESSION_REDIS["URL"], socket_timeout=2.0)
    try:
        client.delete(settings.SESSION_REDIS["PREFIX"] + request.session.session_key)
    finally:
        client.close()
    request.session["user"] = "resurrected"
    return HttpResponse("changed")


urlpatterns = [
    path("show/", show),
    path("write/", write),
    path("peek/", peek),
    path("untouched/", untouched),
    path("logout/", logout),
    path("login/", login),
    path("cycle/", cycle),
    path("clear-and-write/", clear_and_write),
    path("expire/", expire),
    path("deleted-meanwhile/", deleted_meanwhile),
]
