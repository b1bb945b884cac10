from __future__ import annotations

import code
import io
import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from chainweb.core.management import CommandError, call_command
from chainweb.core.management.commands import shell

from .test_framework import run_chainweb, write_settings


class FakeStdin(io.StringIO):
    def __init__(self, text: str = "", tty: bool = False) -> None:
        super().__init__(text)
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Make stdin a terminal and record code.interact() instead of blocking on it."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sys, "stdin", FakeStdin(tty=True))
    monkeypatch.setattr(code, "interact", lambda local: calls.append(local))
    monkeypatch.delenv("PYTHONSTARTUP", raising=False)
    monkeypatch.setenv("HOME", "/nonexistent-home-for-tests")
    return calls


def test_shell_c_runs_the_command_with_settings(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("shell", command="print(1+1); print(settings.SECRET_KEY)")
    assert capsys.readouterr().out == "2\ntest-secret-key\n"


def test_shell_c_functions_see_the_names_defined(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("shell", "-c", "import os\ndef f():\n    return os.sep\nprint(f())")
    assert capsys.readouterr().out == os.sep + "\n"


def test_shell_runs_piped_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin("print('from stdin', settings.DEBUG)\n"))
    call_command("shell")
    assert capsys.readouterr().out == "from stdin False\n"


def test_stdin_detection(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with open(tmp_path / "empty", "w+") as handle:
        monkeypatch.setattr(sys, "stdin", handle)
        assert shell._stdin_has_input()  # A regular file is always readable.
    monkeypatch.setattr(sys, "stdin", None)
    assert not shell._stdin_has_input()


def test_plain_python_interface(interactive: list[dict[str, Any]]) -> None:
    call_command("shell", interface="python")
    assert len(interactive) == 1
    assert interactive[0]["settings"].SECRET_KEY == "test-secret-key"


def test_python_interface_runs_startup_files(
    interactive: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = tmp_path / "good.py"
    good.write_text("STARTED = True\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(good))
    call_command("shell", interface="python")
    assert interactive[-1]["STARTED"] is True
    call_command("shell", interface="python", no_startup=True)
    assert "STARTED" not in interactive[-1]
    bad = tmp_path / "bad.py"
    bad.write_text("1 / 0\n")
    monkeypatch.setenv("PYTHONSTARTUP", str(bad))
    call_command("shell", interface="python")
    assert "ZeroDivisionError" in capsys.readouterr().err
    assert len(interactive) == 3


def test_python_interface_survives_a_broken_interactive_hook(
    interactive: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def hook() -> None:
        raise RuntimeError("hook broke")

    monkeypatch.setattr(sys, "__interactivehook__", hook, raising=False)
    call_command("shell", interface="python")
    captured = capsys.readouterr()
    assert "Failed calling sys.__interactivehook__" in captured.out
    assert "hook broke" in captured.err
    assert len(interactive) == 1


def test_ipython_is_used_when_installed(
    interactive: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, Any]] = []
    fake = types.ModuleType("IPython")
    fake.start_ipython = lambda argv, user_ns: started.append(user_ns)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", fake)
    call_command("shell")
    assert started[0]["settings"].DEBUG is False
    assert interactive == []


def test_falls_back_to_python_without_ipython(
    interactive: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "IPython", None)
    call_command("shell")
    assert len(interactive) == 1


def test_asking_for_a_missing_interface_says_how_to_fix(
    interactive: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "IPython", None)
    with pytest.raises(CommandError, match=r"Couldn't import the ipython interface. Install it"):
        call_command("shell", interface="ipython")


def test_shell_does_not_run_checks() -> None:
    assert shell.Command.requires_system_checks == []


# --- the real command line --------------------------------------------------------------------


def test_shell_c_from_the_command_line(tmp_path: Path) -> None:
    write_settings(tmp_path)
    result = run_chainweb(
        "shell", "-c", "print(1+1)", cwd=tmp_path, env={"CHAINWEB_SETTINGS_MODULE": "proj_settings"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2\n"


def test_shell_reads_stdin_from_the_command_line(tmp_path: Path) -> None:
    write_settings(tmp_path)
    result = run_chainweb(
        "shell",
        "--settings=proj_settings",
        cwd=tmp_path,
        input="print(settings.INSTALLED_APPS)\nprint(len(settings.SECRET_KEY))\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['tests.management.fixture_app']\n50\n"


def test_shell_error_in_code_shows_the_traceback(tmp_path: Path) -> None:
    write_settings(tmp_path)
    result = run_chainweb(
        "shell", "-c", "1 / 0", cwd=tmp_path, env={"CHAINWEB_SETTINGS_MODULE": "proj_settings"}
    )
    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stderr
