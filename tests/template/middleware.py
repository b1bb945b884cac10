"""Middleware for the template tests: hooks that change or record template responses."""

from chainweb.http import HttpResponse

#: What the hooks saw, newest last (tests clear it).
calls = []


class SwapTemplate:
    """Change the template and the context before the response is rendered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        calls.append(("process_template_response", response.is_rendered))
        response.template_name = "swapped.html"
        response.context_data["greeting"] = "changed by middleware"
        return response


class RecordException:
    """Record exceptions given to process_exception; let them go on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        calls.append(("process_exception", exception))


class HandleException(RecordException):
    """Record exceptions and answer them with a 503."""

    def process_exception(self, request, exception):
        super().process_exception(request, exception)
        return HttpResponse(f"handled {type(exception).__name__}", status=503)
