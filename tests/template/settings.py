"""Template settings the tests use (see conftest.py)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
OTHER_DIR = HERE / "other_templates"
APP = "tests.template.fixture_app"
APP_TEMPLATES_DIR = HERE / "fixture_app" / "templates"
BACKEND = "chainweb.template.backends.jinja2.Jinja2"


def jinja2_templates(**entry):
    """Return a TEMPLATES setting with one Jinja2 engine (DIRS = templates/, APP_DIRS on)."""
    return [{"BACKEND": BACKEND, "DIRS": [TEMPLATES_DIR], "APP_DIRS": True, **entry}]
