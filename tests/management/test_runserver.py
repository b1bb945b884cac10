from __future__ import annotations

import errno
import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.test import Client as WerkzeugClient

import chainweb
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.management import call_command
from chainweb.core.management.base import CommandError
from chainweb.core.management.commands import runserver
from chainweb.core.servers.address import (
    Address,
    AddressError,
    bind_error_message,
    ensure_bindable,
    parse_addrport,
)
from chainweb.core.servers.static import (
    StaticFilesHandler,
    find_static_directories,
    static_url_prefix,
)
from chainweb.test import override_settings

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "project_fixture"
FIXTURE_SETTINGS = {
    "ROOT_URLCONF": "tests.management.project_fixture.urls",
    "INSTALLED_APPS": ["tests.management.project_fixture"],
    "STATIC_URL": "/static/",
    "STATICFILES_DIRS": [("extra", FIXTURE / "assets")],
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(monkeypatch):
    """Record run_simple's arguments instead of serving."""
    calls = []
    monkeypatch.setattr(runserver, "run_simple", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    return calls


# The addrport parser -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "use_ipv6", "host", "port"),
    [
        (None, False, "127.0.0.1", 8000),
        (None, True, "::1", 8000),
        ("8001", False, "127.0.0.1", 8001),
        ("8001", True, "::1", 8001),
        ("0.0.0.0:8001", False, "0.0.0.0", 8001),
        ("[::1]:8000", False, "::1", 8000),
        ("[::]:8000", True, "::", 8000),
        ("[::ffff:127.0.0.1]:8000", False, "::ffff:127.0.0.1", 8000),
        ("localhost:8000", False, "localhost", 8000),
        ("dev.example.com:9000", False, "dev.example.com", 9000),
        ("0:8000", False, "0.0.0.0", 8000),
        ("0:8000", True, "::", 8000),
        ("65535", False, "127.0.0.1", 65535),
    ],
)
def test_parse_addrport(text, use_ipv6, host, port):
    assert parse_addrport(text, use_ipv6) == Address(host, port)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x", "'x' is not a valid port number or address:port pair."),
        ("127.0.0.1", "'127.0.0.1' is not a valid port number or address:port pair."),
        (":8000", "is not a valid port number or address:port pair."),
        ("localhost:", "is not a valid port number or address:port pair."),
        ("[::1]", "is not a valid port number or address:port pair."),
        ("::1:8000", "is not a valid port number or address:port pair."),
        ("8000 ", "is not a valid port number or address:port pair."),
        ("70000", "'70000' is not a valid port number. Pass a port from 1 to 65535"),
        ("0", "'0' is not a valid port number."),
        ("[1::2::3]:8000", "'1::2::3' is not a valid IPv6 address. Pass a valid one, such as"),
        ("999.1.1.1:8000", "'999.1.1.1' is not a valid IPv4 address."),
    ],
)
def test_parse_addrport_errors(text, message):
    with pytest.raises(AddressError, match=message.replace("[", r"\[").replace(".", r"\.")):
        parse_addrport(text)


def test_parse_addrport_ipv4_with_ipv6_flag():
    with pytest.raises(AddressError, match="not a valid IPv6 address: --ipv6 was given"):
        parse_addrport("127.0.0.1:8000", use_ipv6=True)


def test_address_properties():
    assert Address("::1", 8000).netloc == "[::1]:8000"
    assert Address("::1", 8000).browse_url == "http://[::1]:8000/"
    assert Address("0.0.0.0", 8001).browse_url == "http://127.0.0.1:8001/"
    assert Address("::", 8001).browse_url == "http://[::1]:8001/"
    for host in ("127.0.0.1", "127.1.2.3", "::1", "localhost", "app.localhost", "::ffff:127.0.0.1"):
        assert Address(host, 8000).is_local(), host
    for host in ("0.0.0.0", "::", "10.1.2.3", "192.168.0.1"):
        assert not Address(host, 8000).is_local(), host


def test_bind_error_messages():
    low = Address("127.0.0.1", 80)
    assert bind_error_message(low, PermissionError(errno.EACCES, "denied")) == (
        "You don't have permission to listen on port 80: ports below 1024 need administrator "
        "rights. Pass a port of 1024 or above, such as 'runserver 8000'."
    )
    high = Address("127.0.0.1", 9000)
    assert "Pass another port, such as 'runserver 9001'" in bind_error_message(
        high, PermissionError(errno.EACCES, "denied")
    )
    remote = Address("10.9.9.9", 8000)
    message = bind_error_message(remote, OSError(errno.EADDRNOTAVAIL, "not available"))
    assert "does not belong to this machine" in message
    assert "'127.0.0.1:8000'" in message
    message = bind_error_message(Address("nohost", 8000), socket.gaierror(-2, "Name unknown"))
    assert message.startswith("Can't find the host 'nohost': Name unknown.")
    message = bind_error_message(Address("::1", 8000), OSError(errno.EADDRINUSE, "in use"))
    assert message.endswith("such as 'runserver [::1]:8001'.")
    message = bind_error_message(Address("::1", 8000), OSError(errno.ENOBUFS, "no buffers"))
    assert message == (
        "Can't listen on [::1]:8000: no buffers. Pass another address or port, such as "
        "'runserver [::1]:8001'."
    )


def test_ensure_bindable_free_port():
    ensure_bindable(Address("127.0.0.1", free_port()))


# The command's errors -----------------------------------------------------------------


def test_port_in_use(served):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError) as info:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    assert str(info.value) == (
        "That port is already in use. Stop the other server or pass another port, such as "
        f"'runserver {port + 1}'."
    )
    assert served == []


def test_bad_address(served):
    with pytest.raises(CommandError, match="'x' is not a valid port number or address:port pair"):
        call_command("runserver", "x")
    assert served == []


def test_bad_address_from_the_command_line(served, capsys):
    command = runserver.Command()
    with pytest.raises(SystemExit) as info:
        command.run_from_argv(["chainweb", "runserver", "nope:port"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "CommandError: 'nope:port' is not a valid port number or address:port pair. Pass a port "
        "('8001'), an address and a port ('127.0.0.1:8001', '[::1]:8001'), or a host name and a "
        "port ('localhost:8001')."
    ]


@override_settings(DEBUG=True)
def test_debug_refuses_a_non_local_address(served):
    with pytest.raises(CommandError) as info:
        call_command("runserver", "0.0.0.0:8000", use_reloader=False)
    message = str(info.value)
    assert message.startswith("DEBUG is on and 0.0.0.0 can be reached from other machines")
    assert "Set DEBUG = False, bind a local address ('runserver 127.0.0.1:8000')" in message
    assert "\n" not in message
    assert served == []


@override_settings(DEBUG=True, **FIXTURE_SETTINGS)
def test_debug_non_local_without_the_debugger(served, monkeypatch):
    monkeypatch.setattr(runserver, "ensure_bindable", lambda address: None)  # no 0.0.0.0 bind
    out = io.StringIO()
    call_command("runserver", "0.0.0.0:8000", use_reloader=False, use_debugger=False, stdout=out)
    (args, kwargs) = served[0]
    assert args[:2] == ("0.0.0.0", 8000)
    assert kwargs["use_debugger"] is False
    assert "http://127.0.0.1:8000/ (listening on all addresses, 0.0.0.0:8000)" in out.getvalue()


@override_settings(DEBUG=False)
def test_debug_off_allows_a_non_local_address(served, monkeypatch):
    monkeypatch.setattr(runserver, "ensure_bindable", lambda address: None)
    call_command("runserver", "0.0.0.0:8000", use_reloader=False, stdout=io.StringIO())
    assert served[0][1]["use_debugger"] is False


@override_settings(DEBUG=True, INSTALLED_APPS=["tests.management.no_such_app"], STATIC_URL="/s/")
def test_missing_app_is_a_command_error(served):
    with pytest.raises(CommandError, match="INSTALLED_APPS names 'tests.management.no_such_app'"):
        call_command(
            runserver.Command(), str(free_port()), use_reloader=False, stdout=io.StringIO()
        )


# Serving, with run_simple stubbed -----------------------------------------------------


@override_settings(DEBUG=True, **FIXTURE_SETTINGS)
def test_serve_debug(served):
    port = free_port()
    out = io.StringIO()
    call_command("runserver", str(port), use_reloader=False, skip_checks=False, stdout=out)
    (args, kwargs) = served[0]
    assert args[:2] == ("127.0.0.1", port)
    assert kwargs == {"use_reloader": False, "use_debugger": True, "threaded": True}
    application = args[2]
    assert isinstance(application, StaticFilesHandler)
    output = out.getvalue()
    assert "Performing system checks..." in output
    assert f"chainweb version {chainweb.__version__}, using " in output
    assert f"Starting development server at http://127.0.0.1:{port}/" in output
    assert "Serving static files at /static/ from 2 directories" in output
    assert "Quit the server with CONTROL-C." in output

    client = WerkzeugClient(application)
    response = client.get("/static/css/site.css", buffered=True)
    assert response.status_code == 200
    assert response.get_data() == (FIXTURE / "static/css/site.css").read_bytes()
    assert client.get("/static/extra/hello.txt", buffered=True).get_data() == b"hello from assets\n"
    assert client.head("/static/extra/hello.txt", buffered=True).status_code == 200
    for bad in ("/static/../settings.py", "/static/%2e%2e/settings.py", "/static/extra/../../x"):
        missing = client.get(bad, buffered=True)
        assert missing.status_code == 404, bad
        assert b"Put it in one of STATICFILES_DIRS" in missing.get_data()


@override_settings(DEBUG=False, **FIXTURE_SETTINGS)
def test_serve_without_debug_has_no_debugger_and_no_static(served):
    call_command(
        "runserver", str(free_port()), use_reloader=False, use_threading=False, stdout=io.StringIO()
    )
    (args, kwargs) = served[0]
    assert kwargs == {"use_reloader": False, "use_debugger": False, "threaded": False}
    assert not isinstance(args[2], StaticFilesHandler)


@override_settings(DEBUG=True, **FIXTURE_SETTINGS)
def test_nostatic(served):
    call_command(
        "runserver", str(free_port()), use_reloader=False, use_static=False, stdout=io.StringIO()
    )
    assert not isinstance(served[0][0][2], StaticFilesHandler)


@override_settings(DEBUG=True, **FIXTURE_SETTINGS)
def test_reloader_parent_checks_the_port_and_leaves_serving_to_the_child(served):
    out = io.StringIO()
    call_command("runserver", str(free_port()), stdout=out)
    (args, kwargs) = served[0]
    assert kwargs["use_reloader"] is True
    assert args[2] is runserver._not_serving
    assert out.getvalue() == ""


@override_settings(DEBUG=True, **FIXTURE_SETTINGS)
def test_reloader_child_serves_without_binding_first(served, monkeypatch):
    monkeypatch.setenv("WERKZEUG_RUN_MAIN", "true")

    def refuse(address):
        raise AssertionError("the child must not bind: its parent holds the socket")

    monkeypatch.setattr(runserver, "ensure_bindable", refuse)
    out = io.StringIO()
    call_command("runserver", "8000", stdout=out)
    assert isinstance(served[0][0][2], StaticFilesHandler)
    assert "Starting development server at http://127.0.0.1:8000/" in out.getvalue()


# Static files helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("static_url", "prefix"),
    [
        ("/static/", "/static/"),
        ("static/", "/static/"),
        ("/assets", "/assets/"),
        ("/", "/"),
        (None, None),
        ("", None),
        ("https://cdn.example.com/static/", None),
        ("//cdn.example.com/static/", None),
    ],
)
def test_static_url_prefix(static_url, prefix):
    assert static_url_prefix(static_url) == prefix


def test_find_static_directories(tmp_path):
    found = find_static_directories(
        [tmp_path, ("img/", str(tmp_path))], ["tests.management.project_fixture", "json"]
    )
    assert found == [("", tmp_path), ("img", tmp_path), ("", FIXTURE / "static")]
    with pytest.raises(ImproperlyConfigured, match="is not a directory or a"):
        find_static_directories([("a", "b", "c")], [])


def test_static_handler_passes_other_requests_on(tmp_path):
    (tmp_path / "a.txt").write_text("a")

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"app"]

    client = WerkzeugClient(StaticFilesHandler(app, "/static/", [("", tmp_path)]))
    assert client.get("/static/a.txt", buffered=True).get_data() == b"a"
    assert client.post("/static/a.txt", buffered=True).get_data() == b"app"
    assert client.get("/other/", buffered=True).get_data() == b"app"
    assert "from 1 directory>" in repr(StaticFilesHandler(app, "/static/", [("", tmp_path)]))


# One real run -----------------------------------------------------------------------


def _fetch(opener, url):
    with opener.open(url, timeout=2) as response:
        return response.status, response.read()


def test_real_run(tmp_path):
    port = free_port()
    argv = [
        "runserver",
        f"127.0.0.1:{port}",
        "--noreload",
        "--settings=tests.management.project_fixture.settings",
    ]
    if (Path(chainweb.__file__).parent / "__main__.py").exists():
        command = [sys.executable, "-m", "chainweb", *argv]
    else:
        command = [
            sys.executable,
            "-c",
            "from chainweb.core.management import execute_from_command_line as e; "
            f"e(['chainweb', *{argv!r}])",
        ]
    env = {key: value for key, value in os.environ.items() if key != "CHAINWEB_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONUNBUFFERED"] = "1"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    base = f"http://127.0.0.1:{port}"
    with open(tmp_path / "out", "wb") as out, open(tmp_path / "err", "wb") as err:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=err)
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    status, body = _fetch(opener, base + "/")
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    if process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(
                            "runserver did not answer: "
                            + (tmp_path / "err").read_text(errors="replace")
                        )
                    time.sleep(0.1)
            assert (status, body) == (200, b"fixture home")
            assert _fetch(opener, base + "/static/css/site.css") == (
                200,
                (FIXTURE / "static/css/site.css").read_bytes(),
            )
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
    output = (tmp_path / "out").read_text()
    assert "Starting development server at " + base + "/" in output
    assert "using settings 'tests.management.project_fixture.settings'" in output
    assert "Quit the server with CONTROL-C." in output


def test_is_local_resolves_other_names(monkeypatch):
    answers = {
        "loop.test": [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0))],
        "wide.test": [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 0)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fe80::1%eth0", 0, 0, 2)),
        ],
    }

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            raise socket.gaierror(-2, "Name or service not known")
        return answers[host]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    assert Address("loop.test", 8000).is_local()
    assert not Address("wide.test", 8000).is_local()
    assert not Address("unknown.test", 8000).is_local()


def test_find_static_directories_unknown_package():
    with pytest.raises(ImproperlyConfigured, match="'tests.nope.app', which cannot be found: "):
        find_static_directories([], ["tests.nope.app"])
