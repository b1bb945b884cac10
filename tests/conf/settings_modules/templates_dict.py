"""TEMPLATES given as a single dict instead of a list of dicts."""

SECRET_KEY = "s"
TEMPLATES = {"BACKEND": "chainweb.template.backends.jinja2.Jinja2"}
