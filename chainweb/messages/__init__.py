"""Flash messages, as Django's ``django.contrib.messages``: notes kept for the next page.

Add ``chainweb.messages.middleware.MessageMiddleware`` to ``MIDDLEWARE`` (after
``SessionMiddleware``), then in a view::

    from chainweb import messages

    messages.success(request, "Profile saved.")
    return redirect("profile")

and on the next page, iterate ``messages.get_messages(request)`` (or ``messages`` in a
template, with the ``chainweb.messages.context_processors.messages`` context processor).
"""

from __future__ import annotations

from chainweb.messages.api import MessageFailure as MessageFailure
from chainweb.messages.api import add_message as add_message
from chainweb.messages.api import debug as debug
from chainweb.messages.api import error as error
from chainweb.messages.api import get_level as get_level
from chainweb.messages.api import get_messages as get_messages
from chainweb.messages.api import info as info
from chainweb.messages.api import set_level as set_level
from chainweb.messages.api import success as success
from chainweb.messages.api import warning as warning
from chainweb.messages.constants import DEBUG as DEBUG
from chainweb.messages.constants import DEFAULT_LEVELS as DEFAULT_LEVELS
from chainweb.messages.constants import DEFAULT_TAGS as DEFAULT_TAGS
from chainweb.messages.constants import ERROR as ERROR
from chainweb.messages.constants import INFO as INFO
from chainweb.messages.constants import SUCCESS as SUCCESS
from chainweb.messages.constants import WARNING as WARNING
from chainweb.messages.storage.base import Message as Message
