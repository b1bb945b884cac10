from __future__ import annotations

import functools
import io
import json

import pytest

from chainweb.core.management import call_command
from chainweb.core.management.base import CommandError
from chainweb.core.management.commands.urls import allowed_methods, format_table
from chainweb.http import HttpResponse
from chainweb.test import override_settings
from chainweb.views.decorators import require_POST

from .project_fixture import views

URLCONF = "tests.management.project_fixture.urls"
HOOKS = "tests.management.project_fixture.middleware.HookMiddleware"
UNUSED = "tests.management.project_fixture.middleware.UnusedMiddleware"
VIEWS = "tests.management.project_fixture.views"

pytestmark = pytest.mark.usefixtures("fixture_urlconf")


@pytest.fixture
def fixture_urlconf():
    with override_settings(ROOT_URLCONF=URLCONF, MIDDLEWARE=[HOOKS]):
        yield


def run(*args, **options):
    out = io.StringIO()
    call_command("urls", *args, stdout=out, **options)
    return out.getvalue()


def test_table():
    lines = run().splitlines()
    assert lines[0].split() == ["PATTERN", "VIEW", "NAME", "METHODS"]
    rows = [line.split(None, 3) for line in lines[1:]]
    assert rows == [
        ["/", f"{VIEWS}.index", "index", "-"],
        ["/archive/(?P<year>[0-9]{4})/$", f"{VIEWS}.article", "-", "-"],
        ["/blog/<int:pk>/", f"{VIEWS}.article", "blog:detail", "-"],
        # require_POST records its methods for 'urls'.
        ["/blog/<int:pk>/publish/", f"{VIEWS}.publish", "blog:publish", "POST"],
        ["/blog/api/items/", f"{VIEWS}.ItemView", "blog:api:items", "GET, POST, HEAD, OPTIONS"],
    ]
    # Aligned: every column starts at the same offset on every line.
    assert len({line.index(" " + line.split()[1]) for line in lines[1:]}) == 1


def test_json():
    routes = json.loads(run(json=True))
    assert routes[0] == {
        "pattern": "/",
        "view": f"{VIEWS}.index",
        "name": "index",
        "methods": None,
    }
    assert routes[-1] == {
        "pattern": "/blog/api/items/",
        "view": f"{VIEWS}.ItemView",
        "name": "blog:api:items",
        "methods": ["GET", "POST", "HEAD", "OPTIONS"],
    }
    assert [route["name"] for route in routes] == [
        "index",
        None,
        "blog:detail",
        "blog:publish",
        "blog:api:items",
    ]


def test_urlconf_option():
    with override_settings(ROOT_URLCONF=None):
        assert "blog:api:items" in run("--urlconf", URLCONF)


def test_no_root_urlconf():
    with override_settings(ROOT_URLCONF=None), pytest.raises(CommandError, match="ROOT_URLCONF"):
        run()


def test_resolve_hit():
    with override_settings(MIDDLEWARE=["chainweb.middleware.security.SecurityMiddleware", HOOKS]):
        output = run("--resolve", "/blog/3/")
    assert "Path:      /blog/3/" in output
    assert f"View:      {VIEWS}.article" in output
    assert "Kwargs:    {'pk': 3}" in output
    assert "URL name:  blog:detail" in output
    assert "Route:     blog/<int:pk>/" in output
    assert "Middleware (settings.MIDDLEWARE order, outermost first):" in output
    lines = output.splitlines()
    first = next(line for line in lines if line.strip().startswith("1."))
    second = next(line for line in lines if line.strip().startswith("2."))
    assert first.split() == ["1.", "chainweb.middleware.security.SecurityMiddleware"]
    assert second.split() == ["2.", HOOKS, "process_view,", "process_exception"]


def test_resolve_cbv_and_query_string():
    output = run("--resolve", "blog/api/items/?page=2")
    assert "Path:      /blog/api/items/" in output
    assert "Methods:   GET, POST, HEAD, OPTIONS" in output
    assert "URL name:  blog:api:items" in output


def test_resolve_unnamed_and_positional():
    output = run("--resolve", "/archive/2024/")
    assert "URL name:  -" in output
    assert "Kwargs:    {'year': '2024'}" in output


def test_resolve_json():
    with override_settings(MIDDLEWARE=[UNUSED, HOOKS]):
        report = json.loads(run("--resolve", "/blog/3/", json=True))
    assert report["path"] == "/blog/3/"
    assert report["resolved"] == {
        "view": f"{VIEWS}.article",
        "args": [],
        "kwargs": {"pk": "3"},
        "url_name": "blog:detail",
        "route": "blog/<int:pk>/",
        "methods": None,
    }
    assert report["middleware"] == [
        {"path": UNUSED, "hooks": [], "not_used": "switched off"},
        {"path": HOOKS, "hooks": ["process_view", "process_exception"], "not_used": None},
    ]


def test_resolve_not_used_and_empty_middleware():
    with override_settings(MIDDLEWARE=[UNUSED]):
        assert "not used: switched off" in run("--resolve", "/")
    with override_settings(MIDDLEWARE=[]):
        assert "Middleware: none (settings.MIDDLEWARE is empty)." in run("--resolve", "/")


def test_resolve_bad_middleware():
    with override_settings(MIDDLEWARE=["tests.management.project_fixture.middleware.Nope"]):
        with pytest.raises(CommandError, match="could not be imported: .*Fix the path"):
            run("--resolve", "/")


def test_resolve_miss():
    with pytest.raises(CommandError) as info:
        run("--resolve", "/blgo/3/")
    message = str(info.value)
    assert message.startswith("'/blgo/3/' does not match any URL pattern.")
    assert "The closest patterns: /blog/<int:pk>/" in message
    assert "Run 'urls' to list them all" in message
    with pytest.raises(CommandError, match="No pattern is close"):
        run("--resolve", "/zzzzzzzzzzzzzzzzzzzzzzzz")


def test_run_prints_the_chain():
    output = run("--resolve", "/blog/3/", run=True)
    assert "GET /blog/3/ -> 200 OK" in output
    assert f"enter {HOOKS}" in output
    assert "HookMiddleware.process_view returned None" in output
    assert f"call view {VIEWS}.article" in output


@pytest.mark.parametrize("hosts", [["example.com"], [".example.com"], ["*"], []])
def test_run_asks_for_a_host_the_project_allows(hosts):
    with override_settings(ALLOWED_HOSTS=hosts, DEBUG=not hosts):  # [] allows localhost in DEBUG
        output = run("--resolve", "/blog/3/", run=True)
    assert "GET /blog/3/ -> 200 OK" in output


def test_run_json_and_a_miss():
    output = run("--resolve", "/nowhere/", run=True, json=True)
    decoder = json.JSONDecoder()
    resolved, end = decoder.raw_decode(output)
    ran = json.loads(output[end:])
    assert resolved["resolved"] is None
    assert ran["status"] == 404
    assert ran["layers"][0]["name"] == HOOKS


def test_run_needs_resolve():
    with pytest.raises(CommandError, match="--run needs a path to send"):
        run(run=True)


def test_allowed_methods_recorded_by_a_decorator():
    def view(request):
        return HttpResponse()

    view.allowed_methods = ["get", "post"]

    @functools.wraps(view)
    def wrapper(request):
        return view(request)

    del wrapper.allowed_methods  # only __wrapped__ knows
    assert allowed_methods(wrapper) == ["GET", "POST"]
    assert allowed_methods(functools.partial(views.ItemView.as_view())) == [
        "GET",
        "POST",
        "HEAD",
        "OPTIONS",
    ]
    # require_http_methods is read once it records its list in ``allowed_methods``.
    assert allowed_methods(require_POST(views.index)) in (None, ["POST"])
    assert allowed_methods(views.index) is None


def test_format_table():
    assert format_table([("a", "bb"), ("ccc", "d")]) == "a    bb\nccc  d"
