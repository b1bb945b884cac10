"""Port of Django's erroneous_urls.py: a pattern whose regex does not compile."""

from chainweb.urls import re_path

from . import views

urlpatterns = [
    # Regex contains an error (Django #6170)
    re_path(r"(regex_error/$", views.empty_view),
]
