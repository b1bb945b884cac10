"""The TEMPLATES setting: engines, their options, and the errors a wrong setting gives."""

import jinja2
import pytest

from chainweb.core.exceptions import ImproperlyConfigured
from chainweb.template import InvalidTemplateEngineError, engines, get_template
from chainweb.template.backends.jinja2 import Jinja2
from chainweb.template.utils import EngineHandler, get_app_template_dirs
from chainweb.test import RequestFactory, override_settings
from tests.template.settings import (
    APP,
    APP_TEMPLATES_DIR,
    BACKEND,
    OTHER_DIR,
    TEMPLATES_DIR,
    jinja2_templates,
)


def test_default_name_is_the_backend_module():
    engine = engines["jinja2"]
    assert isinstance(engine, Jinja2)
    assert list(engines) == ["jinja2"]
    assert engines.all() == [engine]
    assert engines["jinja2"] is engine  # built once
    assert engine.template_dirs == (str(TEMPLATES_DIR), str(APP_TEMPLATES_DIR))
    assert repr(engine) == f"<Jinja2 NAME='jinja2' DIRS=[{str(TEMPLATES_DIR)!r}]>"


def test_engines_are_rebuilt_when_settings_change():
    engine = engines["jinja2"]
    with override_settings(TEMPLATES=jinja2_templates(NAME="custom")):
        assert list(engines) == ["custom"]
        assert engines["custom"] is not engine
    assert engines["jinja2"] is not engine  # rebuilt after the override, too


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        pytest.param("INSTALLED_APPS", [], id="INSTALLED_APPS"),
        pytest.param("DEBUG", True, id="DEBUG"),
    ],
)
def test_other_settings_that_rebuild_engines(setting, value):
    engine = engines["jinja2"]
    with override_settings(**{setting: value}):
        assert engines["jinja2"] is not engine


def test_app_dirs_follow_installed_apps():
    with override_settings(INSTALLED_APPS=[]):
        assert engines["jinja2"].template_dirs == (str(TEMPLATES_DIR),)
    assert engines["jinja2"].template_dirs == (str(TEMPLATES_DIR), str(APP_TEMPLATES_DIR))


def test_apps_without_templates_are_skipped():
    with override_settings(INSTALLED_APPS=["tests.test", APP, "json"]):
        assert get_app_template_dirs("templates") == ((APP, str(APP_TEMPLATES_DIR)),)


@pytest.mark.parametrize(
    "app",
    [
        pytest.param("tests.template.no_such_app", id="missing module"),
        pytest.param("no_such_package.app", id="missing parent package"),
        pytest.param("", id="empty name"),
    ],
)
def test_installed_app_that_cannot_be_found(app):
    with override_settings(INSTALLED_APPS=[app]), pytest.raises(ImproperlyConfigured) as info:
        engines["jinja2"]
    assert str(info.value).startswith(f"INSTALLED_APPS entry {app!r} could not be found")
    assert str(info.value).endswith(
        "Check the dotted path of the package, and that its parent directory is on sys.path."
    )


def test_app_dirs_off_ignores_apps():
    with override_settings(TEMPLATES=jinja2_templates(APP_DIRS=False)):
        assert engines["jinja2"].template_dirs == (str(TEMPLATES_DIR),)


def test_dirs_accept_paths_and_strings():
    templates = jinja2_templates(DIRS=[str(OTHER_DIR), TEMPLATES_DIR], APP_DIRS=False)
    with override_settings(TEMPLATES=templates):
        assert engines["jinja2"].dirs == [str(OTHER_DIR), str(TEMPLATES_DIR)]
        assert get_template("hello.html").render().strip() == "Hello from other_templates"


@pytest.mark.parametrize(
    ("templates", "message"),
    [
        pytest.param(
            ["chainweb.template.backends.jinja2.Jinja2"],
            "Each settings.TEMPLATES entry must be a dict, not str "
            "('chainweb.template.backends.jinja2.Jinja2'). Write {'BACKEND': "
            "'chainweb.template.backends.jinja2.Jinja2', 'DIRS': [...], 'APP_DIRS': True}.",
            id="entry not a dict",
        ),
        pytest.param(
            [{"DIRS": []}],
            "Invalid BACKEND for a template engine: None. Set 'BACKEND' in each "
            "settings.TEMPLATES entry to a dotted path such as "
            "'chainweb.template.backends.jinja2.Jinja2'.",
            id="no BACKEND",
        ),
        pytest.param(
            [{"BACKEND": "Jinja2"}],
            "Invalid BACKEND for a template engine: 'Jinja2'. Set 'BACKEND' in each "
            "settings.TEMPLATES entry to a dotted path such as "
            "'chainweb.template.backends.jinja2.Jinja2'.",
            id="BACKEND not dotted",
        ),
        pytest.param(
            [{"BACKEND": BACKEND}, {"BACKEND": BACKEND}],
            "Template engine aliases aren't unique, duplicates: jinja2. Set a unique NAME for "
            "each engine in settings.TEMPLATES.",
            id="duplicate names",
        ),
    ],
)
def test_invalid_templates_setting(templates, message):
    with override_settings(TEMPLATES=templates), pytest.raises(ImproperlyConfigured) as info:
        engines.all()
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        pytest.param(
            {"BACKEND": "chainweb.template.backends.nope.Nope"},
            "Template backend 'chainweb.template.backends.nope.Nope' could not be imported: No "
            "module named 'chainweb.template.backends.nope'. Check 'BACKEND' in "
            "settings.TEMPLATES; chainweb's is 'chainweb.template.backends.jinja2.Jinja2'.",
            id="BACKEND does not import",
        ),
        pytest.param(
            {"BACKEND": BACKEND, "DIR": ["templates"]},
            "The 'jinja2' entry of settings.TEMPLATES has unknown keys: 'DIR'. Its keys are "
            "BACKEND, NAME, DIRS, APP_DIRS, OPTIONS; options for the engine go in 'OPTIONS'.",
            id="unknown key",
        ),
        pytest.param(
            {"BACKEND": BACKEND, "DIRS": "templates"},
            "'DIRS' of the 'jinja2' engine in settings.TEMPLATES must be a list of "
            "directories, not str ('templates'). Write 'DIRS': ['templates'].",
            id="DIRS a str",
        ),
        pytest.param(
            {"BACKEND": BACKEND, "OPTIONS": {"context_processors": "a.b"}},
            "OPTIONS['context_processors'] of the 'jinja2' engine must be a list of dotted "
            "paths, not a str. Write 'context_processors': ['a.b'].",
            id="context_processors a str",
        ),
        pytest.param(
            {
                "BACKEND": BACKEND,
                "DIRS": ["templates"],
                "OPTIONS": {"loader": jinja2.DictLoader({})},
            },
            "The 'jinja2' engine in settings.TEMPLATES sets both OPTIONS['loader'] and DIRS or "
            "APP_DIRS, which the loader would ignore. Remove the loader, or remove DIRS and "
            "APP_DIRS and let the loader find the templates.",
            id="loader with DIRS",
        ),
        pytest.param(
            {"BACKEND": BACKEND, "OPTIONS": {"autoescaping": False}},
            "The 'jinja2' engine could not create its Jinja2 environment: Environment.__init__() "
            "got an unexpected keyword argument 'autoescaping'. Check OPTIONS in "
            "settings.TEMPLATES: apart from 'context_processors' and 'environment', they must "
            "be arguments jinja2.Environment takes.",
            id="unknown Jinja2 option",
        ),
        pytest.param(
            {"BACKEND": BACKEND, "OPTIONS": {"environment": "tests.template.nope.env"}},
            "OPTIONS['environment'] of the 'jinja2' engine, 'tests.template.nope.env', could "
            "not be imported: No module named 'tests.template.nope'. Give the dotted path of a "
            "callable that takes the options and returns a jinja2.Environment.",
            id="environment does not import",
        ),
        pytest.param(
            {
                "BACKEND": BACKEND,
                "OPTIONS": {"environment": "tests.template.environments.not_an_environment"},
            },
            "OPTIONS['environment'] of the 'jinja2' engine returned dict, not a "
            "jinja2.Environment. Return jinja2.Environment(**options) from it.",
            id="environment returns something else",
        ),
    ],
)
def test_invalid_engine_entry(entry, message):
    with override_settings(TEMPLATES=[entry]), pytest.raises(ImproperlyConfigured) as info:
        engines.all()
    assert str(info.value) == message


def test_unknown_engine_name():
    with pytest.raises(InvalidTemplateEngineError) as info:
        get_template("hello.html", using="django")
    assert str(info.value) == (
        "Could not find config for 'django' in settings.TEMPLATES (engines: 'jinja2'). Pass "
        "the NAME of a configured engine as 'using', or add an entry with that NAME."
    )
    assert isinstance(info.value, ImproperlyConfigured)
    with override_settings(TEMPLATES=[]), pytest.raises(InvalidTemplateEngineError) as info:
        engines["jinja2"]
    assert "(engines: none)" in str(info.value)


def test_engine_handler_with_explicit_templates():
    handler = EngineHandler([{"BACKEND": BACKEND, "NAME": "x", "DIRS": [OTHER_DIR]}])
    assert handler["x"].get_template("other.html").render({"name": 1}).strip() == "Other 1"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        pytest.param({}, "&lt;b&gt; &amp;", id="autoescape on by default"),
        pytest.param({"autoescape": False}, "<b> &", id="autoescape off in OPTIONS"),
    ],
)
def test_autoescape(options, expected):
    with override_settings(TEMPLATES=jinja2_templates(OPTIONS=options)):
        assert engines["jinja2"].from_string("{{ v }}").render({"v": "<b> &"}) == expected


def test_safe_values_are_not_escaped():
    template = engines["jinja2"].from_string("{{ v }}|{{ w|safe }}")
    assert template.render({"v": jinja2.filters.Markup("<i>"), "w": "<u>"}) == "<i>|<u>"


def test_undefined_is_jinja2_default():
    engine = engines["jinja2"]
    assert engine.env.undefined is jinja2.Undefined
    assert engine.from_string("[{{ missing }}]").render() == "[]"
    with override_settings(DEBUG=True):
        assert engines["jinja2"].env.undefined is jinja2.Undefined


def test_undefined_from_options():
    with override_settings(
        TEMPLATES=jinja2_templates(OPTIONS={"undefined": jinja2.StrictUndefined})
    ):
        with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
            engines["jinja2"].from_string("{{ missing }}").render()


@pytest.mark.parametrize(
    ("debug", "auto_reload"),
    [pytest.param(False, False, id="DEBUG off"), pytest.param(True, True, id="DEBUG on")],
)
def test_auto_reload_follows_debug(debug, auto_reload):
    with override_settings(DEBUG=debug):
        assert engines["jinja2"].env.auto_reload is auto_reload


def test_options_go_to_the_environment():
    options = {"trim_blocks": True, "extensions": ["jinja2.ext.loopcontrols"]}
    with override_settings(TEMPLATES=jinja2_templates(OPTIONS=options)):
        env = engines["jinja2"].env
    assert env.trim_blocks is True
    assert "jinja2.ext.LoopControlExtension" in env.extensions


def test_environment_option_names_a_callable():
    options = {"environment": "tests.template.environments.environment"}
    with override_settings(TEMPLATES=jinja2_templates(OPTIONS=options)):
        template = engines["jinja2"].from_string("{{ shout('hi') }} {{ url('detail', 1) }}")
        assert template.render() == "HI /detail/1/"


def test_environment_globals_win_over_chainweb_globals():
    options = {"environment": "tests.template.environments.own_url_environment"}
    with override_settings(TEMPLATES=jinja2_templates(OPTIONS=options)):
        assert engines["jinja2"].from_string("{{ url('x') }}").render() == "own:x"


def test_own_loader():
    options = {"loader": jinja2.DictLoader({"page.html": "dict {{ name }}"})}
    templates = [{"BACKEND": BACKEND, "OPTIONS": options}]
    with override_settings(TEMPLATES=templates):
        assert get_template("page.html").render({"name": "loader"}) == "dict loader"
        with pytest.raises(Exception) as info:
            get_template("missing.html")
    assert [(origin.name, reason) for origin, reason in info.value.tried] == [
        ("DictLoader (OPTIONS['loader'])", "Source does not exist")
    ]


class TestContextProcessors:
    @pytest.fixture(autouse=True)
    def processors(self):
        options = {
            "context_processors": [
                "tests.template.environments.greeting",
                "tests.template.environments.method",
            ]
        }
        with override_settings(TEMPLATES=jinja2_templates(OPTIONS=options)):
            yield

    def test_processors_run_with_a_request(self):
        request = RequestFactory().post("/somewhere/")
        template = engines["jinja2"].from_string("{{ greeting }}/{{ method }}/{{ request.path }}")
        assert template.render({}, request) == "from a processor/POST//somewhere/"

    def test_the_context_overrides_processors(self):
        request = RequestFactory().get("/")
        template = engines["jinja2"].from_string("{{ greeting }} {{ name }}")
        assert template.render({"name": "view"}, request) == "from a processor view"

    def test_processors_do_not_run_without_a_request(self):
        template = engines["jinja2"].from_string("[{{ greeting }}][{{ request }}]")
        assert template.render({}) == "[][]"

    def test_processor_that_does_not_import(self):
        options = {"context_processors": ["tests.template.environments.nope"]}
        with override_settings(TEMPLATES=jinja2_templates(OPTIONS=options)):
            template = engines["jinja2"].from_string("x")
            with pytest.raises(ImproperlyConfigured) as info:
                template.render({}, RequestFactory().get("/"))
        assert str(info.value) == (
            "Context processor 'tests.template.environments.nope' of the 'jinja2' engine could "
            "not be imported: Module 'tests.template.environments' does not define a 'nope' "
            "attribute/class. Check OPTIONS['context_processors'] in settings.TEMPLATES."
        )

    def test_processor_returning_none(self):
        options = {"context_processors": ["tests.template.environments.returns_none"]}
        with override_settings(TEMPLATES=jinja2_templates(OPTIONS=options)):
            template = engines["jinja2"].from_string("x")
            with pytest.raises(TypeError) as info:
                template.render({}, RequestFactory().get("/"))
        assert str(info.value) == (
            "Context processor 'tests.template.environments.returns_none' returned NoneType, "
            "not a dict. A context processor takes the request and returns a dict of variables "
            "for the template."
        )


def test_environment_option_may_be_the_callable_itself():
    from tests.template.environments import environment

    with override_settings(TEMPLATES=jinja2_templates(OPTIONS={"environment": environment})):
        assert engines["jinja2"].from_string("{{ shout('a') }}").render() == "A"
