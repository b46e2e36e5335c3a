"""`/graphql` observed: the request metrics and, with a tracer, one span per operation.

It wraps the endpoint, so whatever executes the operation (strawberry, or a compiled plan)
is measured the same way: the executor names the operation on the request's `Observation`
and the endpoint lists the error codes it answered. The span starts as `graphql` (its name is
known only once the document is parsed) and is renamed `<type> <name>` at the end, as
OpenTelemetry's GraphQL conventions say; its parent is the client's `traceparent`, if sent.
No variables, query text or headers go into its attributes.
"""

from __future__ import annotations

import time

from opentelemetry.trace import Span, SpanKind, StatusCode, Tracer
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_gateway.http.metrics import GatewayMetrics
from customer_gateway.http.request_context import request_id_from
from customer_gateway.model.observation import Observation, current_observation, observing

_PROPAGATOR = TraceContextTextMapPropagator()


class OperationTelemetry:
    def __init__(self, app: ASGIApp, metrics: GatewayMetrics | None, tracer: Tracer | None) -> None:
        self.app = app
        self.metrics = metrics
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.metrics is None and self.tracer is None):
            await self.app(scope, receive, send)
            return
        observation = current_observation()
        if observation is None:  # the endpoint mounted without `RequestContext`
            with observing(Observation(request_id_from(None))) as observation:
                await self._observe(observation, scope, receive, send)
        else:
            await self._observe(observation, scope, receive, send)

    async def _observe(
        self, observation: Observation, scope: Scope, receive: Receive, send: Send
    ) -> None:
        answer = _Answer(send)
        started = time.perf_counter()
        if self.tracer is None:
            await self.app(scope, receive, answer)
        else:
            carrier = (
                {} if observation.traceparent is None else {"traceparent": observation.traceparent}
            )
            with self.tracer.start_as_current_span(
                "graphql", context=_PROPAGATOR.extract(carrier), kind=SpanKind.SERVER
            ) as span:
                await self.app(scope, receive, answer)
                _describe(span, observation, answer.status)
        if self.metrics is not None and not answer.is_page:
            self.metrics.record(observation, answer.status, time.perf_counter() - started)


class _Answer:
    """The `send` of the wrapped endpoint, noting the status and whether it sent a web page."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status = 500  # until the endpoint says otherwise
        self.is_page = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            for name, value in message.get("headers", ()):
                if name == b"content-type":
                    # GraphiQL's page, served on GET /graphql to browsers: not an operation.
                    self.is_page = value.startswith(b"text/html")
        await self.send(message)


def _describe(span: Span, observation: Observation, status: int) -> None:
    operation_type = observation.operation_type or "unknown"
    name = observation.operation_name
    span.update_name(operation_type if name is None else f"{operation_type} {name}")
    span.set_attribute("graphql.operation.type", operation_type)
    if name is not None:
        span.set_attribute("graphql.operation.name", name)
    span.set_attribute("http.response.status_code", status)
    span.set_attribute("customer_gateway.request_id", observation.request_id)
    span.set_attribute("customer_gateway.upstream.calls", observation.upstream_calls)
    if observation.error_codes:
        span.set_attribute("customer_gateway.graphql.error_codes", observation.error_codes)
    if status >= 500 or observation.error_codes:
        span.set_status(
            StatusCode.ERROR, observation.error_codes[0] if observation.error_codes else str(status)
        )
