import sys
import types

import pytest

from chainweb.urls import clear_url_caches


@pytest.fixture
def urlconf():
    """Return a factory that registers a URLconf module by name; all are removed after."""
    names = []

    def make(name, urlpatterns=None, **attributes):
        module = types.ModuleType(name)
        if urlpatterns is not None:
            module.urlpatterns = urlpatterns
        for key, value in attributes.items():
            setattr(module, key, value)
        sys.modules[name] = module
        names.append(name)
        return module

    yield make
    for name in names:
        sys.modules.pop(name, None)
    clear_url_caches()
