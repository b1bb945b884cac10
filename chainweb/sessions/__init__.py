"""Sessions: per-visitor data kept between requests (``request.session``).

Add ``chainweb.sessions.middleware.SessionMiddleware`` to ``MIDDLEWARE``; ``SESSION_ENGINE``
picks the store (signed cookies by default, or Redis). ``cycle_key(request)`` is for login
code.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from chainweb.http import Request


def cycle_key(request: Request) -> None:
    """Give the session a new key, keeping its data, and rotate the CSRF token: on login.

    Call it when the user's privileges change (login, sudo): a session key or CSRF token
    that an attacker planted or saw before is then worthless.
    """
    request.session.cycle_key()  # type: ignore[attr-defined]
    try:
        from chainweb.middleware.csrf import rotate_token  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as exc:
        # The CSRF middleware is written alongside the sessions; until it exists there is
        # no token to rotate. Any other import failure is a real error.
        if exc.name != "chainweb.middleware.csrf":
            raise
        return
    rotate_token(request)
