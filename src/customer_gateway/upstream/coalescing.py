"""Identical reads in flight at the same time share one upstream call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Coalescer(Generic[T]):
    """`share(key, send)`: the first caller of a key sends; the others, meanwhile, wait for it.

    The call runs in its own task, so a caller that gives up (cancelled) takes nobody's answer
    away; every caller gets the same answer or the same exception.
    """

    def __init__(self) -> None:
        self._flights: dict[str, asyncio.Future[T]] = {}

    def in_flight(self, key: str) -> bool:
        """Whether `share(key, ...)` now would wait for a call already sent."""
        return key in self._flights

    async def share(self, key: str, send: Callable[[], Awaitable[T]]) -> T:
        flight = self._flights.get(key)
        if flight is None:
            flight = asyncio.ensure_future(send())
            self._flights[key] = flight
            flight.add_done_callback(lambda done: self._landed(key, done))
        return await asyncio.shield(flight)

    def _landed(self, key: str, flight: asyncio.Future[T]) -> None:
        if self._flights.get(key) is flight:
            del self._flights[key]
        # Seen here so that a failure nobody waited for any more is not reported as lost.
        if not flight.cancelled():
            flight.exception()
