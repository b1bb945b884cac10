"""Benchmark over HTTP: gunicorn serving each implementation, wrk loading it on loopback.

Every implementation runs under the same gunicorn command (2 sync workers, access log
off), all started at once on free 127.0.0.1 ports. wrk then loads ``/hello`` and the
nested-include JSON endpoint ``/api/v1/users/42/`` of each for a fixed time, in
interleaved rounds (every round visits every implementation), so machine noise falls on
all alike. Reported: requests per second, p50 and p99 latency (medians over rounds), and
each as a ratio to the raw WSGI function under the same server, the floor no framework
can beat; and the server's CPU time per request (gunicorn's master and workers, user and
system, read from /proc on Linux), which shows where the time goes.

Run from the repository root (needs wrk: ``apt-get install wrk``)::

    pip install -r bench/requirements.txt
    python bench/http_bench.py             # full run: 5 rounds of 5 s per endpoint
    python bench/http_bench.py --quick     # smoke run: 1 round of 2 s
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from math import isnan, nan
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

LABELS = {
    "raw": "raw WSGI",
    "werkzeug": "werkzeug",
    "chainweb": "chainweb",
    "chainweb+mw": "chainweb + mw",
    "flask": "Flask",
    "django": "Django",
    "django+mw": "Django + 5 mw",
}
ENDPOINTS = {"hello": "/hello", "users": "/api/v1/users/42/"}
# Sync workers: with gthread workers (the project template's) the figures on a 2-core
# machine shared with wrk were bimodal, 5,000 or 13,000 req/s for the same server from one
# run to the next, whatever the implementation; sync workers give steady figures.
GUNICORN = ["-w", "2", "-k", "sync", "--log-level", "warning"]

#: chainweb with its five middleware against the raw floor, as the targets ask.
RPS_FLOOR_SHARE = 0.90
P99_LIMIT = 1.5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(impl: str) -> tuple[subprocess.Popen[bytes], int]:
    """Start gunicorn serving ``impl`` in its own process group; return it and its port."""
    port = free_port()
    env = dict(os.environ, BENCH_IMPL=impl, PYTHONPATH=f"{BENCH}{os.pathsep}{ROOT}")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *GUNICORN, "-b", f"127.0.0.1:{port}", "http_app"],
        cwd=BENCH,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn for {impl} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn for {impl} did not listen in 30 s")


def server_cpu(process: subprocess.Popen[bytes]) -> float | None:
    """Return the CPU seconds gunicorn's master and workers have used; None without /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    total = 0
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        pid, ppid = int(stat.parent.name), int(fields[1])
        if process.pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def check(impl: str, port: int) -> None:
    """Refuse to time a server that does not answer both endpoints with a 200."""
    for path in ENDPOINTS.values():
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status != 200:
                raise SystemExit(f"{impl} answered {path} with {response.status}")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(port: int, path: str, seconds: float, connections: int) -> tuple[float, float, float, int]:
    """Return requests per second, p50 and p99 latency (ms) and requests of one wrk run."""
    result = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{round(seconds)}s",
            "--latency",
            "-H",
            "Host: localhost",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    )
    out = result.stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"wrk saw errors on {path}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    latency = {
        pct: float(value) * _UNITS[unit]
        for pct, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return rps, latency["50"], latency["99"], requests


def measure(
    impls: list[str], rounds: int, seconds: float, connections: int
) -> dict[tuple[str, str], list[tuple[float, float, float, float]]]:
    """Serve every implementation at once and time each endpoint in interleaved rounds."""
    servers = {}
    samples: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    try:
        for impl in impls:
            servers[impl] = start(impl)
            check(impl, servers[impl][1])
        print(
            f"gunicorn {' '.join(GUNICORN)}; wrk -t1 -c{connections}, {seconds:g} s per "
            f"run, {rounds} interleaved round(s), {os.cpu_count()} CPUs shared by server and wrk"
        )
        for _process, port in servers.values():  # warm-up, not timed
            for path in ENDPOINTS.values():
                wrk(port, path, 1, connections)
        for round_index in range(rounds):
            order = impls[round_index % len(impls) :] + impls[: round_index % len(impls)]
            for impl in order:
                for key, path in ENDPOINTS.items():
                    process, port = servers[impl]
                    before = server_cpu(process)
                    rps, p50, p99, requests = wrk(port, path, seconds, connections)
                    after = server_cpu(process)
                    cpu = (after - before) / requests * 1e6 if before is not None else nan
                    samples.setdefault((impl, key), []).append((rps, p50, p99, cpu))
    finally:
        for process, _port in servers.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _port in servers.values():
            try:
                process.wait(35)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 round of 2 s (smoke run)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 5)")
    parser.add_argument("--seconds", type=int, help="seconds per wrk run (default 5)")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--impls", default=",".join(LABELS), help="comma-separated")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    rounds = args.rounds or (1 if args.quick else 5)
    seconds = args.seconds or (2 if args.quick else 5)
    impls = [impl for impl in LABELS if impl in args.impls.split(",")]

    samples = measure(impls, rounds, seconds, args.connections)
    med = {
        key: tuple(statistics.median(run[i] for run in runs) for i in range(4))
        for key, runs in samples.items()
    }
    print()
    header = f"{'implementation':<16}{'endpoint':<10}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
    header += f"{'req/s /raw':>12}{'p99 /raw':>10}{'CPU µs/req':>12}"
    print(header)
    print("-" * len(header))
    for impl in impls:
        for key in ENDPOINTS:
            rps, p50, p99, cpu = med[impl, key]
            floor = med.get(("raw", key))
            share = f"{rps / floor[0]:.3f}" if floor else "-"
            tail = f"{p99 / floor[2]:.2f}" if floor else "-"
            used = "-" if isnan(cpu) else f"{cpu:.1f}"
            print(
                f"{LABELS[impl]:<16}{key:<10}{rps:>10.0f}{p50:>9.2f}{p99:>9.2f}{share:>12}"
                f"{tail:>10}{used:>12}"
            )
    failed = False
    if "raw" in impls and "chainweb+mw" in impls:
        print("\nTargets (chainweb + mw against raw WSGI under the same gunicorn):")
        for key in ENDPOINTS:
            rps, _p50, p99, _cpu = med["chainweb+mw", key]
            floor_rps, _floor_p50, floor_p99, _floor_cpu = med["raw", key]
            for ok, text in (
                (
                    rps >= RPS_FLOOR_SHARE * floor_rps,
                    f"{key}: req/s >= {RPS_FLOOR_SHARE:g} x raw   {rps / floor_rps:.3f}",
                ),
                (
                    p99 <= P99_LIMIT * floor_p99,
                    f"{key}: p99 <= {P99_LIMIT:g} x raw       {p99 / floor_p99:.2f}",
                ),
            ):
                failed |= not ok
                print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
