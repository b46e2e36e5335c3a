"""A created customer is never lost to its client: the payload carries its id even when the
read-back of `customer` fails."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from gateway.harness import GatewayFactory
from helpers import watson_billing

CREATE = """mutation($input: CustomerCreateInput!) {
  createCustomer(input: $input) { customerId customer { id email } }
}"""
# What each backend reads a customer back with.
READ_BACK = {
    "open2b": "POST /api/v10/commerce.customers.find",
    "ecwid": "GET /api/v3/1003/customers/",
}


class ReadsFail(httpx.AsyncBaseTransport):
    """The emulator, except that every read of one customer answers 500."""

    def __init__(self, emulator_app: Starlette, read_back: str) -> None:
        self.emulator = httpx.ASGITransport(app=emulator_app)
        self.read_back = read_back

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if f"{request.method} {request.url.path}".startswith(self.read_back):
            return httpx.Response(500, text="read failed")
        return await self.emulator.handle_async_request(request)


@pytest.mark.parametrize("backend", ["open2b", "ecwid"])
async def test_the_new_id_survives_a_failed_read_back(
    make_gateway: GatewayFactory, emulator_app: Starlette, backend: str
) -> None:
    gateway = await make_gateway(
        backend=backend, transport=ReadsFail(emulator_app, READ_BACK[backend])
    )
    result = await gateway.query(CREATE, {"input": {"billingAddress": watson_billing()}})

    payload = result["data"]["createCustomer"]
    assert payload["customer"] is None
    assert payload["customerId"] is not None and payload["customerId"].isdigit()
    (error,) = result["errors"]
    assert error["path"] == ["createCustomer", "customer"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


async def test_the_new_id_is_in_a_successful_payload(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway()
    result = await gateway.query(CREATE, {"input": {"billingAddress": watson_billing()}})

    payload = result["data"]["createCustomer"]
    assert payload["customerId"] == payload["customer"]["id"]
