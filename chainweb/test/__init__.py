"""Testing tools for chainweb projects."""

from __future__ import annotations

from .utils import override_settings as override_settings
