"""collectstatic: what it copies where, what it skips, what it asks and what it refuses."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import Client as WerkzeugClient

from chainweb.core.management import CommandError, call_command
from chainweb.core.management.commands import collectstatic, runserver
from chainweb.core.servers.static import StaticFilesHandler
from chainweb.test import override_settings

REPO = Path(__file__).resolve().parents[2]
_app_names = itertools.count()


def write(path: Path, text: str, mtime: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def tree(directory: Path) -> dict[str, str]:
    """Return {relative path: content} for each file under ``directory``."""
    return {
        path.relative_to(directory).as_posix(): path.read_text()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


class Site:
    """A project's static directories, an app with static/, and a STATIC_ROOT, in tmp_path."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.project = tmp_path / "project_static"
        self.vendor = tmp_path / "vendor_static"
        self.app_name = f"collectstatic_app_{next(_app_names)}"
        packages = tmp_path / "packages"
        self.app = packages / self.app_name
        self.root = tmp_path / "collected"
        write(self.project / "css/site.css", "project site")
        write(self.project / "js/app.js", "project app")
        write(self.vendor / "lib.js", "vendor lib")
        write(self.app / "__init__.py", "")
        write(self.app / "static" / self.app_name / "app.css", "app css")
        write(self.app / "static/css/site.css", "app site, shadowed by the project's")
        monkeypatch.syspath_prepend(str(packages))
        self.settings: dict[str, Any] = {
            "STATICFILES_DIRS": [self.project, ("vendor", self.vendor)],
            "INSTALLED_APPS": [self.app_name],
            "STATIC_ROOT": str(self.root),
        }

    def expected(self) -> dict[str, str]:
        return {
            "css/site.css": "project site",
            "js/app.js": "project app",
            "vendor/lib.js": "vendor lib",
            f"{self.app_name}/app.css": "app css",
        }


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    site = Site(tmp_path, monkeypatch)
    with override_settings(**site.settings):
        yield site


def collect(*args: str, **options: Any) -> tuple[str, str]:
    """Run collectstatic without asking; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("interactive", False)
    call_command("collectstatic", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# Copying ------------------------------------------------------------------------------


def test_copies_every_file_keeping_relative_paths(site: Site) -> None:
    out, err = collect()
    assert tree(site.root) == site.expected()
    assert out.endswith(f"unique path.\n\n4 static files copied to '{site.root}'.\n")
    assert err == ""


def test_the_first_directory_holding_a_path_wins(site: Site) -> None:
    write(site.vendor / "css/site.css", "vendor site, under vendor/")
    second = site.project.parent / "second"
    write(second / "css/site.css", "second site, shadowed")
    write(second / "only-here.txt", "second only")
    with override_settings(STATICFILES_DIRS=[*site.settings["STATICFILES_DIRS"], second]):
        out, _ = collect()
    collected = tree(site.root)
    assert collected["css/site.css"] == "project site"
    assert collected["vendor/css/site.css"] == "vendor site, under vendor/"
    assert collected["only-here.txt"] == "second only"
    assert "Found another file with the destination path 'css/site.css'" in out
    assert str(site.project / "css/site.css") in out
    assert collect(verbosity=0) == ("", "")


def test_prefix_with_slashes_puts_files_under_it(site: Site) -> None:
    with override_settings(STATICFILES_DIRS=[("/lib/v1/", site.vendor)], INSTALLED_APPS=[]):
        collect()
    assert tree(site.root) == {"lib/v1/lib.js": "vendor lib"}


def test_copies_content_and_mtime_with_default_permissions(site: Site) -> None:
    source = site.project / "js/app.js"
    os.utime(source, (1_000_000_000, 1_000_000_000))
    source.chmod(0o600)
    collect()
    copy = site.root / "js/app.js"
    assert copy.stat().st_mtime == 1_000_000_000
    umask = os.umask(0)
    os.umask(umask)
    assert copy.stat().st_mode & 0o777 == 0o666 & ~umask
    assert not [path for path in site.root.rglob(".*")]  # no temporary file left behind


def test_second_run_leaves_unmodified_files(site: Site) -> None:
    collect()
    out, _ = collect()
    assert out.endswith(f"\n\n0 static files copied to '{site.root}', 4 unmodified.\n")


def test_changed_sources_are_copied_again(site: Site) -> None:
    collect()
    newer = (site.root / "js/app.js").stat().st_mtime + 10
    write(site.project / "js/app.js", "project app, edited", mtime=int(newer))
    # Same mtime as the copy but another size: not identical either.
    copy_mtime = int((site.root / "vendor/lib.js").stat().st_mtime)
    write(site.vendor / "lib.js", "vendor lib v2", mtime=copy_mtime)
    os.utime(site.root / "vendor/lib.js", (copy_mtime, copy_mtime))
    out, _ = collect(verbosity=2)
    assert out.endswith(f"\n2 static files copied to '{site.root}', 2 unmodified.\n")
    assert f"Copying '{site.project / 'js/app.js'}'" in out
    assert "Skipping 'css/site.css' (not modified)" in out
    assert tree(site.root)["js/app.js"] == "project app, edited"
    assert tree(site.root)["vendor/lib.js"] == "vendor lib v2"


def test_a_link_in_static_root_is_replaced_not_written_through(site: Site, tmp_path: Path) -> None:
    outside = write(tmp_path / "outside.txt", "keep me")
    (site.root / "js").mkdir(parents=True)
    (site.root / "js/app.js").symlink_to(outside)
    collect()
    assert outside.read_text() == "keep me"
    assert not (site.root / "js/app.js").is_symlink()
    assert (site.root / "js/app.js").read_text() == "project app"


def test_files_left_in_static_root_stay_without_clear(site: Site) -> None:
    write(site.root / "old.css", "stale")
    collect()
    assert tree(site.root)["old.css"] == "stale"


# --clear and --dry-run -----------------------------------------------------------------


def test_clear_deletes_what_static_root_held(site: Site, tmp_path: Path) -> None:
    collect()
    write(site.root / "old/deep/stale.css", "stale")
    outside = tmp_path / "outside"
    write(outside / "keep.txt", "keep")
    (site.root / "linked").symlink_to(outside)
    out, _ = collect("--clear")
    assert tree(site.root) == site.expected()
    assert not (site.root / "old").exists()
    assert not (site.root / "linked").is_symlink()
    assert (outside / "keep.txt").read_text() == "keep"
    assert f"Deleting '{site.root / 'old/deep/stale.css'}'" in out
    # Everything was copied again: nothing counts as unmodified after a clear.
    assert out.endswith(f"\n4 static files copied to '{site.root}'.\n")
    assert site.root.is_dir()


def test_dry_run_touches_nothing(site: Site) -> None:
    out, _ = collect("--dry-run")
    assert not site.root.exists()
    assert f"Pretending to copy '{site.project / 'css/site.css'}'" in out
    assert out.endswith(f"\n4 static files would be copied to '{site.root}'.\n")

    write(site.root / "old.css", "stale")
    write(site.root / "sub/older.css", "staler")
    out, _ = collect("-n", "--clear")
    assert tree(site.root) == {"old.css": "stale", "sub/older.css": "staler"}
    assert f"Pretending to delete '{site.root / 'old.css'}'" in out
    assert out.endswith(f"\n4 static files would be copied to '{site.root}'.\n")


def test_clear_with_no_static_root_yet(site: Site) -> None:
    collect("--clear")
    assert tree(site.root) == site.expected()


# Ignoring ------------------------------------------------------------------------------


def test_default_ignore_patterns(site: Site) -> None:
    write(site.project / ".secret", "hidden")
    write(site.project / "css/site.css~", "editor backup")
    write(site.project / "CVS/Entries", "cvs")
    write(site.project / ".git/config", "git")
    collect()
    assert tree(site.root) == site.expected()

    collect("--clear", "--no-default-ignore")
    collected = tree(site.root)
    assert {".secret", "css/site.css~", "CVS/Entries", ".git/config"} <= set(collected)


def test_ignore_patterns(site: Site) -> None:
    write(site.project / "css/site.scss", "scss")
    write(site.project / "docs/readme.txt", "docs")
    out, _ = collect("-i", "*.scss", "--ignore", "docs", "--ignore=js/*")
    assert set(tree(site.root)) == set(site.expected()) - {"js/app.js"}
    assert out.endswith(f"\n3 static files copied to '{site.root}'.\n")


# Confirmation --------------------------------------------------------------------------


def ask(answer: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    out = io.StringIO()
    call_command("collectstatic", *args, stdout=out)
    return out.getvalue()


def test_asks_before_writing_over_files(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    write(site.root / "old.css", "stale")
    out = ask("yes\n", monkeypatch)
    assert (
        "You have requested to collect static files at the destination\n"
        f"location as specified in your settings:\n\n    {site.root}\n\n"
        "This will overwrite existing files!\n"
        "Are you sure you want to do this?\n\n"
        "Type 'yes' to continue, or 'no' to cancel: "
    ) in out
    assert tree(site.root) == {**site.expected(), "old.css": "stale"}


@pytest.mark.parametrize("answer", ["no\n", "y\n", "\n"])
def test_anything_but_yes_cancels(site: Site, monkeypatch: pytest.MonkeyPatch, answer: str) -> None:
    write(site.root / "old.css", "stale")
    with pytest.raises(CommandError, match=r"^Collecting static files cancelled\.$"):
        ask(answer, monkeypatch, "--clear")
    assert tree(site.root) == {"old.css": "stale"}


def test_no_answer_cancels_and_says_how_not_to_ask(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(site.root / "old.css", "stale")
    with pytest.raises(CommandError, match="no answer on standard input. Pass --noinput"):
        ask("", monkeypatch)


def test_clear_and_dry_run_are_announced(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    write(site.root / "old.css", "stale")
    out = ask("yes\n", monkeypatch, "--clear", "--dry-run")
    assert "You have activated the --dry-run option so no files will be modified." in out
    assert "This will DELETE ALL FILES in this location!" in out
    assert tree(site.root) == {"old.css": "stale"}


def test_an_empty_or_missing_static_root_is_not_asked_about(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = ask("", monkeypatch)  # would be cancelled if it asked
    assert "Are you sure" not in out
    assert tree(site.root) == site.expected()


# Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, ""])
def test_static_root_must_be_set(site: Site, value: str | None) -> None:
    with override_settings(STATIC_ROOT=value):
        with pytest.raises(CommandError) as excinfo:
            collect()
    message = str(excinfo.value)
    assert message.startswith("STATIC_ROOT is not set")
    assert "STATIC_ROOT = BASE_DIR / 'staticfiles'" in message


def test_static_root_may_be_a_path(site: Site) -> None:
    with override_settings(STATIC_ROOT=site.root):
        collect()
    assert tree(site.root) == site.expected()


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("project_static", "is the static directory"),
        ("project_static/collected", "is inside the static directory"),
        ("vendor_static/x/y", "is inside the static directory"),
        (".", "contains the static directory"),
    ],
)
def test_static_root_may_not_overlap_a_static_directory(site: Site, where: str, words: str) -> None:
    root = site.project.parent / where
    with override_settings(STATIC_ROOT=str(root)):
        with pytest.raises(CommandError, match=words) as excinfo:
            collect("--clear")
    assert "Set STATIC_ROOT to a directory of its own" in str(excinfo.value)
    assert tree(site.project) == {"css/site.css": "project site", "js/app.js": "project app"}


def test_a_bad_staticfiles_dirs_entry_is_a_command_error(site: Site) -> None:
    with override_settings(STATICFILES_DIRS=[("a", "b", "c")]):
        with pytest.raises(CommandError, match="is not a directory or a"):
            collect()


def test_a_missing_directory_is_skipped_with_a_warning(site: Site) -> None:
    missing = site.project.parent / "missing"
    with override_settings(STATICFILES_DIRS=[missing, *site.settings["STATICFILES_DIRS"]]):
        out, err = collect()
    assert f"Skipping the static directory '{missing}': it does not exist" in err
    assert tree(site.root) == site.expected()


def test_a_static_file_in_place_of_a_directory_is_a_command_error(site: Site) -> None:
    write(site.root / "js", "a file where a directory is needed")
    with pytest.raises(CommandError, match="Could not copy .*app.js"):
        collect()


def test_a_failed_copy_leaves_no_temporary_file(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(collectstatic.os, "replace", fail)
    with pytest.raises(CommandError, match="No space left on device"):
        collect()
    assert [path.name for path in site.root.rglob("*") if path.is_file()] == []


# Symbolic links ------------------------------------------------------------------------


def test_links_leading_out_of_a_static_directory_are_not_followed(
    site: Site, tmp_path: Path
) -> None:
    secret = write(tmp_path / "secrets/key.pem", "secret")
    (site.project / "key.pem").symlink_to(secret)
    (site.project / "private").symlink_to(secret.parent, target_is_directory=True)
    (site.project / "alias.css").symlink_to(site.project / "css/site.css")
    (site.project / "scripts").symlink_to(site.project / "js", target_is_directory=True)
    (site.project / "css/loop").symlink_to(site.project, target_is_directory=True)
    (site.project / "css/broken.css").symlink_to(site.project / "css/missing.css")
    out, err = collect()
    collected = tree(site.root)
    assert "key.pem" not in collected
    assert not any(path.startswith("private") for path in collected)
    assert collected["alias.css"] == "project site"  # a link inside the directory is fine
    assert collected["scripts/app.js"] == "project app"
    # A link back to a directory being walked would repeat forever: it is not followed.
    assert not any(path.startswith("css/loop") for path in collected)
    assert "css/broken.css" not in collected
    assert f"Skipping '{site.project / 'key.pem'}': it is a symbolic link to '{secret}'" in err
    assert f"Skipping '{site.project / 'private'}'" in err
    assert "List its target in STATICFILES_DIRS instead." in err
    assert collect(verbosity=0) == ("", "")


# Verbosity ----------------------------------------------------------------------------


def test_verbosity(site: Site) -> None:
    assert collect(verbosity=0) == ("", "")
    assert tree(site.root) == site.expected()
    write(site.project / "js/app.js", "project app, edited", mtime=2_000_000_000)
    out, _ = collect(verbosity=2)
    assert out.splitlines() == [
        "Skipping 'css/site.css' (not modified)",
        f"Copying '{site.project / 'js/app.js'}'",
        "Skipping 'vendor/lib.js' (not modified)",
        f"Skipping '{site.app_name}/app.css' (not modified)",
        f"Found another file with the destination path 'css/site.css'. It will be ignored "
        f"since only the first encountered file is collected ('{site.project / 'css/site.css'}')."
        " If this is not what you want, make sure every static file has a unique path.",
        "",
        f"1 static file copied to '{site.root}', 3 unmodified.",
    ]


# What runserver serves ----------------------------------------------------------------


def test_static_root_holds_what_runserver_serves(site: Site) -> None:
    write(site.project / "img/logo.svg", "<svg/>")
    write(site.app / "static/img/logo.svg", "<svg>app</svg>")
    collect()
    with override_settings(
        DEBUG=True,
        STATIC_URL="/static/",
        ROOT_URLCONF="tests.management.project_fixture.urls",
    ):
        handler = runserver.Command().get_handler()
    assert isinstance(handler, StaticFilesHandler)
    client = WerkzeugClient(handler)
    collected = sorted(path for path in site.root.rglob("*") if path.is_file())
    assert len(collected) == 5
    for path in collected:
        url = "/static/" + path.relative_to(site.root).as_posix()
        response = client.get(url, buffered=True)
        assert response.status_code == 200, url
        assert response.get_data() == path.read_bytes(), url


# The command line, in a generated project ---------------------------------------------


def manage(project: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHAINWEB_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project,
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    call_command("startproject", "mysite", stdout=io.StringIO())
    project = tmp_path / "mysite"
    write(project / "polls/__init__.py", "")
    write(project / "polls/static/polls/style.css", "polls style")
    write(project / "polls/static/css/welcome.css", "shadowed by the project's")
    settings = project / "mysite/settings.py"
    settings.write_text(
        settings.read_text()
        + '\nINSTALLED_APPS = ["polls"]\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n'
    )
    return project


def test_manage_py_collectstatic(project: Path) -> None:
    root = project / "staticfiles"
    result = manage(project, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr
    welcome = project / "static/css/welcome.css"
    assert result.stdout == (
        "Found another file with the destination path 'css/welcome.css'. It will be ignored "
        f"since only the first encountered file is collected ('{welcome}')."
        " If this is not what you want, make sure every static file has a unique path.\n"
        f"\n2 static files copied to '{root}'.\n"
    )
    assert tree(root) == {
        "css/welcome.css": (project / "static/css/welcome.css").read_text(),
        "polls/style.css": "polls style",
    }

    result = manage(project, "collectstatic", "--no-input")
    assert result.stdout.endswith(f"\n\n0 static files copied to '{root}', 2 unmodified.\n")

    result = manage(project, "collectstatic", "--clear", input="no\n")
    assert result.returncode == 1
    assert "This will DELETE ALL FILES in this location!" in result.stdout
    assert result.stderr == "CommandError: Collecting static files cancelled.\n"

    write(root / "old.css", "stale")
    result = manage(project, "collectstatic", "--clear", input="yes\n")
    assert result.returncode == 0, result.stderr
    assert "2 static files copied" in result.stdout
    assert set(tree(root)) == {"css/welcome.css", "polls/style.css"}


def test_manage_py_collectstatic_without_static_root(project: Path) -> None:
    settings = project / "mysite/settings.py"
    settings.write_text(settings.read_text().replace('STATIC_ROOT = BASE_DIR / "staticfiles"', ""))
    result = manage(project, "collectstatic", "--noinput")
    assert result.returncode == 1
    assert result.stderr.startswith("CommandError: STATIC_ROOT is not set")
    assert not (project / "staticfiles").exists()


def test_help_lists_the_options(project: Path) -> None:
    result = manage(project, "help", "collectstatic")
    assert result.returncode == 0, result.stderr
    for option in ("--noinput", "--clear", "--dry-run", "--ignore PATTERN", "--no-default-ignore"):
        assert option in result.stdout
    assert "collectstatic" in manage(project, "help", "--commands").stdout.split()


def test_list_files(tmp_path: Path) -> None:
    write(tmp_path / "b/c.css", "c")
    write(tmp_path / "a.css", "a")
    write(tmp_path / "b/c.css~", "backup")
    (tmp_path / "out.css").symlink_to("/etc/hostname")
    found = list(collectstatic.list_files(str(tmp_path), ["*~"]))
    assert found == [("a.css", str(tmp_path / "a.css")), ("b/c.css", str(tmp_path / "b/c.css"))]
    assert collectstatic.matches_patterns("a/b.css", ["*.css"])
    assert not collectstatic.matches_patterns("a/b.css", ["b"])
