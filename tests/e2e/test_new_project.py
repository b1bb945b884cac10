"""A new user's path, for real: build the wheel, install it into a fresh virtualenv, start a
project, check it, run its tests, serve it with the dev server (reloader on), and look at its
welcome page in a browser.
"""

import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def run(args, cwd, timeout=300, env=None):
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Return (venv python, project directory) for a project made by the installed wheel."""
    base = tmp_path_factory.mktemp("e2e")
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(base / "dist"),
            str(ROOT),
        ],
        base,
    )
    [wheel] = (base / "dist").glob("chainweb-*.whl")
    run([sys.executable, "-m", "venv", str(base / "venv")], base)
    python = base / "venv" / "bin" / "python"
    run([str(python), "-m", "pip", "install", "-q", str(wheel), "pytest"], base)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH",)}
    run([str(base / "venv" / "bin" / "chainweb"), "startproject", "mysite"], base, env=env)
    return python, base / "mysite", env


def test_the_template_is_inside_the_wheel(project):
    python, directory, env = project
    assert (directory / "manage.py").is_file()
    assert (directory / "mysite" / "settings.py").is_file()
    # The installed package, not this checkout, rendered it.
    where = run(
        [str(python), "-c", "import chainweb; print(chainweb.__file__)"], directory, env=env
    )
    assert str(ROOT) not in where.stdout


def test_check_passes(project):
    python, directory, env = project
    result = run([str(python), "manage.py", "check"], directory, env=env)
    assert "System check identified no issues" in result.stdout


def test_the_projects_own_tests_pass(project):
    python, directory, env = project
    result = run([str(python), "-m", "pytest", "-q"], directory, env=env)
    assert re.search(r"\d+ passed", result.stdout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last error: {last})")


@pytest.fixture
def dev_server(project):
    python, directory, env = project
    port = free_port()
    log = (directory.parent / f"runserver-{port}.log").open("w")
    process = subprocess.Popen(
        [str(python), "manage.py", "runserver", f"127.0.0.1:{port}"],
        cwd=directory,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # the reloader starts a child: stop the whole group
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(url)[0] == 200, 30, "the dev server")
        yield url, directory
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


def test_dev_server_serves_the_page_a_static_file_and_reloads(dev_server):
    url, directory = dev_server
    status, body = fetch(url)
    assert status == 200
    assert "<title>Welcome to chainweb</title>" in body
    stylesheet = re.search(r'href="([^"]+\.css)"', body)
    assert stylesheet, body
    status, css = fetch(url.rstrip("/") + stylesheet.group(1))
    assert status == 200 and css.strip()
    views = directory / "mysite" / "views.py"
    source = views.read_text()
    views.write_text(
        source
        + "\n\ndef welcome(request):  # redefined by the end-to-end test\n"
        + "    return 'served after the reload'\n"
    )
    try:
        wait_for(lambda: "served after the reload" in fetch(url)[1], 30, "the reloader")
    finally:
        views.write_text(source)


def test_browser_sees_the_welcome_page_with_its_stylesheet(dev_server):
    from playwright.sync_api import sync_playwright

    url, _ = dev_server
    ARTEFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            stylesheets = []
            page.on(
                "response",
                lambda response: (
                    stylesheets.append(response.status) if response.url.endswith(".css") else None
                ),
            )
            page.goto(url)
            assert page.title() == "Welcome to chainweb"
            assert stylesheets == [200]
            rules = page.evaluate(
                "Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)"
            )
            assert rules > 0
            page.screenshot(path=str(ARTEFACTS / "welcome.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTEFACTS / "welcome.png").stat().st_size > 1000
