from chainweb.core.exceptions import MiddlewareNotUsed


class HookMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        return None

    def process_exception(self, request, exception):
        return None


class UnusedMiddleware:
    def __init__(self, get_response):
        raise MiddlewareNotUsed("switched off")
