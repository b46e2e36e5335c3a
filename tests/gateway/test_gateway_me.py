"""`me`: the storefront customer of the `X-Customer-Key` header, through storefront.customer."""

from __future__ import annotations

import httpx

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from gateway.harness import MY_CUSTOMER, Emulator, Gateway, GatewayFactory, codes
from helpers import log_in


async def test_me_with_a_customer_key(
    gateway: Gateway, emulator: httpx.AsyncClient, knobs: Emulator
) -> None:
    headers = await log_in(emulator)
    result = await gateway.query("{ me { id email fullName loginTime } }", headers=headers)
    me = result["data"]["me"]
    assert me["id"] == "1"
    assert me["email"] == HOLMES_EMAIL
    assert me["loginTime"].endswith("+00:00")
    assert await knobs.calls(MY_CUSTOMER) == 1
    assert (await knobs.last(MY_CUSTOMER))["fields"] == [
        "id",
        "billingAddress",
        "fullName",
        "loginTime",
    ]


async def test_me_without_a_key_is_null_without_a_call(gateway: Gateway, knobs: Emulator) -> None:
    assert await gateway.query("{ me { id } }") == {"data": {"me": None}}
    assert await knobs.calls() == 0


async def test_me_with_a_bad_key_is_unauthenticated(gateway: Gateway, knobs: Emulator) -> None:
    result = await gateway.query("{ me { id } }", headers={"X-Customer-Key": "not-a-key"})
    assert result["data"] == {"me": None}
    assert codes(result) == ["UNAUTHENTICATED"]
    error = result["errors"][0]
    assert error["path"] == ["me"]
    assert error["extensions"]["upstream"] == {
        "service": "open2b",
        "method": MY_CUSTOMER,
        "status": 403,
    }
    assert "not-a-key" not in str(result)
    # A refused key is an answer, not a failure: it is not retried.
    assert await knobs.calls(MY_CUSTOMER) == 1


async def test_me_is_a_read_and_is_retried(
    gateway: Gateway, emulator: httpx.AsyncClient, knobs: Emulator
) -> None:
    headers = await log_in(emulator)
    await knobs.configure(failNext=1)
    result = await gateway.query("{ me { id } }", headers=headers)
    assert result == {"data": {"me": {"id": "1"}}}
    assert await knobs.calls(MY_CUSTOMER) == 2


async def test_a_failing_me_does_not_fail_its_siblings(gateway: Gateway) -> None:
    result = await gateway.query(
        '{ me { id } holmes: customer(id: "1") { email } }', headers={"X-Customer-Key": "bad"}
    )
    assert result["data"] == {"me": None, "holmes": {"email": HOLMES_EMAIL}}
    assert codes(result) == ["UNAUTHENTICATED"]


async def test_me_needs_no_api_token(
    make_gateway: GatewayFactory, emulator: httpx.AsyncClient
) -> None:
    gateway = await make_gateway(api_tokens="admin-token")
    headers = await log_in(emulator)
    result = await gateway.query("{ me { id } }", headers=headers)
    assert result == {"data": {"me": {"id": "1"}}}
