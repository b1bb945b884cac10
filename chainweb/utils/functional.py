"""Lazy values: text worked out only when it is first used."""

from __future__ import annotations

import typing as t

T = t.TypeVar("T")


class cached_property(t.Generic[T]):
    """A property computed on first read, then read from the instance like an attribute.

    As ``functools.cached_property``, but without its lock (taken on every first read
    up to Python 3.11): a request object is used by one thread, and two threads racing on
    one object would only compute the same value twice.
    """

    def __init__(self, func: t.Callable[[t.Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @t.overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @t.overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> t.Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class LazyStr:
    """Text computed by ``func(*args, **kwargs)`` the first time it is used as a string.

    Used by ``reverse_lazy()``, whose result may be written at import time (in
    a class attribute or a URLconf) before the URLconf can be reversed.
    """

    __slots__ = ("_func", "_args", "_kwargs", "_value")

    def __init__(self, func: t.Callable[..., str], *args: t.Any, **kwargs: t.Any) -> None:
        self._func = func
        self._args = args
        self._kwargs = kwargs
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = str(self._func(*self._args, **self._kwargs))
        return self._value

    def __repr__(self) -> str:
        if self._value is None:
            return f"<LazyStr {self._func.__name__}{self._args!r}>"
        return repr(self._value)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __eq__(self, other: object) -> bool:
        return str(self) == (str(other) if isinstance(other, LazyStr) else other)

    def __lt__(self, other: str | LazyStr) -> bool:
        return str(self) < str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __add__(self, other: str) -> str:
        return str(self) + other

    def __radd__(self, other: str) -> str:
        return other + str(self)

    def __mod__(self, other: t.Any) -> str:
        text: str = str(self) % other
        return text

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, item: str) -> bool:
        return item in str(self)

    def __getattr__(self, name: str) -> t.Any:
        # Any other str method (startswith, encode, ...) works on the computed text.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(str(self), name)
