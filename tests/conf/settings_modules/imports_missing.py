"""A settings module that imports a module which does not exist."""

import chainweb_no_such_dependency  # noqa: F401

SECRET_KEY = "s"
