"""Automatic persisted queries shared by every replica, in Redis; the in-process store when
Redis cannot be reached (APQ is an optimisation: a miss only makes the client resend its query).

    cg:apq:docs   hash: sha256 -> document
    cg:apq:used   sorted set: sha256 scored by its last use (a counter, cg:apq:clock)

Each step is one Lua script (atomic, one round trip); `put` drops the least recently used
documents beyond `max_entries`.
"""

from __future__ import annotations

import asyncio
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from customer_gateway.graphql.persisted.apq import ApqStore

logger = logging.getLogger(__name__)

_KEYS = ["cg:apq:docs", "cg:apq:used", "cg:apq:clock"]
# KEYS: docs, used, clock. ARGV: sha256. -> the document or false
_GET = """
local query = redis.call('HGET', KEYS[1], ARGV[1])
if query then redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1]) end
return query
"""
# KEYS: docs, used, clock. ARGV: sha256, document, max entries.
_PUT = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
local extra = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[3])
if extra > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, extra - 1)
  redis.call('HDEL', KEYS[1], unpack(old))
  redis.call('ZREM', KEYS[2], unpack(old))
end
return 1
"""
_ERRORS = (RedisError, OSError, asyncio.TimeoutError)


class RedisApqStore:
    def __init__(self, redis: Redis, max_entries: int, fallback: ApqStore) -> None:
        self.redis = redis
        self._max_entries = max_entries
        self._fallback = fallback
        self._get = redis.register_script(_GET)
        self._put = redis.register_script(_PUT)

    async def get(self, sha256: str) -> str | None:
        try:
            query = await self._get(keys=_KEYS, args=[sha256])
        except _ERRORS as exc:
            logger.warning("APQ store unreachable (%s): using this replica's", type(exc).__name__)
            return await self._fallback.get(sha256)
        if query is None:
            return await self._fallback.get(sha256)
        return query.decode() if isinstance(query, bytes) else str(query)

    async def put(self, sha256: str, query: str) -> None:
        try:
            await self._put(keys=_KEYS, args=[sha256, query, self._max_entries])
        except _ERRORS as exc:
            logger.warning("APQ store unreachable (%s): using this replica's", type(exc).__name__)
            await self._fallback.put(sha256, query)

    async def aclose(self) -> None:
        await self.redis.aclose()
