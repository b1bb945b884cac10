"""Running an ``async def`` view's coroutine from the synchronous request path."""

from __future__ import annotations

import asyncio
import contextvars
import typing as t
from concurrent.futures import ThreadPoolExecutor

T = t.TypeVar("T")


def run_coroutine(coroutine: t.Coroutine[t.Any, t.Any, T]) -> T:
    """Run ``coroutine`` to its result in an event loop of its own, as Django does under WSGI.

    The coroutine sees the caller's context variables (``chainweb.globals.request`` among
    them). When an event loop already runs in this thread (an async test calling the test
    client), the coroutine runs in a new thread with its own loop instead.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    context = contextvars.copy_context()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chainweb-async-view") as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()
