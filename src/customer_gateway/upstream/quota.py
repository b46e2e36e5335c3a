"""The upstream call budget of one credential, and the block an upstream 429 puts on it."""

from __future__ import annotations

import math

from customer_gateway.model.calls import ThrottleStatus
from customer_gateway.model.errors import QuotaExceeded
from customer_gateway.upstream.metrics import REFUSED, UpstreamMetrics
from customer_gateway.upstream.shared_state import SharedState


class Quota:
    """Admits each upstream call against the budget kept in `state` (shared or in-process).

    `backoff` is how long a 429 without `Retry-After` (Open2b sends none) closes the budget.
    """

    def __init__(
        self,
        state: SharedState,
        *,
        service: str,
        backoff: float,
        metrics: UpstreamMetrics | None = None,
    ) -> None:
        self.state = state
        self.service = service
        self.backoff = backoff
        self.metrics = metrics

    async def admit(self, method: str) -> QuotaExceeded | None:
        """None when the call (of upstream `method`) may go (its slot is taken); else why
        not, with `retry_after`. Refusals are counted as outcome `refused`, not as calls."""
        admission = await self.state.admit()
        if self.metrics is not None:
            if admission.wait:
                self.metrics.count(self.service, method, REFUSED)
            if admission.available is not None:
                left = 0 if admission.wait else admission.available
                self.metrics.remaining(self.service, left)
        if not admission.wait:
            return None
        return QuotaExceeded(
            f"{self.service}'s upstream call budget is spent: no call is made to it for "
            f"{math.ceil(admission.wait)}s",
            retry_after=admission.wait,
        )

    async def rate_limited(self, retry_after: float | None) -> float:
        """The upstream answered 429: close the budget; return the seconds it stays closed."""
        wait = self.backoff if retry_after is None else retry_after
        await self.state.block(wait)
        if self.metrics is not None and self.state.budget.calls:
            self.metrics.remaining(self.service, 0)  # closed: nothing is left until it opens
        return wait

    def throttle_status(self) -> ThrottleStatus | None:
        """The budget as last known; None when there is none (`CG_QUOTA_CALLS=0`)."""
        budget = self.state.budget
        available = self.state.available()
        if not budget.calls or available is None:
            return None
        return ThrottleStatus(
            maximum_available=budget.calls,
            currently_available=max(0, available),
            restore_rate=round(budget.restore_rate, 2),
        )
