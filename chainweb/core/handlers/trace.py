"""A trace of one request's way through the middleware chain.

With ``DEBUG`` on, or when a test client asks for it, the handler records which layers
ran, in order, which hooks ran and what they returned, which layer returned early or
turned an exception into which response, and the time spent in each layer. The test
client shows it as ``response.chain``; the DEBUG error pages show it too. Without a
trace, a layer costs one dictionary lookup more than it would anyway.
"""

from __future__ import annotations

import dataclasses
import time
import typing as t

if t.TYPE_CHECKING:
    from chainweb.http import HttpResponse, Request

#: The environ key a test client sets to trace requests with DEBUG off.
TRACE_ENVIRON_KEY = "chainweb.trace_chain"
#: Where the trace of the request is kept (in ``request.__dict__``).
TRACE_ATTRIBUTE = "_chain_trace"
#: The name the innermost layer (resolve, view hooks, view) goes by in a trace.
CORE = "view"


@dataclasses.dataclass
class Layer:
    """One layer of the chain as this request went through it."""

    #: The middleware's dotted path, or ``"view"`` for the core.
    name: str
    #: Whether it called the next layer in; False means it returned early.
    called_next: bool = False
    #: The status of the response it returned.
    status: int | None = None
    #: The exception it turned into that response, if any (``"ValueError"``).
    exception: str | None = None
    #: Nanoseconds from entering the layer to leaving it, the layers inside included.
    total_ns: int = 0
    #: Nanoseconds spent in this layer itself.
    own_ns: int = 0


@dataclasses.dataclass
class Event:
    """One thing that happened, in order: a layer entered or left, or a hook that ran."""

    what: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.what} {self.detail}".rstrip()


class ChainTrace:
    """What happened to one request in the middleware chain."""

    def __init__(self) -> None:
        #: The layers entered, outermost first.
        self.layers: list[Layer] = []
        #: Everything that happened, in order.
        self.events: list[Event] = []
        self._open: list[tuple[Layer, int, int]] = []  # (layer, start, inner ns so far)

    def enter(self, name: str) -> Layer:
        """Record entering the layer ``name``."""
        if self._open:
            self._open[-1][0].called_next = True
        layer = Layer(name)
        self.layers.append(layer)
        self.events.append(Event(f"enter {name}"))
        self._open.append((layer, time.perf_counter_ns(), 0))
        return layer

    def leave(self, response: HttpResponse, exception: BaseException | None = None) -> None:
        """Record leaving the innermost open layer with ``response``."""
        layer, start, inner = self._open.pop()
        layer.total_ns = time.perf_counter_ns() - start
        layer.own_ns = max(0, layer.total_ns - inner)
        layer.status = response.status_code
        if exception is not None:
            layer.exception = type(exception).__name__
            self.events.append(
                Event(f"{layer.name} turned {layer.exception}", f"into {layer.status}")
            )
        elif not layer.called_next and layer.name != CORE:
            self.events.append(Event(f"{layer.name} returned early", f"with {layer.status}"))
        self.events.append(Event(f"leave {layer.name}", f"with {layer.status}"))
        if self._open:
            outer, outer_start, outer_inner = self._open[-1]
            self._open[-1] = (outer, outer_start, outer_inner + layer.total_ns)

    def hook(self, hook: t.Callable[..., t.Any], result: t.Any) -> None:
        """Record a process_* hook and whether it returned a response."""
        owner = getattr(hook, "__self__", None)
        name = f"{type(owner).__qualname__}.{hook.__name__}" if owner else hook.__qualname__
        if result is None:
            detail = "returned None"
        else:
            detail = f"returned a response ({getattr(result, 'status_code', '?')})"
        self.events.append(Event(name, detail))

    def view(self, view: t.Callable[..., t.Any]) -> None:
        """Record calling the view."""
        name = getattr(view, "__qualname__", type(view).__qualname__)
        self.events.append(Event("call view", f"{getattr(view, '__module__', '?')}.{name}"))

    def __iter__(self) -> t.Iterator[Layer]:
        return iter(self.layers)

    def __str__(self) -> str:
        lines = [f"{'layer':<60} {'status':>6} {'own µs':>9} {'total µs':>9}"]
        for layer in self.layers:
            mark = "" if layer.called_next or layer.name == CORE else "  (returned early)"
            if layer.exception:
                mark = f"  ({layer.exception} -> {layer.status})"
            lines.append(
                f"{layer.name + mark:<60} {layer.status or '-':>6} "
                f"{layer.own_ns / 1000:9.1f} {layer.total_ns / 1000:9.1f}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ChainTrace {len(self.layers)} layers, {len(self.events)} events>"


def trace_of(request: Request) -> ChainTrace | None:
    """Return the trace being recorded for ``request``, or None."""
    return t.cast("ChainTrace | None", getattr(request, TRACE_ATTRIBUTE, None))
