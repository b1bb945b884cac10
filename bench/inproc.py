"""Benchmark a whole request in-process: chainweb against raw WSGI, werkzeug, Flask and Django.

For three endpoints (``/hello``, ``/api/v1/users/42/`` behind three nested namespaced
includes, and a 404), time one WSGI call in-process: the environ is built once per
endpoint with werkzeug's ``create_environ``, copied for every call with a fresh
``wsgi.input``, the application is called with a do-nothing ``start_response``, and the
body is drained and closed. No server, no sockets: this is the framework's own cost.

Figures are medians of interleaved rounds: in each round every implementation serves
each endpoint in turn, so machine noise falls on all of them alike.

Run from the repository root::

    pip install -r bench/requirements.txt
    python bench/inproc.py                # full run (15 rounds)
    python bench/inproc.py --quick        # smoke run (5 rounds)
    python bench/inproc.py --json results.json
    python bench/inproc.py --profile chainweb:hello   # cProfile one implementation
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import importlib.metadata
import io
import itertools
import json
import logging
import os
import platform
import pstats
import re
import statistics
import sys
import time
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run from a source checkout without installing chainweb.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PK = 42
HELLO_TEXT = "Hello, world!"  # views return text, as most views do
HELLO = HELLO_TEXT.encode()
USER = {"id": PK, "name": f"user{PK}"}
USER_VIEW_NAME = "api:v1:users:detail"
SECRET_KEY = "bench-inproc-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost"]

#: A WSGI application.
App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Endpoint:
    """One request every implementation serves, and what it must answer."""

    key: str
    path: str
    status: int
    content_type: str | None  # None: any (a 404 page is each framework's own)


ENDPOINTS = (
    Endpoint("hello", "/hello", 200, "text/plain"),
    Endpoint("users", f"/api/v1/users/{PK}/", 200, "application/json"),
    Endpoint("404", "/nowhere/", 404, None),
)
ENDPOINT_KEYS = tuple(endpoint.key for endpoint in ENDPOINTS)

#: Implementation keys, in table order, with the label printed for each.
LABELS = {
    "raw": "raw WSGI",
    "werkzeug": "werkzeug",
    "chainweb": "chainweb",
    "chainweb+mw": "chainweb + mw",
    "flask": "Flask",
    "django": "Django",
    "django+mw": "Django + 5 mw",
}
IMPLS = tuple(LABELS)

CHAINWEB_MIDDLEWARE = (
    "chainweb.middleware.security.SecurityMiddleware",
    "chainweb.sessions.middleware.SessionMiddleware",
    "chainweb.middleware.common.CommonMiddleware",
    "chainweb.middleware.csrf.CsrfViewMiddleware",
    "chainweb.middleware.clickjacking.XFrameOptionsMiddleware",
)
DJANGO_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

INSTALL_HINT = {
    "chainweb": "run from the repository root, or `pip install -e .`",
    "flask": "`pip install -r bench/requirements.txt`",
    "django": "`pip install -r bench/requirements.txt`",
    "werkzeug": "`pip install -r bench/requirements.txt`",
}


# --------------------------------------------------------------------------- implementations


def raw_app() -> App:
    """Return a WSGI function doing its own routing: a dict, then one regex."""
    hello_headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(HELLO)))]
    not_found = b"Not Found"
    not_found_headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(not_found)))]
    user_path = re.compile(r"/api/v1/users/(?P<pk>[0-9]+)/\Z")

    def hello(start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", hello_headers)
        return [HELLO]

    routes = {"/hello": hello}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        path = environ.get("PATH_INFO", "/")
        view = routes.get(path)
        if view is not None:
            return view(start_response)
        match = user_path.match(path)
        if match is not None:
            pk = int(match["pk"])
            body = json.dumps({"id": pk, "name": f"user{pk}"}).encode()
            start_response(
                "200 OK",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        start_response("404 Not Found", not_found_headers)
        return [not_found]

    return app


def werkzeug_app() -> App:
    """Return a werkzeug application: ``Map`` routing, ``Request`` and ``Response``."""
    from werkzeug.exceptions import HTTPException
    from werkzeug.routing import Map, Rule, Submount
    from werkzeug.wrappers import Request, Response

    def hello(request: Request) -> Response:
        return Response(HELLO_TEXT, content_type="text/plain")

    def user(request: Request, pk: int) -> Response:
        return Response(json.dumps({"id": pk, "name": f"user{pk}"}), mimetype="application/json")

    url_map = Map(
        [
            Rule("/hello", endpoint="hello"),
            Submount(
                "/api",
                [
                    Submount(
                        "/v1",
                        [Submount("/users", [Rule("/<int:pk>/", endpoint="api:v1:users:detail")])],
                    )
                ],
            ),
        ]
    )
    views: dict[str, Callable[..., Response]] = {"hello": hello, "api:v1:users:detail": user}

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        adapter = url_map.bind_to_environ(request.environ)
        try:
            endpoint, values = adapter.match()
            response: Any = views[endpoint](request, **values)
        except HTTPException as exc:
            response = exc  # An HTTPException is a WSGI application too.
        return response(environ, start_response)  # type: ignore[no-any-return]

    return app


def flask_app() -> App:
    """Return a Flask app; the users route sits in three nested blueprints."""
    from flask import Blueprint, Flask, Response, jsonify

    app = Flask("bench_inproc")

    @app.route("/hello")
    def hello() -> Response:
        return Response(HELLO_TEXT, content_type="text/plain")

    api, v1, users = (Blueprint(name, "bench_inproc") for name in ("api", "v1", "users"))

    @users.route("/<int:pk>/")
    def detail(pk: int) -> Response:
        return jsonify(id=pk, name=f"user{pk}")

    v1.register_blueprint(users, url_prefix="/users")
    api.register_blueprint(v1, url_prefix="/v1")
    app.register_blueprint(api, url_prefix="/api")
    return app


def django_style_urlconf(prefix: str, urls: Any, http: Any) -> str:
    """Register ``prefix`` (root), ``prefix_api``, ``_v1``, ``_users`` URLconf modules.

    ``urls`` provides ``path``/``include``, ``http`` ``HttpResponse``/``JsonResponse``
    (chainweb's and Django's share these names). Return the root module's name.
    """

    def hello(request: Any) -> Any:
        return http.HttpResponse(HELLO_TEXT, content_type="text/plain")

    def detail(request: Any, pk: int) -> Any:
        return http.JsonResponse({"id": pk, "name": f"user{pk}"})

    def module(name: str, app_name: str | None, urlpatterns: list[Any]) -> str:
        created = types.ModuleType(name)
        if app_name:
            created.app_name = app_name  # type: ignore[attr-defined]
        created.urlpatterns = urlpatterns  # type: ignore[attr-defined]
        sys.modules[name] = created
        return name

    path, include = urls.path, urls.include
    users = module(f"{prefix}_users", "users", [path("<int:pk>/", detail, name="detail")])
    v1 = module(f"{prefix}_v1", "v1", [path("users/", include(users, namespace="users"))])
    api = module(f"{prefix}_api", "api", [path("v1/", include(v1, namespace="v1"))])
    return module(
        prefix,
        None,
        [path("hello", hello, name="hello"), path("api/", include(api, namespace="api"))],
    )


def django_apps() -> dict[str, App]:
    """Return Django's WSGIHandler with no middleware and with the five-middleware stack."""
    import django
    import django.http
    import django.urls
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY=SECRET_KEY,
            ALLOWED_HOSTS=ALLOWED_HOSTS,
            ROOT_URLCONF="bench_inproc_django_urls",
            MIDDLEWARE=[],
            INSTALLED_APPS=[],
            SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        )
        # get_wsgi_application() does this too. The signed-cookie sessions need no app
        # installed; setup() is here for its logging configuration, without which every
        # 404 prints "Not Found: ..." to stderr through logging's last-resort handler.
        django.setup(set_prefix=False)
    django_style_urlconf("bench_inproc_django_urls", django.urls, django.http)
    apps: dict[str, App] = {"django": WSGIHandler()}
    with override_settings(MIDDLEWARE=DJANGO_MIDDLEWARE):
        apps["django+mw"] = WSGIHandler()
    return apps


def chainweb_middleware() -> tuple[list[str], dict[str, str]]:
    """Return the middleware paths of the stack that import, and why each other one does not."""
    present, missing = [], {}
    for dotted in CHAINWEB_MIDDLEWARE:
        module_name, _, attr = dotted.rpartition(".")
        try:
            getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as exc:
            missing[dotted] = f"{type(exc).__name__}: {exc}"
        else:
            present.append(dotted)
    return present, missing


def chainweb_apps(middleware: list[str]) -> tuple[dict[str, App], list[str]]:
    """Return chainweb's WSGIHandler with no middleware and with ``middleware``, and notes."""
    import chainweb.http
    import chainweb.urls
    from chainweb.conf import settings
    from chainweb.test import override_settings

    try:  # get_wsgi_application() is WSGIHandler() after the logging setup, as Django's.
        from chainweb.core.wsgi import get_wsgi_application as make_handler
    except ImportError:
        from chainweb.core.handlers.wsgi import WSGIHandler as make_handler

    if not settings.configured:
        settings.configure(
            ROOT_URLCONF="bench_inproc_chainweb_urls",
            ALLOWED_HOSTS=ALLOWED_HOSTS,
            SECRET_KEY=SECRET_KEY,
            DEBUG=False,
            MIDDLEWARE=[],
        )
    root = django_style_urlconf("bench_inproc_chainweb_urls", chainweb.urls, chainweb.http)

    def session_view(request: Any) -> Any:
        # Reads and writes the session: the request the session target is about.
        request.session["visits"] = request.session.get("visits", 0) + 1
        return chainweb.http.HttpResponse(HELLO_TEXT, content_type="text/plain")

    sys.modules[root].urlpatterns.append(  # type: ignore[attr-defined]
        chainweb.urls.path("session/", session_view, name="session")
    )
    notes = []
    apps: dict[str, App] = {}
    chains: dict[str, Any] = {}
    for name, stack in (("chainweb", []), ("chainweb+mw", middleware)):
        with override_settings(MIDDLEWARE=stack):
            apps[name] = make_handler()
            chains[name] = getattr(apps[name], "_middleware_chain", None)
    for name, app in apps.items():
        if getattr(app, "_middleware_chain", None) is not chains[name]:
            # A change of MIDDLEWARE (override_settings' exit included) makes every live
            # handler rebuild its chain from the settings of the moment, so a handler built
            # inside an override would lose its stack: put back the chain it was built with.
            app._middleware_chain = chains[name]  # type: ignore[attr-defined]
            notes.append(
                f"{LABELS[name]}: leaving override_settings(MIDDLEWARE=...) reset the "
                "handler's chain; the chain built inside the override was put back"
            )
    request_logger = logging.getLogger("chainweb.request")
    if not request_logger.hasHandlers():
        # Django's row has its logging configured by django.setup(), which drops the 404
        # warning when DEBUG is off; with no handler at all, logging's last resort would
        # print every chainweb 404 to stderr inside the timed loop.
        request_logger.addHandler(logging.NullHandler())
        notes.append(
            "chainweb configures no logging handler: a NullHandler was added to the "
            "'chainweb.request' logger, so 404 warnings are not printed to stderr"
        )
    return apps, notes


def load(names: list[str]) -> tuple[dict[str, App], dict[str, Any]]:
    """Build the applications named, and return them with notes for the report."""
    apps: dict[str, App] = {}
    notes: dict[str, Any] = {}
    wanted = set(names)
    lib = "werkzeug"
    try:
        if "raw" in wanted:
            apps["raw"] = raw_app()
        if "werkzeug" in wanted:
            apps["werkzeug"] = werkzeug_app()
        if wanted & {"chainweb", "chainweb+mw"}:
            lib = "chainweb"
            present, missing = chainweb_middleware()
            notes["chainweb_middleware"] = present
            notes["chainweb_middleware_missing"] = missing
            chainweb_built, notes["chainweb_notes"] = chainweb_apps(present)
            apps.update(chainweb_built)
        if "flask" in wanted:
            lib = "flask"
            apps["flask"] = flask_app()
        if wanted & {"django", "django+mw"}:
            lib = "django"
            apps.update(django_apps())
    except ImportError as exc:
        raise SystemExit(
            f"cannot import {lib} ({exc}); {INSTALL_HINT[lib]}, or leave it out with --impls"
        ) from exc
    return {name: apps[name] for name in IMPLS if name in wanted}, notes


# --------------------------------------------------------------------------- checks


def environ_for(endpoint: Endpoint) -> dict[str, Any]:
    """Build the request's environ once; every call copies it."""
    from werkzeug.test import create_environ

    return create_environ(endpoint.path, "http://localhost/")


def call_once(
    app: App, environ: dict[str, Any]
) -> tuple[str, dict[str, str], bytes, dict[str, Any]]:
    """Serve one request; return its status line, headers (names lowercased), body, environ."""
    seen: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        seen[:] = [status, headers]
        return lambda data: None

    env = dict(environ)
    env["wsgi.input"] = io.BytesIO(b"")
    body = app(env, start_response)
    try:
        content = b"".join(body)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()
    status, headers = seen
    return status, {name.lower(): value for name, value in headers}, content, env


def problems_with(name: str, app: App, endpoint: Endpoint, framed: bool) -> list[str]:
    """Return what ``app`` got wrong on ``endpoint`` (an empty list when all is right).

    ``framed``: the stack ends in an X-Frame-Options middleware, so the header must be
    there; without it the header must not be, which shows the stack really runs.
    """
    status, headers, body, environ = call_once(app, environ_for(endpoint))
    where = f"{LABELS[name]} {endpoint.path}"
    problems = []
    if int(status.split()[0]) != endpoint.status:
        problems.append(f"{where}: status {status!r}, expected {endpoint.status}")
    content_type = headers.get("content-type", "")
    if endpoint.content_type and content_type.split(";")[0].strip() != endpoint.content_type:
        problems.append(f"{where}: Content-Type {content_type!r}, expected {endpoint.content_type}")
    if "content-length" in headers and int(headers["content-length"]) != len(body):
        problems.append(f"{where}: Content-Length {headers['content-length']} != {len(body)}")
    if endpoint.key == "hello" and body != HELLO:
        problems.append(f"{where}: body {body[:80]!r}, expected {HELLO!r}")
    if endpoint.key == "users":
        try:
            data = json.loads(body)
        except ValueError:
            data = body[:80]
        if data != USER:
            problems.append(f"{where}: body {data!r}, expected JSON {USER!r}")
    if ("x-frame-options" in headers) != framed:
        problems.append(
            f"{where}: X-Frame-Options {headers.get('x-frame-options', 'missing')}, "
            f"expected it {'set' if framed else 'absent'} (is the middleware stack right?)"
        )
    # chainweb keeps its request in the environ: check the three namespaces resolved.
    match = getattr(environ.get("chainweb.request"), "resolver_match", None)
    if endpoint.key == "users" and match is not None and match.view_name != USER_VIEW_NAME:
        problems.append(f"{where}: resolved {match.view_name!r}, expected {USER_VIEW_NAME!r}")
    return problems


def check(apps: dict[str, App], notes: dict[str, Any]) -> None:
    """Fail loudly if an implementation does not answer what the benchmark assumes."""
    framed = {
        "django+mw": True,
        "chainweb+mw": CHAINWEB_MIDDLEWARE[-1] in notes.get("chainweb_middleware", []),
    }
    problems = [
        problem
        for name, app in apps.items()
        for endpoint in ENDPOINTS
        for problem in problems_with(name, app, endpoint, framed.get(name, False))
    ]
    if problems:
        raise SystemExit("sanity check failed:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------- timing

#: A batch serves one endpoint ``loops`` times and returns the nanoseconds spent.
Batch = Callable[[int], int]


def ignore_start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
    """Accept the status and headers and do nothing with them, as the timing needs."""
    return None


def serving(app: App, environ: dict[str, Any]) -> Batch:
    """Time ``loops`` requests: copy environ, new wsgi.input, call, drain, close."""
    repeat = itertools.repeat
    bytes_io = io.BytesIO
    start_response = ignore_start_response

    def batch(loops: int) -> int:
        call_once(app, environ)  # Warm-up, untimed: first-use caches fill here.
        gc.disable()
        try:
            start = time.perf_counter_ns()
            for _ in repeat(None, loops):
                env = dict(environ)
                env["wsgi.input"] = bytes_io(b"")
                body = app(env, start_response)
                for _chunk in body:
                    pass
                close = getattr(body, "close", None)
                if close is not None:
                    close()
            return time.perf_counter_ns() - start
        finally:
            gc.enable()

    return batch


def calibrate(batch: Batch, target_ns: int) -> int:
    """Pick a loop count whose batch takes at least ``target_ns``, as timeit.autorange."""
    for loops in itertools.chain.from_iterable(
        (base, 2 * base, 5 * base) for base in (10**k for k in itertools.count())
    ):
        if batch(loops) >= target_ns:
            return loops
    raise AssertionError("unreachable")


def measure(
    apps: dict[str, App], rounds: int, target_ns: int
) -> dict[tuple[str, str], dict[str, Any]]:
    """Return {(impl, endpoint): {"median_us", "loops", "samples_us"}}."""
    table = {
        (name, endpoint.key): serving(app, environ_for(endpoint))
        for name, app in apps.items()
        for endpoint in ENDPOINTS
    }
    loops = {key: calibrate(batch, target_ns) for key, batch in table.items()}
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in table}
    names = list(apps)
    for round_index in range(rounds):
        # Rotate who goes first, so no implementation always runs right after another.
        shift = round_index % len(names)
        order = names[shift:] + names[:shift]
        for endpoint in ENDPOINT_KEYS:
            for name in order:
                spent = table[name, endpoint](loops[name, endpoint])
                samples[name, endpoint].append(spent / loops[name, endpoint] / 1000)
        gc.collect()
    return {
        key: {"median_us": statistics.median(values), "loops": loops[key], "samples_us": values}
        for key, values in samples.items()
    }


SESSION_LIMIT = 2.0
TRACE_LIMIT = 1.03


def untraced_handler(middleware: list[str]) -> App:
    """Return chainweb's handler with ``middleware``, its layers wrapped without tracing.

    Each layer is wrapped by the plain ``convert_exception_to_response`` instead of the
    traceable wrapper, to measure what the trace costs with DEBUG off.
    """
    from chainweb.core.handlers import base, exception
    from chainweb.core.handlers.wsgi import WSGIHandler
    from chainweb.test import override_settings

    traceable = base.layer
    base.layer = lambda get_response, name: exception.convert_exception_to_response(  # type: ignore[assignment]
        get_response
    )
    try:
        with override_settings(MIDDLEWARE=middleware):
            handler = WSGIHandler()
            chain = handler._middleware_chain
    finally:
        base.layer = traceable
    handler._middleware_chain = chain  # leaving the override reset it; put it back
    return handler


def trace_cost(app: App, middleware: list[str], rounds: int, target_ns: int) -> tuple[float, float]:
    """Return the median µs of /hello through ``app`` and through the untraced equivalent."""
    from werkzeug.test import create_environ

    environ = create_environ("/hello", "http://localhost/")
    chain = app._middleware_chain  # type: ignore[attr-defined]
    untraced = untraced_handler(middleware)
    app._middleware_chain = chain  # type: ignore[attr-defined]  # the override reset it too
    batches = {"traced": serving(app, environ), "untraced": serving(untraced, environ)}
    loops = {key: calibrate(batch, target_ns) for key, batch in batches.items()}
    samples: dict[str, list[float]] = {key: [] for key in batches}
    for round_index in range(rounds):
        order = ["traced", "untraced"] if round_index % 2 == 0 else ["untraced", "traced"]
        for key in order:
            samples[key].append(batches[key](loops[key]) / loops[key] / 1000)
        gc.collect()
    return statistics.median(samples["traced"]), statistics.median(samples["untraced"])


def trace_lines(costs: tuple[float, float]) -> list[str]:
    """Return the trace-cost lines and the target."""
    traced, untraced = costs
    ratio = traced / untraced
    verdict = "PASS" if ratio <= TRACE_LIMIT else "FAIL"
    return [
        f"chainweb + mw, /hello, layers traceable (DEBUG off)   {traced:8.2f} µs",
        f"chainweb + mw, /hello, layers not traceable           {untraced:8.2f} µs",
        f"  {verdict}  trace: traceable / not traceable <= {TRACE_LIMIT:g}  {ratio:.3g}",
    ]


def session_cost(app: App, rounds: int, target_ns: int) -> tuple[float, float] | None:
    """Return chainweb + mw's median µs for /hello and for /session/ (session read and written).

    Both requests carry the same valid signed-cookie session; /session/ loads, changes,
    signs and sets it, /hello leaves it alone. None if the stack has no session middleware.
    """
    from werkzeug.test import create_environ

    status, headers, _body, _env = call_once(app, create_environ("/session/", "http://localhost/"))
    cookie = headers.get("set-cookie", "")
    if not status.startswith("200") or not cookie.startswith("sessionid="):
        return None
    session_environ = create_environ("/session/", "http://localhost/")
    session_environ["HTTP_COOKIE"] = cookie.split(";", 1)[0]
    # The baseline carries the same cookie: the same user on a page that leaves the
    # session alone, so the difference is the session's own work.
    hello_environ = create_environ("/hello", "http://localhost/")
    hello_environ["HTTP_COOKIE"] = session_environ["HTTP_COOKIE"]
    batches = {"hello": serving(app, hello_environ), "session": serving(app, session_environ)}
    loops = {key: calibrate(batch, target_ns) for key, batch in batches.items()}
    samples: dict[str, list[float]] = {key: [] for key in batches}
    for round_index in range(rounds):
        order = ["hello", "session"] if round_index % 2 == 0 else ["session", "hello"]
        for key in order:
            samples[key].append(batches[key](loops[key]) / loops[key] / 1000)
        gc.collect()
    return statistics.median(samples["hello"]), statistics.median(samples["session"])


def session_lines(costs: tuple[float, float] | None) -> list[str]:
    """Return the session-cost table and its target line."""
    if costs is None:
        return ["  SKIP  session: chainweb + mw has no SessionMiddleware"]
    hello, session = costs
    ratio = session / hello
    verdict = "PASS" if ratio <= SESSION_LIMIT else "FAIL"
    return [
        f"chainweb + mw, /hello (cookie sent, session untouched) {hello:8.2f} µs",
        f"chainweb + mw, /session/ (session read and written)    {session:8.2f} µs",
        f"  {verdict}  session: read+write / untouched <= {SESSION_LIMIT:g}  {ratio:.3g}",
    ]


def profile(apps: dict[str, App], name: str, endpoint_key: str, calls: int) -> None:
    """Run ``calls`` requests of one implementation under cProfile and print the top costs."""
    endpoint = next(endpoint for endpoint in ENDPOINTS if endpoint.key == endpoint_key)
    batch = serving(apps[name], environ_for(endpoint))
    batch(100)
    profiler = cProfile.Profile()
    profiler.runcall(batch, calls)
    print(f"cProfile: {calls:,} requests of {LABELS[name]} {endpoint.path}")
    # strip_dirs() would leave chainweb/http/response.py and werkzeug's
    # wrappers/response.py both as "response.py": keep the package and module instead.
    strip = pstats.func_strip_path  # type: ignore[attr-defined]
    pstats.func_strip_path = short_path  # type: ignore[attr-defined]
    try:
        stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    finally:
        pstats.func_strip_path = strip  # type: ignore[attr-defined]
    for order in ("tottime", "cumulative"):
        print(f"\n--- by {order} ---")
        stats.sort_stats(order).print_stats(25)


def short_path(func: tuple[str, int, str]) -> tuple[str, int, str]:
    """Shorten a profiled function's file to its last two path parts."""
    filename, line, name = func
    return "/".join(Path(filename).parts[-2:]), line, name


# --------------------------------------------------------------------------- report


def fmt_us(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def fmt_ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or not denominator:
        return "-"
    return f"{numerator / denominator:.3g}"


def table_lines(medians: dict[tuple[str, str], float], names: list[str]) -> list[str]:
    """Return µs per request for each implementation, then each / werkzeug."""
    head = f"{'implementation':<16}" + "".join(f"  {key + ' µs':>10}" for key in ENDPOINT_KEYS)
    head += "".join(f"  {key + ' /wz':>10}" for key in ENDPOINT_KEYS)
    lines = [head, "-" * len(head)]
    for name in names:
        cells = [medians.get((name, key)) for key in ENDPOINT_KEYS]
        werkzeug = [medians.get(("werkzeug", key)) for key in ENDPOINT_KEYS]
        line = f"{LABELS[name]:<16}" + "".join(f"  {fmt_us(cell):>10}" for cell in cells)
        line += "".join(
            f"  {fmt_ratio(cell, wz):>10}" for cell, wz in zip(cells, werkzeug, strict=True)
        )
        lines.append(line)
    return lines


PEER_RATIOS = (
    ("chainweb", "flask"),
    ("chainweb", "django"),
    ("chainweb+mw", "django+mw"),
)


def peer_lines(medians: dict[tuple[str, str], float]) -> list[str]:
    """Return chainweb's time over each peer's (below 1 chainweb is faster)."""
    head = f"{'ratio':<34}" + "".join(f"  {key:>8}" for key in ENDPOINT_KEYS)
    lines = [head, "-" * len(head)]
    for ours, theirs in PEER_RATIOS:
        label = f"{LABELS[ours]} / {LABELS[theirs]}"
        cells = "".join(
            f"  {fmt_ratio(medians.get((ours, key)), medians.get((theirs, key))):>8}"
            for key in ENDPOINT_KEYS
        )
        lines.append(f"{label:<34}{cells}")
    return lines


def target_lines(medians: dict[tuple[str, str], float]) -> list[str]:
    """Check the README's targets; a target whose implementations did not run is skipped."""
    checks: list[tuple[str, str, str, str, float, bool]] = [
        # (label, endpoint, numerator, denominator, limit, at_most)
        ("hello: chainweb / werkzeug <= 1.5", "hello", "chainweb", "werkzeug", 1.5, True),
        ("hello: Flask / chainweb >= 3", "hello", "flask", "chainweb", 3, False),
        ("hello: Django / chainweb >= 3", "hello", "django", "chainweb", 3, False),
        ("users: Django / chainweb >= 3", "users", "django", "chainweb", 3, False),
        ("404: Django / chainweb >= 3", "404", "django", "chainweb", 3, False),
        ("hello: Django+5mw / chainweb+mw >= 4", "hello", "django+mw", "chainweb+mw", 4, False),
        ("hello: chainweb+mw / chainweb < 2", "hello", "chainweb+mw", "chainweb", 2, True),
    ]
    lines = []
    for label, key, top, bottom, limit, at_most in checks:
        if (top, key) not in medians or (bottom, key) not in medians:
            lines.append(f"  SKIP  {label}")
            continue
        value = medians[top, key] / medians[bottom, key]
        ok = value <= limit if at_most else value >= limit
        lines.append(f"  {'PASS' if ok else 'FAIL'}  {label:<40} {value:.3g}")
    return lines


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("chainweb", "werkzeug", "flask", "django"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = getattr(sys.modules.get(name), "__version__", "source tree")
    return found


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds, 5 ms batches (smoke run)")
    parser.add_argument(
        "--rounds", type=int, help="interleaved rounds (default 15; 5 with --quick)"
    )
    parser.add_argument("--json", metavar="FILE", help="write the medians and samples to FILE")
    parser.add_argument(
        "--impls",
        default=",".join(IMPLS),
        help="comma-separated subset of %(default)s (ratios and targets need both sides)",
    )
    parser.add_argument(
        "--profile",
        metavar="IMPL:ENDPOINT",
        help=f"instead of timing, cProfile one implementation on one of {ENDPOINT_KEYS}",
    )
    parser.add_argument(
        "--calls", type=int, default=20_000, help="requests to profile (default %(default)s)"
    )
    args = parser.parse_args(argv)
    args.impls = [name.strip() for name in args.impls.split(",") if name.strip()]
    unknown = set(args.impls) - set(IMPLS)
    if unknown:
        parser.error(f"unknown implementation(s) {sorted(unknown)}; choose from {list(IMPLS)}")
    if args.profile:
        name, _, endpoint = args.profile.partition(":")
        endpoint = endpoint or "hello"
        if name not in IMPLS or endpoint not in ENDPOINT_KEYS:
            parser.error(
                f"--profile takes IMPL:ENDPOINT with IMPL one of {list(IMPLS)} "
                f"and ENDPOINT one of {list(ENDPOINT_KEYS)}, not {args.profile!r}"
            )
        args.profile = (name, endpoint)
        args.impls = [name]
    return args


def middleware_lines(notes: dict[str, Any]) -> list[str]:
    if "chainweb_middleware" not in notes:
        return []
    present = notes["chainweb_middleware"]
    missing = notes["chainweb_middleware_missing"]
    lines = [f"chainweb + mw runs {len(present)} of the {len(CHAINWEB_MIDDLEWARE)} middleware:"]
    lines += [f"  present  {dotted}" for dotted in present]
    lines += [f"  missing  {dotted}  ({why})" for dotted, why in missing.items()]
    if not present:
        lines.append("  none exists yet: the chainweb + mw row is chainweb with no middleware")
    lines += [f"note: {note}" for note in notes.get("chainweb_notes", [])]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rounds = args.rounds or (5 if args.quick else 15)
    target_ns = (5 if args.quick else 20) * 1_000_000
    apps, notes = load(args.impls)
    check(apps, notes)
    if args.profile:
        profile(apps, *args.profile, calls=args.calls)
        return 0
    names = list(apps)
    found = versions()

    print(", ".join(f"{key} {value}" for key, value in found.items()))
    print(
        f"{platform.platform()}, {os.cpu_count()} CPUs; medians of {rounds} interleaved rounds, "
        f"batches of >= {target_ns // 1_000_000} ms, gc off while timing"
    )
    for line in middleware_lines(notes):
        print(line)
    print("checked: every implementation answers each endpoint with the right status and body")
    print()

    measured = measure(apps, rounds, target_ns)
    medians = {key: result["median_us"] for key, result in measured.items()}
    print("µs per request in-process (median); /wz = that implementation's time / werkzeug's")
    print("\n".join(table_lines(medians, names)))
    print()
    print("chainweb / peer (below 1 chainweb is faster; 0.33 means 3x faster)")
    print("\n".join(peer_lines(medians)))
    print()
    print("Targets:")
    print("\n".join(target_lines(medians)))
    if "chainweb+mw" in apps:
        print()
        print("Session cost (signed-cookie sessions; the stack also runs CSRF):")
        print("\n".join(session_lines(session_cost(apps["chainweb+mw"], rounds, target_ns))))
        print()
        print("Trace cost with DEBUG off (the chain trace's per-layer check):")
        stack = notes.get("chainweb_middleware", [])
        print("\n".join(trace_lines(trace_cost(apps["chainweb+mw"], stack, rounds, target_ns))))

    if args.json:
        meta = {
            "versions": found,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "rounds": rounds,
            "batch_target_ms": target_ns // 1_000_000,
            "quick": args.quick,
            "unit": "microseconds per request",
            "endpoints": {endpoint.key: endpoint.path for endpoint in ENDPOINTS},
            **notes,
        }
        results = [
            {"impl": name, "endpoint": key, **result} for (name, key), result in measured.items()
        ]
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
