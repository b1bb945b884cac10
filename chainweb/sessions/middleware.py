"""``SessionMiddleware``: give each request a ``request.session`` and save it on the way out."""

from __future__ import annotations

import functools
import logging
import re
import time
import typing as t
from importlib import import_module

from werkzeug.http import dump_cookie

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.middleware import MiddlewareMixin
from chainweb.sessions.backends.base import UpdateError, load_serializer
from chainweb.sessions.exceptions import SessionInterrupted, SessionTooLarge
from chainweb.utils.cache import patch_vary_headers
from chainweb.utils.http import add_checked_headers, header_names

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request
    from chainweb.middleware import GetResponse
    from chainweb.sessions.backends.base import SessionBase

logger = logging.getLogger("chainweb.sessions")

#: The largest ``Set-Cookie`` value (name, value and attributes) browsers are sure to keep,
#: used when the response does not say otherwise (werkzeug's ``max_cookie_size``).
MAX_COOKIE_SIZE = 4093


#: Cookie values that need no quoting (signed sessions and random keys are made of these).
_COOKIE_SAFE = re.compile(r"[A-Za-z0-9._~-]*")


@functools.lru_cache(maxsize=32)
def _cookie_attributes(
    now: int,
    max_age: int | None,
    path: str,
    domain: str | None,
    secure: bool,
    httponly: bool,
    samesite: str | None,
) -> str:
    """Return the Set-Cookie attributes (``; Expires=...; Path=/...``) werkzeug writes.

    PERF: only Expires changes, once a second (``now``), so the attributes are made by
    werkzeug's dump_cookie once a second rather than for every response.
    """
    header = dump_cookie(
        "x",
        "",
        max_age=max_age,
        path=path,
        domain=domain,
        secure=secure,
        httponly=httponly,
        samesite=samesite,
        max_size=0,  # the size is checked with the value, with a clearer message
    )
    return header.removeprefix("x=")


def _vary_on_cookie(response: HttpResponse) -> None:
    """Add ``Cookie`` to the response's ``Vary`` header."""
    if "vary" in header_names(response.headers):
        patch_vary_headers(response, ("Cookie",))
    else:  # PERF: the usual case, a new header with a constant value
        add_checked_headers(response.headers, (("Vary", "Cookie"),))


class SessionMiddleware(MiddlewareMixin):
    """Load the session from its cookie before the view, save it and set the cookie after.

    ``SESSION_ENGINE`` names the store's module; it is imported when the middleware loads.
    On the way out:

    * a session that was read adds ``Vary: Cookie`` (the response depends on the cookie);
    * a session that came with a cookie and is now empty (flushed) deletes the cookie;
    * a changed session (or any, with ``SESSION_SAVE_EVERY_REQUEST``) that is not empty is
      saved and its cookie set, unless the response is a 5xx: a request that failed must
      not keep what it half did.

    A cookie larger than browsers keep raises ``SessionTooLarge`` when ``DEBUG`` is on, and
    is logged as a warning on ``chainweb.sessions`` and sent anyway when it is off (the
    browser will likely drop it and keep the previous cookie).
    """

    def __init__(self, get_response: GetResponse) -> None:
        super().__init__(get_response)
        engine = settings.SESSION_ENGINE
        try:
            module = import_module(engine)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"SESSION_ENGINE {engine!r} could not be imported: {exc}. Set it to the dotted "
                "path of a session store module, such as "
                "'chainweb.sessions.backends.signed_cookies' (the default) or "
                "'chainweb.sessions.backends.redis'."
            ) from exc
        load_serializer()  # a bad SESSION_SERIALIZER fails now, not on some later request
        try:
            self.SessionStore: type[SessionBase] = module.SessionStore
        except AttributeError:
            raise ImproperlyConfigured(
                f"SESSION_ENGINE {engine!r} has no SessionStore class. Name a module that "
                "defines one (a subclass of chainweb.sessions.backends.base.SessionBase)."
            ) from None
        samesite = settings.SESSION_COOKIE_SAMESITE
        if samesite is not None and str(samesite).title() not in ("Strict", "Lax", "None"):
            raise ImproperlyConfigured(
                f"SESSION_COOKIE_SAMESITE is {samesite!r}; it must be 'Lax' (the default), "
                "'Strict', 'None' (which browsers accept only with SESSION_COOKIE_SECURE = "
                "True), or None to send no SameSite attribute."
            )

    def __call__(self, request: Request) -> HttpResponse:
        """Attach the session, run the rest of the chain, then save the session if needed."""
        # PERF: process_request inline, and process_response only for a touched session.
        cookie_name = settings.SESSION_COOKIE_NAME
        cookies = request.COOKIES
        session = request.session = self.SessionStore(  # type: ignore[attr-defined]
            cookies[cookie_name] if cookie_name in cookies else None
        )
        response = self.get_response(request)
        if (
            request.session is session  # type: ignore[attr-defined]
            and not (session.accessed or session.modified or settings.SESSION_SAVE_EVERY_REQUEST)
            and (session.session_key is not None or cookie_name not in cookies)
        ):
            return response  # a session nobody touched: nothing to save or delete
        return self.process_response(request, response)

    def process_request(self, request: Request) -> None:
        """Attach the session named by the request's cookie as ``request.session``."""
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        request.session = self.SessionStore(session_key)  # type: ignore[attr-defined]

    def process_response(self, request: Request, response: HttpResponse) -> HttpResponse:
        """Save the session if it changed and set, refresh or delete its cookie."""
        try:
            session: SessionBase = request.session  # type: ignore[attr-defined]
            accessed = session.accessed
            modified = session.modified
        except AttributeError:  # process_request did not run, or the view replaced it
            return response
        cookie_name = settings.SESSION_COOKIE_NAME
        if not (accessed or modified or settings.SESSION_SAVE_EVERY_REQUEST) and (
            session.session_key is not None or cookie_name not in request.COOKIES
        ):
            # PERF: the common case, a session nobody touched: nothing to save or delete.
            return response
        empty = session.is_empty()
        if cookie_name in request.COOKIES and empty:
            response.delete_cookie(
                cookie_name,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=settings.SESSION_COOKIE_HTTPONLY,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
            _vary_on_cookie(response)
            return response
        if accessed:
            _vary_on_cookie(response)
        if (
            (modified or settings.SESSION_SAVE_EVERY_REQUEST)
            and not empty
            and response.status_code < 500
        ):
            if session.get_expire_at_browser_close():
                max_age = None
            else:
                max_age = max(0, session.get_expiry_age())
            try:
                session.save()
            except UpdateError:
                raise SessionInterrupted(
                    "The request's session was deleted before the request completed. The "
                    "user may have logged out in a concurrent request, for example."
                ) from None
            self._set_cookie(response, cookie_name, session.session_key or "", max_age)
        return response

    def _set_cookie(
        self, response: HttpResponse, name: str, value: str, max_age: int | None
    ) -> None:
        """Add the session cookie to ``response``, checking that browsers will keep it."""
        attributes = _cookie_attributes(
            int(time.time()),
            max_age,
            settings.SESSION_COOKIE_PATH,
            settings.SESSION_COOKIE_DOMAIN,
            settings.SESSION_COOKIE_SECURE,
            settings.SESSION_COOKIE_HTTPONLY,
            settings.SESSION_COOKIE_SAMESITE,
        )
        if self.SessionStore.cookie_value_is_safe or _COOKIE_SAFE.fullmatch(value):
            header = f"{name}={value}{attributes}"
        else:  # a store whose keys need quoting: werkzeug does all of it
            header = dump_cookie(name, value, max_size=0) + attributes
        limit = getattr(response, "max_cookie_size", MAX_COOKIE_SIZE)
        if limit and len(header) > limit:
            message = (
                f"The session cookie {name!r} is {len(header)} bytes (name, value and "
                f"attributes), over the {limit}-byte limit browsers keep: a browser drops "
                "it, and the session changes of this request are lost. Store less in the "
                "session (keep large data in a database or cache and put only its id in the "
                "session), or keep sessions on the server with "
                "SESSION_ENGINE = 'chainweb.sessions.backends.redis'."
            )
            if settings.DEBUG:
                raise SessionTooLarge(message)
            logger.warning(message)
        if header.isprintable():  # value and attributes hold no CR or LF (checked above too)
            add_checked_headers(response.headers, (("Set-Cookie", header),))
        else:
            response.headers.add("Set-Cookie", header)
