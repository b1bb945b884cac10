"""startapp: the rendered app, and refusals that leave nothing on disk."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import chainweb
import chainweb.conf
from chainweb.conf import app_template_dir
from chainweb.core.management import CommandError, call_command

REPO = Path(chainweb.__file__).resolve().parent.parent

APP_FILES = {
    "__init__.py",
    "views.py",
    "urls.py",
    "tests.py",
    "templates/polls/index.html",
}


def files_under(directory: Path) -> set[str]:
    return {
        path.relative_to(directory).as_posix() for path in directory.rglob("*") if path.is_file()
    }


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAINWEB_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def startapp(*args: str) -> str:
    out = io.StringIO()
    call_command("startapp", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    startapp("polls")
    return tmp_path / "polls"


def test_creates_the_app_layout(app: Path) -> None:
    assert files_under(app) == APP_FILES
    assert (app / "templates" / "polls").is_dir()


def test_placeholders_are_replaced(app: Path) -> None:
    urls = (app / "urls.py").read_text()
    assert 'app_name = "polls"' in urls
    assert "from polls import views" in urls
    assert '"polls/index.html"' in (app / "views.py").read_text()
    for name in ("__init__.py", "views.py", "urls.py", "tests.py"):
        assert "{{" not in (app / name).read_text(), name


def test_jinja2_templates_are_copied_as_they_are(app: Path) -> None:
    source = app_template_dir() / "templates" / "{{ app_name }}" / "index.html"
    assert (app / "templates/polls/index.html").read_bytes() == source.read_bytes()
    assert b"{{ title }}" in source.read_bytes()


def test_prints_what_was_created_and_the_next_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert startapp("polls") == (
        f"Created app 'polls' in {tmp_path / 'polls'}. Next: add 'polls' to INSTALLED_APPS "
        'in settings.py and path("polls/", include("polls.urls")) to urls.py\n'
    )


def test_into_an_existing_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "apps" / "polls" / "templates").mkdir(parents=True)
    startapp("polls", "apps/polls")
    assert files_under(tmp_path / "apps" / "polls") == APP_FILES


def test_template_dir_prefers_the_installed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app_template_dir() == REPO / "app_template"
    conf = tmp_path / "site-packages" / "chainweb" / "conf"
    (conf / "app_template").mkdir(parents=True)
    monkeypatch.setattr(chainweb.conf, "__file__", str(conf / "__init__.py"))
    assert app_template_dir() == conf / "app_template"


def test_app_in_a_new_project_passes_its_tests(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "chainweb", "startproject", "mysite"], tmp_path)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "mysite"
    result = run([sys.executable, "manage.py", "startapp", "polls"], project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Created app 'polls'")

    settings_py = project / "mysite" / "settings.py"
    settings_py.write_text(
        settings_py.read_text().replace(
            "INSTALLED_APPS: list[str] = []", 'INSTALLED_APPS = ["polls"]'
        )
    )
    urls_py = project / "mysite" / "urls.py"
    urls_py.write_text(
        urls_py.read_text()
        .replace("import path", "import include, path")
        .replace("urlpatterns = [", 'urlpatterns = [\n    path("polls/", include("polls.urls")),')
    )
    script = (
        "from chainweb.test import Client\n"
        "from chainweb.urls import reverse\n"
        "response = Client().get(reverse('polls:index'), headers={'Host': 'localhost'})\n"
        "print(reverse('polls:index'), response.status_code, '<h1>polls</h1>' in "
        "response.content.decode())\n"
    )
    env_script = "import os; os.environ['CHAINWEB_SETTINGS_MODULE'] = 'mysite.settings'\n"
    result = run([sys.executable, "-c", env_script + script], project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "/polls/ 200 True\n"

    result = run([sys.executable, "manage.py", "check"], project)
    assert result.returncode == 0, result.stdout + result.stderr

    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["my-app"], "'my-app' is not a valid app name", id="not an identifier"),
        pytest.param(["class"], "'class' is not a valid app name: it is a Python keyword", id="kw"),
        pytest.param(["os"], "'os' conflicts with the name of an existing Python module", id="os"),
        pytest.param(["json"], "cannot be used as an app name. Choose another name.", id="json"),
        pytest.param(["polls", "nowhere"], "Destination directory", id="missing DIR"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, args: list[str], message: str) -> None:
    result = run([sys.executable, "-m", "chainweb", "startapp", *args], tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("CommandError: ")
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_directory_name_must_be_a_valid_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-polls").mkdir()
    with pytest.raises(CommandError, match="'my-polls' is not a valid directory name"):
        startapp("polls", "my-polls")
    assert list((tmp_path / "my-polls").iterdir()) == []


def test_existing_app_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "polls").mkdir()
    (tmp_path / "polls" / "views.py").write_text("mine")
    with pytest.raises(CommandError, match="already exists, and startapp never overwrites"):
        startapp("polls")
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "views.py").write_text("mine")
    with pytest.raises(CommandError, match=r"views\.py' already exists, and startapp never"):
        startapp("polls", "target")
    assert files_under(tmp_path) == {"polls/views.py", "target/views.py"}
