"""The Quickstart and the Tutorial work as written: each page is replayed in a new directory.

Files are written (or edited) as the page shows them, its console commands are run and their
output compared with the page's, the development server is started where the page starts it
(on a free port, restarted after each change as its reloader would), and every URL of it the
page mentions is opened. ``curl`` is played with ``http.client`` (``-i``, ``-d`` and ``-H``),
``export`` by bash, and ``gunicorn`` is started from the project as the page starts it, on a
free port (``GUNICORN_BIND``) with two workers, in its own process group. See ``rstblocks``
for how a page writes its steps.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import jinja2
import pytest

from tests.docs import rstblocks
from tests.docs.rstblocks import Block, Prose

REPO = Path(__file__).resolve().parents[2]
INTRO = REPO / "docs" / "intro"

#: The address the pages use for the development server; the replay uses a free port.
PAGE_ADDRESS = "127.0.0.1:8000"
URL = re.compile(r"http://127\.0\.0\.1:8000/[^\s<>`'\")]*")
#: Commands the pages show but the replay does not run: they set up the reader's machine.
SETUP = re.compile(r"^(?:(?:python -m )?pip install |python -m venv |\. |source )")
QUIT_LINE = "Quit the server with CONTROL-C."
#: What a gunicorn log shows once its workers are up.
GUNICORN_READY = "Booting worker with pid"
#: Variables that would change how the replayed project or gunicorn behaves.
OWN_VARIABLES = ("CHAINWEB_", "PYTEST_", "GUNICORN_", "WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS")


def environment(exported: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["COLUMNS"] = "80"
    env.update(exported or {})
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def argv_of(words: list[str]) -> list[str]:
    """Return how the replay runs a command of the page: with this Python and this chainweb."""
    if words[0] == "chainweb":
        return [sys.executable, "-m", "chainweb", *words[1:]]
    if words[0] == "python":
        return [sys.executable, *words[1:]]
    if words[0] == "gunicorn":
        return [sys.executable, "-m", "gunicorn", *words[1:]]
    raise AssertionError(f"the replay does not know how to run {shlex.join(words)!r}")


class Server:
    """A server the page starts, run on a free port in its own process group."""

    def __init__(self, words: list[str], cwd: Path, log: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.words, self.cwd, self.env = words, cwd, env
        self.out, self.err = log.with_suffix(".out"), log.with_suffix(".err")
        argv, env = self.command()
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                argv, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
            )
        self.banner = self.wait_for_banner()
        self.wait_for_socket()

    def command(self) -> tuple[list[str], dict[str, str]]:
        """Return the argv and the environment that run the page's command on ``self.port``."""
        raise NotImplementedError

    def ready(self, log: str) -> bool:
        """Return whether ``log`` shows the server started."""
        raise NotImplementedError

    def restarted(self, log: Path) -> Server:
        """Return the same server started again, as after a change of code."""
        return type(self)(self.words, self.cwd, log, self.env)

    def log(self) -> str:
        """Return what the server printed that the page shows."""
        raise NotImplementedError

    def failure(self, what: str) -> str:
        return f"{what}\nstdout:\n{self.out.read_text()}\nstderr:\n{self.err.read_text()}"

    def wait_for_banner(self) -> str:
        deadline = time.monotonic() + 30
        while not self.ready(text := self.log()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(self.failure(f"{self.words[0]} did not start"))
            time.sleep(0.05)
        return text.replace(f"127.0.0.1:{self.port}", PAGE_ADDRESS)

    def wait_for_socket(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(self.failure("the server never listened")) from None
                time.sleep(0.05)

    def local(self, url: str) -> str:
        return url.replace(PAGE_ADDRESS, f"127.0.0.1:{self.port}")

    def get(self, url: str) -> tuple[int, str]:
        """Open ``url`` as a browser would, following redirects."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(self.local(url), timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def request(
        self, method: str, url: str, headers: dict[str, str], body: str | None
    ) -> tuple[http.client.HTTPResponse, str]:
        """Send one request to ``url`` as curl does, without following a redirect."""
        parts = urllib.parse.urlsplit(self.local(url))
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"User-Agent": "curl/8.5.0", "Accept": "*/*", **headers}
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            return response, response.read().decode(errors="replace")
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class DevServer(Server):
    """``runserver`` on a free port, without its reloader: the replay restarts it."""

    def command(self) -> tuple[list[str], dict[str, str]]:
        argv = argv_of(self.words)
        address = [w for w in argv[argv.index("runserver") + 1 :] if not w.startswith("-")]
        assert address in ([], ["8000"], [PAGE_ADDRESS]), f"unexpected address {address}"
        argv = [w for w in argv if w not in address]
        return [*argv, f"127.0.0.1:{self.port}", "--noreload"], self.env

    def ready(self, log: str) -> bool:
        return QUIT_LINE in log

    def log(self) -> str:
        return self.out.read_text()  # werkzeug's own lines go to stderr


class Gunicorn(Server):
    """``gunicorn`` reading the project's gunicorn.conf.py, bound to a free port."""

    def command(self) -> tuple[list[str], dict[str, str]]:
        assert not any(w.startswith(("-b", "--bind")) for w in self.words), "bind in the page"
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": "2"}
        return argv_of(self.words), env

    def ready(self, log: str) -> bool:
        return GUNICORN_READY in log

    def log(self) -> str:
        return self.err.read_text()  # the error log; the access log goes to stdout


class Replay:
    """Carry out a page's steps in ``root``, as a reader would."""

    def __init__(self, page: Path, root: Path) -> None:
        self.page = page
        self.root = root
        self.cwd = root
        self.server: Server | None = None
        self.changed = False  # code changed since the server started: restart it
        self.exported: dict[str, str] = {}  # what the page's ``export`` commands set
        self.done: Counter[str] = Counter()

    def where(self, line: int) -> str:
        return f"{self.page.name}, line {line}"

    def run(self) -> None:
        try:
            for item in rstblocks.parse(self.page):
                if isinstance(item, Prose):
                    self.prose(item)
                else:
                    self.block(item)
        finally:
            if self.server is not None:
                self.server.stop()

    # Steps -------------------------------------------------------------------------------

    def prose(self, prose: Prose) -> None:
        for url in URL.findall(prose.text):
            url = url.rstrip(".,;:")
            status, body = self.ensure_server(prose.line).get(url)
            assert status == 200, f"{self.where(prose.line)}: {url} answered {status}:\n{body}"
            assert body.strip(), f"{self.where(prose.line)}: {url} answered an empty page"
            self.done["url"] += 1

    def block(self, block: Block) -> None:
        if block.language == "console":
            for command in rstblocks.commands(block):
                self.command(command)
        elif "tree" in block.classes:
            self.tree(block)
        elif block.caption:
            self.file(block)
        elif block.language == "python":
            compile(block.text, self.where(block.line), "exec")
            self.done["snippet"] += 1
        elif block.language == "html+jinja":
            jinja2.Environment().parse(block.text)
            self.done["snippet"] += 1
        else:
            raise AssertionError(f"{self.where(block.line)}: the replay cannot check this block")

    def file(self, block: Block) -> None:
        assert block.caption is not None
        path = self.cwd / block.caption
        if "excerpt" in block.classes:
            assert block.language == "python", f"{self.where(block.line)}: excerpt of non-Python"
            text = rstblocks.merge_python(path.read_text(), block.text)
            self.done["excerpt"] += 1
        else:
            text = block.text + "\n"
            self.done["file"] += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        self.changed = True

    def tree(self, block: Block) -> None:
        top, listed = rstblocks.tree_files(block)
        directory = self.cwd / top if (self.cwd / top).is_dir() else self.cwd
        assert directory.name == top, f"{self.where(block.line)}: no directory {top!r}"
        on_disk = {
            path.relative_to(directory).as_posix()
            for path in directory.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
        assert listed == on_disk, f"{self.where(block.line)}: the listing differs from the disk"
        self.done["tree"] += 1

    def command(self, command: rstblocks.Command) -> None:
        where = self.where(command.line)
        if SETUP.match(command.command):
            assert not command.expected, f"{where}: output shown for a set-up command"
            return
        if command.command.startswith("export "):
            assert not command.expected, f"{where}: output shown for export"
            self.export(command.command)
            return
        outputs = []
        for part in command.command.split(" && "):
            outputs.append(self.one_command(shlex.split(part), command.line))
        if command.expected:
            actual = "".join(outputs)
            assert rstblocks.output_matches(command.expected, actual), (
                f"{where}: {command.command!r} printed\n{actual}\nbut the page shows\n"
                f"{command.expected}"
            )

    def export(self, command: str) -> None:
        """Run an ``export`` in bash, with ``python`` this Python, and keep what it set."""
        shims = self.root.parent / "bin"
        shims.mkdir(exist_ok=True)
        if not (shims / "python").exists():
            (shims / "python").symlink_to(sys.executable)
        env = environment(self.exported)
        env["PATH"] = os.pathsep.join([str(shims), env.get("PATH", "")])
        result = subprocess.run(
            ["bash", "-c", f"{command}\nenv -0"],
            cwd=self.cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        after = dict(item.split("=", 1) for item in result.stdout.split("\0") if "=" in item)
        self.exported.update({k: v for k, v in after.items() if env.get(k) != v})
        self.done["export"] += 1

    def one_command(self, words: list[str], line: int) -> str:
        if words[0] == "cd":
            self.cwd = (self.cwd / words[1]).resolve()
            assert self.cwd.is_dir(), f"{self.where(line)}: no directory {words[1]}"
            return ""
        if words[0] == "mkdir":
            (self.cwd / words[1]).mkdir()
            return ""
        if words[0] == "curl":
            return self.curl(words[1:], line)
        if "runserver" in words or words[0] == "gunicorn":
            if self.server is not None:
                self.server.stop()
            kind = Gunicorn if words[0] == "gunicorn" else DevServer
            log = self.root / f"server-{self.done['server']}"
            self.server = kind(words, self.cwd, log, environment(self.exported))
            self.changed = False
            self.done["server"] += 1
            if kind is Gunicorn:
                self.done["gunicorn"] += 1
            return self.server.banner
        result = subprocess.run(
            argv_of(words),
            cwd=self.cwd,
            env=environment(self.exported),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, (
            f"{self.where(line)}: {shlex.join(words)!r} failed:\n{result.stdout}{result.stderr}"
        )
        self.done[shlex.join(words)] += 1
        self.changed = True
        return result.stdout + result.stderr

    def curl(self, words: list[str], line: int) -> str:
        """Play ``curl [-i] [-d DATA] [-H HEADER]... URL`` and return what curl prints."""
        include, data, headers = False, None, {}
        options = iter(words[:-1])
        for option in options:
            if option == "-i":
                include = True
            elif option == "-d":
                data = next(options)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            elif option == "-H":
                name, value = next(options).split(":", 1)
                headers[name.strip()] = value.strip()
            else:
                raise AssertionError(f"{self.where(line)}: the replay does not play {option}")
        server = self.ensure_server(line)
        method = "GET" if data is None else "POST"
        response, body = server.request(method, words[-1], headers, data)
        self.done["curl"] += 1
        if not include:
            assert response.status == 200, f"{self.where(line)}: {words[-1]} {response.status}"
            return body
        status = f"HTTP/{response.version / 10:.1f} {response.status} {response.reason}\n"
        fields = "".join(f"{name}: {value}\n" for name, value in response.getheaders())
        printed = status + fields + "\n" + body
        return printed.replace(f"127.0.0.1:{server.port}", PAGE_ADDRESS)

    def ensure_server(self, line: int) -> Server:
        """Return the running server, restarted if code changed, as its reloader would."""
        assert self.server is not None, f"{self.where(line)}: a URL opened before a server"
        if self.changed:
            self.server.stop()
            self.server = self.server.restarted(self.root / "restart")
            self.changed = False
        return self.server


def replay(page: str, tmp_path: Path) -> Counter[str]:
    root = tmp_path / "work"
    root.mkdir()
    player = Replay(INTRO / page, root)
    player.run()
    return player.done


def test_quickstart(tmp_path: Path) -> None:
    done = replay("quickstart.rst", tmp_path)

    assert done["chainweb startproject mysite"] == 1
    assert done["server"] >= 2  # the project's server, then the one-file application's
    assert done["python -m pytest -q"] >= 1
    assert done["tree"] >= 1
    assert done["url"] >= 3
    assert done["curl"] >= 1
    assert done["file"] + done["excerpt"] >= 5


def test_tutorial(tmp_path: Path) -> None:
    done = replay("tutorial.rst", tmp_path)

    assert done["chainweb startproject mysite"] == 1
    assert done["python manage.py startapp polls"] == 1
    assert done["server"] >= 2  # the development server, then gunicorn
    assert done["gunicorn"] == 1
    assert done["python -m pytest -q"] >= 1
    assert done["python manage.py check --deploy"] == 2  # with warnings, then without
    assert done["export"] >= 1
    assert done["url"] >= 5
    assert done["curl"] >= 5  # JSON, the CSRF refusal, the middleware's header, gunicorn
    assert done["file"] + done["excerpt"] >= 14


# The replay's own rules ------------------------------------------------------------------


def test_output_matching() -> None:
    shown = "Created project 'mysite' in .../mysite.\n...\n2 passed in 0.12s"
    assert rstblocks.output_matches(shown, "Created project 'mysite' in /x/mysite.\n2 passed in 1s")
    assert rstblocks.output_matches(
        shown, "Created project 'mysite' in /a/mysite.\n..  [100%]\n2 passed in 3.40s\n"
    )
    assert not rstblocks.output_matches(shown, "Created project 'mysite' in /a/other.\n")
    assert not rstblocks.output_matches(shown, "Created project 'mysite' in /a/mysite.\n3 passed")
    assert not rstblocks.output_matches("a\nb", "a\nb\nc")


def test_python_excerpts_replace_or_add_statements() -> None:
    source = 'import os\n\nNAMES: list[str] = []\n\n\ndef view(request):\n    return "a"\n'
    excerpt = (
        'from x import y\n\nNAMES = ["polls"]\n\n\n@deco\ndef view(request):\n    return "b"\n'
        "\n\ndef other(request):\n    return y\n"
    )
    assert rstblocks.merge_python(source, excerpt) == (
        'import os\nfrom x import y\n\nNAMES = ["polls"]\n\n\n@deco\ndef view(request):\n'
        '    return "b"\n\n\ndef other(request):\n    return y\n'
    )
    with pytest.raises(ValueError, match="cannot hold"):
        rstblocks.merge_python(source, "print(1)\n")


def test_pages_are_read_in_order(tmp_path: Path) -> None:
    page = tmp_path / "page.rst"
    page.write_text(
        "Title\n=====\n\nRun it::\n\n    x = 1\n\nThen:\n\n.. code-block:: console\n"
        "   :caption: shell\n\n   $ python manage.py check\n   ok\n\nOpen http://127.0.0.1:8000/.\n"
    )
    items = rstblocks.parse(page)
    assert [type(item).__name__ for item in items] == ["Prose", "Block", "Prose", "Block", "Prose"]
    assert [item.line for item in items] == [1, 6, 8, 13, 16]
    literal, console = items[1], items[3]
    assert isinstance(literal, Block) and (literal.language, literal.text) == ("literal", "x = 1")
    assert isinstance(console, Block) and console.caption == "shell"
    [command] = rstblocks.commands(console)
    assert (command.command, command.expected) == ("python manage.py check", "ok")
    assert URL.findall(items[4].text) == ["http://127.0.0.1:8000/."]
