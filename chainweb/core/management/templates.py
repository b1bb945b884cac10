"""Render the project and app templates: what ``startproject`` and ``startapp`` share.

A template is a directory. Files whose names end in ``-tpl`` are rendered: the placeholders
``{{ project_name }}``, ``{{ app_name }}``, ``{{ secret_key }}`` and ``{{ chainweb_version }}``
are replaced and the suffix is dropped (``settings.py-tpl`` becomes ``settings.py``). Other files,
the project's own Jinja2 templates among them, are copied as they are. Directory and file
names are rendered too, and a name equal to ``project_name`` (``app_name``) becomes the name
given. Nothing is half-written: the tree is rendered into a hidden staging directory, checked
against what already exists, and only then moved into place; any error removes what was made.
"""

from __future__ import annotations

import argparse
import importlib.util
import keyword
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import chainweb
from chainweb.core.management.base import BaseCommand, CommandError

#: Files ending with this are rendered, and the suffix dropped.
TEMPLATE_SUFFIX = "-tpl"

#: The placeholders a template may use; anything else in ``{{ }}`` is left alone.
_PLACEHOLDER = re.compile(r"\{\{\s*(project_name|app_name|secret_key|chainweb_version)\s*\}\}")

#: Compiled files are never copied; hidden directories and ``__pycache__`` are skipped.
_SKIPPED_SUFFIXES = (".pyc", ".pyo", ".py.class")


def render_text(text: str, context: Mapping[str, str]) -> str:
    """Return ``text`` with the placeholders named in ``context`` replaced by their values.

    Placeholders not in ``context`` and every other ``{{ ... }}`` are kept as they are.
    """

    def replace(match: re.Match[str]) -> str:
        return context.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(replace, text)


def render_name(name: str, context: Mapping[str, str], base_name: str) -> str:
    """Return the rendered form of one file or directory name of the template."""
    if name == base_name:
        return context[base_name]
    rendered = render_text(name, context)
    if rendered.endswith(TEMPLATE_SUFFIX):
        rendered = rendered[: -len(TEMPLATE_SUFFIX)]
    return rendered


def _walk(template_dir: Path) -> Iterator[Path]:
    """Yield the template's directories and files (parents first), skipping caches."""
    for root, dirs, files in os.walk(template_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        root_path = Path(root)
        for dirname in dirs:
            yield root_path / dirname
        for filename in sorted(files):
            if not filename.endswith(_SKIPPED_SUFFIXES):
                yield root_path / filename


def render_tree(
    template_dir: Path, destination: Path, context: Mapping[str, str], base_name: str
) -> list[Path]:
    """Render ``template_dir`` into the existing directory ``destination``.

    Return the paths written, relative to ``destination``, parents before children. File
    modes are kept, with the owner's write bit added (a template installed read-only still
    gives files one can edit).
    """
    written: list[Path] = []
    for source in _walk(template_dir):
        relative = Path(
            *(
                render_name(part, context, base_name)
                for part in source.relative_to(template_dir).parts
            )
        )
        target = destination / relative
        if source.is_dir():
            target.mkdir()
        elif source.name.endswith(TEMPLATE_SUFFIX):
            content = source.read_bytes().decode("utf-8")
            target.write_bytes(render_text(content, context).encode("utf-8"))
        else:
            shutil.copyfile(source, target)
        shutil.copymode(source, target)
        mode = target.stat().st_mode
        if not mode & stat.S_IWUSR:
            target.chmod(mode | stat.S_IWUSR)
        written.append(relative)
    return written


def _conflicts(staged: Path, written: list[Path], top_dir: Path) -> list[Path]:
    """Return the paths in ``top_dir`` that installing the staged tree would overwrite."""
    conflicts = []
    for relative in written:
        target = top_dir / relative
        if (staged / relative).is_dir() and target.is_dir() and not target.is_symlink():
            continue  # An existing directory is merged into, as Django does.
        if target.exists() or target.is_symlink():
            conflicts.append(target)
    return conflicts


def _install(staged: Path, written: list[Path], top_dir: Path) -> None:
    """Move the staged tree into ``top_dir``; on any error, remove what was moved."""
    created: list[Path] = []
    try:
        for relative in written:
            source, target = staged / relative, top_dir / relative
            if source.is_dir():
                if not target.is_dir():
                    target.mkdir()
                    shutil.copymode(source, target)
                    created.append(target)
            else:
                os.replace(source, target)
                created.append(target)
    except BaseException:
        for path in reversed(created):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise


def _shadowed_module(name: str) -> str | None:
    """Return where an importable module called ``name`` lives, or None if there is none.

    A bare directory on ``sys.path`` (a namespace package, such as the folder the project is
    about to be created in) does not count: it is not a module the new package would hide.
    """
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin in (None, "namespace"):
        return None
    return "built-in" if spec.origin in ("built-in", "frozen") else spec.origin


class TemplateCommand(BaseCommand):
    """Render a template directory into a new project or app; the base of ``startproject``.

    Subclasses set ``app_or_project`` (``"project"`` or ``"app"``) and implement
    ``template_dir()`` and ``next_step()``.
    """

    requires_system_checks: list[str] = []
    requires_settings = False
    #: ``"project"`` or ``"app"``: the word used in messages, and the placeholder's stem.
    app_or_project = ""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add the NAME and optional DIR arguments."""
        parser.add_argument("name", help=f"Name of the {self.app_or_project}.")
        parser.add_argument(
            "directory",
            nargs="?",
            help=f"An existing directory to put the {self.app_or_project} in (default: a new "
            "directory NAME in the current directory).",
        )

    def template_dir(self) -> Path:
        """Return the template directory to render (override in subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must define template_dir().")

    def next_step(self, name: str, directory: str | None, top_dir: Path) -> str:
        """Return what to do next, for the closing line (override in subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must define next_step().")

    def get_context(self, name: str) -> dict[str, str]:
        """Return the placeholder values the template is rendered with."""
        return {f"{self.app_or_project}_name": name, "chainweb_version": chainweb.__version__}

    def handle(self, *args: Any, **options: Any) -> None:
        """Render the template for NAME into DIR (or a new directory NAME)."""
        name: str = options["name"]
        directory: str | None = options.get("directory")
        kind = self.app_or_project
        if directory is None:
            top_dir = Path.cwd() / name
            if top_dir.exists() or top_dir.is_symlink():
                raise self._already_exists(top_dir, name)
            self.validate_name(name)
        else:
            self.validate_name(name)
            top_dir = Path(directory).expanduser().resolve()
            if kind == "app":
                self.validate_name(top_dir.name, "directory")
            if not top_dir.is_dir():
                raise CommandError(
                    f"Destination directory '{top_dir}' does not exist. Create it first "
                    f"(mkdir {directory}), or leave DIR out to create '{name}' in the current "
                    "directory."
                )
        template_dir = self.template_dir()
        if not template_dir.is_dir():
            raise CommandError(
                f"The {kind} template was not found at '{template_dir}'. Your chainweb "
                "installation is incomplete; reinstall it (pip install --force-reinstall chainweb)."
            )
        self.render(template_dir, top_dir, name, create_top_dir=directory is None)
        next_step = self.next_step(name, directory, top_dir)
        self.stdout.write(f"Created {kind} '{name}' in {top_dir}. Next: {next_step}")

    def render(self, template_dir: Path, top_dir: Path, name: str, *, create_top_dir: bool) -> None:
        """Render ``template_dir`` into ``top_dir``, leaving nothing behind if anything fails."""
        kind = self.app_or_project
        if create_top_dir:
            try:
                top_dir.mkdir()
            except FileExistsError:
                raise self._already_exists(top_dir, name) from None
            except OSError as exc:
                raise CommandError(
                    f"Could not create '{top_dir}': {exc.strerror}. Check that you may write "
                    "to the current directory, or give an existing directory as DIR."
                ) from exc
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".chainweb-start{kind}-", dir=top_dir))
            try:
                context = self.get_context(name)
                written = render_tree(template_dir, staging, context, f"{kind}_name")
                conflicts = _conflicts(staging, written, top_dir)
                if conflicts:
                    others = len(conflicts) - 1
                    also = f" (and {others} other path{'s' if others > 1 else ''} it would create)"
                    raise CommandError(
                        f"'{conflicts[0]}'{also if others else ''} already exists, and "
                        f"start{kind} never overwrites files. Give an empty directory as DIR, "
                        "or move the existing files away first."
                    )
                _install(staging, written, top_dir)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException as exc:
            if create_top_dir:
                shutil.rmtree(top_dir, ignore_errors=True)
            if isinstance(exc, OSError):
                raise CommandError(
                    f"Could not write the {kind} into '{top_dir}': {exc}. Nothing was left "
                    "there; fix the cause (permissions, disk space) and run the command again."
                ) from exc
            raise

    def _already_exists(self, top_dir: Path, name: str) -> CommandError:
        kind = self.app_or_project
        return CommandError(
            f"'{top_dir}' already exists, and start{kind} never overwrites anything. "
            f"Choose another {kind} name, or remove or rename the existing '{name}'."
        )

    def validate_name(self, name: str, what: str | None = None) -> None:
        """Refuse a name that is not an identifier, is a keyword, or hides an existing module."""
        what = what or self.app_or_project
        example = "mysite" if self.app_or_project == "project" else "polls"
        if not name.isidentifier():
            raise CommandError(
                f"'{name}' is not a valid {what} name: it must be a Python identifier (letters, "
                f"digits and underscores, not starting with a digit). Choose a name like "
                f"'{example}'."
            )
        if keyword.iskeyword(name):
            raise CommandError(
                f"'{name}' is not a valid {what} name: it is a Python keyword. Choose another "
                f"name, like '{example}'."
            )
        origin = _shadowed_module(name)
        if origin is not None:
            article = "an" if what[0] in "aeiou" else "a"
            raise CommandError(
                f"'{name}' conflicts with the name of an existing Python module ({origin}) and "
                f"cannot be used as {article} {what} name. Choose another name."
            )
