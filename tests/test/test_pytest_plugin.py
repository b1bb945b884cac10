from __future__ import annotations

import contextvars
import importlib.metadata
import os
import subprocess
import sys

import pytest

# Imported here, before any pytester run, so that no inner run imports them first (pytester
# removes the modules an in-process run imported, and a second copy of the signals module
# would have no receivers).
import chainweb.core.handlers.wsgi
import chainweb.globals
import chainweb.test.client
from chainweb.conf import ENVIRONMENT_VARIABLE, _empty, settings
from chainweb.core.signals import setting_changed
from chainweb.test import pytest_plugin
from chainweb.test.pytest_plugin import SettingsWrapper

pytest_plugins = ["pytester"]


def _entry_point_installed() -> bool:
    return any(
        entry_point.name == "chainweb"
        for entry_point in importlib.metadata.entry_points(group="pytest11")
    )


# Load the plugin by name when chainweb is installed without the entry point (an old install).
# Leave hypothesis's plugin out: each in-process run would import hypothesis afresh (slow).
PLUGIN_ARGS = ["-p", "no:hypothesispytest"]
if not _entry_point_installed():
    PLUGIN_ARGS += ["-p", "chainweb.test.pytest_plugin"]


@pytest.fixture
def changes():
    """Record setting_changed signals as (setting, value, enter)."""
    calls = []

    def receiver(sender, *, setting, value, enter):
        calls.append((setting, value, enter))

    setting_changed.connect(receiver)
    yield calls
    setting_changed.disconnect(receiver)


@pytest.fixture
def unconfigured(monkeypatch):
    """Forget the settings and the environment variable for the test."""
    monkeypatch.setattr(settings, "_wrapped", _empty)
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)


def test_entry_point_names_the_plugin():
    (entry_point,) = [
        entry_point
        for entry_point in importlib.metadata.entry_points(group="pytest11")
        if entry_point.name == "chainweb"
    ]
    assert entry_point.value == "chainweb.test.pytest_plugin"


def test_loading_the_plugin_imports_nothing_of_chainweb():
    """Pytest loads plugins before coverage starts, and in every run; keep that import light."""
    code = (
        "import sys, chainweb.test.pytest_plugin\n"
        "print(sorted(name for name in sys.modules if name.startswith('chainweb')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.split() == [
        "['chainweb',",
        "'chainweb.test',",
        "'chainweb.test.pytest_plugin']",
    ]


def test_plugin_spells_the_environment_variable_as_chainweb_conf():
    assert pytest_plugin.ENVIRONMENT_VARIABLE == ENVIRONMENT_VARIABLE


# The fixtures, run by pytest in a project.


def test_fixtures_in_a_test_run(pytester, changes):
    pytester.makepyfile(
        """
        from chainweb.conf import settings as real_settings
        from chainweb.http import Request
        from chainweb.test import Client, RequestFactory


        def test_client(client, settings):
            assert isinstance(client, Client)
            assert client.handler is None
            settings.ROOT_URLCONF = "tests.test.client_urls"
            assert client.get("/articles/7/").text == "article 7"


        def test_client_is_fresh(client):
            assert client.handler is None
            assert client._cookies == {}


        def test_rf(rf):
            assert isinstance(rf, RequestFactory)
            request = rf.get("/x/", {"a": "1"})
            assert isinstance(request, Request)
            assert request.GET["a"] == "1"


        def test_settings(settings):
            settings.DEBUG = True
            assert real_settings.DEBUG is True and settings.DEBUG is True
            settings.DEBUG = "again"
            del settings.APPEND_SLASH
            assert not hasattr(real_settings, "APPEND_SLASH")
            assert "SettingsWrapper over" in repr(settings)


        def test_settings_were_restored():
            assert real_settings.DEBUG is False
            assert real_settings.APPEND_SLASH is True
            assert getattr(real_settings, "ROOT_URLCONF", None) != "tests.test.client_urls"
        """
    )
    result = pytester.runpytest(*PLUGIN_ARGS)
    result.assert_outcomes(passed=5)
    # The first and last changes are the test environment's, around the whole run.
    assert [call for call in changes if call[0] != "ROOT_URLCONF"] == [
        ("DEBUG", False, True),
        ("DEBUG", True, True),
        ("DEBUG", "again", True),
        ("APPEND_SLASH", None, True),
        ("APPEND_SLASH", True, False),
        ("DEBUG", True, False),
        ("DEBUG", False, False),
        ("DEBUG", False, False),
    ]


def test_fixtures_are_listed(pytester):
    result = pytester.runpytest("--fixtures", *PLUGIN_ARGS)
    result.stdout.fnmatch_lines(
        [
            "*client*",
            "*Return a fresh ``chainweb.test.Client``*",
        ]
    )
    assert result.ret == 0


def test_option_is_in_the_help(pytester):
    result = pytester.runpytest("--help", *PLUGIN_ARGS)
    result.stdout.fnmatch_lines(["*--chainweb-settings=MODULE*", "*chainweb_settings*"])


@pytest.mark.parametrize("fixture", ["client", "rf", "settings"])
def test_fixtures_say_how_to_configure_settings(pytester, unconfigured, fixture):
    pytester.makepyfile(f"def test_it({fixture}):\n    pass\n")
    result = pytester.runpytest(*PLUGIN_ARGS)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            f"*chainweb settings are not configured, so the '{fixture}' fixture cannot be used.*",
        ]
    )
    output = result.stdout.str()
    for hint in ("--chainweb-settings=mysite.settings", "chainweb_settings = mysite.settings"):
        assert hint in output
    assert ENVIRONMENT_VARIABLE in output
    assert "settings.configure(...)" in output
    assert not settings.configured  # nothing was configured behind the user's back


def test_a_named_module_that_does_not_import_fails_clearly(pytester, unconfigured, monkeypatch):
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "nowhere.settings")
    pytester.makepyfile("def test_it(client, rf):\n    pass\n")
    result = pytester.runpytest_subprocess(*PLUGIN_ARGS)
    result.assert_outcomes(errors=1)
    assert "'nowhere.settings'" in result.stdout.str()


# Naming the settings module.


@pytest.mark.parametrize(
    ("option", "environ", "ini", "expected"),
    [
        pytest.param("from_option", None, None, "from_option", id="option"),
        pytest.param(None, "from_env", None, "from_env", id="environment"),
        pytest.param(None, None, "from_ini", "from_ini", id="ini"),
        pytest.param("from_option", "from_env", "from_ini", "from_option", id="option wins"),
        pytest.param(None, "from_env", "from_ini", "from_env", id="environment beats ini"),
        pytest.param(None, None, None, None, id="none"),
    ],
)
def test_settings_module_precedence(pytester, monkeypatch, option, environ, ini, expected):
    if environ is None:
        monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(ENVIRONMENT_VARIABLE, environ)
    if ini is not None:
        pytester.makeini(f"[pytest]\nchainweb_settings = {ini}\n")
    pytester.makepyfile(
        f"""
        import os

        def test_it():
            assert os.environ.get({ENVIRONMENT_VARIABLE!r}) == {expected!r}
        """
    )
    args = [f"--chainweb-settings={option}"] if option else []
    pytester.runpytest(*args, *PLUGIN_ARGS).assert_outcomes(passed=1)
    assert os.environ.get(ENVIRONMENT_VARIABLE) == environ  # restored after the run


def test_named_settings_module_serves_a_project(pytester, monkeypatch):
    """Run a project's tests in a new process, its settings named in the ini file."""
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    pytester.makepyfile(
        mysite_settings="""
        SECRET_KEY = "project-secret"
        ALLOWED_HOSTS = ["testserver"]
        ROOT_URLCONF = "mysite_urls"
        """,
        mysite_urls="""
        from chainweb.http import HttpResponse
        from chainweb.urls import path

        def hello(request):
            return HttpResponse("hello " + request.GET.get("name", "world"))

        def boom(request):
            raise KeyError("boom")

        urlpatterns = [path("", hello, name="hello"), path("boom/", boom)]
        """,
        test_project="""
        import pytest

        def test_hello(client):
            assert client.get("/", {"name": "ada"}).text == "hello ada"

        def test_settings(settings, client):
            assert settings.SECRET_KEY == "project-secret"
            settings.ALLOWED_HOSTS = ["elsewhere"]
            assert client.get("/").status_code == 400

        def test_boom(client):
            with pytest.raises(KeyError, match="boom"):
                client.get("/boom/")
        """,
    )
    pytester.makeini("[pytest]\nchainweb_settings = mysite_settings\n")
    result = pytester.runpytest_subprocess(*PLUGIN_ARGS)
    result.assert_outcomes(passed=3)


def test_option_names_the_module_before_conftest_is_imported(pytester, monkeypatch):
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    pytester.makepyfile(
        mysite_settings='SECRET_KEY = "s"\nGREETING = "from the module"\n',
        test_it="def test_it(settings):\n    assert settings.GREETING == 'from the module'\n",
    )
    pytester.makeconftest(
        "from chainweb.conf import settings\nassert settings.GREETING == 'from the module'\n"
    )
    result = pytester.runpytest_subprocess("--chainweb-settings=mysite_settings", *PLUGIN_ARGS)
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("args", "debug"),
    [([], False), (["--chainweb-debug-mode=true"], True), (["--chainweb-debug-mode=keep"], 1)],
)
def test_tests_run_in_django_style_test_environment(pytester, monkeypatch, args, debug):
    """'testserver' is allowed and DEBUG is off while tests run, as under Django's runner."""
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    pytester.makepyfile(
        mysite_settings="""
        SECRET_KEY = "s"
        DEBUG = 1
        ALLOWED_HOSTS = ["example.com"]
        ROOT_URLCONF = "mysite_urls"
        """,
        mysite_urls="""
        from chainweb.http import HttpResponse
        from chainweb.urls import path

        urlpatterns = [path("", lambda request: HttpResponse(request.get_host()))]
        """,
        test_env=f"""
        from chainweb.conf import settings as conf

        def test_environment(client):
            assert conf.ALLOWED_HOSTS == ["example.com", "testserver"]
            assert conf.DEBUG == {debug!r}
            assert client.get("/").text == "testserver"
            assert client.get("/", headers={{"Host": "evil.com"}}).status_code == 400

        def test_settings_fixture_still_overrides(settings):
            settings.DEBUG = "set by the test"
            assert conf.DEBUG == "set by the test"
        """,
    )
    result = pytester.runpytest_subprocess(
        "--chainweb-settings=mysite_settings", *args, *PLUGIN_ARGS
    )
    result.assert_outcomes(passed=2)


def test_test_environment_leaves_an_unconfigured_run_alone(pytester, unconfigured):
    pytester.makepyfile("def test_it():\n    pass\n")
    pytester.runpytest_subprocess(*PLUGIN_ARGS).assert_outcomes(passed=1)


# SettingsWrapper, used directly.


def test_settings_wrapper_overrides_and_restores(changes):
    wrapper = SettingsWrapper()
    wrapper.DEBUG = True
    wrapper.NEW_SETTING = "new"
    del wrapper.APPEND_SLASH
    assert (settings.DEBUG, settings.NEW_SETTING) == (True, "new")
    assert not hasattr(settings, "APPEND_SLASH")
    with pytest.raises(AttributeError):
        wrapper.APPEND_SLASH  # noqa: B018
    wrapper.finalize()
    assert settings.DEBUG is False
    assert settings.APPEND_SLASH is True
    assert not hasattr(settings, "NEW_SETTING")
    assert changes == [
        ("DEBUG", True, True),
        ("NEW_SETTING", "new", True),
        ("APPEND_SLASH", None, True),
        ("APPEND_SLASH", True, False),
        ("NEW_SETTING", None, False),
        ("DEBUG", False, False),
    ]


def test_settings_wrapper_set_after_delete_restores_the_setting():
    wrapper = SettingsWrapper()
    del wrapper.APPEND_SLASH
    wrapper.APPEND_SLASH = False
    assert settings.APPEND_SLASH is False
    wrapper.finalize()
    assert settings.APPEND_SLASH is True


def test_settings_wrapper_undoes_every_change_when_a_receiver_fails():
    wrapper = SettingsWrapper()
    wrapper.DEBUG = True
    wrapper.APPEND_SLASH = False

    def fail_on_append_slash_exit(sender, *, setting, value, enter):
        if setting == "APPEND_SLASH" and not enter:
            raise RuntimeError("receiver failed")

    setting_changed.connect(fail_on_append_slash_exit)
    try:
        with pytest.raises(RuntimeError, match="receiver failed"):
            wrapper.finalize()
    finally:
        setting_changed.disconnect(fail_on_append_slash_exit)
    assert (settings.DEBUG, settings.APPEND_SLASH) == (False, True)


# The request-context leak check.


def test_leaked_request_context_fails_the_test(pytester):
    pytester.makepyfile(
        """
        from chainweb.globals import request_context
        from chainweb.test import RequestFactory

        def test_leaks():
            request_context(RequestFactory().get("/")).__enter__()

        def test_cleans_up():
            with request_context(RequestFactory().get("/")):
                pass
        """
    )
    # Run in a copy of the context, so that the leaked request stays in there.
    result = contextvars.copy_context().run(pytester.runpytest, *PLUGIN_ARGS)
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        ["*ERROR at teardown of test_leaks*", "*left a chainweb request context pushed*"]
    )
    assert not chainweb.globals.has_request_context()


def test_context_pushed_before_the_test_is_not_blamed_on_it(pytester):
    pytester.makepyfile("def test_it():\n    pass\n")
    rf_request = chainweb.test.client.RequestFactory().get("/")

    def run():
        with chainweb.globals.request_context(rf_request):
            return pytester.runpytest(*PLUGIN_ARGS)

    contextvars.copy_context().run(run).assert_outcomes(passed=1)
