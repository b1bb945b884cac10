from chainweb.http import HttpResponse
from chainweb.views import View
from chainweb.views.decorators import require_POST


def index(request):
    return HttpResponse("fixture home")


def article(request, pk):
    return HttpResponse(f"article {pk}")


@require_POST
def publish(request, pk):
    return HttpResponse("published")


class ItemView(View):
    def get(self, request, **kwargs):
        return HttpResponse("items")

    def post(self, request, **kwargs):
        return HttpResponse("created", status=201)
