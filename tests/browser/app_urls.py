"""A small app for the browser test: a counter kept in the session, with flash messages."""

from chainweb import messages
from chainweb.shortcuts import redirect, render
from chainweb.urls import path


def counter(request):
    if request.method == "POST":
        request.session["count"] = request.session.get("count", 0) + 1
        messages.success(request, f"Counted to {request.session['count']}.")
        return redirect("counter")
    return render(request, "counter.html", {"count": request.session.get("count", 0)})


urlpatterns = [path("", counter, name="counter")]
