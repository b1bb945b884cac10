"""gunicorn with two workers serving a generated project under load, and through faults.

Marked slow: each test runs a server for a few seconds. Loopback only.
"""

from __future__ import annotations

import http.client
import json
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.production.servers import Load, Server, get, make_project

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("load"))


def test_two_workers_serve_sustained_load_without_an_error(project: Path, tmp_path: Path) -> None:
    server = Server(project, tmp_path / "gunicorn.log")
    try:
        with Load(server.port, "/", clients=8) as load:
            time.sleep(5)
        assert load.failures == []
        assert load.ok > 500  # a few hundred requests a second at least
    finally:
        server.stop()


def test_a_request_stuck_past_the_timeout_blocks_only_its_own_thread(
    project: Path, tmp_path: Path
) -> None:
    # gthread workers (the template's) keep answering while one thread is stuck.
    server = Server(project, tmp_path / "gunicorn.log", GUNICORN_TIMEOUT="2")
    try:
        stuck = threading.Thread(target=lambda: get(server.port, "/slow/?seconds=5"))
        stuck.start()
        time.sleep(0.3)
        started = time.monotonic()
        for _ in range(20):
            assert get(server.port, "/")[0] == 200
        assert time.monotonic() - started < 3
        stuck.join(10)
    finally:
        server.stop()


def test_a_sync_worker_timeout_kills_the_slow_request_and_the_next_one_succeeds(
    project: Path, tmp_path: Path
) -> None:
    # Sync workers (one thread each, or gunicorn picks gthread), chosen on the command line
    # over the config file: the timeout kills the worker stuck in a
    # request, and the master starts a new one.
    server = Server(
        project,
        tmp_path / "gunicorn.log",
        GUNICORN_TIMEOUT="2",
        GUNICORN_CMD_ARGS="--worker-class sync --threads 1",
    )
    try:
        started = time.monotonic()
        # gunicorn answers for the killed worker (its own 500 page) or drops the connection;
        # either way long before the view would have finished, and without a traceback.
        try:
            status, _headers, body = get(server.port, "/slow/?seconds=30")
        except (OSError, http.client.HTTPException):
            status, body = 0, b""
        assert time.monotonic() - started < 8
        assert status in (0, 500)
        assert b"Traceback" not in body
        server.wait_for_log("WORKER TIMEOUT")
        for _ in range(5):
            assert get(server.port, "/")[0] == 200
    finally:
        server.stop()


def test_sighup_reloads_the_workers_without_a_failed_request(project: Path, tmp_path: Path) -> None:
    server = Server(project, tmp_path / "gunicorn.log")
    try:
        with Load(server.port, "/", clients=8) as load:
            time.sleep(1)
            server.process.send_signal(signal.SIGHUP)
            server.wait_for_log("Handling signal: hup")
            deadline = time.monotonic() + 10
            while server.log.read_text().count("Booting worker") < 4:
                assert time.monotonic() < deadline, server.log.read_text()
                time.sleep(0.05)
            time.sleep(1)
        assert load.failures == []
        assert load.ok > 100
    finally:
        server.stop()


def test_max_requests_recycles_workers_without_a_failed_request(
    project: Path, tmp_path: Path
) -> None:
    # The template's jitter (100) puts each worker's limit between 20 and 120 requests.
    server = Server(project, tmp_path / "gunicorn.log", GUNICORN_MAX_REQUESTS="20")
    try:
        with Load(server.port, "/", clients=8) as load:
            time.sleep(4)
        log = server.log.read_text()
        assert log.count("Autorestarting worker after current request") >= 2, log
        assert load.failures == []
    finally:
        server.stop()


def test_concurrent_requests_never_see_each_others_state(project: Path, tmp_path: Path) -> None:
    """8 threads x 500 requests: request, g, session and resolver match stay each request's own."""
    server = Server(project, tmp_path / "gunicorn.log")
    problems: list[str] = []

    def client(number: int) -> None:
        cookie = ""
        previous = None
        for count in range(500):
            token = f"t{number}-{count}"
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            try:
                connection.request("GET", f"/state/?token={token}", headers={"Cookie": cookie})
                response = connection.getresponse()
                seen = json.loads(response.read())
                set_cookie = response.getheader("set-cookie", "")
            finally:
                connection.close()
            expected = {
                "g": token,
                "request": token,
                "previous": previous,
                "session": token,
                "view": "state",
            }
            if seen != expected:
                problems.append(f"{token}: {seen}")
                return
            cookie = set_cookie.split(";", 1)[0]
            previous = token

    try:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert problems == []
    finally:
        server.stop()
