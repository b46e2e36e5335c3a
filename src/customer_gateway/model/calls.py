"""What an operation costs upstream: the calls one request sends, and the budget they come from.

`CALLS` holds the meter of the request being served: the HTTP layer sets a fresh one for each
request, the GraphQL layer records the estimate in it, and `upstream/` counts every call it
actually sends (a call served by the cache or shared with another request costs nothing).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(slots=True)
class CallMeter:
    """Upstream calls of one request: `estimated` before it ran, `sent` so far."""

    estimated: int = 0
    sent: int = 0


@dataclass(frozen=True, slots=True)
class ThrottleStatus:
    """The upstream budget as Shopify reports its own: calls, and calls restored per second."""

    maximum_available: int
    currently_available: int
    restore_rate: float


CALLS: ContextVar[CallMeter | None] = ContextVar("customer_gateway_calls", default=None)


def count_call() -> None:
    """Count one upstream call against the current request (if any)."""
    meter = CALLS.get()
    if meter is not None:
        meter.sent += 1
