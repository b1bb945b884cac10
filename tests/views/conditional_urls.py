"""Views with the condition, etag and last_modified decorators, and their URLconf."""

import datetime

from chainweb.http import HttpResponse
from chainweb.urls import path
from chainweb.utils.decorators import method_decorator
from chainweb.views import View
from chainweb.views.decorators import condition, etag, last_modified

#: When the resource last changed, naive (UTC) and as an HTTP date.
LAST_MODIFIED = datetime.datetime(2011, 2, 12, 17, 38, 44)
LAST_MODIFIED_STR = "Sat, 12 Feb 2011 17:38:44 GMT"
#: The same instant in another zone.
LAST_MODIFIED_PARIS = datetime.datetime(
    2011, 2, 12, 18, 38, 44, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
)
ETAG = '"v1"'


def get_etag(request, *args, **kwargs):
    return "v1"


def get_last_modified(request, *args, **kwargs):
    return LAST_MODIFIED


@condition(etag_func=get_etag, last_modified_func=get_last_modified)
def both(request):
    return HttpResponse("content")


@etag(get_etag)
def etag_only(request):
    return HttpResponse("content")


@etag(lambda request: '"v1"')
def quoted_etag(request):
    return HttpResponse("content")


@etag(lambda request: 'W/"v1"')
def weak_etag(request):
    return HttpResponse("content")


@last_modified(get_last_modified)
def date_only(request):
    return HttpResponse("content")


@last_modified(lambda request: LAST_MODIFIED_PARIS)
def aware_date(request):
    return HttpResponse("content")


@condition(etag_func=lambda request: None, last_modified_func=lambda request: None)
def missing(request):
    return HttpResponse("no such resource yet")


@etag(lambda request, pk: f"item-{pk}")
def item(request, pk):
    return f"item {pk}"  # not a response: made into one


@etag(get_etag)
def own_headers(request):
    response = HttpResponse("content")
    response["ETag"] = '"the view\'s"'
    return response


@method_decorator(etag(get_etag), name="dispatch")
class ClassBased(View):
    def get(self, request):
        return HttpResponse("content")

    def put(self, request):
        return HttpResponse("updated")


urlpatterns = [
    path("both/", both),
    path("etag/", etag_only),
    path("quoted-etag/", quoted_etag),
    path("weak-etag/", weak_etag),
    path("date/", date_only),
    path("aware-date/", aware_date),
    path("missing/", missing),
    path("items/<int:pk>/", item),
    path("own-headers/", own_headers),
    path("class-based/", ClassBased.as_view()),
]
