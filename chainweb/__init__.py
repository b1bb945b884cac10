"""chainweb: a Django-style web framework on werkzeug and itsdangerous."""

__version__ = "0.1.0.dev0"
