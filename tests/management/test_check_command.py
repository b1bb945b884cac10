import io

import pytest

from chainweb.core.checks import CheckRegistry, Error, Info, Warning
from chainweb.core.checks import registry as default_registry
from chainweb.core.management import call_command
from chainweb.core.management.base import CommandError, SystemCheckError
from chainweb.core.management.commands.check import Command
from chainweb.test import override_settings

SECURITY = "chainweb.middleware.security.SecurityMiddleware"
CLICKJACKING = "chainweb.middleware.clickjacking.XFrameOptionsMiddleware"


@pytest.fixture
def extra_checks(monkeypatch):
    """Return a function that registers checks on a copy of the registry, undone after."""
    monkeypatch.setattr(
        default_registry, "registered_checks", dict(default_registry.registered_checks)
    )
    return default_registry.register


def run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("check", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_no_issues():
    out, err = run()
    assert out == "System check identified no issues (0 silenced).\n"
    assert err == ""


def test_warnings_are_reported_without_failing(extra_checks):
    extra_checks(lambda **kwargs: [Warning("mind this", hint="do that", id="t.W001")], "t")
    out, err = run()
    assert out == ""
    assert err == (
        "System check identified some issues:\n\nWARNINGS:\n"
        "?: (t.W001) mind this\n\tHINT: do that\n\n"
        "System check identified 1 issue (0 silenced).\n"
    )


def test_errors_raise_system_check_error(extra_checks):
    extra_checks(lambda **kwargs: [Error("broken", hint="fix it", id="t.E001")], "t")
    with pytest.raises(SystemCheckError) as info:
        run()
    assert "ERRORS:\n?: (t.E001) broken\n\tHINT: fix it" in str(info.value)
    assert "System check identified 1 issue (0 silenced)." in str(info.value)


@pytest.mark.parametrize(
    ("fail_level", "fails"),
    [("CRITICAL", False), ("ERROR", False), ("WARNING", True), ("INFO", True), ("DEBUG", True)],
)
def test_fail_level(extra_checks, fail_level, fails):
    extra_checks(lambda **kwargs: [Warning("w", id="t.W001")], "t")
    if fails:
        with pytest.raises(SystemCheckError):
            run(fail_level=fail_level)
        with pytest.raises(SystemCheckError):
            run("--fail-level", fail_level)
    else:
        out, err = run(fail_level=fail_level)
        assert "t.W001" in err


def test_silenced_are_counted(extra_checks):
    extra_checks(lambda **kwargs: [Info("i", id="t.I001")], "t")
    with override_settings(SILENCED_SYSTEM_CHECKS=["t.I001"]):
        out, err = run()
    assert out == "System check identified no issues (1 silenced).\n"


def test_tags_select_checks(extra_checks):
    extra_checks(lambda **kwargs: [Warning("tagged", id="t.W001")], "t")
    extra_checks(lambda **kwargs: [Warning("other", id="u.W001")], "u")
    out, err = run("--tag", "t")
    assert "t.W001" in err and "u.W001" not in err
    out, err = run("-t", "t", "-t", "u")
    assert "t.W001" in err and "u.W001" in err
    out, err = run(tags=["u"])
    assert "u.W001" in err and "t.W001" not in err


def test_unknown_tag_says_which_exist():
    with pytest.raises(CommandError) as info:
        run("--tag", "nope")
    assert str(info.value) == (
        "There is no system check with the 'nope' tag. Pick one of: middleware, templates, "
        "urls (chainweb check --list-tags). With --deploy there are also: csrf, security, "
        "sessions."
    )


def test_deploy_tag_needs_deploy():
    with pytest.raises(CommandError, match="With --deploy there are also: csrf, security"):
        run("--tag", "security")
    with override_settings(DEBUG=True):
        out, err = run("--tag", "security", "--deploy")
    assert "security.W018" in err
    assert "security.W020" not in err  # conftest sets ALLOWED_HOSTS


def test_list_tags():
    out, _ = run("--list-tags")
    assert out == "middleware\ntemplates\nurls\n"
    out, _ = run("--list-tags", "--deploy")
    assert out == "csrf\nmiddleware\nsecurity\nsessions\ntemplates\nurls\n"


def test_deploy_reports_security_warnings():
    with override_settings(DEBUG=True, MIDDLEWARE=[SECURITY, CLICKJACKING]):
        out, err = run(deploy=True)
    for check_id in ("security.W004", "security.W008", "security.W009", "security.W018"):
        assert check_id in err
    assert "HINT: Set DEBUG = False in the production settings." in err


def test_does_not_run_checks_before_itself():
    assert Command.requires_system_checks == []
    parser = Command().create_parser("chainweb", "check")
    assert "--skip-checks" not in parser.format_help()


def test_run_from_argv_exit_codes(extra_checks, capsys):
    Command().run_from_argv(["chainweb", "check"])
    assert capsys.readouterr().out == "System check identified no issues (0 silenced).\n"

    extra_checks(lambda **kwargs: [Warning("w", hint="fix w", id="t.W001")], "t")
    Command().run_from_argv(["chainweb", "check"])
    assert "t.W001" in capsys.readouterr().err

    with pytest.raises(SystemExit) as info:
        Command().run_from_argv(["chainweb", "check", "--fail-level", "WARNING"])
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert "SystemCheckError: System check identified some issues:" in err
    assert "HINT: fix w" in err


def test_run_from_argv_unknown_tag(capsys):
    with pytest.raises(SystemExit) as info:
        Command().run_from_argv(["chainweb", "check", "--tag", "nope"])
    assert info.value.code == 1
    assert capsys.readouterr().err.startswith(
        "CommandError: There is no system check with the 'nope' tag. Pick one of:"
    )


def test_run_from_argv_bad_fail_level(capsys):
    with pytest.raises(SystemExit) as info:
        Command().run_from_argv(["chainweb", "check", "--fail-level", "LOUD"])
    assert info.value.code == 2
    assert "invalid choice: 'LOUD'" in capsys.readouterr().err


def test_bad_fail_level_through_call_command():
    with pytest.raises(CommandError, match=r"Unknown --fail-level 'LOUD'; use one of CRITICAL"):
        run(fail_level="LOUD")


def test_a_broken_check_does_not_crash_the_command(extra_checks):
    def broken(**kwargs):
        raise RuntimeError("oops")

    extra_checks(broken, "t")
    with pytest.raises(SystemCheckError) as info:
        run()
    assert "(checks.E001) The check raised RuntimeError: oops." in str(info.value)


def test_separate_registry_is_independent():
    registry = CheckRegistry()
    assert registry.run_checks() == []
