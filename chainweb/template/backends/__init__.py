"""Template engines: ``base.BaseEngine`` and the Jinja2 backend, ``jinja2.Jinja2``."""
