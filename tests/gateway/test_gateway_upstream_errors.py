"""Each way an upstream can fail, as the client sees it (code, message, retries spent)."""

from __future__ import annotations

import email.utils
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest

from gateway.harness import FIND, Emulator, Gateway, GatewayFactory, Script, codes, without_cost
from helpers import ok

HOLMES = '{ customer(id: "1") { id email } }'


@pytest.mark.parametrize(
    ("knob", "code", "calls"),
    [
        ({"failureRate": 1.0}, "UPSTREAM_UNAVAILABLE", 3),
        ({"failureRate": 1.0, "failureMode": "drop"}, "UPSTREAM_UNAVAILABLE", 3),
        ({"failNext": 1}, None, 2),
        ({"failNext": 2}, None, 3),
        ({"failNext": 3}, "UPSTREAM_UNAVAILABLE", 3),
        ({"failNext": 1, "failureMode": "drop"}, None, 2),
    ],
)
async def test_server_failures_are_retried_then_unavailable(
    gateway: Gateway, knobs: Emulator, knob: dict[str, Any], code: str | None, calls: int
) -> None:
    await knobs.configure(**knob)
    result = await gateway.query(HOLMES)
    if code is None:
        assert result == {"data": {"customer": {"id": "1", "email": "holmes@inv-london.com"}}}
    else:
        assert result["data"] == {"customer": None}
        assert codes(result) == [code]
        error = result["errors"][0]
        assert error["path"] == ["customer"]
        # A dropped connection has no HTTP status.
        status = {} if knob.get("failureMode") == "drop" else {"status": 500}
        assert error["extensions"]["upstream"] == {"service": "open2b", "method": FIND, **status}
        assert "internal server error" not in error["message"]  # the upstream's body stays out
    assert await knobs.calls(FIND) == calls


async def test_every_read_is_retried(gateway: Gateway, knobs: Emulator) -> None:
    query = '{ customersCount customers(first: 1) { nodes { id } } customer(id: "2") { id } }'
    await knobs.configure(failNext=3)
    result = await gateway.query(query)
    assert "errors" not in result
    assert sum((await knobs.stats())["calls"].values()) == 6


async def test_rate_limit(gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient) -> None:
    await knobs.configure(rateLimit={"calls": 1, "windowSeconds": 60})
    await ok(emulator, "commerce.customers.count", {})
    result = await gateway.query(HOLMES)
    assert codes(result) == ["RATE_LIMITED"]
    # Open2b sends no Retry-After: the budget stays closed for CG_QUOTA_BACKOFF, not retried.
    assert result["errors"][0]["extensions"]["retryAfter"] == 60
    assert await knobs.calls(FIND) == 1


async def test_slow_upstream_times_out(make_gateway: GatewayFactory, knobs: Emulator) -> None:
    gateway = await make_gateway(upstream_timeout=0.05)
    await knobs.configure(latencyMs=300)
    result = await gateway.query(HOLMES)
    assert codes(result) == ["UPSTREAM_TIMEOUT"]
    assert result["errors"][0]["message"] == (
        "open2b did not answer commerce.customers.find within 0.05s"
    )
    # A read that timed out may still be running upstream: it is not sent again.
    assert await knobs.calls(FIND) == 1


async def test_wrong_api_key_is_forbidden(make_gateway: GatewayFactory, knobs: Emulator) -> None:
    gateway = await make_gateway(open2b_api_key="wrong-key")
    result = await gateway.query(HOLMES)
    assert codes(result) == ["FORBIDDEN"]
    assert "wrong-key" not in str(result)
    assert await knobs.calls(FIND) == 1


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_connection_refused(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(open2b_url=f"http://127.0.0.1:{closed_port()}")
    result = await gateway.query(HOLMES)
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]
    assert result["errors"][0]["message"] == "open2b is unreachable"


def found(*customers: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, content=orjson.dumps({"status": "ok", "customers": customers}))


async def test_connect_errors_are_retried(make_gateway: GatewayFactory) -> None:
    script = Script(httpx.ConnectError("refused"), found({"id": 1, "billingAddress": None}))
    gateway = await make_gateway(transport=script.transport)
    result = await gateway.query(HOLMES)
    assert result == {"data": {"customer": {"id": "1", "email": None}}}
    assert script.calls == 2


async def test_retry_after_is_honoured(make_gateway: GatewayFactory) -> None:
    script = Script(httpx.Response(429, headers={"Retry-After": "0"}), found({"id": 1}))
    gateway = await make_gateway(transport=script.transport)
    assert (await gateway.query('{ customer(id: "1") { id } }'))["data"] == {
        "customer": {"id": "1"}
    }
    assert script.calls == 2


async def test_a_long_retry_after_is_passed_on_not_waited(make_gateway: GatewayFactory) -> None:
    script = Script(httpx.Response(429, headers={"Retry-After": "120"}, text="slow down"))
    gateway = await make_gateway(transport=script.transport)
    result = await gateway.query(HOLMES)
    assert codes(result) == ["RATE_LIMITED"]
    assert result["errors"][0]["extensions"]["retryAfter"] == 120
    assert script.calls == 1


async def test_retry_after_as_an_http_date(make_gateway: GatewayFactory) -> None:
    later = email.utils.format_datetime(datetime.now(UTC) + timedelta(minutes=10), usegmt=True)
    script = Script(httpx.Response(503, headers={"Retry-After": later}))
    gateway = await make_gateway(transport=script.transport)
    result = await gateway.query(HOLMES)
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]
    assert 590 <= result["errors"][0]["extensions"]["retryAfter"] <= 600
    assert script.calls == 1


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, content=b'{"status": "ok"}'),
        httpx.Response(200, content=b'{"status": "ok", "customers": [{"no": "id"}]}'),
        httpx.Response(404, text="unknown method"),
        httpx.Response(503, text="busy"),
    ],
)
async def test_answers_that_are_not_the_documented_json(
    make_gateway: GatewayFactory, answer: httpx.Response
) -> None:
    gateway = await make_gateway(transport=Script(answer).transport)
    result = await gateway.query(HOLMES)
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]
    assert "maintenance" not in str(result) and "busy" not in str(result)


async def test_a_documented_error_keeps_the_vendor_wording(make_gateway: GatewayFactory) -> None:
    envelope = {
        "status": "error",
        "error": {
            "field": "conditions.keywords",
            "type": "InvalidValue",
            "description": "conditions.keywords is not a valid value",
        },
    }
    script = Script(httpx.Response(200, content=orjson.dumps(envelope)))
    gateway = await make_gateway(transport=script.transport)
    result = await gateway.query('{ customersCount(filter: {keywords: "x"}) }')
    assert result["data"] is None
    assert result["errors"] == [
        {
            "message": "conditions.keywords is not a valid value",
            "locations": [{"line": 1, "column": 3}],
            "path": ["customersCount"],
            "extensions": {
                "code": "INVALID_VALUE",
                "field": "filter.keywords",
                "upstream": {
                    "service": "open2b",
                    "method": "commerce.customers.count",
                    "type": "InvalidValue",
                    "field": "conditions.keywords",
                },
            },
        }
    ]
    assert script.calls == 1  # an answer, not a failure: never retried


async def test_unexpected_errors_are_masked(make_gateway: GatewayFactory) -> None:
    script = Script(RuntimeError("secret internals /etc/passwd"))
    gateway = await make_gateway(transport=script.transport)
    response = await gateway.post(HOLMES)
    assert response.status_code == 200
    # The request id lets the operator find the logged traceback the answer does not show.
    request_id = response.headers["x-request-id"]
    result = response.json()
    without_cost(result)
    assert result == {
        "data": {"customer": None},
        "errors": [
            {
                "message": "Internal server error",
                "locations": [{"line": 1, "column": 3}],
                "path": ["customer"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            }
        ],
    }
    assert "secret" not in response.text and "Traceback" not in response.text


async def test_a_failing_batch_chunk_does_not_fail_the_others(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(max_batch=2, read_retries=0)
    await knobs.configure(failNext=1)
    result = await gateway.query(
        '{ a: customer(id: "1") { id } b: customer(id: "2") { id } c: customer(id: "3") { id } }'
    )
    failed = {error["path"][0] for error in result["errors"]}
    assert failed in ({"a", "b"}, {"c"})
    for alias in "abc":
        assert (result["data"][alias] is None) is (alias in failed)
    assert set(codes(result)) == {"UPSTREAM_UNAVAILABLE"}
    assert await knobs.calls(FIND) == 2


async def test_an_upstream_value_that_graphql_cannot_show_is_masked(
    make_gateway: GatewayFactory,
) -> None:
    """A value of the wrong type fails its field as a server fault, never as the client's."""
    customers = [{"id": 1, "canLogin": "secret-ish", "group": 2}]
    script = Script(found(*customers))
    gateway = await make_gateway(transport=script.transport)
    response = await gateway.post('{ customer(id: "1") { id canLogin group } }')
    result = response.json()
    assert result["data"] == {"customer": {"id": "1", "canLogin": None, "group": 2}}
    assert result["errors"] == [
        {
            "message": "Internal server error",
            "locations": [{"line": 1, "column": 26}],
            "path": ["customer", "canLogin"],
            "extensions": {
                "code": "INTERNAL_SERVER_ERROR",
                "requestId": response.headers["x-request-id"],
            },
        }
    ]
