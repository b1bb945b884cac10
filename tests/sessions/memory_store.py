"""A server-side session store in a dict, for testing SessionBase and the middleware.

It follows the backend hooks the way a real server-side store (Redis) does: a record per
key, ``CreateError`` when a new key is taken and ``UpdateError`` when the record to update
is gone.
"""

from __future__ import annotations

from chainweb.sessions.backends.base import CreateError, SessionBase, UpdateError

#: The "server": session key -> serialized data.
RECORDS: dict[str, bytes] = {}


class SessionStore(SessionBase):
    def load(self):
        data = RECORDS.get(self.session_key)
        if data is None:
            self._session_key = None
            return {}
        return self.serializer.loads(data)

    def exists(self, session_key):
        return session_key in RECORDS

    def create(self):
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            return

    def save(self, must_create=False):
        if self.session_key is None:
            self.create()
            return
        key = self._get_or_create_session_key()
        if must_create and key in RECORDS:
            raise CreateError
        if not must_create and key not in RECORDS:
            raise UpdateError
        RECORDS[key] = self.serializer.dumps(self._get_session(no_load=must_create))

    def delete(self, session_key=None):
        key = session_key or self.session_key
        if key is not None:
            RECORDS.pop(key, None)

    @classmethod
    def clear_expired(cls):
        pass
