"""Templates: engines configured by ``settings.TEMPLATES``, loading, rendering, responses.

Example::

    from chainweb.template import TemplateResponse, render_to_string

    html = render_to_string("blog/post.html", {"post": post}, request)

    def post_detail(request, pk):
        return TemplateResponse(request, "blog/post.html", {"post": get_post(pk)})

The Jinja2 backend is ``chainweb.template.backends.jinja2.Jinja2``; ``engines`` holds the
configured engines by ``NAME``.
"""

from __future__ import annotations

from .exceptions import TemplateDoesNotExist as TemplateDoesNotExist
from .exceptions import TemplateSyntaxError as TemplateSyntaxError
from .loader import get_template as get_template
from .loader import render_to_string as render_to_string
from .loader import select_template as select_template
from .response import ContentNotRenderedError as ContentNotRenderedError
from .response import SimpleTemplateResponse as SimpleTemplateResponse
from .response import TemplateResponse as TemplateResponse
from .utils import InvalidTemplateEngineError as InvalidTemplateEngineError
from .utils import engines as engines
