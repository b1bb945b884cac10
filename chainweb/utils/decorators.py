"""Turn function decorators into decorators for methods of class-based views."""

from __future__ import annotations

import functools
import typing as t

Decorator = t.Callable[[t.Callable[..., t.Any]], t.Callable[..., t.Any]]
T = t.TypeVar("T")


def method_decorator(
    decorator: Decorator | t.Sequence[Decorator], name: str = ""
) -> t.Callable[[T], T]:
    """Return a decorator applying view ``decorator`` (or a list of them) to a method.

    Use it on a method, or on a class with ``name`` naming the method::

        @method_decorator(never_cache, name="dispatch")
        class ProfileView(View): ...

    The function decorator sees the method as a plain function of the request
    and URL arguments, bound to the instance.
    """
    decorators: list[Decorator] = (
        list(decorator) if isinstance(decorator, list | tuple) else [t.cast(Decorator, decorator)]
    )

    def decorate(target: T) -> T:
        if not isinstance(target, type):
            return t.cast(T, _decorate_method(decorators, t.cast(t.Callable[..., t.Any], target)))
        if not (name and hasattr(target, name)):
            raise ValueError(
                "The keyword argument `name` must be the name of a method of the decorated "
                f"class: {target}. Got {name!r} instead."
            )
        method = getattr(target, name)
        if not callable(method):
            raise TypeError(
                f"Cannot decorate {name!r} as it isn't a callable attribute of {target} ({method})."
            )
        setattr(target, name, _decorate_method(decorators, method))
        return target

    decorate.__name__ = f"method_decorator({getattr(decorator, '__name__', decorator)})"
    return decorate


def _decorate_method(
    decorators: list[Decorator], method: t.Callable[..., t.Any]
) -> t.Callable[..., t.Any]:
    def wrapper(self: t.Any, *args: t.Any, **kwargs: t.Any) -> t.Any:
        bound: t.Callable[..., t.Any] = functools.wraps(method)(
            functools.partial(method.__get__(self, type(self)))
        )
        for decorator in reversed(decorators):  # the first listed ends up outermost
            bound = decorator(bound)
        return bound(*args, **kwargs)

    # Keep the marks decorators leave (csrf_exempt, ...) where as_view() looks for them.
    for decorator in decorators:
        functools.update_wrapper(wrapper, decorator(_marker))
    functools.update_wrapper(wrapper, method)
    return wrapper


def _marker(*args: t.Any, **kwargs: t.Any) -> None:
    """Stand in for a method while collecting the attributes decorators set."""
