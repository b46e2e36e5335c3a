"""The storefront: logIn gives a customer key; `me` and `updateMe` take it as X-Customer-Key."""

from __future__ import annotations

import httpx

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from gateway.harness import (
    LOGIN,
    MY_CUSTOMER,
    UPDATE_MY_CUSTOMER,
    Emulator,
    Gateway,
    GatewayFactory,
    codes,
)
from gateway.mutations import (
    LOG_IN,
    UPDATE_ME,
    log_in,
    only_error,
    upstream_customer,
)

CREDENTIALS = {"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD}


async def test_log_in_then_me_then_update_me(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    logged_in = await gateway.query(LOG_IN, CREDENTIALS)
    payload = logged_in["data"]["logIn"]
    key = payload["customerKey"]
    assert payload["customer"]["id"] == "1"
    assert payload["customer"]["email"] == HOLMES_EMAIL
    assert (await knobs.stats())["calls"] == {LOGIN: 1, MY_CUSTOMER: 1}
    headers = {"X-Customer-Key": key}

    me = await gateway.query("{ me { id fullName billingAddress { city } } }", headers=headers)
    assert me == {
        "data": {
            "me": {
                "id": "1",
                "fullName": "Investigations Inc",
                "billingAddress": {"city": "London"},
            }
        }
    }

    before = await upstream_customer(emulator, 1)
    await knobs.reset()
    changes = {"billingAddress": {"city": "Paris", "postalCode": "75001"}, "wishList": [5, 6]}
    updated = await gateway.query(UPDATE_ME, {"input": changes}, headers=headers)
    customer = updated["data"]["updateMe"]["customer"]
    assert await knobs.last(UPDATE_MY_CUSTOMER) == {"customer": changes}
    assert (await knobs.stats())["calls"] == {UPDATE_MY_CUSTOMER: 1, MY_CUSTOMER: 1}
    # The storefront's billing address may be sent in part: the rest stays.
    assert customer["billingAddress"] == {
        "firstName": "Sherlock",
        "lastName": "Holmes",
        "city": "Paris",
        "country": "GB",
        "email": HOLMES_EMAIL,
    }
    assert customer["wishList"] == [5, 6]
    after = await upstream_customer(emulator, 1)
    assert after["billingAddress"] == before["billingAddress"] | changes["billingAddress"]
    assert {
        k: v for k, v in after.items() if k not in ("billingAddress", "wishList", "updateTime")
    } == {k: v for k, v in before.items() if k not in ("billingAddress", "wishList", "updateTime")}

    me = await gateway.query("{ me { billingAddress { city } wishList } }", headers=headers)
    assert me == {"data": {"me": {"billingAddress": {"city": "Paris"}, "wishList": [5, 6]}}}


async def test_update_me_sends_null_where_the_docs_allow_it(
    gateway: Gateway, knobs: Emulator
) -> None:
    key = await log_in(gateway)
    changes = {"cart": None, "shippingAddress": None, "privacyConsents": [1, 2]}
    result = await gateway.query(UPDATE_ME, {"input": changes}, headers={"X-Customer-Key": key})
    customer = result["data"]["updateMe"]["customer"]
    assert await knobs.last(UPDATE_MY_CUSTOMER) == {"customer": changes}
    assert (customer["cart"], customer["shippingAddress"]) == (None, None)


async def test_log_in_without_the_customer_costs_one_call(
    gateway: Gateway, knobs: Emulator
) -> None:
    document = """mutation($email: String!, $password: String!) {
      logIn(email: $email, password: $password) { customerKey } }"""
    result = await gateway.query(document, CREDENTIALS)
    assert len(result["data"]["logIn"]["customerKey"]) > 20
    assert (await knobs.stats())["calls"] == {LOGIN: 1}
    assert await knobs.last(LOGIN) == CREDENTIALS


async def test_log_in_with_a_wrong_password(gateway: Gateway, knobs: Emulator) -> None:
    result = await gateway.query(LOG_IN, {"email": HOLMES_EMAIL, "password": "moriarty"})
    error = only_error(result, "logIn")
    assert error["message"] == "Email or password is not correct"
    assert error["extensions"] == {
        "code": "INVALID_COMBINATION",
        "field": "email",
        "upstream": {
            "service": "open2b",
            "method": LOGIN,
            "type": "InvalidCombination",
            "field": "email",
        },
    }
    assert (await knobs.stats())["calls"] == {LOGIN: 1}


async def test_update_me_without_a_key_calls_nothing(gateway: Gateway, knobs: Emulator) -> None:
    result = await gateway.query(UPDATE_ME, {"input": {"wishList": [1]}})
    error = only_error(result, "updateMe")
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert "X-Customer-Key" in error["message"]
    assert await knobs.calls() == 0


async def test_update_me_with_a_bad_key_is_unauthenticated(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    before = await upstream_customer(emulator, 1)
    result = await gateway.query(
        UPDATE_ME, {"input": {"wishList": [1]}}, headers={"X-Customer-Key": "stolen-key"}
    )
    error = only_error(result, "updateMe")
    assert error["extensions"] == {
        "code": "UNAUTHENTICATED",
        "upstream": {"service": "open2b", "method": UPDATE_MY_CUSTOMER, "status": 403},
    }
    assert "stolen-key" not in str(result)
    assert await knobs.calls(UPDATE_MY_CUSTOMER) == 1
    assert await upstream_customer(emulator, 1) == before


async def test_the_storefront_needs_no_api_token(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(api_tokens="admin-token")
    key = await log_in(gateway)
    result = await gateway.query(
        UPDATE_ME, {"input": {"wishList": [9]}}, headers={"X-Customer-Key": key}
    )
    assert result["data"]["updateMe"]["customer"]["wishList"] == [9]
    assert codes(result) == []


async def test_an_upstream_error_on_a_nested_field_names_its_graphql_path(
    gateway: Gateway, knobs: Emulator
) -> None:
    key = await log_in(gateway)
    headers = {"X-Customer-Key": key}
    await gateway.query(UPDATE_ME, {"input": {"shippingAddress": None}}, headers=headers)
    # With no shipping address stored, a part of one is not enough: Open2b says which is missing.
    result = await gateway.query(
        UPDATE_ME, {"input": {"shippingAddress": {"city": "Paris"}}}, headers=headers
    )
    error = only_error(result, "updateMe")
    assert error["message"] == "shippingAddress.name is required"
    assert error["extensions"] == {
        "code": "MISSING",
        "field": "input.shippingAddress.name",
        "upstream": {
            "service": "open2b",
            "method": UPDATE_MY_CUSTOMER,
            "type": "Missing",
            "field": "shippingAddress.name",
        },
    }
