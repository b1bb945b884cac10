"""View decorators: allowed methods, caching headers, CSRF marks, and method_decorator."""

from __future__ import annotations

from chainweb.utils.decorators import method_decorator as method_decorator

from .cache import cache_control as cache_control
from .cache import never_cache as never_cache
from .clickjacking import xframe_options_deny as xframe_options_deny
from .clickjacking import xframe_options_exempt as xframe_options_exempt
from .clickjacking import xframe_options_sameorigin as xframe_options_sameorigin
from .csrf import csrf_exempt as csrf_exempt
from .csrf import csrf_protect as csrf_protect
from .csrf import ensure_csrf_cookie as ensure_csrf_cookie
from .csrf import requires_csrf_token as requires_csrf_token
from .http import condition as condition
from .http import etag as etag
from .http import last_modified as last_modified
from .http import require_GET as require_GET
from .http import require_http_methods as require_http_methods
from .http import require_POST as require_POST
from .http import require_safe as require_safe
