"""A project from the template served by real gunicorn with the template's gunicorn.conf.py.

Each server runs in its own process group on a free loopback port and is killed on teardown.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.servers import Server, get, make_project, raw


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("gunicorn"))


@pytest.fixture(scope="module")
def server(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(project, tmp_path_factory.mktemp("log") / "gunicorn.log")
    yield running
    running.stop()


def test_serves_the_welcome_page_with_the_middleware_stack(server: Server) -> None:
    status, headers, body = get(server.port, "/")
    assert status == 200
    assert b"chainweb" in body
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["server"].startswith("gunicorn")


def test_runs_the_configured_workers_and_logs_each_request(server: Server) -> None:
    get(server.port, "/?from=log-test")
    deadline = time.monotonic() + 5
    while "from=log-test" not in server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = server.log.read_text()
    assert "Using worker: gthread" in log
    assert log.count("Booting worker with pid") == 2
    [line] = [line for line in log.splitlines() if "from=log-test" in line]
    assert '"GET /?from=log-test HTTP/1.1" 200' in line
    assert line.endswith("ms")


def test_a_host_not_allowed_is_a_400_without_a_traceback(server: Server) -> None:
    status, _headers, body = get(server.port, "/", {"Host": "evil.example"})
    assert status == 400
    assert b"Traceback" not in body


@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(
            b"GET /?" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", id="64KB-url"
        ),
        pytest.param(
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 70_000 + b"\r\n\r\n",
            id="70KB-header-line",
        ),
        pytest.param(
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + b"".join(b"X-H%d: v\r\n" % i for i in range(101))
            + b"\r\n",
            id="101-headers",
        ),
        pytest.param(
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad\r\n: v\r\n\r\n", id="CRLF-in-header-name"
        ),
    ],
)
def test_oversized_or_broken_requests_are_refused_and_serving_goes_on(
    server: Server, request_bytes: bytes
) -> None:
    answer = raw(server.port, request_bytes)
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1.1 4"), answer[:200]
    assert b"Traceback" not in answer
    assert get(server.port, "/")[0] == 200


def test_sigterm_lets_the_request_in_flight_finish_and_the_master_exits_0(
    project: Path, tmp_path: Path
) -> None:
    server = Server(project, tmp_path / "gunicorn.log")
    try:
        result: dict[str, object] = {}

        def slow_request() -> None:
            result["answer"] = get(server.port, "/slow/?seconds=1.5")

        client = threading.Thread(target=slow_request)
        client.start()
        time.sleep(0.5)  # the request is in the view, sleeping
        server.process.send_signal(signal.SIGTERM)
        client.join(15)
        status, _headers, body = result["answer"]  # type: ignore[misc]
        assert (status, body) == (200, b"slept")
        assert server.process.wait(35) == 0
    finally:
        server.stop()
