"""Custom path converters (Django's tests/urlpatterns/converters.py, plus fall-through ones)."""

import base64


class Base64Converter:
    regex = r"[a-zA-Z0-9+/]*={0,2}"

    def to_python(self, value):
        return base64.b64decode(value)

    def to_url(self, value):
        return base64.b64encode(value).decode("ascii")


class EvenIntConverter:
    """Matches digits; to_python/to_url refuse odd numbers with ValueError (= no match)."""

    regex = "[0-9]+"

    def to_python(self, value):
        number = int(value)
        if number % 2:
            raise ValueError(f"{number} is odd")
        return number

    def to_url(self, value):
        if int(value) % 2:
            raise ValueError(f"{value} is odd")
        return str(value)


class TinyIntConverter:
    """Django's 'to_url_value_error' converter: to_url refuses values above 5."""

    regex = "[0-9]+"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        if int(value) > 5:
            raise ValueError("too big")
        return str(value)


class TypeErrorConverter:
    """A buggy converter: a TypeError is not 'no match', it propagates."""

    regex = "[0-9a-zA-Z]+"

    def to_python(self, value):
        raise TypeError("This type error propagates.")

    def to_url(self, value):
        raise TypeError("This type error propagates.")


class SameAsIntConverter:
    """Behaves like the built-in int converter; used to try to register 'int' again."""

    regex = "[0-9]+"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
