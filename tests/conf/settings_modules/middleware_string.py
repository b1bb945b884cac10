"""The classic mistake: a string where a list of dotted paths belongs."""

SECRET_KEY = "s"
MIDDLEWARE = "chainweb.middleware.common.CommonMiddleware"
