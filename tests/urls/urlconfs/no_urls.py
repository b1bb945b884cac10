"""A URLconf module without urlpatterns (Django's no_urls.py)."""
