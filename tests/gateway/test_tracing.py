"""OpenTelemetry: a span per operation, one per upstream call under it, `traceparent` through."""

from __future__ import annotations

import httpx
from opentelemetry.trace import SpanKind, StatusCode
from starlette.applications import Starlette

from gateway.harness import ECWID_GET, FIND, Emulator, GatewayFactory, codes
from gateway.telemetry import Spans

HOLMES = '{ customer(id: "1") { id } }'
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CLIENT_SPAN = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{CLIENT_SPAN}-01"


class Recording(httpx.ASGITransport):
    """The emulator over ASGI, keeping every request the gateway sent it."""

    def __init__(self, app: Starlette) -> None:
        super().__init__(app=app)
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await super().handle_async_request(request)


async def test_operation_and_upstream_spans(make_gateway: GatewayFactory) -> None:
    spans = Spans()
    gateway = await make_gateway(traces=spans.provider)
    assert "errors" not in await gateway.query("query Holmes " + HOLMES)

    [operation] = spans.named("query Holmes")
    [call] = spans.named(FIND)
    assert operation.kind == SpanKind.SERVER and call.kind == SpanKind.CLIENT
    assert operation.attributes is not None and call.attributes is not None
    assert operation.attributes["graphql.operation.type"] == "query"
    assert operation.attributes["graphql.operation.name"] == "Holmes"
    assert operation.attributes["customer_gateway.upstream.calls"] == 1
    assert call.parent is not None and operation.context is not None
    assert call.parent.span_id == operation.context.span_id
    assert call.context is not None and call.context.trace_id == operation.context.trace_id
    assert call.attributes["http.response.status_code"] == 200
    assert call.attributes["customer_gateway.upstream.attempts"] == 1
    assert call.attributes["customer_gateway.upstream.outcome"] == "ok"
    assert call.status.status_code == StatusCode.UNSET


async def test_an_anonymous_operation_is_named_by_its_type(make_gateway: GatewayFactory) -> None:
    spans = Spans()
    gateway = await make_gateway(traces=spans.provider)
    await gateway.query('mutation { deleteCustomers(ids: ["3"]) { deletedIds } }')
    assert [span.name for span in spans.finished()][-1] == "mutation"


async def test_retries_and_failures_on_the_upstream_span(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    spans = Spans()
    gateway = await make_gateway(traces=spans.provider)
    await knobs.configure(failNext=1)
    assert "errors" not in await gateway.query(HOLMES)
    await knobs.configure(failNext=3)
    assert codes(await gateway.query(HOLMES)) == ["UPSTREAM_UNAVAILABLE"]

    retried, failed = spans.named(FIND)
    assert retried.attributes is not None and failed.attributes is not None
    assert retried.attributes["customer_gateway.upstream.attempts"] == 2
    assert retried.status.status_code == StatusCode.UNSET
    assert failed.attributes["customer_gateway.upstream.attempts"] == 3
    assert failed.attributes["customer_gateway.upstream.outcome"] == "UPSTREAM_UNAVAILABLE"
    assert failed.attributes["http.response.status_code"] == 500
    assert failed.status.status_code == StatusCode.ERROR
    statuses = [span.status.status_code for span in spans.named("query")]
    assert statuses == [StatusCode.UNSET, StatusCode.ERROR]


async def test_ecwid_calls_are_named_by_method_and_path(make_gateway: GatewayFactory) -> None:
    spans = Spans()
    gateway = await make_gateway(backend="ecwid", traces=spans.provider)
    assert "errors" not in await gateway.query(HOLMES)
    [call] = spans.named(ECWID_GET)
    assert call.attributes is not None
    assert call.attributes["customer_gateway.upstream.service"] == "ecwid"


async def test_the_clients_traceparent_is_the_parent_and_goes_upstream(
    make_gateway: GatewayFactory, emulator_app: Starlette
) -> None:
    spans = Spans()
    upstream = Recording(emulator_app)
    gateway = await make_gateway(transport=upstream, traces=spans.provider)
    await gateway.query(HOLMES, headers={"traceparent": TRACEPARENT})

    [operation] = spans.named("query")
    [call] = spans.named(FIND)
    assert operation.parent is not None and operation.parent.span_id == int(CLIENT_SPAN, 16)
    assert operation.context is not None and operation.context.trace_id == int(TRACE_ID, 16)
    [sent] = upstream.requests
    assert call.context is not None
    assert sent.headers["traceparent"] == f"00-{TRACE_ID}-{call.context.span_id:016x}-01"


async def test_without_tracing_the_traceparent_is_passed_on(
    make_gateway: GatewayFactory, emulator_app: Starlette
) -> None:
    upstream = Recording(emulator_app)
    gateway = await make_gateway(transport=upstream)
    await gateway.query(HOLMES, headers={"traceparent": TRACEPARENT})
    await gateway.query(HOLMES, headers={"traceparent": "not-a-traceparent"})
    first, second = upstream.requests
    assert first.headers["traceparent"] == TRACEPARENT
    assert "traceparent" not in second.headers
