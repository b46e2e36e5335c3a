"""Upstream calls over the shared `httpx.AsyncClient`: timeouts, read retries, transport errors.

What the answer *means* is the backend's business; this module only turns the failures every
HTTP upstream shares into `errors.py` exceptions:

- no connection, a dropped connection       -> UpstreamUnavailable (reads retried first)
- no answer within the timeout              -> UpstreamTimeout (connect timeouts retried first)
- HTTP 5xx                                  -> UpstreamUnavailable (reads retried first)
- HTTP 429                                  -> UpstreamRateLimited (reads retried first)

Retries are bounded, jittered (full jitter) and honour `Retry-After`; a `Retry-After` longer
than `max_delay` is not waited for but reported as `retry_after`. Writes are never retried.
An upstream whose failures carry a documented message (Ecwid's `errorMessage`) passes
`error_message` to have it as the error's message instead of ours.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from customer_gateway.model.errors import (
    UpstreamError,
    UpstreamInfo,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)

logger = logging.getLogger(__name__)

# A JSON object as sent to or read from an upstream.
JSON = dict[str, Any]

ErrorMessage = Callable[[httpx.Response], str | None]


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


class Upstream:
    """One upstream service reached through the app's shared `httpx.AsyncClient`."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        service: str,
        timeout: float,
        retry: RetryPolicy,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.client = client
        self.service = service
        self.timeout = timeout
        self.retry = retry
        self._rng = rng

    async def request(
        self,
        http_method: str,
        url: str,
        *,
        operation: str,
        idempotent: bool,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        error_message: ErrorMessage | None = None,
    ) -> httpx.Response:
        """Send one request (retrying reads); return any answer that is not a 5xx or a 429.

        `error_message` reads the upstream's own description of a 5xx or 429 from its answer.
        """
        attempts = 1 + (self.retry.retries if idempotent else 0)
        for attempt in range(attempts):
            failure = await self._attempt(
                http_method,
                url,
                operation,
                content=content,
                headers=headers,
                params=params,
                error_message=error_message,
            )
            if isinstance(failure, httpx.Response):
                return failure
            if attempt + 1 >= attempts or (
                failure.retry_after is not None and failure.retry_after > self.retry.max_delay
            ):
                raise failure
            delay = self.retry.delay(attempt, failure.retry_after, self._rng)
            logger.warning(
                "retrying %s %s in %.2fs after %s (attempt %d of %d)",
                self.service,
                operation,
                delay,
                failure.code,
                attempt + 1,
                attempts,
            )
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(
        self,
        http_method: str,
        url: str,
        operation: str,
        *,
        content: bytes | None,
        headers: Mapping[str, str] | None,
        params: Mapping[str, str] | None,
        error_message: ErrorMessage | None,
    ) -> httpx.Response | UpstreamError:
        """One try: the answer, or the retryable failure it amounts to. Timeouts are raised."""
        info = UpstreamInfo(service=self.service, method=operation)
        try:
            async with asyncio.timeout(self.timeout):
                response = await self.client.request(
                    http_method, url, content=content, headers=headers, params=params
                )
        except (TimeoutError, httpx.TimeoutException) as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                # Nothing was sent yet, so like any connect error this one may be retried.
                return UpstreamTimeout(
                    f"could not connect to {self.service} in time", upstream=info
                )
            raise UpstreamTimeout(
                f"{self.service} did not answer {operation} within {self.timeout:g}s",
                upstream=info,
            ) from None
        except httpx.TransportError as exc:
            logger.warning("%s %s: %s", self.service, operation, type(exc).__name__)
            return UpstreamUnavailable(f"{self.service} is unreachable", upstream=info)

        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            info = UpstreamInfo(service=self.service, method=operation, status=status)
            described = None if error_message is None else error_message(response)
            if status == 429:
                return UpstreamRateLimited(
                    described or f"{self.service} rate limit reached",
                    upstream=info,
                    retry_after=retry_after,
                )
            return UpstreamUnavailable(
                described or f"{self.service} is unavailable (HTTP {status})",
                upstream=info,
                retry_after=retry_after,
            )
        return response


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
