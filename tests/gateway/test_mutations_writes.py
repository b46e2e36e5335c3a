"""Admin writes: what goes upstream (left out vs null), what comes back, and what it costs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from gateway.harness import (
    AUTHENTICATE,
    CREATE,
    DELETE,
    FIND,
    UPDATE,
    Emulator,
    Gateway,
    GatewayFactory,
)
from gateway.mutations import (
    AUTHENTICATE_CUSTOMER,
    CREATE_CUSTOMER,
    DELETE_CUSTOMERS,
    UPDATE_CUSTOMER,
    customer_count,
    new_customer,
    upstream_customer,
)
from helpers import watson_billing


async def update(gateway: Gateway, changes: dict[str, Any], customer_id: str = "1") -> Any:
    result = await gateway.query(UPDATE_CUSTOMER, {"id": customer_id, "input": changes})
    assert "errors" not in result, result
    return result["data"]["updateCustomer"]["customer"]


def unchanged(before: dict[str, Any], after: dict[str, Any], *changed: str) -> bool:
    ignore = {"updateTime", *changed}
    return {k: v for k, v in before.items() if k not in ignore} == {
        k: v for k, v in after.items() if k not in ignore
    }


# -- updates: only what was given goes upstream; null is sent as null --------------------------


async def test_an_update_sends_only_the_given_fields(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    before = await upstream_customer(emulator, 1)
    await knobs.reset()
    customer = await update(gateway, {"code": "BAKER-221"})
    assert await knobs.last(UPDATE) == {"id": 1, "customer": {"code": "BAKER-221"}}
    assert customer["code"] == "BAKER-221"
    assert customer["email"] == HOLMES_EMAIL
    assert customer["collections"] == [12, 15]
    # One write, one read of the changed customer.
    assert (await knobs.stats())["calls"] == {UPDATE: 1, FIND: 1}
    assert unchanged(before, await upstream_customer(emulator, 1), "code")


async def test_null_clears_what_the_docs_let_be_null(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    before = await upstream_customer(emulator, 1)
    cleared = {"loginTime": None, "collection": None, "cart": None, "shippingAddress": None}
    customer = await update(gateway, cleared)
    assert await knobs.last(UPDATE) == {"id": 1, "customer": cleared}
    assert {key: customer[key] for key in cleared} == cleared
    assert customer["code"] == "TF78123"
    assert customer["locale"] == "en-GB"
    after = await upstream_customer(emulator, 1)
    assert unchanged(before, after, *cleared)


async def test_a_null_password_removes_it(gateway: Gateway, knobs: Emulator) -> None:
    customer = await update(gateway, {"canLogin": False, "password": None})
    assert await knobs.last(UPDATE) == {"id": 1, "customer": {"canLogin": False, "password": None}}
    assert (customer["canLogin"], customer["hasPassword"]) == (False, False)


@pytest.mark.parametrize(
    ("password", "sent"),
    [
        ({"value": "moriarty12"}, {"value": "moriarty12"}),
        ({"value": "moriarty12", "cryptedBy": None}, {"value": "moriarty12", "cryptedBy": None}),
    ],
)
async def test_a_left_out_crypted_by_is_left_out(
    gateway: Gateway, knobs: Emulator, password: dict[str, Any], sent: dict[str, Any]
) -> None:
    await update(gateway, {"password": password})
    assert await knobs.last(UPDATE) == {"id": 1, "customer": {"password": sent}}
    result = await gateway.query(
        AUTHENTICATE_CUSTOMER, {"email": HOLMES_EMAIL, "password": "moriarty12"}
    )
    assert result["data"]["authenticateCustomer"]["id"] == "1"


async def test_an_address_is_sent_as_given(gateway: Gateway, knobs: Emulator) -> None:
    billing = watson_billing(firstName="Mary", lastName="Morstan", companyName="")
    customer = await update(gateway, {"billingAddress": billing})
    assert await knobs.last(UPDATE) == {"id": 1, "customer": {"billingAddress": billing}}
    assert customer["fullName"] == "Mary Morstan"
    assert customer["email"] == billing["email"]


async def test_an_empty_update_sends_an_empty_customer(gateway: Gateway, knobs: Emulator) -> None:
    customer = await update(gateway, {})
    assert await knobs.last(UPDATE) == {"id": 1, "customer": {}}
    assert customer["code"] == "TF78123"


ROME = "Europe/Rome"


@pytest.mark.parametrize(
    ("zone", "given", "sent", "shown"),
    [
        ("UTC", "2020-01-01T12:00:00+02:00", "2020-01-01 10:00:00", "2020-01-01T10:00:00+00:00"),
        (ROME, "2020-01-01T12:00:00+02:00", "2020-01-01 11:00:00", "2020-01-01T11:00:00+01:00"),
        (ROME, "2020-07-01T12:00:00Z", "2020-07-01 14:00:00", "2020-07-01T14:00:00+02:00"),
        # Open2b's own form is the store's local time, sent as it is.
        (ROME, "2020-07-01 12:00:00", "2020-07-01 12:00:00", "2020-07-01T12:00:00+02:00"),
        # Open2b keeps seconds.
        ("UTC", "2020-01-01T12:00:00.9+00:00", "2020-01-01 12:00:00", "2020-01-01T12:00:00+00:00"),
    ],
)
async def test_datetimes_go_upstream_in_the_store_zone(
    make_gateway: GatewayFactory, knobs: Emulator, zone: str, given: str, sent: str, shown: str
) -> None:
    gateway = await make_gateway(store_timezone=zone)
    customer = await update(gateway, {"creationTime": given, "loginTime": None})
    assert (await knobs.last(UPDATE))["customer"]["creationTime"] == sent
    assert customer["creationTime"] == shown


# -- create, delete, authenticate -------------------------------------------------------------


async def test_create_then_read(gateway: Gateway, knobs: Emulator) -> None:
    given = new_customer(
        code="WATSON-1",
        canLogin=True,
        password={"value": "afghanistan"},
        locale="en-GB",
        group=2,
        collections=[11, 12],
        wishList=[7],
        shippingAddress={
            "name": "Mrs Hudson",
            "street1": "221b Baker Street",
            "city": "London",
            "postalCode": "NW1 6XE",
            "country": "GB",
        },
    )
    result = await gateway.query(CREATE_CUSTOMER, {"input": given})
    created = result["data"]["createCustomer"]["customer"]
    assert await knobs.last(CREATE) == {"customer": given}
    assert (await knobs.stats())["calls"] == {CREATE: 1, FIND: 1}
    assert created["id"] == "51"
    assert created["code"] == "WATSON-1"
    assert created["email"] == "watson@inv-london.com"
    assert (created["canLogin"], created["hasPassword"]) == (True, True)
    assert created["collections"] == [11, 12]
    assert created["shippingAddress"]["name"] == "Mrs Hudson"
    assert created["loginTime"] is None
    fields = created.keys() - {"billingAddress", "shippingAddress"}
    read = await gateway.query(f'{{ customer(id: "51") {{ {" ".join(fields)} }} }}')
    assert read["data"]["customer"] == {key: created[key] for key in fields}


async def test_create_reads_nothing_when_the_customer_is_not_selected(
    gateway: Gateway, knobs: Emulator
) -> None:
    document = (
        "mutation($input: CustomerCreateInput!) { createCustomer(input: $input) { __typename } }"
    )
    result = await gateway.query(document, {"input": new_customer()})
    assert result == {"data": {"createCustomer": {"__typename": "CustomerPayload"}}}
    assert (await knobs.stats())["calls"] == {CREATE: 1}


async def test_delete_reports_the_ids_that_existed(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    result = await gateway.query(DELETE_CUSTOMERS, {"ids": ["3", "999", "3", "2"]})
    assert result == {"data": {"deleteCustomers": {"deletedIds": ["3", "2"]}}}
    stats = await knobs.stats()
    assert stats["calls"] == {FIND: 1, DELETE: 1}
    assert stats["last"][FIND] == {"conditions": {"ids": [2, 3, 999]}, "fields": ["id"], "limit": 3}
    assert stats["last"][DELETE] == {"ids": [3, 2]}
    assert await customer_count(emulator) == 48
    read = await gateway.query('{ a: customer(id: "2") { id } b: customer(id: "3") { id } }')
    assert read == {"data": {"a": None, "b": None}}


@pytest.mark.parametrize(("ids", "calls"), [(["998", "999"], {FIND: 1}), ([], {})])
async def test_deleting_nothing_sends_no_delete(
    gateway: Gateway, knobs: Emulator, ids: list[str], calls: dict[str, int]
) -> None:
    result = await gateway.query(DELETE_CUSTOMERS, {"ids": ids})
    assert result == {"data": {"deleteCustomers": {"deletedIds": []}}}
    assert (await knobs.stats())["calls"] == calls


HOLMES = {"id": "1", "email": HOLMES_EMAIL, "fullName": "Investigations Inc"}


@pytest.mark.parametrize(
    ("email", "password", "expected"),
    [
        (HOLMES_EMAIL, HOLMES_PASSWORD, HOLMES),
        (HOLMES_EMAIL.upper(), HOLMES_PASSWORD, HOLMES),
        (HOLMES_EMAIL, "moriarty", None),
        ("nobody@example.com", HOLMES_PASSWORD, None),
    ],
)
async def test_authenticate(
    gateway: Gateway,
    knobs: Emulator,
    email: str,
    password: str,
    expected: dict[str, str] | None,
) -> None:
    result = await gateway.query(AUTHENTICATE_CUSTOMER, {"email": email, "password": password})
    assert result == {"data": {"authenticateCustomer": expected}}
    assert await knobs.last(AUTHENTICATE) == {
        "email": email,
        "password": password,
        "fields": ["id", "billingAddress", "fullName"],
    }
    assert await knobs.calls() == 1


# -- the loader never serves a copy a write made stale ---------------------------------------


async def test_each_payload_shows_the_customer_after_its_own_write(
    gateway: Gateway, knobs: Emulator
) -> None:
    # Same id, same selection: the second payload would hit the first one's cached copy.
    result = await gateway.query(
        """mutation {
          a: updateCustomer(id: "1", input: {code: "A-1"}) { customer { id code } }
          b: updateCustomer(id: "1", input: {code: "B-2"}) { customer { id code } }
          c: updateCustomer(id: "1", input: {}) { customer { id code } }
        }"""
    )
    assert result == {
        "data": {
            "a": {"customer": {"id": "1", "code": "A-1"}},
            "b": {"customer": {"id": "1", "code": "B-2"}},
            "c": {"customer": {"id": "1", "code": "B-2"}},
        }
    }
    assert (await knobs.stats())["calls"] == {UPDATE: 3, FIND: 3}
