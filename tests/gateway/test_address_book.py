"""`Customer.addresses`, the address book: Ecwid's `shippingAddresses`, Open2b's one address.

Written, it replaces the book whole. On Ecwid an entry with the id of one of the customer's
addresses keeps that address (its id, and what the entry leaves out); on Open2b the book has at
most one entry and no ids.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.backends import Backend
from gateway.harness import (
    ECWID_GET,
    ECWID_POST,
    ECWID_PUT,
    FIND,
    UPDATE,
    Emulator,
    Gateway,
    codes,
)
from gateway.mutations import new_customer, upstream_customer

ADDRESS = "id name street1 street2 city postalCode stateProv country"
BOOK = f"addresses {{ {ADDRESS} }} shippingAddress {{ {ADDRESS} }}"
READ = f"query($id: ID!) {{ customer(id: $id) {{ {BOOK} }} }}"
UPDATE_BOOK = f"""
mutation($id: ID!, $input: CustomerUpdateInput!) {{
  updateCustomer(id: $id, input: $input) {{ customer {{ {BOOK} }} }}
}}"""
CREATE_BOOK = f"""
mutation($input: CustomerCreateInput!) {{
  createCustomer(input: $input) {{ customer {{ id {BOOK} }} }}
}}"""

MARY = {
    "name": "Mary Watson", "street1": "1 Paddington Green", "street2": "Flat 2",
    "city": "London", "postalCode": "W2 1LG", "stateProv": "LND", "country": "GB",
}  # fmt: skip
HUDSON = {"name": "Mrs Hudson", "street1": "221b Baker Street", "city": "London",
          "postalCode": "NW1 6XE", "country": "GB"}  # fmt: skip
MARY_ECWID = {
    "name": "Mary Watson", "street": "1 Paddington Green\nFlat 2", "city": "London",
    "postalCode": "W2 1LG", "stateOrProvinceCode": "LND", "countryCode": "GB",
}  # fmt: skip
HUDSON_ECWID = {"name": "Mrs Hudson", "street": "221b Baker Street", "city": "London",
                "postalCode": "NW1 6XE", "countryCode": "GB"}  # fmt: skip
HOLMES_SHIPPING = {
    "name": "Sherlock Holmes", "street1": "221b Baker Street", "street2": None, "city": "London",
    "postalCode": "NW1 6XE", "stateProv": "LND", "country": "GB",
}  # fmt: skip


def full(address: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """An address as the gateway answers it: every field, absent ones null."""
    keys = ADDRESS.split()
    return {key: None for key in keys} | address | fields


async def upstream(ecwid: httpx.AsyncClient, customer_id: str) -> Any:
    response = await ecwid.get(f"customers/{customer_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def read(gateway: Gateway, customer_id: str) -> Any:
    result = await gateway.query(READ, {"id": customer_id})
    assert "errors" not in result, result
    return result["data"]["customer"]


async def update(gateway: Gateway, customer_id: str, changes: dict[str, Any]) -> Any:
    result = await gateway.query(UPDATE_BOOK, {"id": customer_id, "input": changes})
    assert "errors" not in result, result
    return result["data"]["updateCustomer"]["customer"]


def refusal(result: dict[str, Any], code: str, field: str) -> None:
    assert codes(result) == [code], result
    assert result["errors"][0]["extensions"]["field"] == field


# -- reads ------------------------------------------------------------------------------------


async def test_ecwid_reads_the_book_with_its_ids(ecwid_gateway: Gateway, knobs: Emulator) -> None:
    holmes = full(HOLMES_SHIPPING, id="1")
    assert await read(ecwid_gateway, "1") == {"addresses": [holmes], "shippingAddress": holmes}
    assert (await knobs.stats())["calls"] == {ECWID_GET: 1}
    assert (await knobs.last(ECWID_GET))["responseFields"] == "id,shippingAddresses"


async def test_open2b_reads_its_one_address_as_the_book(gateway: Gateway, knobs: Emulator) -> None:
    holmes = full(HOLMES_SHIPPING, street2="")
    assert await read(gateway, "1") == {"addresses": [holmes], "shippingAddress": holmes}
    assert (await knobs.stats())["calls"] == {FIND: 1}
    assert (await knobs.last(FIND))["fields"] == ["id", "shippingAddress"]


# -- writes on both backends ------------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, []])
async def test_null_or_no_entries_empty_the_book(backend: Backend, empty: Any) -> None:
    customer = await update(backend.gateway, "1", {"addresses": empty})
    assert customer == {"addresses": [], "shippingAddress": None}
    if backend.is_ecwid:
        assert await backend.knobs.last(ECWID_PUT) == {"shippingAddresses": []}
    else:
        assert (await backend.knobs.last(UPDATE))["customer"] == {"shippingAddress": None}


async def test_one_new_entry_replaces_the_book(
    backend: Backend, ecwid: httpx.AsyncClient, emulator: httpx.AsyncClient
) -> None:
    customer = await update(backend.gateway, "1", {"addresses": [HUDSON]})
    [entry] = customer["addresses"]
    assert entry == customer["shippingAddress"]
    # The new address is what the entry says: street2 and stateProv are not kept from before.
    if backend.is_ecwid:
        assert entry == full(HUDSON, id=entry["id"])
        assert entry["id"] != "1"
        # A book made of new entries needs nothing read first.
        assert (await backend.knobs.stats())["calls"] == {ECWID_PUT: 1, ECWID_GET: 1}
        assert await backend.knobs.last(ECWID_PUT) == {"shippingAddresses": [HUDSON_ECWID]}
        held = (await upstream(ecwid, "1"))["shippingAddresses"]
        assert held == [{**HUDSON_ECWID, "id": int(entry["id"]), "firstName": "Mrs",
                         "lastName": "Hudson"}]  # fmt: skip
    else:
        assert entry == full(HUDSON, street2="", stateProv="")
        sent = {**HUDSON, "street2": "", "stateProv": ""}
        assert (await backend.knobs.last(UPDATE))["customer"] == {"shippingAddress": sent}
        assert (await upstream_customer(emulator, 1))["shippingAddress"] == sent


async def test_a_create_writes_the_book(
    backend: Backend, ecwid: httpx.AsyncClient, emulator: httpx.AsyncClient
) -> None:
    book = [MARY, HUDSON] if backend.is_ecwid else [MARY]
    result = await backend.gateway.query(CREATE_BOOK, {"input": new_customer(addresses=book)})
    assert "errors" not in result, result
    customer = result["data"]["createCustomer"]["customer"]
    if backend.is_ecwid:
        ids = [entry["id"] for entry in customer["addresses"]]
        assert customer["addresses"] == [full(MARY, id=ids[0]), full(HUDSON, id=ids[1])]
        sent = (await backend.knobs.last(ECWID_POST))["shippingAddresses"]
        assert sent == [MARY_ECWID, HUDSON_ECWID]
        held = (await upstream(ecwid, customer["id"]))["shippingAddresses"]
        assert [{k: a[k] for k in ("id", *MARY_ECWID)} for a in held[:1]] == [
            {**MARY_ECWID, "id": int(ids[0])}
        ]
        assert [a["id"] for a in held] == [int(i) for i in ids]
    else:
        assert customer["addresses"] == [full(MARY)]
        held = await upstream_customer(emulator, int(customer["id"]))
        assert held["shippingAddress"] == MARY


async def test_the_book_and_the_shipping_address_cannot_both_be_given(backend: Backend) -> None:
    changes = {"addresses": [HUDSON], "shippingAddress": MARY}
    result = await backend.gateway.query(UPDATE_BOOK, {"id": "1", "input": changes})
    refusal(result, "INVALID_COMBINATION", "input.addresses")
    assert await backend.knobs.calls() == 0


# -- Ecwid: ids keep addresses ----------------------------------------------------------------

THREE = [
    {"name": "Irene Adler", "companyName": "Adler Opera", "street": "Briony Lodge\nSerpentine Ave",
     "city": "London", "postalCode": "NW8 9AA", "countryCode": "GB", "phone": "+44 20 1111"},
    {"name": "Mycroft Holmes", "street": "Diogenes Club\nPall Mall", "city": "London",
     "postalCode": "SW1Y 5ES", "countryCode": "GB", "phone": "+44 20 2222"},
    {"name": "Greg Lestrade", "companyName": "Scotland Yard", "street": "4 Whitehall Place",
     "city": "London", "postalCode": "SW1A 2HD", "countryCode": "GB", "stateOrProvinceCode": "LND"},
]  # fmt: skip


async def three_addresses(ecwid: httpx.AsyncClient) -> tuple[str, list[dict[str, Any]]]:
    """A customer made straight in Ecwid with three addresses (with keys the schema lacks)."""
    body = {"email": "adler@example.com", "shippingAddresses": THREE}
    response = await ecwid.post("customers", json=body)
    assert response.status_code == 200, response.text
    customer_id = str(response.json()["id"])
    return customer_id, (await upstream(ecwid, customer_id))["shippingAddresses"]


async def test_changing_the_second_address_keeps_the_others_and_their_ids(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    customer_id, before = await three_addresses(ecwid)
    first, second, third = (str(address["id"]) for address in before)
    await knobs.reset()
    book = [{"id": first}, {"id": second, "city": "Bath", "street2": None}, {"id": third}]
    customer = await update(ecwid_gateway, customer_id, {"addresses": book})
    assert [entry["id"] for entry in customer["addresses"]] == [first, second, third]
    assert customer["addresses"][1]["city"] == "Bath"
    assert customer["addresses"][1]["street2"] is None
    # One read of the book, the write, the read-back.
    assert (await knobs.stats())["calls"] == {ECWID_GET: 2, ECWID_PUT: 1}
    after = (await upstream(ecwid, customer_id))["shippingAddresses"]
    assert after[0] == before[0]
    assert after[2] == before[2]
    assert after[1] == {**before[1], "city": "Bath", "street": "Diogenes Club"}


async def test_entries_can_reorder_and_drop_addresses(
    ecwid_gateway: Gateway, ecwid: httpx.AsyncClient
) -> None:
    customer_id, before = await three_addresses(ecwid)
    book = [{"id": str(before[2]["id"])}, HUDSON, {"id": str(before[0]["id"])}]
    await update(ecwid_gateway, customer_id, {"addresses": book})
    after = (await upstream(ecwid, customer_id))["shippingAddresses"]
    assert [after[0], after[2]] == [before[2], before[0]]
    assert after[1]["id"] not in {address["id"] for address in before}


@pytest.mark.parametrize(
    ("book", "field"),
    [
        ([{"id": "999"}], "input.addresses.0.id"),
        ([HUDSON, {"id": "not-an-id"}], "input.addresses.1.id"),
        ([{"id": "1"}, {"id": "1"}], "input.addresses.1.id"),
    ],
)
async def test_an_id_that_is_not_one_of_the_customers_addresses(
    ecwid_gateway: Gateway, knobs: Emulator, book: Any, field: str
) -> None:
    result = await ecwid_gateway.query(UPDATE_BOOK, {"id": "1", "input": {"addresses": book}})
    refusal(result, "INVALID_VALUE", field)
    assert await knobs.calls(ECWID_PUT) == 0


async def test_a_new_customer_has_no_address_to_keep(
    ecwid_gateway: Gateway, knobs: Emulator
) -> None:
    changes = new_customer(addresses=[{"id": "1"}])
    result = await ecwid_gateway.query(CREATE_BOOK, {"input": changes})
    refusal(result, "INVALID_VALUE", "input.addresses.0.id")
    assert await knobs.calls() == 0


# -- Open2b: one entry, no ids ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("book", "code", "field"),
    [
        ([HUDSON, MARY], "INVALID_VALUE", "input.addresses"),
        ([{**HUDSON, "id": "1"}], "NOT_SUPPORTED", "input.addresses.0.id"),
        ([{**HUDSON, "id": None}], "NOT_SUPPORTED", "input.addresses.0.id"),
        ([{**HUDSON, "name": None}], "MISSING", "input.addresses.0.name"),
    ],
)
async def test_open2b_refuses_what_its_one_address_cannot_be(
    gateway: Gateway, knobs: Emulator, book: Any, code: str, field: str
) -> None:
    operations: list[tuple[str, dict[str, Any]]] = [
        (UPDATE_BOOK, {"id": "1", "input": {"addresses": book}}),
        (CREATE_BOOK, {"input": new_customer(addresses=book)}),
    ]
    for document, variables in operations:
        refusal(await gateway.query(document, variables), code, field)
    assert await knobs.calls() == 0
