"""A write that fails in transit is sent once, never again, and gives its code."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from gateway.harness import (
    AUTHENTICATE,
    CREATE,
    DELETE,
    FIND,
    LOGIN,
    UPDATE,
    UPDATE_MY_CUSTOMER,
    Emulator,
    Gateway,
    GatewayFactory,
    codes,
)
from gateway.mutations import (
    AUTHENTICATE_CUSTOMER,
    CREATE_CUSTOMER,
    DELETE_CUSTOMERS,
    LOG_IN,
    UPDATE_CUSTOMER,
    UPDATE_ME,
    customer_count,
    log_in,
    new_customer,
    upstream_customer,
)

CREDENTIALS = {"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD}
# (operation, variables, the write it sends)
WRITES: list[tuple[str, dict[str, Any], str]] = [
    (CREATE_CUSTOMER, {"input": new_customer()}, CREATE),
    (UPDATE_CUSTOMER, {"id": "1", "input": {"code": "LOST"}}, UPDATE),
    (UPDATE_ME, {"input": {"invoiceRecipient": "AB7TR6K"}}, UPDATE_MY_CUSTOMER),
    (LOG_IN, CREDENTIALS, LOGIN),
    (AUTHENTICATE_CUSTOMER, CREDENTIALS, AUTHENTICATE),
]
FAILURES = [
    ({"failNext": 1}, "UPSTREAM_UNAVAILABLE"),
    ({"failNext": 1, "failureMode": "drop"}, "UPSTREAM_UNAVAILABLE"),
]


@pytest.mark.parametrize(("knob", "code"), FAILURES, ids=["500", "drop"])
@pytest.mark.parametrize(("document", "variables", "method"), WRITES, ids=[w[2] for w in WRITES])
async def test_a_failed_write_is_not_retried(
    gateway: Gateway,
    knobs: Emulator,
    emulator: httpx.AsyncClient,
    document: str,
    variables: dict[str, Any],
    method: str,
    knob: dict[str, Any],
    code: str,
) -> None:
    key = await log_in(gateway)
    before = await upstream_customer(emulator, 1)
    await knobs.reset()
    await knobs.configure(**knob)
    result = await gateway.query(document, variables, headers={"X-Customer-Key": key})
    assert codes(result) == [code]
    error = result["errors"][0]
    status = {} if knob.get("failureMode") == "drop" else {"status": 500}
    assert error["extensions"]["upstream"] == {"service": "open2b", "method": method, **status}
    assert (await knobs.stats())["calls"] == {method: 1}
    # The emulator failed before handling it: nothing was written.
    assert await customer_count(emulator) == 50
    assert await upstream_customer(emulator, 1) == before


@pytest.mark.parametrize(("document", "variables", "method"), WRITES, ids=[w[2] for w in WRITES])
async def test_a_write_that_times_out_is_not_resent(
    make_gateway: GatewayFactory,
    knobs: Emulator,
    document: str,
    variables: dict[str, Any],
    method: str,
) -> None:
    gateway = await make_gateway(upstream_timeout=0.05)
    key = await log_in(gateway)
    await knobs.reset()
    await knobs.configure(latencyMs=300)
    result = await gateway.query(document, variables, headers={"X-Customer-Key": key})
    assert codes(result) == ["UPSTREAM_TIMEOUT"]
    assert result["errors"][0]["message"] == f"open2b did not answer {method} within 0.05s"
    assert (await knobs.stats())["calls"] == {method: 1}


class LoseDeleteAnswers(httpx.AsyncBaseTransport):
    """Delivers every request; drops the connection before a delete's answer comes back."""

    def __init__(self, app: Starlette) -> None:
        self.inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith(DELETE):
            await response.aclose()
            raise httpx.RemoteProtocolError("connection dropped", request=request)
        return response


async def test_a_delete_whose_answer_is_lost_is_not_resent(
    make_gateway: GatewayFactory, emulator_app: Starlette, knobs: Emulator
) -> None:
    gateway = await make_gateway(transport=LoseDeleteAnswers(emulator_app))
    result = await gateway.query(DELETE_CUSTOMERS, {"ids": ["2"]})
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]
    assert (await knobs.stats())["calls"] == {FIND: 1, DELETE: 1}
    # It did happen: sending it again could only have done harm elsewhere.
    assert await gateway.query('{ customer(id: "2") { id } }') == {"data": {"customer": None}}


async def test_the_read_before_a_delete_is_retried_the_delete_is_not(
    gateway: Gateway, knobs: Emulator
) -> None:
    await knobs.configure(failNext=1)
    result = await gateway.query(DELETE_CUSTOMERS, {"ids": ["2"]})
    assert result == {"data": {"deleteCustomers": {"deletedIds": ["2"]}}}
    assert (await knobs.stats())["calls"] == {FIND: 2, DELETE: 1}
