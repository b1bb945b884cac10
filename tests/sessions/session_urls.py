"""Views and URLconf for the session middleware tests (the signed-cookie store)."""

from __future__ import annotations

import datetime

from werkzeug.exceptions import ServiceUnavailable

from chainweb import globals as chainweb_globals
from chainweb.http import HttpResponse, JsonResponse
from chainweb.sessions import cycle_key
from chainweb.urls import path


def read(request):
    """Return the whole session (reading it)."""
    return JsonResponse({key: request.session[key] for key in request.session})


def write(request):
    """Set each query parameter in the session."""
    for key, value in request.GET.items():
        request.session[key] = value
    return HttpResponse("written")


def read_with_vary(request):
    """Read the session from a view that already varies on Accept-Encoding."""
    response = HttpResponse(str(request.session.get("user")))
    response["Vary"] = "Accept-Encoding"
    return response


def untouched(request):
    """Do not look at the session at all."""
    return HttpResponse("untouched")


def flush(request):
    request.session.flush()
    return HttpResponse("flushed")


def clear(request):
    request.session.clear()
    return HttpResponse("cleared")


def cycle(request):
    cycle_key(request)
    return HttpResponse("cycled")


def set_expiry(request):
    """Set the expiry from ?seconds=N, ?days=N (a timedelta), ?at=ISO or ?default."""
    request.session["user"] = "alice"
    if "seconds" in request.GET:
        request.session.set_expiry(int(request.GET["seconds"]))
    elif "days" in request.GET:
        request.session.set_expiry(datetime.timedelta(days=int(request.GET["days"])))
    elif "at" in request.GET:
        request.session.set_expiry(datetime.datetime.fromisoformat(request.GET["at"]))
    else:
        request.session.set_expiry(None)
    return HttpResponse("expiry set")


def write_then_fail(request):
    """Change the session and then fail with the status in ?status= (500 by raising)."""
    request.session["half"] = "done"
    status = int(request.GET.get("status", "500"))
    if status == 500:
        raise RuntimeError("the view failed after writing to the session")
    if status == 5031:
        raise ServiceUnavailable()
    return HttpResponse("failed", status=status)


def through_proxy(request):
    """Use chainweb.globals.session instead of request.session."""
    chainweb_globals.session["via"] = "proxy"
    current = chainweb_globals.session._get_current_object()
    return JsonResponse({"same": current is request.session})


def big(request):
    """Store ?size=N random-looking characters (random data does not compress)."""
    import secrets

    request.session["blob"] = secrets.token_urlsafe(int(request.GET["size"]))
    return HttpResponse("stored")


def lose_record(request):
    """Read the session, lose its server record (a concurrent logout), then change it."""
    from tests.sessions import memory_store

    request.session.get("user")
    memory_store.RECORDS.pop(request.session.session_key)
    request.session["user"] = "mallory"
    return HttpResponse("changed")


def replace_session(request):
    """Replace request.session with something that is not a session."""
    request.session = None
    return HttpResponse("replaced")


urlpatterns = [
    path("read/", read),
    path("write/", write),
    path("read-vary/", read_with_vary),
    path("untouched/", untouched),
    path("flush/", flush),
    path("clear/", clear),
    path("cycle/", cycle),
    path("set-expiry/", set_expiry),
    path("fail/", write_then_fail),
    path("proxy/", through_proxy),
    path("big/", big),
    path("replace/", replace_session),
    path("lose-record/", lose_record),
]
