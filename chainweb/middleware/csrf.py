"""Cross-site request forgery (CSRF) protection: ``CsrfViewMiddleware`` and ``get_token()``.

The rules are Django's. Each browser holds a 32-character secret, in the ``csrftoken`` cookie
(or in the session with ``CSRF_USE_SESSIONS``). Pages get a token made from it with
``get_token(request)``: the secret masked with a fresh random mask on every call (64
characters), so that the token in a compressed HTTPS page differs each time (BREACH). A
request with an unsafe method (anything but GET, HEAD, OPTIONS and TRACE) must send a token
for the same secret, in the ``csrfmiddlewaretoken`` form field or the ``X-CSRFToken`` header;
its ``Origin`` header, when present, must be this site or one of ``CSRF_TRUSTED_ORIGINS``, and
an HTTPS request without ``Origin`` must carry a same-site (or trusted) HTTPS ``Referer``.
Anything else gets the 403 page of ``CSRF_FAILURE_VIEW``, logged on ``chainweb.security.csrf``.
"""

from __future__ import annotations

import dataclasses
import functools
import hmac
import logging
import re
import secrets
import string
import typing as t
from urllib.parse import urlsplit

from markupsafe import Markup

from chainweb.conf import settings
from chainweb.core.exceptions import DisallowedHost, ImproperlyConfigured
from chainweb.http import HttpResponse, make_response
from chainweb.middleware import MiddlewareMixin
from chainweb.utils.cache import patch_vary_headers
from chainweb.utils.functional import LazyStr
from chainweb.utils.http import is_same_domain
from chainweb.utils.module_loading import import_string

if t.TYPE_CHECKING:
    from chainweb.http import Request
    from chainweb.middleware import GetResponse

logger = logging.getLogger("chainweb.security.csrf")

REASON_BAD_ORIGIN = "Origin checking failed - %s does not match any trusted origins."
REASON_NO_REFERER = "Referer checking failed - no Referer."
REASON_BAD_REFERER = "Referer checking failed - %s does not match any trusted origins."
REASON_NO_CSRF_COOKIE = "CSRF cookie not set."
REASON_CSRF_TOKEN_MISSING = "CSRF token missing."
REASON_MALFORMED_REFERER = "Referer checking failed - Referer is malformed."
REASON_INSECURE_REFERER = "Referer checking failed - Referer is insecure while host is secure."
# Phrases without a subject: they describe the cookie or the token sent with the request.
REASON_INCORRECT_LENGTH = "has incorrect length"
REASON_INVALID_CHARACTERS = "has invalid characters"

CSRF_SECRET_LENGTH = 32
CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH
CSRF_ALLOWED_CHARS = string.ascii_letters + string.digits
#: The session key holding the secret with ``CSRF_USE_SESSIONS``.
CSRF_SESSION_KEY = "_csrftoken"
#: The form field a token is looked for in.
CSRF_FORM_FIELD = "csrfmiddlewaretoken"
#: The environ key set by ``chainweb.test.Client(enforce_csrf_checks=False)``: requests that
#: carry it skip the checks (no HTTP header can set it; a WSGI server names headers HTTP_*).
DONT_ENFORCE_CSRF_CHECKS = "chainweb.test.dont_enforce_csrf_checks"

#: The methods that must not change anything (RFC 9110, 9.2.1), and so are never checked.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# request.META keys, as Django's: the secret for this request, and whether to send it.
_COOKIE = "CSRF_COOKIE"
_NEEDS_UPDATE = "CSRF_COOKIE_NEEDS_UPDATE"

_INVALID_CHARS = re.compile("[^a-zA-Z0-9]")
_CHAR_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


# -- Secrets and tokens -------------------------------------------------------------------


def _new_secret() -> str:
    return "".join(secrets.choice(CSRF_ALLOWED_CHARS) for _ in range(CSRF_SECRET_LENGTH))


def _mask_cipher_secret(secret: str) -> str:
    """Return a 64-character token: a fresh random mask, then ``secret`` shifted by it."""
    mask = _new_secret()
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CHAR_INDEX[char] + _CHAR_INDEX[key]) % size]
        for char, key in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _unmask_cipher_token(token: str) -> str:
    """Return the secret a well-formed 64-character token was made from."""
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    return "".join(
        CSRF_ALLOWED_CHARS[_CHAR_INDEX[char] - _CHAR_INDEX[key]]  # a negative index wraps round
        for char, key in zip(cipher, mask, strict=True)
    )


def _add_new_csrf_cookie(request: Request) -> str:
    """Give ``request`` a new secret, to be sent with the response; return it."""
    secret = _new_secret()
    request.META.update({_COOKIE: secret, _NEEDS_UPDATE: True})
    return secret


def get_token(request: Request) -> str:
    """Return a CSRF token for forms and AJAX requests of this request's page.

    The token is 64 letters and digits, different on every call, each valid for the
    browser's secret; a secret is created if the request has none. The response then sets
    (or renews) the cookie: call this only for pages that need a token.
    """
    if _COOKIE in request.META:
        secret = str(request.META[_COOKIE])
        # Send the cookie again even if the browser has it, to renew its expiry.
        request.META[_NEEDS_UPDATE] = True
    else:
        secret = _add_new_csrf_cookie(request)
    return _mask_cipher_secret(secret)


def rotate_token(request: Request) -> None:
    """Give the browser a new CSRF secret, so that older tokens stop working (do it at login)."""
    _add_new_csrf_cookie(request)


class _LazyMarkup(LazyStr):
    """Lazy text that Jinja2 and markupsafe treat as safe HTML."""

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def csrf_input(request: Request) -> Markup:
    """Return the hidden form field carrying a CSRF token, for a POST form in a template."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        CSRF_FORM_FIELD, get_token(request)
    )


def csrf_input_lazy(request: Request) -> LazyStr:
    """Return ``csrf_input(request)`` worked out when first used, as template variables are."""
    return _LazyMarkup(csrf_input, request)


def csrf_token_lazy(request: Request) -> LazyStr:
    """Return ``get_token(request)`` worked out when first used, as template variables are."""
    return LazyStr(get_token, request)


class InvalidTokenFormat(Exception):
    """A cookie secret or a request's token is not 32 or 64 letters and digits."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_token_format(token: object) -> str:
    """Return ``token`` if it is a 32- or 64-character string of letters and digits."""
    if not isinstance(token, str) or len(token) not in (CSRF_TOKEN_LENGTH, CSRF_SECRET_LENGTH):
        raise InvalidTokenFormat(REASON_INCORRECT_LENGTH)
    if _INVALID_CHARS.search(token):
        raise InvalidTokenFormat(REASON_INVALID_CHARACTERS)
    return token


def _does_token_match(request_token: str, secret: str) -> bool:
    """Return whether a well-formed token (masked, or the bare secret) is for ``secret``."""
    if len(request_token) == CSRF_TOKEN_LENGTH:
        request_token = _unmask_cipher_token(request_token)
    return hmac.compare_digest(request_token, secret)


# -- Trusted origins ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _TrustedOrigins:
    """``CSRF_TRUSTED_ORIGINS``, parsed once for the checks."""

    #: Origins without a wildcard, compared as they are.
    exact: frozenset[str]
    #: For each scheme, the hosts whose subdomains are trusted (``.example.com``).
    subdomains: dict[str, tuple[str, ...]]
    #: Every entry's host (a wildcard entry as ``.example.com``), for the Referer check.
    hosts: tuple[str, ...]


def check_trusted_origins(origins: object) -> None:
    """Raise ImproperlyConfigured unless ``origins`` is a list of origins with a scheme."""
    _trusted_origins(_as_tuple(origins))


def _as_tuple(origins: object) -> tuple[str, ...]:
    if isinstance(origins, str) or not isinstance(origins, (list, tuple)):
        raise ImproperlyConfigured(
            f"The CSRF_TRUSTED_ORIGINS setting must be a list of origins, not "
            f"{type(origins).__name__} ({origins!r}). Write it as a list, such as "
            "['https://example.com']."
        )
    for origin in origins:
        if not isinstance(origin, str):
            raise ImproperlyConfigured(
                f"The CSRF_TRUSTED_ORIGINS setting has {origin!r}, a {type(origin).__name__}; "
                "each entry must be an origin string, such as 'https://example.com'."
            )
    return tuple(origins)


@functools.lru_cache(maxsize=8)
def _trusted_origins(origins: tuple[str, ...]) -> _TrustedOrigins:
    """Parse and check ``CSRF_TRUSTED_ORIGINS`` (cached by value, so overrides apply at once)."""
    subdomains: dict[str, list[str]] = {}
    hosts = []
    for origin in origins:
        parts = urlsplit(origin) if "://" in origin else None
        if parts is None or not parts.scheme or not parts.netloc:
            raise ImproperlyConfigured(
                f"The CSRF_TRUSTED_ORIGINS setting has {origin!r}, which is not an origin "
                "with a scheme. Each entry must start with its scheme (usually https://), "
                f"such as 'https://{origin}' or, to trust all subdomains, "
                "'https://*.example.com'."
            )
        host = parts.netloc.lower().lstrip("*")
        hosts.append(host)
        if "*" in origin:
            subdomains.setdefault(parts.scheme, []).append(host)
    return _TrustedOrigins(
        exact=frozenset(origin for origin in origins if "*" not in origin),
        subdomains={scheme: tuple(found) for scheme, found in subdomains.items()},
        hosts=tuple(hosts),
    )


def _current_trusted_origins() -> _TrustedOrigins:
    return _trusted_origins(_as_tuple(settings.CSRF_TRUSTED_ORIGINS))


# -- The middleware -----------------------------------------------------------------------


class RejectRequest(Exception):
    """The request failed a CSRF check; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _get_failure_view() -> t.Callable[..., t.Any]:
    """Return the view named by ``CSRF_FAILURE_VIEW`` (a dotted path or a callable)."""
    view = settings.CSRF_FAILURE_VIEW
    if callable(view):
        return t.cast(t.Callable[..., t.Any], view)
    try:
        return t.cast(t.Callable[..., t.Any], import_string(view))
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"The CSRF_FAILURE_VIEW setting, {view!r}, could not be imported: {exc}. Give the "
            "dotted path of a view taking (request, reason=''), such as the default "
            "'chainweb.views.csrf.csrf_failure'."
        ) from exc


class CsrfViewMiddleware(MiddlewareMixin):
    """Refuse unsafe requests without a valid CSRF token or from a foreign origin.

    Put it after ``SessionMiddleware`` (required with ``CSRF_USE_SESSIONS``) and before any
    middleware that assumes such requests were checked. Views marked with ``csrf_exempt`` are
    not checked.
    """

    def __init__(self, get_response: GetResponse) -> None:
        super().__init__(get_response)
        # A wrong CSRF_TRUSTED_ORIGINS fails when the middleware loads, not on some POST.
        check_trusted_origins(settings.CSRF_TRUSTED_ORIGINS)

    def __call__(self, request: Request) -> HttpResponse:
        """Note the request's secret, run the rest of the chain, send the secret if asked."""
        # PERF: the hooks called directly (MiddlewareMixin looks them up per request).
        self.process_request(request)
        return self.process_response(request, self.get_response(request))

    # -- Hooks ----------------------------------------------------------------------------

    def process_request(self, request: Request) -> None:
        """Note the request's secret (a malformed cookie is replaced by a new one)."""
        try:
            secret = self._get_secret(request)
        except InvalidTokenFormat:
            _add_new_csrf_cookie(request)
        else:
            if secret is not None:
                request.META[_COOKIE] = secret

    def process_view(
        self,
        request: Request,
        callback: t.Callable[..., t.Any],
        callback_args: tuple[t.Any, ...],
        callback_kwargs: dict[str, t.Any],
    ) -> HttpResponse | None:
        """Check an unsafe request; return the failure view's 403 response if it fails."""
        if request.csrf_processing_done:
            return None
        # After process_request, so that get_token() works in exempt views too.
        if getattr(callback, "csrf_exempt", False):
            return None
        if request.method in SAFE_METHODS:
            return self._accept(request)
        if request.META.get(DONT_ENFORCE_CSRF_CHECKS):
            # The test client's switch: cookies are still set, nothing is refused.
            return self._accept(request)
        try:
            if "HTTP_ORIGIN" in request.META:
                if not self._origin_verified(request):
                    raise RejectRequest(REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"])
            elif request.is_secure():
                # Without Origin, an HTTPS request needs a same-site HTTPS Referer: otherwise a
                # man in the middle of the plain-HTTP site could plant a cookie and a matching
                # token and post to the HTTPS one.
                self._check_referer(request)
            self._check_token(request)
        except RejectRequest as exc:
            return self._reject(request, exc.reason)
        return self._accept(request)

    def process_response(self, request: Request, response: HttpResponse) -> HttpResponse:
        """Send the secret (cookie or session) if ``get_token()`` or a rotation asked for it."""
        if request.META.get(_NEEDS_UPDATE):
            self._set_csrf_cookie(request, response)
            # Once is enough when csrf_protect and the middleware both run; a later
            # rotate_token() sets the flag again.
            request.META[_NEEDS_UPDATE] = False
        return response

    # -- Outcomes -------------------------------------------------------------------------

    def _accept(self, request: Request) -> HttpResponse | None:
        # Noted, so that a csrf_protect-decorated view is not checked a second time.
        request.csrf_processing_done = True
        return None

    def _reject(self, request: Request, reason: str) -> HttpResponse | None:
        response = make_response(_get_failure_view()(request, reason=reason))
        logger.warning(
            "Forbidden (%s): %s",
            reason,
            request.path,
            extra={"status_code": response.status_code, "request": request},
        )
        # Logged here, on the security logger; the handler does not log it again.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response

    # -- Secret storage -------------------------------------------------------------------

    def _session(self, request: Request) -> t.Any:
        session = getattr(request, "session", None)
        if session is None:
            raise ImproperlyConfigured(
                "CSRF_USE_SESSIONS is on, but request.session is not set. Put "
                "'chainweb.sessions.middleware.SessionMiddleware' before "
                "'chainweb.middleware.csrf.CsrfViewMiddleware' in MIDDLEWARE, or set "
                "CSRF_USE_SESSIONS = False to keep the secret in a cookie."
            )
        return session

    def _get_secret(self, request: Request) -> str | None:
        """Return the secret the request came with, or None.

        :raise InvalidTokenFormat: the stored secret is not 32 letters and digits.
        """
        if settings.CSRF_USE_SESSIONS:
            secret = self._session(request).get(CSRF_SESSION_KEY)
        else:
            secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
        if secret is None:
            return None
        if len(_check_token_format(secret)) != CSRF_SECRET_LENGTH:
            raise InvalidTokenFormat(REASON_INCORRECT_LENGTH)
        return str(secret)

    def _set_csrf_cookie(self, request: Request, response: HttpResponse) -> None:
        secret = request.META[_COOKIE]
        if settings.CSRF_USE_SESSIONS:
            session = self._session(request)
            if session.get(CSRF_SESSION_KEY) != secret:
                session[CSRF_SESSION_KEY] = secret
            return
        response.set_cookie(
            settings.CSRF_COOKIE_NAME,
            secret,
            max_age=settings.CSRF_COOKIE_AGE,
            domain=settings.CSRF_COOKIE_DOMAIN,
            path=settings.CSRF_COOKIE_PATH,
            secure=settings.CSRF_COOKIE_SECURE,
            httponly=settings.CSRF_COOKIE_HTTPONLY,
            samesite=settings.CSRF_COOKIE_SAMESITE,
        )
        # The page holds a token for this cookie: caches must key on Cookie.
        patch_vary_headers(response, ("Cookie",))

    # -- Checks ---------------------------------------------------------------------------

    def _origin_verified(self, request: Request) -> bool:
        """Return whether the Origin header is this site or a trusted origin."""
        request_origin = str(request.META["HTTP_ORIGIN"])
        try:
            good_host = request.get_host()
        except DisallowedHost:
            pass
        else:
            if request_origin == f"{'https' if request.is_secure() else 'http'}://{good_host}":
                return True
        trusted = _current_trusted_origins()
        if request_origin in trusted.exact:
            return True
        try:
            parts = urlsplit(request_origin)
        except ValueError:
            return False
        netloc = parts.netloc.lower()
        return any(
            is_same_domain(netloc, host) for host in trusted.subdomains.get(parts.scheme, ())
        )

    def _check_referer(self, request: Request) -> None:
        """Refuse an HTTPS request whose Referer is missing, malformed, insecure or foreign."""
        referer = request.META.get("HTTP_REFERER")
        if referer is None:
            raise RejectRequest(REASON_NO_REFERER)
        try:
            parts = urlsplit(str(referer))
        except ValueError:
            raise RejectRequest(REASON_MALFORMED_REFERER) from None
        if not parts.scheme or not parts.netloc:
            raise RejectRequest(REASON_MALFORMED_REFERER)
        if parts.scheme != "https":
            raise RejectRequest(REASON_INSECURE_REFERER)
        netloc = parts.netloc.lower()
        if any(is_same_domain(netloc, host) for host in _current_trusted_origins().hosts):
            return
        # The cookie's domain, if one is set, covers the sites that share the secret.
        good_referer = (
            settings.SESSION_COOKIE_DOMAIN
            if settings.CSRF_USE_SESSIONS
            else settings.CSRF_COOKIE_DOMAIN
        )
        if good_referer is None:
            try:
                good_referer = request.get_host()  # with its port
            except DisallowedHost:
                raise RejectRequest(REASON_BAD_REFERER % parts.geturl()) from None
        else:
            port = request.get_port()
            if port not in ("443", "80"):
                good_referer = f"{good_referer}:{port}"
        if not is_same_domain(netloc, good_referer):
            raise RejectRequest(REASON_BAD_REFERER % parts.geturl())

    def _check_token(self, request: Request) -> None:
        """Refuse a request without a token for its secret (form field or header)."""
        # Read the secret again: rotate_token() may have run since process_request().
        try:
            secret = self._get_secret(request)
        except InvalidTokenFormat as exc:
            raise RejectRequest(f"CSRF cookie {exc.reason}.") from None
        if secret is None:
            # Insisting on a secret also stops login CSRF.
            raise RejectRequest(REASON_NO_CSRF_COOKIE)
        request_token = ""
        if request.method == "POST":
            request_token = request.POST.get(CSRF_FORM_FIELD, "")
        if request_token:
            source = "POST"
        else:
            # The header, for AJAX and for methods without a form body.
            header_token = request.META.get(settings.CSRF_HEADER_NAME)
            if header_token is None:
                raise RejectRequest(REASON_CSRF_TOKEN_MISSING)
            request_token = str(header_token)
            source = f"the {_header_name(settings.CSRF_HEADER_NAME)!r} HTTP header"
        try:
            _check_token_format(request_token)
        except InvalidTokenFormat as exc:
            raise RejectRequest(f"CSRF token from {source} {exc.reason}.") from None
        if not _does_token_match(request_token, secret):
            raise RejectRequest(f"CSRF token from {source} incorrect.")


def _header_name(meta_name: str) -> str:
    """Return the header a META name stands for: ``HTTP_X_CSRFTOKEN`` is ``X-Csrftoken``."""
    return meta_name.removeprefix("HTTP_").replace("_", "-").title()
