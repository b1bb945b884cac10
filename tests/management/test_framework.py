from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import chainweb
from chainweb.core import checks
from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.core.management import (
    BaseCommand,
    CommandError,
    CommandParser,
    ManagementUtility,
    SystemCheckError,
    call_command,
    execute_from_command_line,
    get_commands,
    load_command_class,
)
from chainweb.core.management.base import OutputWrapper
from chainweb.core.management.color import Style, color_style, no_style, supports_color
from chainweb.test import override_settings

REPO = Path(__file__).resolve().parents[2]
FIXTURE_APP = "tests.management.fixture_app"
with_app = override_settings(INSTALLED_APPS=[FIXTURE_APP])


def run_chainweb(
    *args: str, cwd: Path, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m chainweb *args`` in a fresh interpreter."""
    environ = {k: v for k, v in os.environ.items() if k != "CHAINWEB_SETTINGS_MODULE"}
    environ["PYTHONPATH"] = str(REPO)
    environ["NO_COLOR"] = "1"
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "chainweb", *args],
        cwd=cwd,
        env=environ,
        input=input,
        capture_output=True,
        text=True,
        timeout=60,
    )


def write_settings(directory: Path, name: str = "proj_settings") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.py").write_text(
        f"SECRET_KEY = 'x' * 50\nINSTALLED_APPS = [{FIXTURE_APP!r}]\nALLOWED_HOSTS = ['*']\n"
    )
    return directory


class Recorder(BaseCommand):
    """A command that records what execute() passed to handle()."""

    help = "Record options."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("items", nargs="*")
        parser.add_argument("--flag-name", action="store_true")
        parser.add_argument("--required-opt", dest="req", required=False)

    def handle(self, *args: Any, **options: Any) -> Any:
        self.seen = options
        return None


class Checked(BaseCommand):
    help = "Run checks first."

    def handle(self, *args: Any, **options: Any) -> str:
        return "handled"


class TaggedChecks(Checked):
    requires_system_checks = ["urls"]


# --- get_commands / load_command_class ------------------------------------------------------


def test_get_commands_lists_builtins_under_chainweb_core() -> None:
    commands = get_commands()
    assert commands["shell"] == "chainweb.core"
    assert "greet" not in commands


@with_app
def test_get_commands_finds_commands_of_installed_apps() -> None:
    assert get_commands()["greet"] == FIXTURE_APP
    assert isinstance(load_command_class(FIXTURE_APP, "greet"), BaseCommand)


@override_settings(INSTALLED_APPS=["no_such_app_anywhere"])
def test_get_commands_names_a_missing_installed_app() -> None:
    with pytest.raises(ImproperlyConfigured, match="'no_such_app_anywhere' could not be found"):
        get_commands()


def test_load_command_class_requires_a_command_class(monkeypatch: pytest.MonkeyPatch) -> None:
    module = type(sys)("fakeapp.management.commands.empty")
    monkeypatch.setitem(sys.modules, "fakeapp.management.commands.empty", module)
    with pytest.raises(CommandError, match="has no Command class. Define 'class Command"):
        load_command_class("fakeapp", "empty")


# --- call_command -----------------------------------------------------------------------------


@with_app
def test_call_command_returns_and_prints_what_handle_returns() -> None:
    out = io.StringIO()
    assert call_command("greet", "Ada", stdout=out) == "Hello, Ada!"
    assert out.getvalue() == "Hello, Ada!\n"


@with_app
def test_call_command_takes_options_by_dest_or_option_name() -> None:
    out = io.StringIO()
    assert call_command("greet", "Ada", shout=True, stdout=out) == "HELLO, ADA!"
    assert call_command("greet", "Ada", "--punctuation", "?", stdout=out) == "Hello, Ada?"
    assert call_command("greet", ["Bob"], punctuation=".", stdout=out) == "Hello, Bob."


@with_app
def test_call_command_stderr_option() -> None:
    err = io.StringIO()
    call_command("greet", "Ada", verbosity=2, stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == "greeting at verbosity 2\n"


def test_call_command_with_an_instance_and_option_names() -> None:
    command = Recorder()
    call_command(command, "a", 1, flag_name=True)
    assert command.seen["items"] == ["a", "1"]
    assert command.seen["flag_name"] is True
    assert command.seen["skip_checks"] is True
    assert command.seen["verbosity"] == 1


def test_call_command_passes_required_options_through_the_parser() -> None:
    class Required(Recorder):
        def add_arguments(self, parser: CommandParser) -> None:
            parser.add_argument("--level", required=True, type=int)
            group = parser.add_mutually_exclusive_group(required=True)
            group.add_argument("--on", action="store_true")
            group.add_argument("--tags", nargs="+")

    command = Required()
    call_command(command, level=3, tags=["a", "b"])
    assert command.seen["level"] == 3
    assert command.seen["tags"] == ["a", "b"]
    call_command(command, level="4", on=True)
    assert command.seen["on"] is True
    with pytest.raises(CommandError, match="^Error: the following arguments are required"):
        call_command(command, on=True)


def test_call_command_rejects_unknown_options() -> None:
    with pytest.raises(
        TypeError,
        match=r"Unknown option\(s\) for test_framework command: bogus\. Valid options are: ",
    ):
        call_command(Recorder(), bogus=1)


def test_call_command_unknown_command_says_how_to_find_names() -> None:
    with pytest.raises(CommandError, match="Unknown command: 'nope'. Check the name"):
        call_command("nope")


@with_app
def test_call_command_parse_errors_raise_command_error() -> None:
    with pytest.raises(CommandError, match="^Error: the following arguments are required: name"):
        call_command("greet")


def test_missing_args_message() -> None:
    class NeedsArgs(Recorder):
        missing_args_message = "Name at least one item, for example: needsargs a b."

    with pytest.raises(CommandError, match="Error: Name at least one item"):
        call_command(NeedsArgs())


def test_handle_must_be_defined() -> None:
    with pytest.raises(NotImplementedError, match="must define handle"):
        call_command(BaseCommand())


# --- system checks ---------------------------------------------------------------------------


def _patch_checks(
    monkeypatch: pytest.MonkeyPatch, messages: list[checks.CheckMessage]
) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def run_checks(**kwargs: Any) -> list[checks.CheckMessage]:
        calls.append(kwargs)
        return list(messages)

    monkeypatch.setattr(checks, "run_checks", run_checks)
    return calls


def test_call_command_skips_checks_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _patch_checks(monkeypatch, [])
    assert call_command(Checked(), stdout=io.StringIO()) == "handled"
    assert calls == []
    call_command(Checked(), skip_checks=False, stdout=io.StringIO())
    assert calls == [{"tags": None, "include_deployment_checks": False}]
    call_command(TaggedChecks(), skip_checks=False, stdout=io.StringIO())
    assert calls[-1] == {"tags": ["urls"], "include_deployment_checks": False}


def test_check_prints_warnings_grouped_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    _patch_checks(
        monkeypatch,
        [
            checks.Warning("Slow.", hint="Speed it up.", obj="app", id="t.W001"),
            checks.Info("FYI.", id="t.I001"),
            checks.Debug("Detail.", id="t.D001"),
        ],
    )
    out, err = io.StringIO(), io.StringIO()
    assert call_command(Checked(), skip_checks=False, stdout=out, stderr=err) == "handled"
    report = err.getvalue()
    assert report.startswith("System check identified some issues:\n\nWARNINGS:\n")
    assert "app: (t.W001) Slow.\n\tHINT: Speed it up." in report
    assert "\nINFOS:\n?: (t.I001) FYI.\n" in report
    assert "\nDEBUGS:\n?: (t.D001) Detail.\n" in report


def test_check_raises_system_check_error_on_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    _patch_checks(
        monkeypatch,
        [
            checks.Error("Broken.", hint="Fix it.", id="t.E001"),
            checks.Critical("Worse.", id="t.C001"),
            checks.Warning("Meh.", id="t.W001"),
        ],
    )
    with pytest.raises(SystemCheckError) as info:
        call_command(Checked(), skip_checks=False, no_color=True)
    report = str(info.value)
    assert report.startswith("SystemCheckError: System check identified some issues:\n")
    errors = report.index("ERRORS:\n?: (t.C001) Worse.\n?: (t.E001) Broken.\n\tHINT: Fix it.")
    assert errors < report.index("WARNINGS:\n?: (t.W001) Meh.")


def test_check_counts_issues_and_fail_level(monkeypatch: pytest.MonkeyPatch) -> None:
    command = Checked(stdout=io.StringIO(), stderr=io.StringIO(), no_color=True)
    _patch_checks(monkeypatch, [])
    command.check(display_num_errors=True)
    assert command.stdout._out.getvalue() == "System check identified no issues (0 silenced).\n"
    _patch_checks(monkeypatch, [checks.Warning("One.", id="t.W001")])
    command.check(display_num_errors=True)
    assert command.stderr._out.getvalue().endswith(
        "\nSystem check identified 1 issue (0 silenced).\n"
    )
    with pytest.raises(SystemCheckError, match="identified 1 issue"):
        command.check(display_num_errors=True, fail_level=checks.WARNING)
    _patch_checks(monkeypatch, [checks.Info("A."), checks.Info("B.")])
    command.check(display_num_errors=True)
    assert "System check identified 2 issues (0 silenced)." in command.stderr._out.getvalue()


def test_check_runs_the_real_registry() -> None:
    command = Checked(stdout=io.StringIO(), stderr=io.StringIO())
    command.check(tags=["no-such-tag"], display_num_errors=True)
    assert "System check identified no issues" in command.stdout._out.getvalue()


# --- run_from_argv ---------------------------------------------------------------------------


@with_app
def test_run_from_argv_prints_command_error_as_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    command = load_command_class(FIXTURE_APP, "greet")
    with pytest.raises(SystemExit) as info:
        command.run_from_argv(["chainweb", "greet", "Ada", "--fail", "3"])
    assert info.value.code == 3
    captured = capsys.readouterr()
    assert captured.err == "CommandError: Cannot greet Ada. Pass a friendlier name.\n"
    assert captured.out == ""


@with_app
def test_run_from_argv_traceback_lets_the_error_through() -> None:
    command = load_command_class(FIXTURE_APP, "greet")
    with pytest.raises(CommandError) as info:
        command.run_from_argv(["chainweb", "greet", "Ada", "--fail", "2", "--traceback"])
    assert info.value.returncode == 2


def test_run_from_argv_prints_the_check_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _patch_checks(monkeypatch, [checks.Error("Broken.", hint="Fix it.", id="t.E001")])
    with pytest.raises(SystemExit) as info:
        Checked().run_from_argv(["chainweb", "checked", "--no-color"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("SystemCheckError: System check identified some issues:\n\nERRORS:\n")
    assert "?: (t.E001) Broken.\n\tHINT: Fix it." in err
    # --skip-checks on the command line skips them.
    Checked().run_from_argv(["chainweb", "checked", "--skip-checks"])
    assert capsys.readouterr().out == "handled\n"


def test_run_from_argv_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        Recorder().run_from_argv(["chainweb", "recorder", "--verbosity", "9"])
    assert info.value.code == 2
    assert "invalid choice: 9" in capsys.readouterr().err


def test_run_from_argv_applies_settings_and_pythonpath(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delenv("CHAINWEB_SETTINGS_MODULE", raising=False)
    command = Recorder()
    command.run_from_argv(
        ["chainweb", "recorder", "--settings", "x.settings", "--pythonpath", str(tmp_path)]
    )
    assert os.environ["CHAINWEB_SETTINGS_MODULE"] == "x.settings"
    assert sys.path[0] == str(tmp_path)
    assert command.seen["settings"] == "x.settings"


def test_help_lists_own_options_before_common_ones(capsys: pytest.CaptureFixture[str]) -> None:
    Recorder().print_help("chainweb", "recorder")
    out = capsys.readouterr().out
    assert out.startswith("usage: chainweb recorder [-h] [--flag-name]")
    assert out.index("--flag-name") < out.index("--settings SETTINGS")
    assert "Record options." in out


def test_suppressed_base_arguments_are_hidden(capsys: pytest.CaptureFixture[str]) -> None:
    class Quiet(Recorder):
        suppressed_base_arguments = {"--verbosity"}

    Quiet().print_help("chainweb", "quiet")
    assert "--verbosity" not in capsys.readouterr().out


# --- BaseCommand details -----------------------------------------------------------------------


def test_requires_system_checks_must_be_a_list_or_all() -> None:
    class Bad(Checked):
        requires_system_checks = "urls"

    with pytest.raises(TypeError, match="must be a list or tuple of check tags, or '__all__'"):
        Bad()


def test_no_color_and_force_color_conflict() -> None:
    with pytest.raises(CommandError, match="can't be used together; pass only one"):
        Recorder(no_color=True, force_color=True)
    with pytest.raises(CommandError, match="can't be used together"):
        call_command(Recorder(), no_color=True, force_color=True)


def test_force_color_and_no_color_set_the_style() -> None:
    command = Recorder()
    call_command(command, force_color=True)
    assert command.style.ERROR("x") == "\x1b[1;31mx\x1b[0m"
    call_command(command, no_color=True)
    assert command.style.ERROR("x") == "x"


def test_output_wrapper_adds_the_ending_once() -> None:
    out = io.StringIO()
    wrapper = OutputWrapper(out)
    wrapper.write("a")
    wrapper.write("b\n")
    wrapper.write("c", ending="")
    wrapper.write("d", style_func=str.upper)
    wrapper.flush()
    assert out.getvalue() == "a\nb\ncD\n"
    assert wrapper.getvalue() == out.getvalue()  # Other attributes come from the stream.
    assert not wrapper.isatty()
    wrapper.style_func = str.upper  # Ignored: not a terminal.
    wrapper.write("e")
    assert out.getvalue().endswith("e\n")


def test_output_wrapper_styles_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    wrapper = OutputWrapper(out)
    wrapper.style_func = str.upper
    wrapper.write("x")
    assert out.getvalue() == "X\n"


def test_color_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert not supports_color(io.StringIO())
    assert no_style().SUCCESS("ok") == "ok"
    assert color_style(force_color=True).SUCCESS("ok") == "\x1b[1;32mok\x1b[0m"
    assert Style().HTTP_SUCCESS("ok") == "ok"
    assert Style().SOME_FUTURE_ROLE("ok") == "ok"
    with pytest.raises(AttributeError):
        Style().lowercase  # noqa: B018
    monkeypatch.setenv("NO_COLOR", "1")
    assert not supports_color(sys.stdout)


def test_version_comes_from_chainweb() -> None:
    assert Recorder().get_version() == chainweb.__version__


# --- execute_from_command_line, in process --------------------------------------------------


@with_app
def test_help_lists_commands_by_app(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["chainweb"], ["chainweb", "help"], ["chainweb", "--help"]):
        execute_from_command_line(argv)
        out = capsys.readouterr().out
        assert "Type 'chainweb help <subcommand>' for help on a specific subcommand." in out
        assert "--settings=mysite.settings" in out
        assert "CHAINWEB_SETTINGS_MODULE" in out
        assert "[chainweb]\n    " in out
        assert "    shell\n" in out
        assert "[fixture_app]\n    greet" in out
    execute_from_command_line(["chainweb", "help", "--commands"])
    names = capsys.readouterr().out.split()
    assert "greet" in names and "shell" in names


@with_app
def test_help_name_and_name_help_print_the_parser_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    execute_from_command_line(["chainweb", "help", "greet"])
    assert capsys.readouterr().out.startswith("usage: chainweb greet [-h] [--shout]")
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["chainweb", "greet", "--help"])
    assert info.value.code == 0
    assert "Greet loudly." in capsys.readouterr().out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    execute_from_command_line(["chainweb", "--version"])
    execute_from_command_line(["chainweb", "version"])
    assert capsys.readouterr().out == f"{chainweb.__version__}\n" * 2


@with_app
def test_unknown_command_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["chainweb", "gret"])
    assert info.value.code == 1
    assert capsys.readouterr().err == (
        "Unknown command: 'gret'. Did you mean 'greet'? Type 'chainweb help' for usage.\n"
    )
    with pytest.raises(SystemExit):
        execute_from_command_line(["chainweb", "zzzzzz"])
    assert capsys.readouterr().err == (
        "Unknown command: 'zzzzzz'. Type 'chainweb help' for usage.\n"
    )


@with_app
def test_app_command_runs_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    setups: list[bool] = []
    monkeypatch.setattr(chainweb, "setup", lambda: setups.append(True))
    execute_from_command_line(["chainweb", "greet", "Ada", "--shout"])
    assert capsys.readouterr().out == "HELLO, ADA!\n"
    assert setups == [True]  # Logging is configured before a command that needs settings.
    execute_from_command_line(["chainweb", "help", "greet"])
    assert setups == [True]


@override_settings(INSTALLED_APPS=["no_such_app_anywhere"])
def test_bad_installed_app_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["chainweb", "help"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("ImproperlyConfigured: INSTALLED_APPS entry 'no_such_app_anywhere'")
    assert err.count("\n") == 1
    with pytest.raises(ImproperlyConfigured):
        execute_from_command_line(["chainweb", "help", "--traceback"])


def test_prog_name_for_python_m() -> None:
    assert ManagementUtility(["/x/chainweb/__main__.py"]).prog_name == "python -m chainweb"
    assert ManagementUtility(["/usr/bin/chainweb"]).prog_name == "chainweb"


def test_settings_problems_are_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    utility = ManagementUtility(["chainweb", "shell"])
    utility.settings_exception = ImproperlyConfigured("No settings. Set them.")
    with pytest.raises(SystemExit) as info:
        utility._require_settings(traceback=False)
    assert info.value.code == 1
    assert capsys.readouterr().err == "ImproperlyConfigured: No settings. Set them.\n"
    with pytest.raises(ImproperlyConfigured):
        utility._require_settings(traceback=True)
    # A settings module that exists but is broken keeps its traceback.
    try:
        try:
            raise SyntaxError("bad")
        except SyntaxError as exc:
            raise ImproperlyConfigured("Importing failed.") from exc
    except ImproperlyConfigured as exc:
        utility.settings_exception = exc
    with pytest.raises(ImproperlyConfigured, match="Importing failed."):
        utility._require_settings(traceback=False)


# --- the real command line (subprocess) ---------------------------------------------------------


def test_python_m_chainweb_without_settings_lists_builtins(tmp_path: Path) -> None:
    result = run_chainweb(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Type 'python -m chainweb help <subcommand>'" in result.stdout
    assert "    shell" in result.stdout
    assert "only chainweb's own commands are listed" in result.stdout


def test_command_without_settings_is_one_line(tmp_path: Path) -> None:
    result = run_chainweb("shell", "-c", "print(1)", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("ImproperlyConfigured: Requested setting")
    assert "CHAINWEB_SETTINGS_MODULE" in result.stderr


def test_settings_module_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    result = run_chainweb("shell", "-c", "print(1)", "--settings=missing.settings", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Settings module 'missing.settings' could not be imported" in result.stderr
    assert "check that the project directory is on sys.path" in result.stderr


def test_broken_settings_module_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "broken_settings.py").write_text("1 / 0\n")
    result = run_chainweb("shell", "-c", "print(1)", "--settings=broken_settings", cwd=tmp_path)
    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stderr
    assert "Traceback" in result.stderr


def test_settings_and_pythonpath_find_the_project(tmp_path: Path) -> None:
    project = write_settings(tmp_path / "project")
    result = run_chainweb(
        "greet", "Ada", "--settings=proj_settings", f"--pythonpath={project}", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Hello, Ada!\n"
    # Without --pythonpath the module is not importable from cwd.
    result = run_chainweb("shell", "-c", "1", "--settings=proj_settings", cwd=tmp_path)
    assert result.returncode == 1
    assert "'proj_settings' could not be imported" in result.stderr


def test_command_error_exit_code_and_traceback(tmp_path: Path) -> None:
    write_settings(tmp_path)
    env = {"CHAINWEB_SETTINGS_MODULE": "proj_settings"}
    result = run_chainweb("greet", "Ada", "--fail", "4", cwd=tmp_path, env=env)
    assert result.returncode == 4
    assert result.stderr == "CommandError: Cannot greet Ada. Pass a friendlier name.\n"
    result = run_chainweb("greet", "Ada", "--fail", "4", "--traceback", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip().endswith(
        "CommandError: Cannot greet Ada. Pass a friendlier name."
    )


def test_unknown_command_from_the_command_line(tmp_path: Path) -> None:
    write_settings(tmp_path)
    result = run_chainweb("gret", cwd=tmp_path, env={"CHAINWEB_SETTINGS_MODULE": "proj_settings"})
    assert result.returncode == 1
    assert result.stderr == (
        "Unknown command: 'gret'. Did you mean 'greet'? Type 'python -m chainweb help' for usage.\n"
    )
    result = run_chainweb("shel", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Unknown command: 'shel'. Did you mean 'shell'?")
    assert "the settings could not be loaded" in result.stderr


# --- without settings, in process -------------------------------------------------------------


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the settings unconfigured for one test."""
    from chainweb.conf import _empty, settings

    monkeypatch.delenv("CHAINWEB_SETTINGS_MODULE", raising=False)
    monkeypatch.setattr(settings, "_wrapped", _empty)


@pytest.mark.usefixtures("no_settings")
def test_without_settings_only_builtins_are_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert set(get_commands().values()) == {"chainweb.core"}
    execute_from_command_line(["chainweb", "help"])
    assert "only chainweb's own commands are listed" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        execute_from_command_line(["chainweb", "greet"])
    assert "the settings could not be loaded" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["chainweb", "shell", "-c", "1"])
    assert info.value.code == 1
    assert capsys.readouterr().err.startswith("ImproperlyConfigured: Requested setting")


def test_bad_global_option_is_left_to_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        execute_from_command_line(["chainweb", "shell", "--settings"])
    assert info.value.code == 2
    assert "argument --settings: expected one argument" in capsys.readouterr().err


@override_settings(INSTALLED_APPS=["tests.management.fixture_app.nope.deeper"])
def test_get_commands_reports_import_errors_of_app_parents() -> None:
    with pytest.raises(ImproperlyConfigured, match="No module named 'tests.management.fixture"):
        get_commands()


def test_call_command_sees_subparser_options() -> None:
    class WithSub(Recorder):
        def add_arguments(self, parser: CommandParser) -> None:
            sub = parser.add_subparsers(dest="action", required=True)
            run = sub.add_parser("run")
            run.add_argument("--fast", action="store_true")

    command = WithSub()
    call_command(command, "run", fast=True)
    assert command.seen["action"] == "run"
    assert command.seen["fast"] is True


def test_main_module_runs_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import runpy

    monkeypatch.setattr(sys, "argv", ["chainweb", "--version"])
    runpy.run_path(str(REPO / "chainweb" / "__main__.py"), run_name="__main__")
    assert capsys.readouterr().out == f"{chainweb.__version__}\n"
