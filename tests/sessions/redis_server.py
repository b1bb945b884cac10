"""Start and stop a real ``redis-server`` for the Redis session backend's tests.

The server listens on 127.0.0.1 only, on a free port, keeps nothing on disk (``--save ""``,
``--appendonly no``) and runs in a temporary directory. It can be stopped, frozen
(SIGSTOP, to look like a server that no longer answers) and started again on the same port,
so the tests can take it away in the middle of a test and bring it back.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

#: How long to wait for the server to answer PING after a start, and to exit after a stop.
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0

INSTALL_HINT = (
    "redis-server is not installed. Install it with `apt-get install -y redis-server` "
    "(./scripts/test does this when it is missing)."
)


def redis_server_path() -> str | None:
    """Return the path of the ``redis-server`` executable, or None if it is not installed."""
    return shutil.which("redis-server")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """A ``redis-server`` process owned by the tests."""

    def __init__(
        self, directory: Path, executable: str | None = None, *, appendonly: bool = False
    ) -> None:
        """``appendonly`` keeps the data on disk (fsync on every write), across restarts."""
        self.appendonly = appendonly
        executable = executable or redis_server_path()
        if executable is None:
            raise RuntimeError(INSTALL_HINT)
        self.executable = executable
        self.directory = directory
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Return the ``redis://`` URL of database 0 on this server."""
        if self.port is None:
            raise RuntimeError("The server has no port yet: call start() first.")
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def settings(self) -> dict[str, object]:
        """Return a ``SESSION_REDIS`` setting for this server (two-second timeouts)."""
        return {
            "URL": self.url,
            "PREFIX": "chainweb:session:",
            "SOCKET_TIMEOUT": 2.0,
            "SOCKET_CONNECT_TIMEOUT": 2.0,
        }

    @property
    def log_path(self) -> Path:
        """Return the server's log file."""
        return self.directory / "redis.log"

    def client(self, **options: object) -> redis.Redis:
        """Return a client of this server that waits at most two seconds for anything."""
        options.setdefault("socket_timeout", 2.0)
        options.setdefault("socket_connect_timeout", 2.0)
        return redis.Redis.from_url(self.url, **options)

    def start(self, attempts: int = 5) -> None:
        """Start the server: on its old port if it had one, else on a free port.

        A free port may be taken by someone else between choosing it and binding it, so a
        fresh port is tried up to ``attempts`` times; a fixed port is tried once.
        """
        if self.process is not None:
            raise RuntimeError("The server is already running: stop() it first.")
        fixed = self.port is not None
        last_error = ""
        for _ in range(1 if fixed else attempts):
            port = self.port if self.port is not None else free_port()
            process = subprocess.Popen(
                [
                    self.executable,
                    "--port", str(port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "yes" if self.appendonly else "no",
                    "--appendfsync", "always",
                    "--dir", str(self.directory),
                    "--logfile", str(self.log_path),
                    "--daemonize", "no",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=self.directory,
            )  # fmt: skip
            if self._wait_ready(process, port):
                self.port, self.process = port, process
                return
            self._end(process)
            if self.log_path.exists():
                last_error = self.log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"redis-server did not start (port {port}). Its log ends:\n{last_error}")

    def _wait_ready(self, process: subprocess.Popen[bytes], port: int) -> bool:
        """Return True once the server answers PING, False if it exits or stays silent."""
        probe = redis.Redis(
            host="127.0.0.1", port=port, socket_timeout=0.5, socket_connect_timeout=0.5
        )
        deadline = time.monotonic() + START_TIMEOUT
        try:
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    return False
                try:
                    if probe.ping():
                        return True
                except redis.RedisError:
                    time.sleep(0.05)
            return False
        finally:
            probe.close()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and wait until it has exited."""
        if self.process is not None:
            process, self.process = self.process, None
            self._end(process)

    def freeze(self) -> None:
        """Suspend the server: connections open but nothing is answered, as a hung server."""
        if self.process is None:
            raise RuntimeError("The server is not running: start() it first.")
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """Resume a frozen server."""
        if self.process is None:
            raise RuntimeError("The server is not running: start() it first.")
        os.kill(self.process.pid, signal.SIGCONT)

    @staticmethod
    def _end(process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)  # A frozen server cannot act on SIGTERM.
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """Start a redis-server for the tests, stop it at the end; skip if it is not installed.

    Import it into a test module (``from tests.sessions.redis_server import redis_server``)
    to use it there. A test may stop, freeze or restart it; the next user finds it stopped
    only if that test failed halfway, so check ``server.process`` and ``start()`` it again.
    """
    if redis_server_path() is None:
        pytest.skip(INSTALL_HINT)
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


class SilentListener:
    """A port that accepts no connection: its backlog is full, so a connect() hangs.

    Stands in for a Redis host that does not answer at all (down behind a firewall), to
    test ``SOCKET_CONNECT_TIMEOUT`` on loopback.
    """

    def __init__(self) -> None:
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(0)
        self.port: int = self._server.getsockname()[1]
        # One pending connection fills a backlog of 0; later SYNs are dropped.
        self._filler = socket.create_connection(("127.0.0.1", self.port), timeout=2.0)

    @property
    def url(self) -> str:
        """Return a ``redis://`` URL pointing at this port."""
        return f"redis://127.0.0.1:{self.port}/0"

    def close(self) -> None:
        """Close the listening socket and the connection that fills its backlog."""
        self._filler.close()
        self._server.close()
