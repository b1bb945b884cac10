"""Default settings, overridden by the project's settings module.

The names and values are Django's wherever Django has the setting. Only UPPERCASE names are
settings; ``chainweb.conf.settings`` reads them under the project's own values.
"""

from __future__ import annotations

from typing import Any

# Core: debugging, the signing key and keys it replaced, the root URLconf, the WSGI application.
DEBUG = False
DEBUG_PROPAGATE_EXCEPTIONS = False
SECRET_KEY = ""
SECRET_KEY_FALLBACKS: list[str] = []
ROOT_URLCONF: str | None = None
WSGI_APPLICATION: str | None = None
INSTALLED_APPS: list[str] = []
SILENCED_SYSTEM_CHECKS: list[str] = []

# Hosts and proxies: host names this site serves, and which proxy headers to trust.
ALLOWED_HOSTS: list[str] = []
USE_X_FORWARDED_HOST = False
USE_X_FORWARDED_PORT = False
FORCE_SCRIPT_NAME: str | None = None
INTERNAL_IPS: list[str] = []

# Middleware: dotted paths of middleware factories, outermost first.
MIDDLEWARE: list[str] = []

# Templates: a list of backend configurations, as Django's TEMPLATES.
TEMPLATES: list[dict[str, Any]] = []

# CommonMiddleware: URL normalisation and refused user agents (compiled regexes).
APPEND_SLASH = True
PREPEND_WWW = False
DISALLOWED_USER_AGENTS: list[Any] = []
IGNORABLE_404_URLS: list[Any] = []

# XFrameOptionsMiddleware: the X-Frame-Options header value.
X_FRAME_OPTIONS = "DENY"

# SecurityMiddleware: HTTPS redirects, HSTS and other security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY: str | None = "same-origin"
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SECURE_HSTS_SECONDS = 0
SECURE_REDIRECT_EXEMPT: list[str] = []
SECURE_REFERRER_POLICY: str | None = "same-origin"
SECURE_SSL_HOST: str | None = None
SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER: tuple[str, str] | None = None

# Sessions: the backend, its cookie, and when it is saved.
SESSION_ENGINE = "chainweb.sessions.backends.signed_cookies"
SESSION_COOKIE_NAME = "sessionid"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 7 * 2
SESSION_COOKIE_DOMAIN: str | None = None
SESSION_COOKIE_SECURE = False
SESSION_COOKIE_PATH = "/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE: str | None = "Lax"
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_SERIALIZER = "chainweb.sessions.serializers.JSONSerializer"
# The redis backend (pip install chainweb[redis]): server URL, key prefix, timeouts in seconds.
SESSION_REDIS: dict[str, Any] = {
    "URL": "redis://localhost:6379/0",
    "PREFIX": "chainweb:session:",
    "SOCKET_TIMEOUT": 5.0,
    "SOCKET_CONNECT_TIMEOUT": 5.0,
}

# CSRF protection: the token cookie, the request header and origins trusted for unsafe requests.
CSRF_COOKIE_NAME = "csrftoken"
CSRF_COOKIE_AGE: int | None = 60 * 60 * 24 * 7 * 52
CSRF_COOKIE_DOMAIN: str | None = None
CSRF_COOKIE_PATH = "/"
CSRF_COOKIE_SECURE = False
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE: str | None = "Lax"
CSRF_HEADER_NAME = "HTTP_X_CSRFTOKEN"
CSRF_TRUSTED_ORIGINS: list[str] = []
CSRF_USE_SESSIONS = False
CSRF_FAILURE_VIEW = "chainweb.views.csrf.csrf_failure"

# Request body limits: larger bodies raise RequestDataTooBig; None disables a check.
DATA_UPLOAD_MAX_MEMORY_SIZE: int | None = 2621440  # 2.5 MB
DATA_UPLOAD_MAX_NUMBER_FIELDS: int | None = 1000
DATA_UPLOAD_MAX_NUMBER_FILES: int | None = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440  # 2.5 MB

# Responses: the charset of text responses.
DEFAULT_CHARSET = "utf-8"

# Static and media files: URL prefixes and where the files live.
STATIC_URL: str | None = None
STATIC_ROOT: str | None = None
STATICFILES_DIRS: list[Any] = []
MEDIA_URL = ""
MEDIA_ROOT = ""

# Messages: where flash messages are kept between requests.
MESSAGE_STORAGE = "chainweb.messages.storage.fallback.FallbackStorage"
# Messages below this level are not recorded (chainweb.messages.constants: INFO is 20).
MESSAGE_LEVEL = 20
# Tags for message levels, overriding the defaults: {level: "tag"}.
MESSAGE_TAGS: dict[int, str] = {}

# Logging: the configuring callable and its argument, as Django's.
LOGGING_CONFIG: str | None = "logging.config.dictConfig"
LOGGING: dict[str, Any] = {}

# E-mail addresses: who gets error reports, and the senders' addresses.
ADMINS: list[Any] = []
MANAGERS: list[Any] = []
DEFAULT_FROM_EMAIL = "webmaster@localhost"
SERVER_EMAIL = "root@localhost"
