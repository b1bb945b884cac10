"""Helpers for serving a project in development: the ``runserver`` address and static files."""
