"""Middleware for the test client's tests."""


def stamp(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers["X-Stamped"] = "yes"
        return response

    return middleware
