"""``urls [--json] [--resolve PATH [--run]]``: list the routes, or explain how one path is served.

The list walks the URLconf as the resolver does, joining each route across its includes,
with the view's dotted path, the name with its namespaces and the methods the view answers
where that is known (a class-based view's methods, or a list a decorator recorded in
``allowed_methods``). ``--resolve`` shows what a path resolves to and the middleware it goes
through; ``--run`` also sends it through the chain with the test client and prints the trace.
"""

from __future__ import annotations

import difflib
import functools
import json
import typing as t
from dataclasses import asdict, dataclass

from chainweb.conf import settings
from chainweb.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from chainweb.core.management.base import BaseCommand, CommandError, CommandParser
from chainweb.urls import Resolver404, ResolverMatch, URLPattern, URLResolver, get_resolver
from chainweb.utils.module_loading import import_string

#: The hooks a middleware may define, marked in ``--resolve``'s list.
HOOKS = ("process_view", "process_exception", "process_template_response")


@dataclass
class Route:
    """One leaf of the URLconf, as listed."""

    pattern: str
    view: str
    name: str | None
    methods: list[str] | None


@dataclass
class MiddlewareEntry:
    """One ``settings.MIDDLEWARE`` entry and the hooks its instance defines."""

    path: str
    hooks: list[str]
    #: Why the factory left itself out (``MiddlewareNotUsed``), if it did.
    not_used: str | None = None


def iter_routes(
    patterns: t.Iterable[URLPattern | URLResolver],
    prefix: str = "",
    namespaces: tuple[str, ...] = (),
) -> t.Iterator[Route]:
    """Yield every route under ``patterns``, depth first, in resolving order."""
    for pattern in patterns:
        text = prefix + str(pattern.pattern).removeprefix("^")
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from iter_routes(pattern.url_patterns, text, inner)
        else:
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield Route("/" + text, pattern.lookup_str, name, allowed_methods(pattern.callback))


def allowed_methods(view: t.Callable[..., t.Any]) -> list[str] | None:
    """Return the HTTP methods ``view`` answers, or None when it does not say."""
    while isinstance(view, functools.partial):
        view = view.func
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        names = set(getattr(view_class, "http_method_names", ()))
        defined = {name for name in names if hasattr(view_class, name)}
        if "get" in defined and "head" in names:  # View.setup() answers HEAD with get()
            defined.add("head")
        return [name.upper() for name in view_class.http_method_names if name in defined]
    seen: set[int] = set()
    current: t.Any = view
    while current is not None and id(current) not in seen:  # walk functools.wraps layers
        seen.add(id(current))
        recorded = getattr(current, "allowed_methods", None)
        if isinstance(recorded, (list, tuple, set, frozenset)):
            return [str(method).upper() for method in recorded]
        current = getattr(current, "__wrapped__", None)
    return None


def middleware_entries() -> list[MiddlewareEntry]:
    """Load ``settings.MIDDLEWARE`` as the handler does and list each entry's hooks.

    :raise CommandError: an entry does not import or its factory returns None.
    """

    def end_of_chain(request: t.Any) -> t.Any:
        raise RuntimeError("urls --resolve loads the middleware only to list it.")

    entries: list[MiddlewareEntry] = []
    handler: t.Any = end_of_chain
    for path in reversed(settings.MIDDLEWARE):
        try:
            factory = import_string(path)
        except ImportError as exc:
            raise CommandError(
                f"The middleware {path!r} could not be imported: {exc}. Fix the path in "
                "settings.MIDDLEWARE."
            ) from exc
        try:
            middleware = factory(handler)
        except MiddlewareNotUsed as exc:
            entries.insert(0, MiddlewareEntry(path, [], str(exc) or "no reason given"))
            continue
        if middleware is None:
            raise CommandError(
                f"The middleware factory {path} returned None. Make it return a callable that "
                "takes a request and returns a response."
            )
        entries.insert(0, MiddlewareEntry(path, [h for h in HOOKS if hasattr(middleware, h)]))
        handler = middleware
    return entries


def format_table(rows: t.Sequence[t.Sequence[str]]) -> str:
    """Return ``rows`` as left-aligned columns, the first row being the header."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


class Command(BaseCommand):
    """List the URL routes, or show how one path resolves."""

    help = (
        "List every URL route (pattern, view, name, methods), or show with --resolve what a "
        "path resolves to and the middleware it goes through."
    )
    requires_system_checks: t.Sequence[str] | str = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Add ``--json``, ``--resolve``, ``--run`` and ``--urlconf``."""
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument(
            "--resolve", metavar="PATH",
            help="Show what PATH resolves to and the middleware that would run.",
        )  # fmt: skip
        parser.add_argument(
            "--run", action="store_true",
            help="With --resolve: send a GET for PATH through the project with the test client "
            "and print its way through the middleware chain.",
        )  # fmt: skip
        parser.add_argument(
            "--urlconf", help="The URLconf to list (default: settings.ROOT_URLCONF)."
        )

    def handle(self, *args: t.Any, **options: t.Any) -> None:
        """List the routes, or resolve one path."""
        if options.get("run") and not options.get("resolve"):
            raise CommandError("--run needs a path to send: pass --resolve PATH --run.")
        try:
            resolver = get_resolver(options.get("urlconf"))
            if options.get("resolve"):
                self.resolve(resolver, options["resolve"], options)
            else:
                self.list_routes(resolver, bool(options.get("json")))
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc

    def list_routes(self, resolver: URLResolver, as_json: bool) -> None:
        """Write every route as a table or as JSON."""
        routes = list(iter_routes(resolver.url_patterns))
        if as_json:
            self.stdout.write(json.dumps([asdict(route) for route in routes], indent=2))
            return
        rows = [("PATTERN", "VIEW", "NAME", "METHODS")]
        rows += [
            (
                route.pattern,
                route.view,
                route.name or "-",
                ", ".join(route.methods) if route.methods is not None else "-",
            )
            for route in routes
        ]
        self.stdout.write(format_table(rows))

    def resolve(self, resolver: URLResolver, path: str, options: dict[str, t.Any]) -> None:
        """Write what ``path`` resolves to and the middleware; run it with ``--run``."""
        path = "/" + path.split("?", 1)[0].lstrip("/")
        try:
            match = resolver.resolve(path)
        except Resolver404:
            if not options.get("run"):
                raise CommandError(self._miss_message(resolver, path)) from None
            match = None
        entries = middleware_entries()
        if options.get("json"):
            self.stdout.write(json.dumps(self._resolved_json(path, match, entries), indent=2))
        else:
            self._write_resolved(path, match, entries)
        if options.get("run"):
            self.run_request(path, as_json=bool(options.get("json")))

    def _miss_message(self, resolver: URLResolver, path: str) -> str:
        patterns = [route.pattern for route in iter_routes(resolver.url_patterns)]
        close = difflib.get_close_matches(path, patterns, n=3, cutoff=0.4)
        hint = f"The closest patterns: {', '.join(close)}." if close else "No pattern is close."
        return (
            f"{path!r} does not match any URL pattern. {hint} Run 'urls' to list them all, "
            "or add a pattern for it."
        )

    def _resolved_json(
        self, path: str, match: ResolverMatch | None, entries: list[MiddlewareEntry]
    ) -> dict[str, t.Any]:
        resolved = None
        if match is not None:
            resolved = {
                "view": _view_path(match),
                "args": [repr(arg) for arg in match.args],
                "kwargs": {key: repr(value) for key, value in match.kwargs.items()},
                "url_name": match.view_name if match.url_name else None,
                "route": match.route,
                "methods": allowed_methods(match.func),
            }
        return {"path": path, "resolved": resolved, "middleware": [asdict(e) for e in entries]}

    def _write_resolved(
        self, path: str, match: ResolverMatch | None, entries: list[MiddlewareEntry]
    ) -> None:
        if match is None:
            self.stdout.write(f"{path} does not match any URL pattern; running it anyway.")
        else:
            methods = allowed_methods(match.func)
            rows = [
                ("Path", path),
                ("View", _view_path(match)),
                ("Args", repr(match.args)),
                ("Kwargs", repr(match.kwargs)),
                ("URL name", match.view_name if match.url_name else "-"),
                ("Route", match.route or "-"),
                ("Methods", ", ".join(methods) if methods is not None else "-"),
            ]
            self.stdout.write(format_table([(f"{name}:", value) for name, value in rows]))
        self.stdout.write("")
        if not entries:
            self.stdout.write("Middleware: none (settings.MIDDLEWARE is empty).")
            return
        self.stdout.write("Middleware (settings.MIDDLEWARE order, outermost first):")
        listed: list[tuple[str, str, str]] = []
        for number, entry in enumerate(entries, 1):
            if entry.not_used is not None:
                marks = f"not used: {entry.not_used}"
            else:
                marks = ", ".join(entry.hooks)
            listed.append((f"  {number}.", entry.path, marks))
        self.stdout.write(format_table(listed))
        if any(entry.hooks for entry in entries):
            self.stdout.write(
                "process_view hooks run top to bottom before the view; process_exception and "
                "process_template_response hooks run bottom to top."
            )

    def run_request(self, path: str, as_json: bool = False) -> None:
        """Send a GET for ``path`` through the project and write its chain trace."""
        from chainweb.test import Client

        client = Client(raise_request_exception=False, trace_chain=True)
        response = client.get(path, headers={"Host": _allowed_host()})
        chain = response.chain
        if as_json:
            layers = [asdict(layer) for layer in chain] if chain is not None else []
            events = [str(event) for event in chain.events] if chain is not None else []
            report = {"status": response.status_code, "layers": layers, "events": events}
            self.stdout.write(json.dumps(report, indent=2))
            return
        self.stdout.write(f"\nGET {path} -> {response.status}")
        if chain is None:
            self.stdout.write("No chain trace was recorded.")
            return
        self.stdout.write(str(chain))
        self.stdout.write("\nEvents:")
        for event in chain.events:
            self.stdout.write(f"  {event}")


def _view_path(match: ResolverMatch) -> str:
    func = match.func
    while isinstance(func, functools.partial):
        func = func.func
    func = getattr(func, "view_class", func)
    module = getattr(func, "__module__", type(func).__module__)
    name = getattr(func, "__qualname__", type(func).__qualname__)
    return f"{module}.{name}"


def _allowed_host() -> str:
    """Return a host name ``ALLOWED_HOSTS`` accepts, for the request ``--run`` sends."""
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*":
            return str(host).lstrip(".")
    return "localhost"
