"""`SharedState` in Redis, for every replica pointed at it; `FailoverState` for when it is gone.

Each step is one Lua script (one round trip, atomic: two replicas never take the same slot),
timed by Redis's own clock so replicas' clocks need not agree. Keys (no secret in any):

    cg:{credential}:calls    sorted set of this window's calls (score: ms)
    cg:{credential}:block    ms until which a 429 closed the budget
    cg:{store}:gen           the store's cache generation (INCR on every write)
    cg:{store}:c:{gen}:{key} a cached answer, expiring after CG_CACHE_TTL
"""

from __future__ import annotations

import asyncio
import logging
import secrets

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from customer_gateway.upstream.local_state import LocalState
from customer_gateway.upstream.shared_state import NO_GENERATION, Admission, Budget

logger = logging.getLogger(__name__)

# Seconds a Redis command may take before the replica falls back to its own budget.
REDIS_TIMEOUT = 0.5
# Seconds between attempts to reach Redis again while degraded.
RECHECK_SECONDS = 1.0

_NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: calls, block. ARGV: limit, window ms, a unique member. -> {wait ms, available or -1}
_ADMIT = (
    _NOW_MS
    + """
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
if blocked > now then return {blocked - now, -1} end
if limit == 0 then return {0, -1} end
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {math.max(1, tonumber(oldest[2]) + window - now), 0}
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return {0, limit - used - 1}
"""
)

# KEYS: block. ARGV: ms. A longer block already in place stays.
_BLOCK = (
    _NOW_MS
    + """
local ms = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + ms > current then redis.call('SET', KEYS[1], now + ms, 'PX', ms) end
return 1
"""
)

# KEYS: gen. ARGV: the cache key prefix, the request key. -> {gen, answer or false}
_CACHED = """
local gen = redis.call('GET', KEYS[1]) or '0'
return {gen, redis.call('GET', ARGV[1] .. gen .. ':' .. ARGV[2])}
"""

REDIS_ERRORS = (RedisError, OSError, asyncio.TimeoutError)


def connect(url: str) -> Redis:
    """A client that fails fast: no retries, short timeouts (the fallback takes over)."""
    client: Redis = Redis.from_url(
        url,
        socket_timeout=REDIS_TIMEOUT,
        socket_connect_timeout=REDIS_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )
    return client


class RedisState:
    mode = "redis"

    def __init__(self, redis: Redis, budget: Budget, *, store: str, credential: str) -> None:
        self.redis = redis
        self.budget = budget
        self._calls = f"cg:{credential}:calls"
        self._block = f"cg:{credential}:block"
        self._generation = f"cg:{store}:gen"
        self._answers = f"cg:{store}:c:"
        self._admit = redis.register_script(_ADMIT)
        self._block_script = redis.register_script(_BLOCK)
        self._cached = redis.register_script(_CACHED)
        self._available: int | None = budget.calls or None

    def available(self) -> int | None:
        return self._available if self.budget.calls else None

    async def admit(self) -> Admission:
        member = secrets.token_hex(8)
        window_ms = round(self.budget.window * 1000)
        keys = [self._calls, self._block]
        wait_ms, available = await self._admit(keys, [self.budget.calls, window_ms, member])
        if available >= 0:
            self._available = int(available)
        return Admission(int(wait_ms) / 1000, None if available < 0 else int(available))

    async def block(self, seconds: float) -> None:
        ms = round(seconds * 1000)
        if ms > 0:
            await self._block_script([self._block], [ms])

    async def cached(self, key: str) -> tuple[int, bytes | None]:
        generation, value = await self._cached([self._generation], [self._answers, key])
        return int(generation), value

    async def keep(self, generation: int, key: str, value: bytes, ttl: float) -> None:
        await self.redis.set(f"{self._answers}{generation}:{key}", value, px=round(ttl * 1000))

    async def invalidate(self) -> None:
        await self.redis.incr(self._generation)

    async def aclose(self) -> None:
        await self.redis.aclose()


class FailoverState:
    """Redis while it answers; else this replica's share of the budget, in-process.

    While degraded the cache is not used (another replica's writes could not invalidate it);
    a write made meanwhile invalidates every replica's cache once Redis is back.
    """

    def __init__(self, shared: RedisState, fallback: LocalState) -> None:
        self.shared = shared
        self.fallback = fallback
        self.budget = shared.budget
        self._degraded = False
        self._missed_invalidation = False
        self._probe: asyncio.Task[None] | None = None

    @property
    def mode(self) -> str:
        return "degraded" if self._degraded else "redis"

    def available(self) -> int | None:
        return self.fallback.available() if self._degraded else self.shared.available()

    async def admit(self) -> Admission:
        if not self._degraded:
            try:
                return await self.shared.admit()
            except REDIS_ERRORS as exc:
                self._degrade(exc)
        self._recheck()
        return await self.fallback.admit()

    async def block(self, seconds: float) -> None:
        await self.fallback.block(seconds)  # kept here too, should Redis go
        if not self._degraded:
            try:
                await self.shared.block(seconds)
            except REDIS_ERRORS as exc:
                self._degrade(exc)

    async def cached(self, key: str) -> tuple[int, bytes | None]:
        if not self._degraded:
            try:
                return await self.shared.cached(key)
            except REDIS_ERRORS as exc:
                self._degrade(exc)
        return NO_GENERATION, None

    async def keep(self, generation: int, key: str, value: bytes, ttl: float) -> None:
        if self._degraded or generation == NO_GENERATION:
            return
        try:
            await self.shared.keep(generation, key, value, ttl)
        except REDIS_ERRORS as exc:
            self._degrade(exc)

    async def invalidate(self) -> None:
        if not self._degraded:
            try:
                await self.shared.invalidate()
                return
            except REDIS_ERRORS as exc:
                self._degrade(exc)
        self._missed_invalidation = True

    async def aclose(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
        await self.shared.aclose()

    def _degrade(self, exc: BaseException) -> None:
        if not self._degraded:
            self._degraded = True
            logger.warning(
                "shared state: Redis unreachable (%s); using this replica's share of the "
                "budget, %d calls per %gs, until it is back",
                type(exc).__name__,
                self.fallback.budget.calls,
                self.fallback.budget.window,
            )

    def _recheck(self) -> None:
        """Try Redis again in the background, one probe at a time, every RECHECK_SECONDS."""
        if self._probe is None or self._probe.done():
            self._probe = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        await asyncio.sleep(RECHECK_SECONDS)
        try:
            await self.shared.redis.ping()
            if self._missed_invalidation:
                await self.shared.invalidate()
        except REDIS_ERRORS:
            return
        self._missed_invalidation = False
        self._degraded = False
        logger.warning("shared state: Redis is back; the budget is shared again")
