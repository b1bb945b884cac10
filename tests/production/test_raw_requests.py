"""Malformed and hostile requests on a real socket, against gunicorn and the dev server.

Each must get a 4xx (or a harmless answer), quickly, with no traceback, and the server
must go on serving. Both servers run with DEBUG off, as in production; the static-file
cases run against the dev server with DEBUG on, the only place it serves static files.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.servers import DevServer, Server, get, make_project, raw

HOST = b"Host: 127.0.0.1\r\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = make_project(tmp_path_factory.mktemp("raw"))
    static = directory / "static"
    (static / "escape.css").symlink_to(directory / "mysite" / "settings.py")
    (static / "etc").symlink_to("/etc")
    return directory


@pytest.fixture(scope="module", params=["gunicorn", "devserver"])
def server(
    request: pytest.FixtureRequest, project: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("log") / f"{request.param}.log"
    running = (
        Server(project, log)
        if request.param == "gunicorn"
        else DevServer(project, log, debug=False)
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def debug_devserver(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = DevServer(project, tmp_path_factory.mktemp("log") / "devserver.log")
    yield running
    running.stop()


def status_of(answer: bytes) -> int:
    line = answer.split(b"\r\n", 1)[0]
    assert line.startswith(b"HTTP/1."), answer[:200]
    return int(line.split()[1])


CASES = {
    "64KB URL": b"GET /?" + b"a" * 70_000 + b" HTTP/1.1\r\n" + HOST + b"\r\n",
    "70KB header line": b"GET / HTTP/1.1\r\n" + HOST + b"X-Big: " + b"b" * 70_000 + b"\r\n\r\n",
    "101 headers": b"GET / HTTP/1.1\r\n"
    + HOST
    + b"".join(b"X-H%d: v\r\n" % i for i in range(101))
    + b"\r\n",
    "header without a colon": b"GET / HTTP/1.1\r\n" + HOST + b"X-Bad\r\n: v\r\n\r\n",
    "NUL in the path": b"GET /a%00b HTTP/1.1\r\n" + HOST + b"\r\n",
    "raw NUL in the path": b"GET /a\x00b HTTP/1.1\r\n" + HOST + b"\r\n",
    "non-UTF-8 path": b"GET /caf\xe9/ HTTP/1.1\r\n" + HOST + b"\r\n",
    "bad percent-escape": b"GET /%zz/?q=%G1 HTTP/1.1\r\n" + HOST + b"\r\n",
    "Content-Length -1": b"POST / HTTP/1.1\r\n" + HOST + b"Content-Length: -1\r\n\r\n",
    "Content-Length abc": b"POST / HTTP/1.1\r\n" + HOST + b"Content-Length: abc\r\n\r\n",
    "body shorter than Content-Length": b"POST / HTTP/1.1\r\n"
    + HOST
    + b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n"
    + b"Connection: close\r\n\r\na=1",
}

#: The dev server (Python's http.server underneath) takes a header line without a colon
#: as the end of the headers: the request is served as if it had no more headers.
HARMLESS_ON_THE_DEV_SERVER = {"header without a colon"}

STATIC_CASES = {
    "static ..": b"GET /static/../mysite/settings.py HTTP/1.1\r\n" + HOST + b"\r\n",
    "static %2e%2e": b"GET /static/%2e%2e/mysite/settings.py HTTP/1.1\r\n" + HOST + b"\r\n",
    "static encoded slash": b"GET /static/..%2fmysite%2fsettings.py HTTP/1.1\r\n" + HOST + b"\r\n",
    "static NUL": b"GET /static/css/welcome.css%00.txt HTTP/1.1\r\n" + HOST + b"\r\n",
    "static directory": b"GET /static/css/ HTTP/1.1\r\n" + HOST + b"\r\n",
    "static symlink to a file outside": b"GET /static/escape.css HTTP/1.1\r\n" + HOST + b"\r\n",
    "static symlink to a directory outside": b"GET /static/etc/passwd HTTP/1.1\r\n"
    + HOST
    + b"\r\n",
}


def check_refused(server: Server, request: bytes, harmless: bool = False) -> None:
    started = time.monotonic()
    answer = raw(server.port, request)
    assert time.monotonic() - started < 15
    status = status_of(answer)
    assert 400 <= status < 500 or (harmless and status == 200), answer[:300]
    assert b"Traceback" not in answer
    assert b"production-secret-key" not in answer and b"chainweb-insecure-" not in answer
    assert b"root:x:0:0" not in answer
    assert get(server.port, "/")[0] == 200


@pytest.mark.parametrize("name", CASES)
def test_hostile_request_gets_a_4xx_and_serving_goes_on(server: Server, name: str) -> None:
    harmless = isinstance(server, DevServer) and name in HARMLESS_ON_THE_DEV_SERVER
    check_refused(server, CASES[name], harmless)


@pytest.mark.parametrize("name", STATIC_CASES)
def test_static_traversal_gets_a_4xx(debug_devserver: Server, name: str) -> None:
    check_refused(debug_devserver, STATIC_CASES[name])


def test_static_files_are_served_by_the_dev_server(debug_devserver: Server, project: Path) -> None:
    status, headers, body = get(debug_devserver.port, "/static/css/welcome.css")
    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert body == (project / "static" / "css" / "welcome.css").read_bytes()


def test_the_symlinks_exist(project: Path) -> None:
    # The symlink cases above must be refused for the right reason: the links resolve.
    assert (project / "static" / "escape.css").read_text().startswith('"""Settings')
    assert os.path.isdir(project / "static" / "etc")
