"""``startproject NAME [DIR]``: create a project from the project template."""

from __future__ import annotations

import secrets
from pathlib import Path

from chainweb.conf import project_template_dir
from chainweb.core.management.templates import TemplateCommand


class Command(TemplateCommand):
    """Create a project: ``manage.py`` and the NAME package with settings, URLs and a view."""

    help = (
        "Create a chainweb project directory structure for the given project name in the "
        "current directory or, if given, the existing directory DIR."
    )
    missing_args_message = "You must provide a project name."
    app_or_project = "project"

    def template_dir(self) -> Path:
        """Return the project template shipped with chainweb."""
        return project_template_dir()

    def get_context(self, name: str) -> dict[str, str]:
        """Add a new random ``secret_key`` to the placeholders."""
        return {**super().get_context(name), "secret_key": secrets.token_urlsafe(50)}

    def next_step(self, name: str, directory: str | None, top_dir: Path) -> str:
        """Return the commands that start the development server."""
        return f"cd {directory or name} && python manage.py runserver"
