"""What an upstream call's client span says of its latest attempt."""

from __future__ import annotations

from opentelemetry.trace import Span, StatusCode


def annotate_attempt(
    span: Span, attempts: int, outcome: str, status: int | None, *, failed: bool
) -> None:
    """`outcome` as counted in the metrics (`refused`: the quota budget kept it from going);
    `status` the upstream's HTTP status when one answered; `failed` marks the span an error."""
    span.set_attribute("customer_gateway.upstream.attempts", attempts)
    span.set_attribute("customer_gateway.upstream.outcome", outcome)
    if status is not None:
        span.set_attribute("http.response.status_code", status)
    if failed:
        span.set_status(StatusCode.ERROR, outcome)
