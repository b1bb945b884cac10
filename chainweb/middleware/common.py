"""``CommonMiddleware``: refuse listed user agents, add ``www.`` and a missing slash to URLs.

The rules are Django's, with one change: a request that is not GET or HEAD is redirected to
the slash URL with 308, which keeps its method and body, where Django raises an error.
"""

from __future__ import annotations

import typing as t
import weakref

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured, PermissionDenied
from chainweb.core.signals import setting_changed
from chainweb.http.response import (
    MAX_URL_REDIRECT_LENGTH,
    HttpResponsePermanentRedirect,
    HttpResponseRedirectBase,
)
from chainweb.urls import Resolver404, get_resolver
from chainweb.utils.http import escape_leading_slashes, split_domain_port

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request
    from chainweb.middleware import GetResponse

#: The methods redirected with the class's own status (301); others get its method-keeping
#: status (308), so that a form posted to a URL missing its slash still arrives.
REDIRECT_SAFE_METHODS = frozenset({"GET", "HEAD"})

#: The settings read when the middleware loads, and read again when one changes.
_SETTINGS = frozenset({"APPEND_SLASH", "PREPEND_WWW", "DISALLOWED_USER_AGENTS"})


class CommonMiddleware:
    """Do the URL tidying and checks most sites want, as Django's CommonMiddleware.

    * ``DISALLOWED_USER_AGENTS``: a ``User-Agent`` that one of these compiled regular
      expressions finds (``search``) is refused with ``PermissionDenied`` (403).
    * ``PREPEND_WWW``: a request to a host without ``www.`` is redirected to the same URL on
      ``www.<host>`` (with the slash added too when ``APPEND_SLASH`` would add it).
    * ``APPEND_SLASH``: a 404 for a path without a trailing slash, which does not resolve
      but resolves with the slash, is replaced by a redirect to the path with the slash and
      the same query string. A view whose function has ``should_append_slash = False`` is
      never redirected to. A path that resolves is left alone, even if its view said 404.
    * ``Content-Length`` is added to an in-memory response that lacks it.

    Redirects are permanent: ``response_redirect_class`` (301) for GET and HEAD, and its
    method-keeping status (308) for other methods. The redirect target is always a path on
    this site: the path is quoted and a leading ``//`` becomes ``/%2F``.

    The settings are read when the middleware loads (and again when ``override_settings``
    changes one), so that a request pays only for the features that are on: with the
    defaults, a request costs one flag on the way in and, on the way out, a look at the
    response's status, ``streaming`` and headers. The URLconf is consulted only for a 404
    (twice: the path must not resolve, the path with a slash must).
    """

    #: The redirect used; ``preserve_request=True`` gives its method-keeping status.
    response_redirect_class: type[HttpResponseRedirectBase] = HttpResponsePermanentRedirect

    append_slash: bool
    prepend_www: bool
    disallowed_user_agents: tuple[t.Pattern[str], ...]

    def __init__(self, get_response: GetResponse) -> None:
        if get_response is None:
            raise ValueError(
                f"{type(self).__name__} needs get_response: it is called with the next "
                "handler by the middleware chain."
            )
        self.get_response = get_response
        self._load_settings()
        _instances.add(self)

    def _load_settings(self) -> None:
        """Read the settings, and work out which steps a request needs."""
        self.append_slash = bool(settings.APPEND_SLASH)
        self.prepend_www = bool(settings.PREPEND_WWW)
        self.disallowed_user_agents = _user_agent_patterns(settings.DISALLOWED_USER_AGENTS)
        cls = type(self)
        # A subclass that overrides a step always gets it called.
        self._request_step = (
            bool(self.disallowed_user_agents)
            or self.prepend_www
            or cls.process_request is not CommonMiddleware.process_request
        )
        self._response_step = cls.process_response is not CommonMiddleware.process_response

    def __call__(self, request: Request) -> HttpResponse:
        # PERF: every request comes through here; the common one (a GET that the view
        # answers with an in-memory response) must cost next to nothing.
        if self._request_step:
            response = self.process_request(request)
            if response is not None:
                return response
        response = self.get_response(request)
        if (
            self._response_step
            or response.status_code == 404
            or not (response.streaming or "Content-Length" in response.headers)
        ):
            return self.process_response(request, response)
        return response

    def process_request(self, request: Request) -> HttpResponse | None:
        """Refuse a disallowed user agent; redirect to ``www.`` when ``PREPEND_WWW`` is on.

        :raise PermissionDenied: the ``User-Agent`` matches ``DISALLOWED_USER_AGENTS``.
        """
        if self.disallowed_user_agents:
            user_agent = request.environ.get("HTTP_USER_AGENT")
            if user_agent is not None:
                for pattern in self.disallowed_user_agents:
                    if pattern.search(user_agent):
                        raise PermissionDenied("Forbidden user agent")
        if self.prepend_www:
            host = request.get_host()
            if host and not host.lower().startswith("www.") and not _is_ip_address(host):
                # One redirect for both fixes: check the slash now rather than after a 404.
                if self.should_redirect_with_slash(request):
                    path = self.get_full_path_with_slash(request)
                else:
                    path = request.get_full_path()
                return self._redirect(request, f"{request.scheme}://www.{host}{path}")
        return None

    def process_response(self, request: Request, response: HttpResponse) -> HttpResponse:
        """Turn a 404 into a redirect to the path with a slash; add a missing Content-Length."""
        status = response.status_code
        if status == 404 and self.should_redirect_with_slash(request):
            new_path = self.get_full_path_with_slash(request)
            # A URL too long to redirect to (mostly the query string): keep the true 404.
            if len(new_path) <= MAX_URL_REDIRECT_LENGTH:
                return self._redirect(request, new_path)
        if (
            not response.streaming
            and response.is_sequence  # cheap to measure; werkzeug streams anything else
            and 200 <= status
            and status not in (204, 304)
            and "Content-Length" not in response.headers
        ):
            response.headers["Content-Length"] = str(len(response.get_data()))
        return response

    def should_redirect_with_slash(self, request: Request) -> bool:
        """Return True if ``APPEND_SLASH`` is on and only the path with a slash resolves.

        The request's URLconf is used (``request.urlconf``, else ``ROOT_URLCONF``). A path
        that already resolved, or that ends in a slash, is never redirected; nor is a path so
        long that its redirect would be refused.
        """
        path_info = request.path_info
        if (
            not self.append_slash
            or path_info.endswith("/")
            or len(path_info) >= MAX_URL_REDIRECT_LENGTH
            or request.resolver_match is not None  # it resolved: the view said 404 itself
        ):
            return False
        resolver = get_resolver(request.urlconf)
        try:
            resolver.resolve(path_info)
        except Resolver404:
            pass
        else:
            return False
        try:
            match = resolver.resolve(f"{path_info}/")
        except Resolver404:
            return False
        return bool(getattr(match.func, "should_append_slash", True))

    def get_full_path_with_slash(self, request: Request) -> str:
        """Return the request's quoted path with a slash appended, and its query string.

        A leading ``//`` is escaped (``/%2F``), so that the result is a path on this site,
        never a scheme-relative URL to another host.
        """
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def _redirect(self, request: Request, url: str) -> HttpResponse:
        """Redirect to ``url``; keep the method and body unless the request is GET or HEAD."""
        return self.response_redirect_class(
            url, preserve_request=request.method not in REDIRECT_SAFE_METHODS
        )

    def __repr__(self) -> str:
        inner = getattr(self.get_response, "__qualname__", type(self.get_response).__name__)
        return f"<{type(self).__qualname__} get_response={inner}>"


def _user_agent_patterns(value: object) -> tuple[t.Pattern[str], ...]:
    """Return ``DISALLOWED_USER_AGENTS`` as a tuple, checking it holds compiled patterns."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise ImproperlyConfigured(
            f"DISALLOWED_USER_AGENTS is {value!r}; it must be a list of compiled regular "
            "expressions, such as [re.compile(r'^BadBot')], or [] to refuse none."
        )
    for index, pattern in enumerate(value):
        if not callable(getattr(pattern, "search", None)):
            hint = f"re.compile({pattern!r})" if isinstance(pattern, str) else "re.compile(...)"
            raise ImproperlyConfigured(
                f"DISALLOWED_USER_AGENTS[{index}] is {pattern!r}, not a compiled regular "
                f"expression. Write {hint} instead (the User-Agent is matched with its "
                "search() method)."
            )
    return tuple(value)


def _is_ip_address(host: str) -> bool:
    """Return True if ``host`` is an IP address, which ``www.`` must not be put before."""
    domain, _port = split_domain_port(host)
    # A top-level domain is never all digits (RFC 3696, section 2), an IPv4 address ends so.
    return domain.startswith("[") or domain.rpartition(".")[2].isdigit()


#: The live middleware, told when one of their settings changes.
_instances: weakref.WeakSet[CommonMiddleware] = weakref.WeakSet()


def _reload_settings(sender: t.Any, *, setting: str, **kwargs: t.Any) -> None:
    if setting in _SETTINGS:
        for middleware in list(_instances):
            middleware._load_settings()


setting_changed.connect(_reload_settings, weak=False)
