"""startproject: the rendered project, and refusals that leave nothing on disk."""

from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import chainweb
import chainweb.conf
from chainweb.conf import project_template_dir
from chainweb.core.management import CommandError, call_command
from chainweb.core.management.commands import startproject as startproject_module
from chainweb.core.management.templates import render_name, render_text

REPO = Path(chainweb.__file__).resolve().parent.parent

PROJECT_FILES = {
    "gunicorn.conf.py",
    "manage.py",
    "pytest.ini",
    "mysite/__init__.py",
    "mysite/settings.py",
    "mysite/urls.py",
    "mysite/views.py",
    "mysite/wsgi.py",
    "templates/welcome.html",
    "static/css/welcome.css",
    "tests/test_welcome.py",
}

SECRET_KEY = re.compile(r'"CHAINWEB_SECRET_KEY",\s*"([^"]+)"')


def files_under(directory: Path) -> set[str]:
    return {
        path.relative_to(directory).as_posix() for path in directory.rglob("*") if path.is_file()
    }


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAINWEB_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=subprocess_env(), capture_output=True, text=True, timeout=120
    )


def chainweb_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "chainweb", *args], cwd)


def startproject(*args: str) -> str:
    out = io.StringIO()
    call_command("startproject", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    startproject("mysite")
    return tmp_path / "mysite"


# Rendering


def test_creates_the_project_layout(project: Path) -> None:
    assert files_under(project) == PROJECT_FILES


def test_placeholders_are_replaced_in_template_files(project: Path) -> None:
    for name in PROJECT_FILES - {"templates/welcome.html", "static/css/welcome.css"}:
        text = (project / name).read_text()
        assert "{{" not in text, name
    settings_py = (project / "mysite/settings.py").read_text()
    assert 'ROOT_URLCONF = "mysite.urls"' in settings_py
    assert f"using chainweb {chainweb.__version__}" in settings_py
    assert '"CHAINWEB_SETTINGS_MODULE", "mysite.settings"' in (project / "manage.py").read_text()


def test_jinja2_templates_are_copied_as_they_are(project: Path) -> None:
    source = (project_template_dir() / "templates/welcome.html").read_bytes()
    assert (project / "templates/welcome.html").read_bytes() == source
    assert b"{{ static('css/welcome.css') }}" in source


def test_file_modes_are_kept(project: Path) -> None:
    assert (project / "manage.py").stat().st_mode & stat.S_IXUSR
    assert not (project / "mysite/settings.py").stat().st_mode & stat.S_IXUSR


def test_secret_key_is_new_each_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    startproject("one")
    startproject("two")
    keys = [
        SECRET_KEY.search((tmp_path / name / name / "settings.py").read_text()).group(1)  # type: ignore[union-attr]
        for name in ("one", "two")
    ]
    assert keys[0] != keys[1]
    assert all(len(key) >= 60 for key in keys)


def test_prints_what_was_created_and_the_next_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = startproject("mysite")
    assert output == (
        f"Created project 'mysite' in {tmp_path / 'mysite'}. "
        "Next: cd mysite && python manage.py runserver\n"
    )


def test_into_an_existing_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "README").write_text("mine")
    output = startproject("mysite", "site")
    assert files_under(tmp_path / "site") == PROJECT_FILES | {"README"}
    assert (tmp_path / "site" / "README").read_text() == "mine"
    assert output.endswith("Next: cd site && python manage.py runserver\n")


def test_render_text_replaces_only_known_placeholders() -> None:
    context = {"project_name": "mysite"}
    text = "{{ project_name }} {{project_name}} {{  project_name  }} {{ title }} {{ secret_key }}"
    assert render_text(text, context) == "mysite mysite mysite {{ title }} {{ secret_key }}"


def test_render_name() -> None:
    context = {"app_name": "polls"}
    assert render_name("app_name", context, "app_name") == "polls"
    assert render_name("{{ app_name }}", context, "app_name") == "polls"
    assert render_name("views.py-tpl", context, "app_name") == "views.py"
    assert render_name("my_app_name.txt", context, "app_name") == "my_app_name.txt"


def test_template_dir_prefers_the_installed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert project_template_dir() == REPO / "project_template"
    conf = tmp_path / "site-packages" / "chainweb" / "conf"
    (conf / "project_template").mkdir(parents=True)
    monkeypatch.setattr(chainweb.conf, "__file__", str(conf / "__init__.py"))
    assert project_template_dir() == conf / "project_template"


# The rendered project works


def test_command_line_without_settings(tmp_path: Path) -> None:
    result = chainweb_cli("startproject", "mysite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Created project 'mysite'")
    assert files_under(tmp_path / "mysite") == PROJECT_FILES


def test_settings_import_and_manage_py_check(project: Path) -> None:
    result = run(
        [sys.executable, "-c", "import mysite.settings as s; print(s.ROOT_URLCONF, s.DEBUG)"],
        project,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "mysite.urls True\n"

    result = run([sys.executable, "manage.py", "check"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_wsgi_application_serves_the_welcome_page(project: Path) -> None:
    script = (
        "from werkzeug.test import Client\n"
        "from mysite.wsgi import application\n"
        "response = Client(application).get('/', headers={'Host': 'localhost'})\n"
        "print(response.status_code, response.headers['X-Frame-Options'])\n"
    )
    result = run([sys.executable, "-c", script], project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "200 DENY\n"


def test_the_projects_own_tests_pass(project: Path) -> None:
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


# Bad input: one line, exit status 1, nothing written


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("my-site", "'my-site' is not a valid project name", id="not an identifier"),
        pytest.param("1site", "must be a Python identifier", id="leading digit"),
        pytest.param("class", "it is a Python keyword", id="keyword"),
        pytest.param("os", "conflicts with the name of an existing Python module", id="os"),
        pytest.param("json", "conflicts with the name of an existing Python module", id="json"),
    ],
)
def test_bad_name_is_refused(tmp_path: Path, name: str, message: str) -> None:
    result = chainweb_cli("startproject", name, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("CommandError: ")
    assert message in result.stderr
    assert "Choose" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_existing_directory_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "notes.txt").write_text("keep")
    result = chainweb_cli("startproject", "mysite", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"CommandError: '{tmp_path / 'mysite'}' already exists, and startproject never "
        "overwrites anything. Choose another project name, or remove or rename the existing "
        "'mysite'.\n"
    )
    assert files_under(tmp_path) == {"mysite/notes.txt"}


def test_missing_destination_directory(tmp_path: Path) -> None:
    result = chainweb_cli("startproject", "mysite", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"CommandError: Destination directory '{tmp_path / 'nowhere'}' does not exist. Create "
        "it first (mkdir nowhere), or leave DIR out to create 'mysite' in the current "
        "directory.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_destination_holding_the_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("mine")
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "settings.py").write_text("mine")
    result = chainweb_cli("startproject", "mysite", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert f"'{tmp_path / 'manage.py'}' (and 1 other path it would create)" in result.stderr
    assert "never overwrites files. Give an empty directory as DIR" in result.stderr
    assert files_under(tmp_path) == {"manage.py", "mysite/settings.py"}
    assert (tmp_path / "manage.py").read_text() == "mine"


def test_a_failure_while_rendering_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    calls = 0
    real_copyfile = shutil.copyfile

    def failing_copyfile(source: Path, target: Path) -> Path:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        real_copyfile(source, target)
        return target

    monkeypatch.setattr(shutil, "copyfile", failing_copyfile)
    with pytest.raises(CommandError, match="Nothing was left there; fix the cause"):
        startproject("mysite")
    assert list(tmp_path.iterdir()) == []

    (tmp_path / "site").mkdir()
    calls = 0
    with pytest.raises(CommandError):
        startproject("mysite", "site")
    assert list(tmp_path.rglob("*")) == [tmp_path / "site"]


def test_a_failure_while_moving_into_place_undoes_the_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "README").write_text("mine")
    calls = 0
    real_replace = os.replace

    def failing_replace(source: str, target: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(CommandError, match="Permission denied"):
        startproject("mysite", str(tmp_path / "site"))
    assert files_under(tmp_path) == {"site/README"}
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["README"]


# The rendering machinery, with a template of the test's own


class Command(startproject_module.Command):
    template: Path

    def template_dir(self) -> Path:
        return self.template


def render_own_template(template: Path, *args: str) -> None:
    command = Command(stdout=io.StringIO())
    command.template = template
    call_command(command, *args)


def test_caches_are_skipped_and_read_only_files_made_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "template"
    (template / "project_name" / "__pycache__").mkdir(parents=True)
    (template / "project_name" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"")
    (template / "project_name" / "old.pyc").write_bytes(b"")
    (template / ".git").mkdir()
    (template / ".git" / "HEAD").write_text("ref")
    (template / "README-tpl").write_text("{{ project_name }} {{ other }}")
    (template / "README-tpl").chmod(0o444)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    render_own_template(template, "mysite")
    assert files_under(out) == {"mysite/README"}
    assert (out / "mysite" / "project_name").exists() is False
    assert (out / "mysite" / "mysite").is_dir()
    readme = out / "mysite" / "README"
    assert readme.read_text() == "mysite {{ other }}"
    assert readme.stat().st_mode & stat.S_IWUSR


def test_missing_template_says_to_reinstall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=r"was not found at .*reinstall it \(pip install"):
        render_own_template(tmp_path / "missing", "mysite")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(CommandError, match="Could not create .*Permission denied. Check that"):
        startproject("mysite")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["my-site"], r"'my-site' is not a valid project name: it must be a Python identifier"),
        (["import"], r"'import' is not a valid project name: it is a Python keyword"),
        (["sys"], r"existing Python module \(built-in\) and cannot be used as a project name"),
        (["json"], r"existing Python module \(.*json.*\) and cannot be used as a project name"),
        (["mysite", "nowhere"], r"'.*nowhere' does not exist. Create it first \(mkdir nowhere\)"),
    ],
)
def test_bad_input_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        startproject(*args)
    assert list(tmp_path.iterdir()) == []
