# The real Redis server the session tests start, shared for the Redis-backed browser run.
from tests.sessions.redis_server import redis_server as redis_server
