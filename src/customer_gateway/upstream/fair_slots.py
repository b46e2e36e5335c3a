"""A bound on concurrent upstream calls shared by every operation, served fairly and in time.

An `asyncio.Semaphore` is first come, first served: an operation that asks for 100 customers
one call each queues 100 waiters, and another client's single lookup waits behind all of
them. `FairSlots` keeps one queue per operation and hands each freed slot to the next
operation in turn (round robin), so a single lookup waits for at most one call of each other
operation. A waiter gives up at its operation's deadline: the call is then
`UpstreamTimeout` without having been sent.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from customer_gateway.model.deadline import current_deadline, not_started
from customer_gateway.model.errors import UpstreamInfo

_NO_OPERATION = object()  # the owner of calls made outside any operation (readiness probes)


class FairSlots:
    def __init__(self, limit: int) -> None:
        self._free = limit
        self._waiting: OrderedDict[object, deque[asyncio.Future[None]]] = OrderedDict()

    @asynccontextmanager
    async def slot(self, upstream: UpstreamInfo) -> AsyncIterator[None]:
        """Hold one slot for the block; `upstream` names the call, for the timeout error."""
        await self._acquire(upstream)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, upstream: UpstreamInfo) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        deadline = current_deadline()
        owner = deadline or _NO_OPERATION
        granted = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(owner, deque()).append(granted)
        try:
            # asyncio's loop clock is time.monotonic(), the deadline's clock.
            async with asyncio.timeout_at(None if deadline is None else deadline.at):
                await granted
        except BaseException as exc:
            if granted.done() and not granted.cancelled():
                self._release()  # handed a slot just as the wait ended: pass it on
            else:
                granted.cancel()  # _release skips it
            if isinstance(exc, TimeoutError):
                raise not_started(upstream) from None
            raise

    def _release(self) -> None:
        while self._waiting:
            owner, queue = next(iter(self._waiting.items()))
            granted = queue.popleft()
            if queue:
                self._waiting.move_to_end(owner)  # the next operation's turn
            else:
                del self._waiting[owner]
            if not granted.done():
                granted.set_result(None)  # the slot passes straight to this waiter
                return
        self._free += 1
