"""Loading and rendering templates: get_template, select_template, render_to_string."""

import re

import pytest

from chainweb.template import (
    TemplateDoesNotExist,
    TemplateSyntaxError,
    engines,
    get_template,
    render_to_string,
    select_template,
)
from chainweb.template.base import Origin
from chainweb.test import override_settings
from tests.template.settings import (
    APP,
    APP_TEMPLATES_DIR,
    BACKEND,
    OTHER_DIR,
    TEMPLATES_DIR,
    jinja2_templates,
)


@pytest.mark.parametrize(
    ("name", "context", "expected"),
    [
        pytest.param("hello.html", {"name": "world"}, "Hello world!", id="from DIRS"),
        pytest.param("sub/page.html", {"name": "x"}, "Sub x", id="subdirectory"),
        pytest.param(
            "fixture_app/page.html", {"name": "y"}, "Page from the app, y.", id="from an app"
        ),
        pytest.param("child.html", {"name": "z"}, "<title>Child</title>\nBody of z", id="extends"),
        pytest.param("hello.html", None, "Hello !", id="no context, undefined is empty"),
    ],
)
def test_render_to_string(name, context, expected):
    assert render_to_string(name, context).strip() == expected


def test_dirs_come_before_app_directories():
    assert render_to_string("hello.html", {"name": "DIRS"}).strip() == "Hello DIRS!"
    with override_settings(TEMPLATES=jinja2_templates(DIRS=[])):
        assert render_to_string("hello.html").strip() == "The app copy of hello.html."


def test_render_to_string_with_a_list_uses_the_first_that_exists():
    assert render_to_string(["missing.html", "hello.html"], {"name": "a"}).strip() == "Hello a!"
    assert render_to_string(("hello.html", "sub/page.html"), {"name": "b"}).strip() == "Hello b!"


def test_get_template_returns_a_template_with_name_and_origin():
    template = get_template("hello.html")
    assert template.name == "hello.html"
    assert template.origin == Origin(
        str(TEMPLATES_DIR / "hello.html"), "hello.html", "engine 'jinja2'"
    )
    assert str(template.origin) == str(TEMPLATES_DIR / "hello.html")
    assert repr(template) == "<Template 'hello.html'>"
    assert template.render({"name": "r"}).strip() == "Hello r!"


def test_the_context_dict_is_not_changed():
    context = {"name": "n"}
    get_template("hello.html").render(context, request=None)
    assert context == {"name": "n"}


def test_missing_template_names_every_place_searched():
    with pytest.raises(TemplateDoesNotExist) as info:
        get_template("blog/missing.html")
    error = info.value
    in_dirs = f"{TEMPLATES_DIR}/blog/missing.html"
    in_app = f"{APP_TEMPLATES_DIR}/blog/missing.html"
    assert [(origin.name, reason) for origin, reason in error.tried] == [
        (in_dirs, "Source does not exist"),
        (in_app, "Source does not exist"),
    ]
    assert error.tried[1][0].loader == f"engine 'jinja2', app '{APP}'"
    assert str(error) == (
        "Template 'blog/missing.html' does not exist. Searched:\n"
        f"- {in_dirs} (Source does not exist; engine 'jinja2', DIRS)\n"
        f"- {in_app} (Source does not exist; engine 'jinja2', app '{APP}')\n"
        "Create the template in one of these places or fix its name. Template directories are "
        "the 'DIRS' of each settings.TEMPLATES entry and, with 'APP_DIRS': True, the "
        "templates/ directory of each INSTALLED_APPS package."
    )
    assert error.template_name == "blog/missing.html"
    assert error.args == ("blog/missing.html",)
    assert len(error.chain) == 1
    assert error.chain[0].backend is engines["jinja2"]


def test_every_engine_is_searched_in_order():
    templates = [
        *jinja2_templates(),
        {"BACKEND": BACKEND, "NAME": "other", "DIRS": [OTHER_DIR]},
    ]
    with override_settings(TEMPLATES=templates):
        assert render_to_string("other.html", {"name": "o"}).strip() == "Other o"
        assert render_to_string("hello.html", {"name": "h"}).strip() == "Hello h!"
        assert render_to_string("hello.html", using="other").strip() == (
            "Hello from other_templates"
        )
        with pytest.raises(TemplateDoesNotExist) as info:
            get_template("nope.html")
    assert [origin.name for origin, _ in info.value.tried] == [
        f"{TEMPLATES_DIR}/nope.html",
        f"{APP_TEMPLATES_DIR}/nope.html",
        f"{OTHER_DIR}/nope.html",
    ]
    assert f"- {OTHER_DIR}/nope.html (Source does not exist; engine 'other', DIRS)" in str(
        info.value
    )


def test_using_searches_only_that_engine():
    templates = [*jinja2_templates(), {"BACKEND": BACKEND, "NAME": "other", "DIRS": [OTHER_DIR]}]
    with override_settings(TEMPLATES=templates), pytest.raises(TemplateDoesNotExist) as info:
        get_template("other.html", using="jinja2")
    assert [origin.name for origin, _ in info.value.tried] == [
        f"{TEMPLATES_DIR}/other.html",
        f"{APP_TEMPLATES_DIR}/other.html",
    ]


def test_select_template_lists_every_name_tried():
    with pytest.raises(TemplateDoesNotExist) as info:
        select_template(["a.html", "b.html"])
    error = info.value
    assert error.names == ["a.html", "b.html"]
    assert error.args == ("a.html, b.html",)
    assert [origin.name for origin, _ in error.tried] == [
        f"{TEMPLATES_DIR}/a.html",
        f"{APP_TEMPLATES_DIR}/a.html",
        f"{TEMPLATES_DIR}/b.html",
        f"{APP_TEMPLATES_DIR}/b.html",
    ]
    assert str(error).startswith("None of the templates 'a.html', 'b.html' exist. Searched:\n")


def test_select_template_returns_the_first_that_exists():
    assert select_template(["nope.html", "sub/page.html", "hello.html"]).name == "sub/page.html"


def test_select_template_with_no_names():
    with pytest.raises(TemplateDoesNotExist) as info:
        select_template([])
    assert str(info.value) == (
        "No template names were given. Pass at least one name to select_template(), or set "
        "template_name on the view."
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: select_template("hello.html"),
            "select_template() takes an iterable of template names but got a string: "
            "'hello.html'. Use get_template() if you want to load a single template by name.",
            id="select_template with a str",
        ),
        pytest.param(
            lambda: get_template(["hello.html"]),
            "get_template() takes a template name (str), not list: ['hello.html']. Use "
            "select_template() for a list of names.",
            id="get_template with a list",
        ),
    ],
)
def test_wrong_argument_types(call, message):
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value) == message


def test_no_engine_configured():
    with override_settings(TEMPLATES=[]), pytest.raises(TemplateDoesNotExist) as info:
        get_template("hello.html")
    assert str(info.value) == (
        "Template 'hello.html' does not exist. No template engine is configured. Add one to "
        "settings.TEMPLATES, for example {'BACKEND': 'chainweb.template.backends.jinja2.Jinja2', "
        "'DIRS': [BASE_DIR / 'templates'], 'APP_DIRS': True}."
    )


def test_engine_without_directories():
    templates = [{"BACKEND": BACKEND}]
    with override_settings(TEMPLATES=templates), pytest.raises(TemplateDoesNotExist) as info:
        get_template("hello.html")
    assert info.value.tried == []
    assert str(info.value) == (
        "Template 'hello.html' does not exist. No template directory was searched: the engine "
        "has none. Add directories to 'DIRS' in settings.TEMPLATES, or set 'APP_DIRS': True "
        "and put the template in the templates/ directory of a package in INSTALLED_APPS."
    )


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("../settings.py", id="parent directory"),
        pytest.param("sub/../../settings.py", id="parent inside the name"),
    ],
)
def test_names_going_up_a_directory_are_refused(name):
    with pytest.raises(TemplateDoesNotExist) as info:
        get_template(name)
    reasons = {reason for _, reason in info.value.tried}
    assert reasons == {"Skipped: a template name cannot go up a directory with '..'"}
    assert [origin.name for origin, _ in info.value.tried] == [
        str(TEMPLATES_DIR),
        str(APP_TEMPLATES_DIR),
    ]


def test_syntax_error_names_the_template_and_the_line():
    with pytest.raises(TemplateSyntaxError) as info:
        get_template("broken.html")
    error = info.value
    path = TEMPLATES_DIR / "broken.html"
    assert str(error) == (
        f"Syntax error in template 'broken.html' ({path}) at line 3: unexpected '}}'. "
        "The line reads: '{{ oops }'. Fix the template's syntax there."
    )
    assert (error.template_name, error.filename, error.lineno) == ("broken.html", str(path), 3)
    assert error.template_debug == {
        "name": "broken.html",
        "filename": str(path),
        "line": 3,
        "message": "unexpected '}'",
        "during": "{{ oops }",
        "source_lines": [
            (1, "first line"),
            (2, "second line"),
            (3, "{{ oops }"),
            (4, "fourth line"),
        ],
    }


def test_syntax_error_from_string():
    with pytest.raises(TemplateSyntaxError) as info:
        engines["jinja2"].from_string("ok\n{% if %}")
    assert str(info.value) == (
        "Syntax error in template '<string>' at line 2: Expected an expression, got 'end of "
        "statement block'. The line reads: '{% if %}'. Fix the template's syntax there."
    )


def test_from_string_renders():
    template = engines["jinja2"].from_string("{{ a }}+{{ b }}")
    assert template.name is None
    assert template.origin.name == "<template>"
    assert template.render({"a": 1, "b": "<b>"}) == "1+&lt;b&gt;"


def test_include_of_a_missing_template_raises_template_does_not_exist():
    with pytest.raises(TemplateDoesNotExist) as info:
        render_to_string("include_missing.html")
    error = info.value
    assert error.template_name == "nowhere.html"
    assert f"- {TEMPLATES_DIR}/nowhere.html (Source does not exist" in str(error)
    assert error.template_debug["name"] == "include_missing.html"
    assert error.template_debug["line"] == 2
    assert error.template_debug["during"] == '{% include "nowhere.html" %}'


def test_include_of_a_broken_template_raises_template_syntax_error():
    with pytest.raises(TemplateSyntaxError, match=re.escape("'broken.html'")) as info:
        render_to_string("include_broken.html")
    assert info.value.lineno == 3


def test_runtime_error_is_annotated_with_the_template_line():
    with pytest.raises(ZeroDivisionError) as info:
        render_to_string("runtime_error.html", {"zero": 0})
    debug = info.value.template_debug
    assert (debug["name"], debug["line"], debug["during"]) == (
        "runtime_error.html",
        2,
        "{{ 1 // zero }}",
    )
    assert debug["message"] == "ZeroDivisionError: integer division or modulo by zero"


def test_runtime_error_in_an_included_template_names_that_template(tmp_path):
    (tmp_path / "outer.html").write_text('outer\n{% include "inner/boom.html" %}\n')
    (tmp_path / "inner").mkdir()
    (tmp_path / "inner" / "boom.html").write_text("a\nb\n{{ 1 // zero }}\n")
    with override_settings(TEMPLATES=jinja2_templates(DIRS=[tmp_path])):
        with pytest.raises(ZeroDivisionError) as info:
            render_to_string("outer.html", {"zero": 0})
    assert info.value.template_debug["name"] == "inner/boom.html"
    assert info.value.template_debug["line"] == 3


def test_runtime_error_outside_any_template_is_not_annotated():
    def boom():
        raise KeyError("x")

    template = engines["jinja2"].from_string("{{ boom() }}")
    with pytest.raises(KeyError) as info:
        template.render({"boom": boom})
    # The template frame is found even though the error was raised in Python code it called.
    assert info.value.template_debug["name"] == "<string>"
    assert info.value.template_debug["source_lines"] == []


def test_runtime_error_in_a_file_outside_the_template_dirs_is_named_by_path(tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text("x\n{{ 1 // zero }}\n")
    engine = engines["jinja2"]
    template = engine.env.from_string(outside.read_text())
    template.filename = str(outside)  # as a loader that is not a FileSystemLoader would
    wrapper = engine.from_string("{% include inner %}")
    with pytest.raises(ZeroDivisionError) as info:
        wrapper.render({"inner": template, "zero": 0})
    assert info.value.template_debug["name"] == str(outside)
    assert info.value.template_debug["line"] == 2
    assert info.value.template_debug["during"] == "{{ 1 // zero }}"


def test_the_innermost_template_error_is_kept():
    inner = engines["jinja2"].from_string("{{ 1 // zero }}")

    def render_inner():
        return inner.render({"zero": 0})

    outer = engines["jinja2"].from_string("a\nb\n{{ render_inner() }}")
    with pytest.raises(ZeroDivisionError) as info:
        outer.render({"render_inner": render_inner})
    assert info.value.template_debug["line"] == 1  # inner's line, not outer's line 3


class Unannotatable(Exception):
    def __setattr__(self, name, value):
        raise AttributeError(name)


def test_an_exception_that_refuses_attributes_still_propagates():
    def boom():
        raise Unannotatable("no attributes")

    with pytest.raises(Unannotatable, match="no attributes") as info:
        engines["jinja2"].from_string("{{ boom() }}").render({"boom": boom})
    assert not hasattr(info.value, "template_debug")


def test_no_template_frame_means_no_template_details():
    template = engines["jinja2"].from_string("x")
    assert template._runtime_debug(ValueError("not raised")) is None


def test_tried_paths_are_normalised_as_jinja2_looks_them_up():
    assert render_to_string("./sub//page.html", {"name": "n"}) == "Sub n"
    with pytest.raises(TemplateDoesNotExist) as info:
        get_template("./sub//nope.html")
    assert info.value.tried[0][0].name == f"{TEMPLATES_DIR}/sub/nope.html"
