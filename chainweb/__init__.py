"""chainweb: a Django-style web framework on werkzeug and itsdangerous."""

__version__ = "0.1.0.dev0"


def setup() -> None:
    """Prepare chainweb to serve: configure logging from settings (``LOGGING``).

    ``get_wsgi_application()`` and the management commands call it; scripts that
    use chainweb without serving may call it themselves.
    """
    from chainweb.conf import settings
    from chainweb.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
