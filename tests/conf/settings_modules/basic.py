"""A valid settings module."""

DEBUG = True
SECRET_KEY = "basic-secret"
ALLOWED_HOSTS = ["example.com"]
MIDDLEWARE = ("chainweb.middleware.common.CommonMiddleware",)
CUSTOM_SETTING = "custom"
lowercase_name = "ignored"
