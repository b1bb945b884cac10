"""Views: class-based views, the default error views and the DEBUG error pages."""

from __future__ import annotations

from .base import RedirectView as RedirectView
from .base import TemplateView as TemplateView
from .base import View as View
