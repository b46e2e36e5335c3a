"""Reads that cost no call when they can: shared while in flight, cached when allowed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

import httpx

from customer_gateway.upstream.cache import ReadCache
from customer_gateway.upstream.coalescing import Coalescer
from customer_gateway.upstream.metrics import CACHED, COALESCED, UpstreamMetrics

Send = Callable[[], Awaitable[httpx.Response]]


class SharedReads:
    """Coalescing (`coalesce`) and the read cache (`cache`, optional) in front of reads.

    A read that starts after a write never joins one that started before it: the write epoch
    is part of the coalescing key, so the payload a mutation reads back is the one it wrote.
    """

    def __init__(
        self,
        *,
        coalesce: bool,
        cache: ReadCache | None,
        metrics: UpstreamMetrics | None = None,
        service: str = "",
    ) -> None:
        self.cache = cache
        self._coalescer = Coalescer[httpx.Response]() if coalesce else None
        self._epoch = 0
        self._metrics = metrics
        self._service = service

    async def send(
        self, key: str, send: Send, *, read: bool, write: bool, method: str
    ) -> httpx.Response:
        """A `read` shared and cached; a `write` invalidates the cache, whatever its outcome
        (it may have happened); anything else (a readiness probe) just sent. `method` is the
        upstream method, for the metrics of the reads answered without a call."""
        if read:
            return await self.read(key, send, method)
        try:
            return await send()
        finally:
            if write:
                await self.written()

    async def read(self, key: str, send: Send, method: str) -> httpx.Response:
        if self.cache is not None:
            send = partial(self.cache.fetch, key, send, partial(self._count, method, CACHED))
        if self._coalescer is None:
            return await send()
        flight = f"{self._epoch}:{key}"
        if self._coalescer.in_flight(flight):
            self._count(method, COALESCED)
        return await self._coalescer.share(flight, send)

    def _count(self, method: str, outcome: str) -> None:
        if self._metrics is not None:
            self._metrics.count(self._service, method, outcome)

    async def written(self) -> None:
        self._epoch += 1
        if self.cache is not None:
            await self.cache.invalidate()
