"""How reads are retried: the policy, and the upstream's `Retry-After` read in seconds."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How reads are retried: `retries` more attempts, exponential backoff with full jitter."""

    retries: int = 2
    backoff: float = 0.1
    max_delay: float = 2.0

    def delay(self, attempt: int, retry_after: float | None, rng: Callable[[], float]) -> float:
        if retry_after is not None:
            # At least what the upstream asked for; the jitter keeps clients from returning
            # all at once.
            return min(self.max_delay, retry_after + rng() * self.backoff)
        return rng() * min(self.max_delay, self.backoff * 2.0**attempt)


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` in seconds, from either of its two forms (delta-seconds, HTTP-date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
