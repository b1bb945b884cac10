"""URL routing: map request paths to views, and view names back to paths.

Example::

    from chainweb.urls import include, path

    urlpatterns = [
        path("articles/<int:year>/", views.year_archive, name="year-archive"),
        path("blog/", include("blog.urls", namespace="blog")),
    ]

    resolve("/articles/2003/").kwargs     # {'year': 2003}
    reverse("year-archive", args=[2003])  # '/articles/2003/'
"""

from __future__ import annotations

from .base import clear_script_prefix as clear_script_prefix
from .base import clear_url_caches as clear_url_caches
from .base import get_script_prefix as get_script_prefix
from .base import get_urlconf as get_urlconf
from .base import resolve as resolve
from .base import reverse as reverse
from .base import reverse_lazy as reverse_lazy
from .base import set_script_prefix as set_script_prefix
from .base import set_urlconf as set_urlconf
from .checks import check_urlconf as check_urlconf
from .conf import include as include
from .conf import path as path
from .conf import re_path as re_path
from .converters import register_converter as register_converter
from .exceptions import NoReverseMatch as NoReverseMatch
from .exceptions import Resolver404 as Resolver404
from .resolvers import ResolverMatch as ResolverMatch
from .resolvers import URLPattern as URLPattern
from .resolvers import URLResolver as URLResolver
from .resolvers import get_resolver as get_resolver
