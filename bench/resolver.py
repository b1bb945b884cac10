"""Benchmark chainweb's URL resolver against Django's resolver and werkzeug's Map.

For N = 10, 100, 1,000 and 10,000 routes, in a flat and a nested (10 namespaced
includes) shape, time: resolving the first route, the last route (same path, and a
path whose pk varies on every call), a miss, reversing the last name, and a cold
start (build the patterns and the resolver, then the first resolve and reverse).

Figures are medians of interleaved rounds: in each round every implementation runs
each measurement in turn, so machine noise falls on all of them alike.

Run from the repository root::

    pip install -r bench/requirements.txt
    python bench/resolver.py              # full run (15 rounds, N up to 10,000)
    python bench/resolver.py --quick      # smoke run (5 rounds, N up to 1,000)
    python bench/resolver.py --json results.json
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import itertools
import json
import os
import platform
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
MISS_PATH = "/nowhere/42/"
INCLUDES = 10
FULL_SIZES = (10, 100, 1_000, 10_000)
QUICK_SIZES = (10, 100, 1_000)
SHAPES = ("flat", "nested")
IMPLS = ("chainweb", "django", "werkzeug")

OP_FIRST = "resolve first"
OP_LAST = "resolve last (same path)"
OP_LAST_VARYING = "resolve last (varying pk)"
OP_MISS = "resolve miss"
OP_REVERSE = "reverse last (same pk)"
OP_REVERSE_VARYING = "reverse last (varying pk)"
OP_COLD = "cold start"
OPS = (OP_FIRST, OP_LAST, OP_LAST_VARYING, OP_MISS, OP_REVERSE, OP_REVERSE_VARYING, OP_COLD)

# Every "varying pk" path is new for the whole run, so no result cache can answer it.
_fresh_pks = itertools.count(1_000_000)


def view(request: Any, pk: int) -> None:
    """Stand in for a view; never called."""


# --------------------------------------------------------------------------- routes


@dataclass(frozen=True)
class Routes:
    """One route table, described once and built alike by every implementation.

    Route i is ``section{i}/<int:pk>/`` named ``route{i}``. Nested: include j is
    mounted at ``ns{j}/`` with namespace ``ns{j}`` and holds N/10 routes.
    """

    shape: str
    n: int

    @property
    def groups(self) -> list[tuple[str | None, range]]:
        """Return (namespace or None, route indexes) for each group of routes."""
        if self.shape == "flat":
            return [(None, range(self.n))]
        per_include = self.n // INCLUDES
        return [(f"ns{j}", range(per_include)) for j in range(INCLUDES)]

    def _where(self, first: bool) -> tuple[str, str]:
        namespace, indexes = self.groups[0 if first else -1]
        index = indexes[0 if first else -1]
        prefix = f"/{namespace}" if namespace else ""
        name = f"{namespace}:route{index}" if namespace else f"route{index}"
        return f"{prefix}/section{index}/", name

    @property
    def first_path(self) -> str:
        return self._where(first=True)[0] + f"{PK}/"

    @property
    def first_name(self) -> str:
        return self._where(first=True)[1]

    def last_path(self, pk: int = PK) -> str:
        return self._where(first=False)[0] + f"{pk}/"

    @property
    def last_name(self) -> str:
        return self._where(first=False)[1]


# --------------------------------------------------------------------------- implementations


class Implementation:
    """What the harness needs from each router: build it, resolve, reverse, reset."""

    name: str
    not_found: type[BaseException]

    def prepare(self, routes: Routes) -> Any:
        """Return the route strings this router is built from (not timed)."""
        raise NotImplementedError

    def build(self, spec: Any) -> Any:
        """Construct the pattern objects and the resolver (timed in cold start)."""
        raise NotImplementedError

    def resolver(self, built: Any) -> Callable[[str], Any]:
        """Return a callable resolving one path; it raises ``not_found`` on a miss."""
        raise NotImplementedError

    def reverser(self, built: Any, name: str) -> Callable[[dict[str, Any]], str]:
        """Return a callable building the URL of ``name`` from a kwargs dict."""
        raise NotImplementedError

    def matched(self, match: Any) -> tuple[str, Any]:
        """Return (view name, pk) of a successful resolve, for the sanity checks."""
        raise NotImplementedError

    def reset(self) -> None:
        """Empty every cache a fresh process would start without (not timed)."""
        re.purge()


class DjangoStyle(Implementation):
    """Build ``urlpatterns`` with path()/include() and resolve through get_resolver()."""

    urls: Any  # the implementation's ``urls`` package
    package: str  # reset() empties the functools caches of this package's modules

    def prepare(self, routes: Routes) -> Any:
        return [
            (
                namespace,
                [(f"section{i}/<int:pk>/", f"route{i}") for i in indexes],
            )
            for namespace, indexes in routes.groups
        ]

    def build(self, spec: Any) -> Any:
        path, include = self.urls.path, self.urls.include
        patterns: list[Any] = []
        for namespace, group in spec:
            group_patterns = [path(route, view, name=name) for route, name in group]
            if namespace is None:
                patterns.extend(group_patterns)
            else:
                app_name = "app" + namespace[2:]
                patterns.append(
                    path(f"{namespace}/", include((group_patterns, app_name), namespace=namespace))
                )
        module = types.ModuleType("bench_urls")
        module.urlpatterns = patterns  # type: ignore[attr-defined]
        return module, self.urls.get_resolver(module)

    def resolver(self, built: Any) -> Callable[[str], Any]:
        return built[1].resolve

    def reverser(self, built: Any, name: str) -> Callable[[dict[str, Any]], str]:
        reverse, module = self.urls.reverse, built[0]
        return lambda kwargs: reverse(name, urlconf=module, kwargs=kwargs)

    def matched(self, match: Any) -> tuple[str, Any]:
        return match.view_name, match.kwargs["pk"]

    def reset(self) -> None:
        super().reset()
        self.urls.clear_url_caches()
        modules = [
            module
            for name, module in list(sys.modules.items())
            if name == self.package or name.startswith(self.package + ".")
        ]
        for module in modules:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


class Chainweb(DjangoStyle):
    name = "chainweb"

    def __init__(self) -> None:
        import chainweb.urls
        from chainweb.conf import settings

        if not settings.configured:
            settings.configure(SECRET_KEY="bench")
        self.urls = chainweb.urls
        self.not_found = chainweb.urls.Resolver404
        self.package = "chainweb.urls"


class Django(DjangoStyle):
    name = "django"

    def __init__(self) -> None:
        import django
        import django.urls
        from django.conf import settings

        if not settings.configured:
            settings.configure(ROOT_URLCONF=None, DEBUG=False)
            django.setup()
        self.urls = django.urls
        self.not_found = django.urls.Resolver404
        self.package = "django.urls"


class Werkzeug(Implementation):
    name = "werkzeug"

    def __init__(self) -> None:
        from werkzeug.exceptions import NotFound
        from werkzeug.routing import Map, Rule, Submount

        self.map, self.rule, self.submount = Map, Rule, Submount
        self.not_found = NotFound

    def prepare(self, routes: Routes) -> Any:
        return [
            (
                namespace,
                [
                    (
                        f"/section{i}/<int:pk>/",
                        f"{namespace}:route{i}" if namespace else f"route{i}",
                    )
                    for i in indexes
                ],
            )
            for namespace, indexes in routes.groups
        ]

    def build(self, spec: Any) -> Any:
        rules: list[Any] = []
        for namespace, group in spec:
            group_rules = [self.rule(route, endpoint=endpoint) for route, endpoint in group]
            if namespace is None:
                rules.extend(group_rules)
            else:
                rules.append(self.submount(f"/{namespace}", group_rules))
        return self.map(rules).bind("localhost")

    def resolver(self, built: Any) -> Callable[[str], Any]:
        return built.match

    def reverser(self, built: Any, name: str) -> Callable[[dict[str, Any]], str]:
        build = built.build
        return lambda values: build(name, values)

    def matched(self, match: Any) -> tuple[str, Any]:
        endpoint, values = match
        return endpoint, values["pk"]


FACTORIES: dict[str, Callable[[], Implementation]] = {
    "chainweb": Chainweb,
    "django": Django,
    "werkzeug": Werkzeug,
}

INSTALL_HINT = {
    "chainweb": "run from the repository root, or `pip install -e .`",
    "django": "`pip install -r bench/requirements.txt`",
    "werkzeug": "`pip install -r bench/requirements.txt`",
}


# --------------------------------------------------------------------------- timing

#: A batch runs one measurement ``loops`` times and returns the nanoseconds spent.
Batch = Callable[[int], int]


# Every batch makes one call before the clock starts: a cold start empties the
# implementation's caches (get_resolver()'s among them), so the first reverse after it
# would otherwise rebuild the whole resolver inside the timed loop.


def each_call(function: Callable[[Any], Any], make_args: Callable[[int], list[Any]]) -> Batch:
    """Time ``function(arg)`` for each of ``make_args(loops)`` (one more is the warm-up)."""

    def batch(loops: int) -> int:
        warm_up, *args = make_args(loops + 1)
        function(warm_up)
        gc.disable()
        try:
            start = time.perf_counter_ns()
            for arg in args:
                function(arg)
            return time.perf_counter_ns() - start
        finally:
            gc.enable()

    return batch


def each_miss(function: Callable[[Any], Any], arg: Any, missing: type[BaseException]) -> Batch:
    """Time ``function(arg)`` raising ``missing``, caught inside the timed loop."""

    def batch(loops: int) -> int:
        args = [arg] * loops
        try:
            function(arg)
        except missing:
            pass
        gc.disable()
        try:
            start = time.perf_counter_ns()
            for one in args:
                try:
                    function(one)
                except missing:
                    pass
            return time.perf_counter_ns() - start
        finally:
            gc.enable()

    return batch


def cold_start(impl: Implementation, routes: Routes) -> Batch:
    """Time building the resolver from scratch, then its first resolve and reverse."""
    spec = impl.prepare(routes)
    path, name = routes.last_path(), routes.last_name

    def batch(loops: int) -> int:
        total = 0
        for _ in range(loops):
            impl.reset()
            gc.disable()
            try:
                start = time.perf_counter_ns()
                built = impl.build(spec)
                impl.resolver(built)(path)
                impl.reverser(built, name)({"pk": PK})
                total += time.perf_counter_ns() - start
            finally:
                gc.enable()
            del built
        gc.collect()
        return total

    return batch


def batches(impl: Implementation, routes: Routes) -> dict[str, Batch]:
    """Build ``impl``'s router for ``routes``, check it answers right, and return its batches."""
    impl.reset()
    built = impl.build(impl.prepare(routes))
    resolve = impl.resolver(built)
    reverse = impl.reverser(built, routes.last_name)
    check(impl, routes, resolve, reverse)

    def varying_paths(loops: int) -> list[str]:
        return [routes.last_path(next(_fresh_pks)) for _ in range(loops)]

    def varying_kwargs(loops: int) -> list[dict[str, int]]:
        return [{"pk": next(_fresh_pks)} for _ in range(loops)]

    same_kwargs = {"pk": PK}

    return {
        OP_FIRST: each_call(resolve, lambda loops: [routes.first_path] * loops),
        OP_LAST: each_call(resolve, lambda loops: [routes.last_path()] * loops),
        OP_LAST_VARYING: each_call(resolve, varying_paths),
        OP_MISS: each_miss(resolve, MISS_PATH, impl.not_found),
        OP_REVERSE: each_call(reverse, lambda loops: [same_kwargs] * loops),
        OP_REVERSE_VARYING: each_call(reverse, varying_kwargs),
        OP_COLD: cold_start(impl, routes),
    }


def check(
    impl: Implementation,
    routes: Routes,
    resolve: Callable[[str], Any],
    reverse: Callable[[dict[str, Any]], str],
) -> None:
    """Fail loudly if a router does not answer what the benchmark assumes."""
    problems = []
    for path, name, pk in (
        (routes.first_path, routes.first_name, PK),
        (routes.last_path(), routes.last_name, PK),
        (routes.last_path(7), routes.last_name, 7),
    ):
        got = impl.matched(resolve(path))
        if got != (name, pk):
            problems.append(f"resolve({path!r}) gave {got!r}, expected {(name, pk)!r}")
    try:
        got_miss = resolve(MISS_PATH)
    except impl.not_found:
        pass
    else:
        problems.append(f"resolve({MISS_PATH!r}) gave {got_miss!r}, expected {impl.not_found}")
    for pk in (PK, 7):
        url = reverse({"pk": pk})
        if url != routes.last_path(pk):
            problems.append(
                f"reverse({routes.last_name!r}, pk={pk}) gave {url!r}, "
                f"expected {routes.last_path(pk)!r}"
            )
    if problems:
        where = f"{impl.name}, {routes.shape}, N={routes.n}"
        raise SystemExit(f"sanity check failed ({where}):\n  " + "\n  ".join(problems))


def calibrate(batch: Batch, target_ns: int) -> int:
    """Pick a loop count whose batch takes at least ``target_ns``, as timeit.autorange."""
    for loops in itertools.chain.from_iterable(
        (base, 2 * base, 5 * base) for base in (10**k for k in itertools.count())
    ):
        if batch(loops) >= target_ns:
            return loops
    raise AssertionError("unreachable")


def measure(
    impls: list[Implementation], routes: Routes, rounds: int, target_ns: int
) -> dict[tuple[str, str], dict[str, Any]]:
    """Return {(impl, op): {"median_us", "loops", "samples_us"}} for one route table."""
    table = {impl.name: batches(impl, routes) for impl in impls}
    loops = {
        (name, op): calibrate(batch, target_ns)
        for name, ops in table.items()
        for op, batch in ops.items()
    }
    samples: dict[tuple[str, str], list[float]] = {key: [] for key in loops}
    names = list(table)
    for round_index in range(rounds):
        # Rotate who goes first, so no implementation always runs right after another.
        shift = round_index % len(names)
        order = names[shift:] + names[:shift]
        for op in OPS:
            for name in order:
                spent = table[name][op](loops[name, op])
                samples[name, op].append(spent / loops[name, op] / 1000)
        gc.collect()
    return {
        key: {
            "median_us": statistics.median(values),
            "loops": loops[key],
            "samples_us": values,
        }
        for key, values in samples.items()
    }


# --------------------------------------------------------------------------- report

COLUMNS = (
    ("shape", 6, "<"),
    ("N", 6, "<"),
    ("op", 26, "<"),
    ("chainweb µs", 12, ">"),
    ("django µs", 12, ">"),
    ("werkzeug µs", 12, ">"),
    ("cw/dj", 9, ">"),
    ("cw/wz", 9, ">"),
)


def row(cells: Iterable[str]) -> str:
    return "  ".join(
        f"{cell:{align}{width}}" for cell, (_, width, align) in zip(cells, COLUMNS, strict=True)
    ).rstrip()


def fmt_us(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def fmt_ratio(numerator: float | None, denominator: float | None) -> str:
    if numerator is None or not denominator:
        return "-"
    return f"{numerator / denominator:.3g}"


def result_rows(shape: str, n: int, medians: dict[tuple[str, str], float]) -> list[str]:
    lines = []
    for op in OPS:
        cw, dj, wz = (medians.get((impl, op)) for impl in IMPLS)
        lines.append(
            row(
                [shape, str(n), op, fmt_us(cw), fmt_us(dj), fmt_us(wz)]
                + [fmt_ratio(cw, dj), fmt_ratio(cw, wz)]
            )
        )
    return lines


def flatness_lines(
    medians: dict[tuple[str, str, str, int], float], impls: list[str], sizes: tuple[int, ...]
) -> list[str]:
    """Return each resolver's last-route time at each N divided by its own time at N=10."""
    head = f"{'shape':<6}  {'impl':<9}  {'op':<26}" + "".join(
        f"  {'N=' + str(n):>8}" for n in sizes
    )
    lines = [head]
    for shape in SHAPES:
        for impl in impls:
            for op in (OP_LAST, OP_LAST_VARYING):
                base = medians[shape, impl, op, sizes[0]]
                cells = "".join(f"  {medians[shape, impl, op, n] / base:>8.2f}" for n in sizes)
                lines.append(f"{shape:<6}  {impl:<9}  {op:<26}{cells}")
    return lines


def target_lines(medians: dict[tuple[str, str, str, int], float], n: int, small: int) -> list[str]:
    """Check the README's targets on the flat shape at the largest N measured."""

    def get(impl: str, op: str, size: int = n) -> float:
        return medians["flat", impl, op, size]

    checks = []
    for op in (OP_LAST, OP_LAST_VARYING):
        checks += [
            (
                f"{op}: chainweb N={n} / N={small} <= 2",
                get("chainweb", op) / get("chainweb", op, small),
                2,
            ),
            (f"{op}: chainweb / django <= 0.01", get("chainweb", op) / get("django", op), 0.01),
            (f"{op}: chainweb / werkzeug <= 1", get("chainweb", op) / get("werkzeug", op), 1),
        ]
    for op in (OP_REVERSE, OP_REVERSE_VARYING):
        checks.append(
            (f"{op}: chainweb / werkzeug <= 1", get("chainweb", op) / get("werkzeug", op), 1)
        )
    checks += [
        (
            f"{OP_COLD}: chainweb / django <= 1",
            get("chainweb", OP_COLD) / get("django", OP_COLD),
            1,
        ),
    ]
    return [
        f"  {'PASS' if value <= limit else 'FAIL'}  {label:<56} {value:.3g}"
        for label, value, limit in checks
    ]


def versions(impls: list[Implementation]) -> dict[str, str]:
    found = {"python": platform.python_version()}
    for impl in impls:
        try:
            found[impl.name] = importlib.metadata.version(impl.name)
        except importlib.metadata.PackageNotFoundError:
            found[impl.name] = getattr(sys.modules.get(impl.name), "__version__", "source tree")
    return found


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds, N up to 1,000 (smoke run)")
    parser.add_argument(
        "--rounds", type=int, help="interleaved rounds (default 15; 5 with --quick)"
    )
    parser.add_argument("--json", metavar="FILE", help="write the medians and samples to FILE")
    parser.add_argument(
        "--impls",
        default=",".join(IMPLS),
        help="comma-separated subset of %(default)s (ratios need chainweb and the other)",
    )
    args = parser.parse_args(argv)
    args.impls = [name.strip() for name in args.impls.split(",") if name.strip()]
    unknown = set(args.impls) - set(IMPLS)
    if unknown:
        parser.error(f"unknown implementation(s) {sorted(unknown)}; choose from {list(IMPLS)}")
    return args


def load(names: list[str]) -> list[Implementation]:
    impls = []
    for name in IMPLS:
        if name not in names:
            continue
        try:
            impls.append(FACTORIES[name]())
        except ImportError as exc:
            raise SystemExit(
                f"cannot import {name} ({exc}); {INSTALL_HINT[name]}, or leave it out with --impls"
            ) from exc
    return impls


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    rounds = args.rounds or (5 if args.quick else 15)
    target_ns = (5 if args.quick else 20) * 1_000_000
    impls = load(args.impls)
    names = [impl.name for impl in impls]
    found = versions(impls)

    print(", ".join(f"{key} {value}" for key, value in found.items()))
    print(
        f"{platform.platform()}, {os.cpu_count()} CPUs; medians of {rounds} interleaved rounds, "
        f"batches of >= {target_ns // 1_000_000} ms, gc off while timing"
    )
    print()
    print(row(label for label, _, _ in COLUMNS))
    print(row("-" * width for _, width, _ in COLUMNS))

    medians: dict[tuple[str, str, str, int], float] = {}
    results = []
    for shape in SHAPES:
        for n in sizes:
            measured = measure(impls, Routes(shape, n), rounds, target_ns)
            for (impl, op), result in measured.items():
                medians[shape, impl, op, n] = result["median_us"]
                results.append({"shape": shape, "n": n, "impl": impl, "op": op, **result})
            current = {(impl, op): value["median_us"] for (impl, op), value in measured.items()}
            print("\n".join(result_rows(shape, n, current)), flush=True)
        print()

    print("Flatness: resolve-last time at each N / time at N=10 (1.00 is perfectly flat)")
    print("\n".join(flatness_lines(medians, names, sizes)))
    if set(names) == set(IMPLS):
        print()
        print(f"Targets (flat, N={sizes[-1]:,}; the README states them for N=10,000):")
        print("\n".join(target_lines(medians, sizes[-1], sizes[0])))

    if args.json:
        meta = {
            "versions": found,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "rounds": rounds,
            "batch_target_ms": target_ns // 1_000_000,
            "quick": args.quick,
            "unit": "microseconds per call",
        }
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
