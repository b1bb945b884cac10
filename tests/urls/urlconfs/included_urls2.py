"""Included twice from extra_urls.py, once with a captured ``prefix``.

reverse() must pick the deployment that fits the arguments given.
"""

from chainweb.urls import re_path

from .views import empty_view

urlpatterns = [
    re_path(r"^part/(?P<value>\w+)/$", empty_view, name="part"),
    re_path(r"^part2/(?:(?P<value>\w+)/)?$", empty_view, name="part2"),
]
