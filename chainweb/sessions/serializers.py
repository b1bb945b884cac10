"""Serializers that turn session data into bytes and back (``SESSION_SERIALIZER``)."""

from __future__ import annotations

import json
import typing as t

# PERF: one encoder for all sessions (it keeps no state between calls), as json.dumps()
# does for its defaults; giving separators to json.dumps() would build one every call.
_COMPACT = json.JSONEncoder(separators=(",", ":"))


class JSONSerializer:
    """Serialize session data as compact JSON.

    JSON keeps the session to plain data (dicts, lists, strings, numbers, booleans and
    None): a tuple comes back as a list, and a datetime must be stored as text.
    A serializer is any class whose instances have ``dumps(obj) -> bytes`` and
    ``loads(data: bytes) -> obj``.
    """

    def dumps(self, obj: t.Any) -> bytes:
        """Return ``obj`` as compact JSON bytes."""
        try:
            return _COMPACT.encode(obj).encode("ascii")
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"The session cannot be saved as JSON: {exc}. Store only plain data in the "
                "session (str, int, float, bool, None, and lists and dicts of them; a datetime "
                "as isoformat() text), or set SESSION_SERIALIZER to a serializer that handles "
                "this type."
            ) from exc

    def loads(self, data: bytes) -> t.Any:
        """Return the object that the JSON bytes ``data`` encode."""
        # Decoding here spares json.loads() its guess at the bytes' encoding.
        return json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
