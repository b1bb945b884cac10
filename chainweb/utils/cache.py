"""Set the ``Cache-Control``, ``Expires`` and ``Vary`` headers of a response."""

from __future__ import annotations

import datetime
import re
import typing as t

from chainweb.utils.http import header_names

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse

#: Splits a ``Vary`` header into its comma-separated header names.
_VARY_SPLIT_RE = re.compile(r"\s*,\s*")

#: ``Cache-Control`` directives werkzeug knows, by their Python names.
_DIRECTIVES = {
    "max_age",
    "s_maxage",
    "public",
    "private",
    "no_cache",
    "no_store",
    "no_transform",
    "must_revalidate",
    "proxy_revalidate",
    "must_understand",
    "immutable",
    "stale_while_revalidate",
    "stale_if_error",
}


def patch_cache_control(response: HttpResponse, **directives: t.Any) -> None:
    """Add ``directives`` (``max_age=60``, ``private=True``) to ``Cache-Control``.

    ``private`` and ``public`` exclude each other: setting one removes the other.
    A directive set to False is removed.
    """
    unknown = sorted(set(directives) - _DIRECTIVES)
    if unknown:
        raise TypeError(
            f"Unknown Cache-Control directive(s): {', '.join(unknown)}. Use "
            f"{', '.join(sorted(_DIRECTIVES))} (underscores for hyphens)."
        )
    control = response.cache_control
    if directives.get("private"):
        control.public = None  # type: ignore[assignment]
    if directives.get("public"):
        control.private = None
    for key, value in directives.items():
        if value is False:
            setattr(control, key, None)
        else:
            setattr(control, key, value)


def add_never_cache_headers(response: HttpResponse) -> None:
    """Ask browsers and proxies never to cache ``response``."""
    response.expires = datetime.datetime.now(datetime.timezone.utc)
    patch_cache_control(
        response, max_age=0, no_cache=True, no_store=True, must_revalidate=True, private=True
    )


def patch_vary_headers(response: HttpResponse, newheaders: t.Iterable[str]) -> None:
    """Add the header names ``newheaders`` to ``Vary``, keeping the names already there.

    Names compare without regard to case and are not repeated; several ``Vary`` lines are
    joined into one; a ``Vary: *`` (varies on everything) stays ``*``.
    """
    lines = response.headers.getlist("Vary") if "vary" in header_names(response.headers) else []
    if not lines:  # PERF: the usual case, no Vary yet
        seen: set[str] = set()
        names = []
        for name in newheaders:
            lowered = name.lower()
            if lowered not in seen:
                seen.add(lowered)
                names.append(name)
        response.headers.add("Vary", "*" if "*" in seen else ", ".join(names))
        return
    vary_headers = [name for line in lines for name in _VARY_SPLIT_RE.split(line.strip()) if name]
    seen = {name.lower() for name in vary_headers}
    for name in newheaders:  # names already there (in any case) are not repeated
        if name.lower() not in seen:
            vary_headers.append(name)
            seen.add(name.lower())
    value = "*" if "*" in seen else ", ".join(vary_headers)
    if lines:
        response.headers["Vary"] = value
    else:  # PERF: nothing to replace
        response.headers.add("Vary", value)
