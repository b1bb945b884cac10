from pathlib import Path

HERE = Path(__file__).resolve().parent

DEBUG = True
SECRET_KEY = "project-fixture-secret-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "tests.management.project_fixture.urls"
INSTALLED_APPS = ["tests.management.project_fixture"]
MIDDLEWARE = [
    "chainweb.middleware.security.SecurityMiddleware",
    "tests.management.project_fixture.middleware.HookMiddleware",
]
STATIC_URL = "/static/"
STATICFILES_DIRS = [("extra", HERE / "assets")]
