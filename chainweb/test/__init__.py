"""Testing tools for chainweb projects: ``Client``, ``RequestFactory``, ``override_settings``.

The pytest plugin (``chainweb.test.pytest_plugin``) adds the ``client``, ``rf`` and ``settings``
fixtures.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import Client as Client
    from .client import RequestFactory as RequestFactory
    from .utils import override_settings as override_settings

__all__ = ["Client", "RequestFactory", "override_settings"]

# Imported on first use: pytest imports the plugin, and so this package, before coverage
# starts and before the settings are named, so importing the framework here would hide its
# module-level lines from coverage and load it in every pytest run that has chainweb installed.
_EXPORTS = {"Client": ".client", "RequestFactory": ".client", "override_settings": ".utils"}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
