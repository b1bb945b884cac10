"""gunicorn with two workers serving a generated project under load, and through faults.

Marked slow: each test runs a server for a few seconds. Loopback only.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.production.servers import Load, Server, get, make_project
from tests.sessions.redis_server import RedisServer

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


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


def open_files(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/fd").iterdir()))


def test_a_60_second_soak_keeps_memory_and_open_files_flat(project: Path, tmp_path: Path) -> None:
    # No recycling, so a leak would show in the same two workers.
    server = Server(project, tmp_path / "gunicorn.log", GUNICORN_MAX_REQUESTS="0")
    try:
        with Load(server.port, "/state/?token=soak", clients=8) as load:
            time.sleep(5)  # warm up: imports, caches, thread pools
            workers = worker_pids(server.process.pid)
            assert len(workers) == 2
            memory = {pid: rss_kb(pid) for pid in workers}
            files = {pid: open_files(pid) for pid in workers}
            time.sleep(55)
            assert worker_pids(server.process.pid) == workers
            memory_after = {pid: rss_kb(pid) for pid in workers}
            files_after = {pid: open_files(pid) for pid in workers}
        print(
            f"soak: {load.ok} requests; RSS kB {memory} -> {memory_after}; "
            f"open files {files} -> {files_after}"
        )
        assert load.failures == []
        for pid in workers:
            assert memory_after[pid] < memory[pid] * 1.10, (memory, memory_after)
            # Sockets come and go with the clients: flat means within the client count.
            assert files_after[pid] <= files[pid] + 8, (files, files_after)
    finally:
        server.stop()


def test_clients_leaving_mid_stream_get_their_clean_up_and_request_finished(
    project: Path, tmp_path: Path
) -> None:
    marks = tmp_path / "marks"
    marks.touch()
    server = Server(project, tmp_path / "gunicorn.log", MARKS=str(marks))
    try:

        def leave_early() -> None:
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(b"GET /stream/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            # Closed after the first chunk: the server's next writes fail.

        clients = [threading.Thread(target=leave_early) for _ in range(50)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(30)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            lines = marks.read_text().split()
            if lines.count("finally") >= 50 and lines.count("finished") >= 50:
                break
            time.sleep(0.1)
        lines = marks.read_text().split()
        assert (lines.count("finally"), lines.count("finished")) == (50, 50)
        assert get(server.port, "/")[0] == 200
    finally:
        server.stop()


def test_redis_stopped_and_restarted_under_load(project: Path, tmp_path: Path) -> None:
    """503s within the timeout while Redis is down, then recovery; no session is lost."""
    redis = RedisServer(tmp_path / "redis-data", appendonly=True)
    redis.directory.mkdir()
    redis.start()
    server = Server(project, tmp_path / "gunicorn.log", TEST_REDIS_URL=redis.url)
    try:
        status, headers, _body = get(server.port, "/state/?token=before")
        assert status == 200
        cookie = headers["set-cookie"].split(";", 1)[0]
        with Load(server.port, "/state/?token=load", clients=4) as load:
            time.sleep(1)
            redis.stop()
            started = time.monotonic()
            status, _headers, body = get(server.port, "/state/?token=down")
            assert status == 503
            assert b"Traceback" not in body
            assert time.monotonic() - started < 2.5
            time.sleep(1)
            redis.start()  # the same port and data directory
            deadline = time.monotonic() + 10
            while get(server.port, "/state/?token=probe")[0] != 200:
                assert time.monotonic() < deadline, "no recovery 10 s after Redis came back"
                time.sleep(0.1)
            ok_at_recovery = load.ok
            time.sleep(1)
        assert set(load.failures) <= {"status 503"}, set(load.failures)
        assert load.ok > ok_at_recovery
        status, _headers, body = get(server.port, "/state/?token=after", {"Cookie": cookie})
        assert status == 200
        assert json.loads(body)["previous"] == "before"
    finally:
        server.stop()
        redis.stop()
