"""The documentation builds without a warning, and its reference covers the public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.util.inventory import InventoryFile

DOCS = Path(__file__).resolve().parents[2] / "docs"

#: The public API: module -> names (the table of the design's public API).
PUBLIC = {
    "chainweb.conf": ["settings", "global_settings"],
    "chainweb.core.exceptions": [
        "ImproperlyConfigured",
        "MiddlewareNotUsed",
        "PermissionDenied",
        "SuspiciousOperation",
        "DisallowedHost",
        "BadRequest",
        "RequestDataTooBig",
    ],
    "chainweb.core.handlers.base": ["BaseHandler"],
    "chainweb.core.handlers.exception": [
        "convert_exception_to_response",
        "response_for_exception",
    ],
    "chainweb.core.handlers.wsgi": ["WSGIHandler"],
    "chainweb.core.wsgi": ["get_wsgi_application"],
    "chainweb.core.signals": [
        "request_started",
        "request_finished",
        "got_request_exception",
        "setting_changed",
    ],
    "chainweb.core.management": [
        "execute_from_command_line",
        "call_command",
        "BaseCommand",
        "CommandError",
    ],
    "chainweb.http": [
        "Request",
        "HttpResponse",
        "JsonResponse",
        "StreamingHttpResponse",
        "FileResponse",
        "HttpResponseRedirect",
        "HttpResponsePermanentRedirect",
        "HttpResponseNotAllowed",
        "Http404",
        "make_response",
    ],
    "chainweb.urls": [
        "path",
        "re_path",
        "include",
        "reverse",
        "reverse_lazy",
        "resolve",
        "register_converter",
        "get_resolver",
        "ResolverMatch",
        "URLPattern",
        "URLResolver",
        "Resolver404",
        "NoReverseMatch",
    ],
    "chainweb.views": ["View", "TemplateView", "RedirectView"],
    "chainweb.views.decorators": [
        "require_http_methods",
        "require_GET",
        "require_POST",
        "require_safe",
        "csrf_exempt",
        "never_cache",
        "method_decorator",
    ],
    "chainweb.template": ["render_to_string", "get_template", "TemplateResponse"],
    "chainweb.template.backends.jinja2": ["Jinja2"],
    "chainweb.shortcuts": ["render", "redirect", "get_object_or_404"],
    "chainweb.middleware": ["MiddlewareMixin"],
    "chainweb.middleware.security": ["SecurityMiddleware"],
    "chainweb.middleware.common": ["CommonMiddleware"],
    "chainweb.middleware.csrf": ["CsrfViewMiddleware", "get_token", "rotate_token"],
    "chainweb.middleware.gzip": ["GZipMiddleware"],
    "chainweb.middleware.http": ["ConditionalGetMiddleware"],
    "chainweb.middleware.clickjacking": ["XFrameOptionsMiddleware"],
    "chainweb.sessions.middleware": ["SessionMiddleware"],
    "chainweb.sessions.backends.signed_cookies": ["SessionStore"],
    "chainweb.sessions.backends.redis": ["SessionStore"],
    "chainweb.messages": ["add_message", "info", "success", "warning", "error", "get_messages"],
    "chainweb.messages.middleware": ["MessageMiddleware"],
    "chainweb.globals": ["request", "g", "session"],
    "chainweb.test": ["Client", "RequestFactory", "override_settings"],
}


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("docs")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", DOCS, out],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with (out / "objects.inv").open("rb") as stream:
        objects = InventoryFile.load(stream, "", lambda *parts: "/".join(parts))
    return {name for kind, names in objects.items() if kind.startswith("py:") for name in names}


def test_every_public_name_is_in_the_reference(inventory: set[str]) -> None:
    missing = [
        f"{module}.{name}"
        for module, names in PUBLIC.items()
        for name in names
        if f"{module}.{name}" not in inventory
    ]
    assert missing == [], "\n".join(missing)
