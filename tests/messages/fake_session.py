"""A stand-in for SessionMiddleware: a dict per client, kept in memory, keyed by a cookie."""

import secrets

from chainweb.middleware import MiddlewareMixin

STORE: dict[str, dict] = {}


class FakeSessionMiddleware(MiddlewareMixin):
    def process_request(self, request):
        key = request.COOKIES.get("fakesession")
        if key not in STORE:
            key = secrets.token_hex(8)
            STORE[key] = {}
        request.session = STORE[key]
        request.fake_session_key = key

    def process_response(self, request, response):
        if hasattr(request, "fake_session_key"):
            response.set_cookie("fakesession", request.fake_session_key)
        return response
