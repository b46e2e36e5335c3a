"""Reads that cost no call when they can: shared while in flight, cached when allowed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

import httpx

from customer_gateway.upstream.cache import ReadCache
from customer_gateway.upstream.coalescing import Coalescer

Send = Callable[[], Awaitable[httpx.Response]]


class SharedReads:
    """Coalescing (`coalesce`) and the read cache (`cache`, optional) in front of reads.

    A read that starts after a write never joins one that started before it: the write epoch
    is part of the coalescing key, so the payload a mutation reads back is the one it wrote.
    """

    def __init__(self, *, coalesce: bool, cache: ReadCache | None) -> None:
        self.cache = cache
        self._coalescer = Coalescer[httpx.Response]() if coalesce else None
        self._epoch = 0

    async def send(self, key: str, send: Send, *, read: bool, write: bool) -> httpx.Response:
        """A `read` shared and cached; a `write` invalidates the cache, whatever its outcome
        (it may have happened); anything else (a readiness probe) just sent."""
        if read:
            return await self.read(key, send)
        try:
            return await send()
        finally:
            if write:
                await self.written()

    async def read(self, key: str, send: Send) -> httpx.Response:
        if self.cache is not None:
            send = partial(self.cache.fetch, key, send)
        if self._coalescer is None:
            return await send()
        return await self._coalescer.share(f"{self._epoch}:{key}", send)

    async def written(self) -> None:
        self._epoch += 1
        if self.cache is not None:
            await self.cache.invalidate()
