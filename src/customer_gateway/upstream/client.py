"""Upstream calls over the shared `httpx.AsyncClient`: timeouts, read retries, transport errors.

What the answer *means* is the backend's business; this module only turns the failures every
HTTP upstream shares into `errors.py` exceptions:

- no connection, a dropped connection       -> UpstreamUnavailable (reads retried first)
- no answer in time (timeout, deadline.py)  -> UpstreamTimeout (connect timeouts retried first)
- HTTP 5xx                                  -> UpstreamUnavailable (reads retried first)
- HTTP 429                                  -> UpstreamRateLimited (reads retried first)
- no room in the call budget (quota.py)     -> QuotaExceeded, the call not sent

Retries (retry.py) are bounded, jittered and honour `Retry-After`; one longer than `max_delay`
is not waited for but reported as `retry_after`. Writes are never retried. A 429 closes the
budget for every caller until its `Retry-After` (or the quota's backoff). Reads go through
`SharedReads` (coalescing, cache); writes invalidate the cache; each call sent is counted.
An upstream whose failures carry a documented message (Ecwid's `errorMessage`) passes
`error_message` to have it as the error's message instead of ours. Calls go through
`LeanSender` (sender.py): the client's transport without the client's per-call work.
Every attempt is counted (`metrics.py`) and on the request's `Observation`; with a tracer, each
call (its retries included) is one client span named by the upstream method, whose context goes
upstream as `traceparent`, else the client's own `traceparent` is passed on as it came.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import httpx
from opentelemetry.trace import Span, SpanKind, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from customer_gateway.model.calls import count_call
from customer_gateway.model.deadline import attempt_timeout, check_can_start, retry_fits
from customer_gateway.model.errors import (
    GatewayError,
    QuotaExceeded,
    UpstreamError,
    UpstreamInfo,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from customer_gateway.model.observation import current_observation
from customer_gateway.upstream.cache import request_key
from customer_gateway.upstream.call_span import annotate_attempt
from customer_gateway.upstream.metrics import REFUSED, RETRIED, UpstreamMetrics, status_outcome
from customer_gateway.upstream.quota import Quota
from customer_gateway.upstream.reads import SharedReads
from customer_gateway.upstream.retry import RetryPolicy, parse_retry_after
from customer_gateway.upstream.sender import LeanSender

logger = logging.getLogger(__name__)

# A JSON object as sent to or read from an upstream.
JSON = dict[str, Any]

ErrorMessage = Callable[[httpx.Response], str | None]

_PROPAGATOR = TraceContextTextMapPropagator()


@dataclass(frozen=True, slots=True)
class _Call:
    """One upstream request as `Upstream.request` was asked for it, handed down its steps."""

    http_method: str
    url: str
    operation: str
    idempotent: bool
    content: bytes | None
    headers: Mapping[str, str] | None
    params: Mapping[str, str] | None
    error_message: ErrorMessage | None


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
        metrics: UpstreamMetrics | None = None,
        tracer: Tracer | None = None,
        quota: Quota | None = None,
        reads: SharedReads | None = None,
    ) -> None:
        self.client = LeanSender(client)
        self.service = service
        self.timeout = timeout
        self.retry = retry
        self._rng = rng
        self.metrics = metrics
        self.tracer = tracer
        # (time.monotonic(), None if the upstream answered else the failure's code) of the
        # latest attempt: /readyz answers from it instead of spending a call of its own.
        self.last_outcome: tuple[float, str | None] | None = None
        self.quota = quota
        self.reads = reads

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
        write: bool | None = None,
    ) -> httpx.Response:
        """Send one request (retrying reads); return any answer that is not a 5xx or a 429.

        `error_message` reads the upstream's own description of a 5xx or 429 from its answer.
        `idempotent` requests are reads (retried, shared, cached); `write` (default: not
        idempotent) says whether the request changes data, so cached answers are out of date.
        """
        call = _Call(
            http_method, url, operation, idempotent, content, headers, params, error_message
        )
        send = partial(self._observed, call)
        if self.reads is None:
            return await send()
        key = request_key(http_method, url, content=content, headers=headers, params=params)
        changes = write if write is not None else not idempotent
        return await self.reads.send(key, send, read=idempotent, write=changes, method=operation)

    async def _observed(self, call: _Call) -> httpx.Response:
        if self.tracer is None:
            observation = current_observation()
            if observation is not None and observation.traceparent is not None:
                headers = {**(call.headers or {}), "traceparent": observation.traceparent}
                call = replace(call, headers=headers)
            return await self._send(call)
        # Open2b's method names say which API they belong to; a REST call ("GET /customers")
        # gets its service in front: "ecwid GET /customers".
        operation = call.operation
        name = f"{self.service} {operation}" if " " in operation else operation
        with self.tracer.start_as_current_span(name, kind=SpanKind.CLIENT) as span:
            span.set_attribute("customer_gateway.upstream.service", self.service)
            span.set_attribute("http.request.method", call.http_method)
            traced = dict(call.headers or {})
            _PROPAGATOR.inject(traced)
            return await self._send(replace(call, headers=traced), span)

    async def _send(self, call: _Call, span: Span | None = None) -> httpx.Response:
        operation, idempotent = call.operation, call.idempotent
        attempts = 1 + (self.retry.retries if idempotent else 0)
        for attempt in range(attempts):
            check_can_start(UpstreamInfo(service=self.service, method=operation))
            timeout = attempt_timeout(self.timeout, read=idempotent)
            started = time.perf_counter()
            try:
                failure = await self._attempt(call, timeout)
            except UpstreamError as exc:
                self.last_outcome = (time.monotonic(), exc.code.value)
                self._outcome(operation, exc.code.value, started, span, attempt, exc.upstream)
                raise
            if isinstance(failure, httpx.Response):
                # A 401/403 may be one customer's bad key, or ours refused: it says nothing
                # either way, and the readiness probe's own call tells which.
                if failure.status_code not in (401, 403):
                    self.last_outcome = (time.monotonic(), None)
                outcome = status_outcome(failure.status_code)
                self._outcome(operation, outcome, started, span, attempt, None, failure)
                return failure
            # A 429 is an answer: the upstream is up, we are only out of quota.
            rate_limited = isinstance(failure, UpstreamRateLimited)
            self.last_outcome = (time.monotonic(), None if rate_limited else failure.code.value)
            sent = not isinstance(failure, QuotaExceeded)  # the budget had no room for it
            delay = self.retry.delay(attempt, failure.retry_after, self._rng)
            final = (
                attempt + 1 >= attempts
                or (failure.retry_after is not None and failure.retry_after > self.retry.max_delay)
                or not retry_fits(delay)
            )
            outcome = RETRIED if not final else (failure.code.value if sent else REFUSED)
            self._outcome(operation, outcome, started, span, attempt, failure.upstream, sent=sent)
            if final:
                raise failure
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

    def _outcome(
        self,
        operation: str,
        outcome: str,
        started: float,
        span: Span | None,
        attempt: int,
        info: UpstreamInfo | None,
        response: httpx.Response | None = None,
        *,
        sent: bool = True,
    ) -> None:
        """Count one attempt in the metrics, the request's observation and the call's span;
        one the budget refused (not `sent`) only in the span: the quota counted it."""
        observation = current_observation()
        if sent and self.metrics is not None:
            self.metrics.observe(self.service, operation, outcome, time.perf_counter() - started)
        if sent and observation is not None:
            observation.upstream_calls += 1
        if span is not None:
            status = response.status_code if response is not None else None
            if status is None and info is not None:
                status = info.status
            failed = outcome != RETRIED and response is None
            annotate_attempt(span, attempt + 1, outcome, status, failed=failed)

    async def _attempt(self, call: _Call, timeout: float) -> httpx.Response | GatewayError:
        """One try: the answer, or the retryable failure it amounts to. Timeouts are raised."""
        operation = call.operation
        info = UpstreamInfo(service=self.service, method=operation)
        if self.quota is not None:
            refused = await self.quota.admit(operation)
            if refused is not None:
                return refused
        count_call()
        try:
            async with asyncio.timeout(timeout):
                response = await self.client.request(
                    call.http_method,
                    call.url,
                    content=call.content,
                    headers=call.headers,
                    params=call.params,
                )
        except (TimeoutError, httpx.TimeoutException) as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                # Nothing was sent yet, so like any connect error this one may be retried.
                message = f"could not connect to {self.service} in time"
                return UpstreamTimeout(message, upstream=info)
            cut = "" if timeout == self.timeout else ", the operation's deadline"
            raise UpstreamTimeout(
                f"{self.service} did not answer {operation} within {timeout:.3g}s{cut}",
                upstream=info,
            ) from None
        except httpx.TransportError as exc:
            logger.warning("%s %s: %s", self.service, operation, type(exc).__name__)
            return UpstreamUnavailable(f"{self.service} is unreachable", upstream=info)

        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            info = UpstreamInfo(service=self.service, method=operation, status=status)
            described = None if call.error_message is None else call.error_message(response)
            if status == 429:
                if self.quota is not None:
                    retry_after = await self.quota.rate_limited(retry_after)
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
