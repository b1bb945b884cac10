"""A settings module with an error in its own code."""

SECRET_KEY = "s"
DEBUG = UNDEFINED_NAME  # noqa: F821
