from chainweb.conf import settings

if not settings.configured:
    settings.configure(DEBUG=False, SECRET_KEY="test-secret-key", ALLOWED_HOSTS=["testserver"])
