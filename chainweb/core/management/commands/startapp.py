"""``startapp NAME [DIR]``: create an app from the app template."""

from __future__ import annotations

from pathlib import Path

from chainweb.conf import app_template_dir
from chainweb.core.management.templates import TemplateCommand


class Command(TemplateCommand):
    """Create an app: a NAME package with views, URLs, templates and tests."""

    help = (
        "Create a chainweb app directory structure for the given app name in the current "
        "directory or, if given, the existing directory DIR."
    )
    missing_args_message = "You must provide an app name."
    app_or_project = "app"

    def template_dir(self) -> Path:
        """Return the app template shipped with chainweb."""
        return app_template_dir()

    def next_step(self, name: str, directory: str | None, top_dir: Path) -> str:
        """Return how to plug the app into the project."""
        return (
            f"add '{name}' to INSTALLED_APPS in settings.py and "
            f'path("{name}/", include("{name}.urls")) to urls.py'
        )
