"""Read the structure of URL regexes: their literal prefix, and how to build URLs from them.

:internal: Used by the resolver's index (``literal_prefix``) and by ``reverse()``
(``possibilities``). Works on the parse tree of Python's own regex parser.
"""

from __future__ import annotations

import itertools
import re
import typing as t

try:  # Python >= 3.11
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre
    import sre_parse

#: One way to build a URL from a pattern: a %-format string and the names it takes,
#: such as ``("articles/%(year)s/", ("year",))``.
Possibility = tuple[str, tuple[str, ...]]

_POSITIONAL = re.compile(r"%\(_(\d+)\)s")
_SAMPLE_CHARS = "x0-_.~aA "


class _Unreversible(Exception):
    """The regex uses a construct that cannot be turned back into text."""


def literal_prefix(regex: str) -> str | None:
    """Return the text that every match of ``regex`` (searched) starts with.

    ``None`` means a match may start anywhere in the path: the regex is not
    anchored with ``^``, or flags make its literals match other text.
    """
    try:
        parsed = sre_parse.parse(regex)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    items = list(parsed)
    if not items or items[0] not in ((sre.AT, sre.AT_BEGINNING), (sre.AT, sre.AT_BEGINNING_STRING)):
        return None
    chars = []
    for op, arg in items[1:]:
        if op is not sre.LITERAL:
            break
        chars.append(chr(arg))
    return "".join(chars)


def literal_text(regex: str) -> str | None:
    """Return the text ``regex`` matches if it is ``^`` and plain characters only, else None."""
    prefix = literal_prefix(regex)
    if prefix is None or len(list(sre_parse.parse(regex))) != len(prefix) + 1:
        return None
    return prefix


def possibilities(regex: str) -> list[Possibility]:
    """Return every way to build a URL from ``regex``, as Django's ``normalize()``.

    Named groups become ``%(name)s``; positional groups ``%(_0)s``, ``%(_1)s``…
    An optional part holding a group gives two possibilities (without it, then
    with it); other optional parts are left out. Alternatives (``a|b``) give one
    possibility each. Character classes and ``.`` become a sample character that
    ``reverse()`` then checks against the regex. A regex with constructs that
    cannot be reversed (conditional groups) gives none.
    """
    parsed = sre_parse.parse(regex)
    names = {number: name for name, number in parsed.state.groupdict.items()}
    counter = itertools.count()
    try:
        return _expand(list(parsed), names, counter)
    except _Unreversible:
        return []


def combine(prefix: list[Possibility], rest: list[Possibility]) -> list[Possibility]:
    """Return the possibilities of ``prefix`` followed by ``rest``.

    Positional parameters of ``rest`` are renumbered to follow those of ``prefix``.
    """
    combined = []
    for prefix_format, prefix_params in prefix:
        offset = sum(1 for name in prefix_params if _is_positional(name))
        for rest_format, rest_params in rest:
            if offset and any(_is_positional(name) for name in rest_params):
                rest_format, rest_params = _shift_positional(rest_format, rest_params, offset)
            combined.append((prefix_format + rest_format, prefix_params + rest_params))
    return combined


def _shift_positional(
    template: str, params: tuple[str, ...], offset: int
) -> tuple[str, tuple[str, ...]]:
    def shifted(name: str) -> str:
        return f"_{int(name[1:]) + offset}" if _is_positional(name) else name

    template = _POSITIONAL.sub(lambda found: f"%({shifted('_' + found[1])})s", template)
    return template, tuple(shifted(name) for name in params)


def _is_positional(name: str) -> bool:
    return name.startswith("_") and name[1:].isdigit()


_EMPTY: list[Possibility] = [("", ())]


def _expand(
    items: list[t.Any], names: dict[int, str], counter: t.Iterator[int]
) -> list[Possibility]:
    result = _EMPTY
    for op, arg in items:
        result = _product(result, _expand_one(op, arg, names, counter))
    return result


def _product(left: list[Possibility], right: list[Possibility]) -> list[Possibility]:
    if right is _EMPTY:
        return left
    return [(lf + rf, lp + rp) for lf, lp in left for rf, rp in right]


def _expand_one(
    op: t.Any, arg: t.Any, names: dict[int, str], counter: t.Iterator[int]
) -> list[Possibility]:
    if op in _ONE_CHAR:
        return [(_one_char(op, arg), ())]
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return _EMPTY
    if op is sre.SUBPATTERN:
        group, _add_flags, _del_flags, sub = arg
        if group is None:
            return _expand(list(sub), names, counter)
        if group not in names:  # positional: remembered for backreferences
            names[group] = f"_{next(counter)}"
        return [(f"%({names[group]})s", (names[group],))]
    if op in _REPEATS:
        low, _high, sub = arg
        inner = _expand(list(sub), names, counter)
        if low == 0:
            return [*_EMPTY, *inner] if any(params for _, params in inner) else _EMPTY
        result = _EMPTY
        for _ in range(low):
            result = _product(result, inner)
        return result
    if op is sre.BRANCH:
        return [item for branch in arg[1] for item in _expand(list(branch), names, counter)]
    if op is sre.GROUPREF:
        if arg not in names:
            raise _Unreversible
        return [(f"%({names[arg]})s", ())]
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _expand(list(arg), names, counter)
    raise _Unreversible


_ONE_CHAR = (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)


def _one_char(op: t.Any, arg: t.Any) -> str:
    """Return the text for a construct matching one character (a sample if it is not literal)."""
    if op is sre.LITERAL:
        char = chr(arg)
        return "%%" if char == "%" else char
    if op is sre.NOT_LITERAL:
        return _sample(lambda char: ord(char) != arg)
    if op is sre.ANY:
        return "."
    return _class_sample(arg)


_REPEATS = tuple(
    getattr(sre, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(sre, name)
)


def _class_sample(items: list[t.Any]) -> str:
    """Return the class's first member, as Django does, or a sample if it is negated."""
    op, arg = items[0]
    if op is sre.LITERAL or op is sre.RANGE:
        char = chr(arg if op is sre.LITERAL else arg[0])
        return "%%" if char == "%" else char
    return _sample(lambda char: _in_class(char, items))


def _sample(accepts: t.Callable[[str], bool]) -> str:
    for char in _SAMPLE_CHARS:
        if accepts(char):
            return "%%" if char == "%" else char
    raise _Unreversible


def _in_class(char: str, items: list[t.Any]) -> bool:
    negate = bool(items) and items[0][0] is sre.NEGATE
    code = ord(char)
    found = False
    for op, arg in items[negate:]:
        if op is sre.LITERAL:
            found = code == arg
        elif op is sre.RANGE:
            found = arg[0] <= code <= arg[1]
        elif op is sre.CATEGORY:
            found = re.fullmatch(_category_regex(arg), char) is not None
        if found:
            break
    return found != negate


def _category_regex(category: t.Any) -> str:
    return {
        sre.CATEGORY_DIGIT: r"\d",
        sre.CATEGORY_NOT_DIGIT: r"\D",
        sre.CATEGORY_SPACE: r"\s",
        sre.CATEGORY_NOT_SPACE: r"\S",
        sre.CATEGORY_WORD: r"\w",
        sre.CATEGORY_NOT_WORD: r"\W",
    }.get(category, r"(?!)")
