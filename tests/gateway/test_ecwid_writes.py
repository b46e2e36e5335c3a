"""Ecwid writes: the body each input makes (the README's field mapping), what it costs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.harness import ECWID_DELETE as DELETE
from gateway.harness import ECWID_GET as GET
from gateway.harness import ECWID_POST as POST
from gateway.harness import ECWID_PUT as PUT
from gateway.harness import Emulator, Gateway
from gateway.mutations import CREATE_CUSTOMER, DELETE_CUSTOMERS, UPDATE_CUSTOMER

READ = """
query($id: ID!) {
  customer(id: $id) {
    id email fullName locale group invoiceRecipient creationTime updateTime
    billingAddress { firstName lastName personalCode companyName companyCode street1 street2
                     city postalCode stateProv country phoneNumber email }
    shippingAddress { name street1 street2 city postalCode stateProv country }
  }
}"""


async def read(gateway: Gateway, customer_id: str) -> Any:
    result = await gateway.query(READ, {"id": customer_id})
    assert "errors" not in result, result
    return result["data"]["customer"]


async def update(gateway: Gateway, changes: dict[str, Any], customer_id: str = "1") -> None:
    result = await gateway.query(UPDATE_CUSTOMER, {"id": customer_id, "input": changes})
    assert "errors" not in result, result


async def upstream(ecwid: httpx.AsyncClient, customer_id: int) -> Any:
    response = await ecwid.get(f"customers/{customer_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_create_maps_every_field(ecwid_gateway: Gateway, knobs: Emulator) -> None:
    given: dict[str, Any] = {
        "locale": "it",
        "group": 3,
        "password": {"value": "afghanistan"},
        "invoiceRecipient": "M5UXCR1",
        "billingAddress": {
            "firstName": "John", "lastName": "Watson", "personalCode": "WTSJHN52",
            "companyName": "Watson Practice", "companyCode": "GB123456789",
            "street1": "Flat 2", "street2": "221b Baker Street", "city": "London",
            "postalCode": "NW1 6XE", "stateProv": "LND", "country": "GB",
            "phoneNumber": "+44 20 7224 3688", "email": "watson@inv-london.com",
        },
        "shippingAddress": {
            "name": "Mary Watson", "street1": "1 Paddington Green", "city": "London",
            "postalCode": "W2 1LG", "stateProv": "LND", "country": "GB",
        },
    }  # fmt: skip
    result = await ecwid_gateway.query(CREATE_CUSTOMER, {"input": given})
    assert "errors" not in result, result
    assert await knobs.last(POST) == {
        "lang": "it", "customerGroupId": 3, "password": "afghanistan",
        "electronicInvoiceSdiCode": "M5UXCR1", "electronicInvoicePecEmail": "",
        "email": "watson@inv-london.com", "fiscalCode": "WTSJHN52", "taxId": "GB123456789",
        "billingPerson": {
            "name": "John Watson", "firstName": "John", "lastName": "Watson",
            "companyName": "Watson Practice", "street": "Flat 2\n221b Baker Street",
            "city": "London", "postalCode": "NW1 6XE", "stateOrProvinceCode": "LND",
            "countryCode": "GB", "phone": "+44 20 7224 3688",
        },
        "shippingAddresses": [{
            "name": "Mary Watson", "street": "1 Paddington Green", "city": "London",
            "postalCode": "W2 1LG", "stateOrProvinceCode": "LND", "countryCode": "GB",
        }],
    }  # fmt: skip
    customer = await read(ecwid_gateway, "51")
    assert customer["fullName"] == "John Watson"
    assert customer["invoiceRecipient"] == "M5UXCR1"
    assert customer["billingAddress"] == given["billingAddress"]
    assert customer["shippingAddress"] == {**given["shippingAddress"], "street2": None}
    assert customer["creationTime"] == customer["updateTime"]
    assert customer["creationTime"].endswith("+00:00")


@pytest.mark.parametrize(
    ("recipient", "sent", "read_back"),
    [
        ("M5UXCR1", {"electronicInvoiceSdiCode": "M5UXCR1", "electronicInvoicePecEmail": ""},
         "M5UXCR1"),
        ("billing@pec.example.it",
         {"electronicInvoiceSdiCode": "", "electronicInvoicePecEmail": "billing@pec.example.it"},
         "billing@pec.example.it"),
        (None, {"electronicInvoiceSdiCode": "", "electronicInvoicePecEmail": ""}, None),
    ],
)  # fmt: skip
async def test_the_invoice_recipient_is_an_sdi_code_or_a_pec_email(
    ecwid_gateway: Gateway, knobs: Emulator, recipient: str | None, sent: Any, read_back: Any
) -> None:
    await update(ecwid_gateway, {"invoiceRecipient": "0000000"})
    await update(ecwid_gateway, {"invoiceRecipient": recipient})
    assert await knobs.last(PUT) == sent
    assert (await read(ecwid_gateway, "1"))["invoiceRecipient"] == read_back


async def test_an_update_sends_only_what_was_given(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    before = await upstream(ecwid, 1)
    await knobs.reset()
    await update(ecwid_gateway, {"billingAddress": {"city": "Brighton", "companyName": None}})
    assert await knobs.last(PUT) == {"billingPerson": {"city": "Brighton", "companyName": ""}}
    # One write, one read of the result: nothing needed reading first.
    assert (await knobs.stats())["calls"] == {PUT: 1, GET: 1}
    after = await upstream(ecwid, 1)
    assert after["billingPerson"] == {
        **before["billingPerson"],
        "city": "Brighton",
        "companyName": "",
    }
    assert {k: v for k, v in after.items() if k not in ("billingPerson", "updated")} == {
        k: v for k, v in before.items() if k not in ("billingPerson", "updated")
    }


async def test_one_street_line_keeps_the_other(ecwid_gateway: Gateway, knobs: Emulator) -> None:
    await update(ecwid_gateway, {"billingAddress": {"street2": "Second floor"}})
    assert await knobs.last(PUT) == {"billingPerson": {"street": "221b Baker Street\nSecond floor"}}
    assert await knobs.calls(GET) == 2  # what the street was, then the result
    await update(ecwid_gateway, {"billingAddress": {"street1": "221B Baker St"}})
    billing = (await read(ecwid_gateway, "1"))["billingAddress"]
    assert (billing["street1"], billing["street2"]) == ("221B Baker St", "Second floor")
    await update(ecwid_gateway, {"billingAddress": {"street2": None}})
    assert (await read(ecwid_gateway, "1"))["billingAddress"]["street2"] is None


async def test_one_name_keeps_the_other(ecwid_gateway: Gateway, knobs: Emulator) -> None:
    await update(ecwid_gateway, {"billingAddress": {"firstName": "Mycroft"}})
    assert await knobs.last(PUT) == {
        "billingPerson": {"firstName": "Mycroft", "name": "Mycroft Holmes"}
    }
    customer = await read(ecwid_gateway, "1")
    assert customer["fullName"] == "Mycroft Holmes"
    assert customer["billingAddress"]["lastName"] == "Holmes"


async def test_the_shipping_address_is_the_first_of_the_list(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    second = {"name": "Mrs Hudson", "street": "221a Baker Street", "city": "London"}
    holmes = await upstream(ecwid, 1)
    response = await ecwid.put(
        "customers/1", json={"shippingAddresses": [*holmes["shippingAddresses"], second]}
    )
    assert response.status_code == 200
    kept = (await upstream(ecwid, 1))["shippingAddresses"]
    await update(ecwid_gateway, {"shippingAddress": {"city": "Brighton", "postalCode": "BN1"}})
    after = (await upstream(ecwid, 1))["shippingAddresses"]
    # The first address changed key by key (same id), the others are kept as they were.
    assert after == [{**kept[0], "city": "Brighton", "postalCode": "BN1"}, kept[1]]
    shipping = (await read(ecwid_gateway, "1"))["shippingAddress"]
    assert (shipping["name"], shipping["city"]) == ("Sherlock Holmes", "Brighton")


async def test_a_new_shipping_address_for_a_customer_without_one(
    ecwid_gateway: Gateway, ecwid: httpx.AsyncClient
) -> None:
    await update(ecwid_gateway, {"shippingAddress": None})
    assert (await upstream(ecwid, 1))["shippingAddresses"] == []
    address = {"name": "Mrs Hudson", "street1": "221a Baker Street", "city": "London"}
    await update(ecwid_gateway, {"shippingAddress": address})
    shipping = (await read(ecwid_gateway, "1"))["shippingAddress"]
    assert {key: shipping[key] for key in address} == address


async def test_null_clears_the_texts(ecwid_gateway: Gateway, knobs: Emulator) -> None:
    cleared = {"personalCode": None, "companyCode": None, "phoneNumber": None, "stateProv": None}
    await update(ecwid_gateway, {"billingAddress": cleared})
    assert await knobs.last(PUT) == {
        "fiscalCode": "", "taxId": "", "billingPerson": {"phone": "", "stateOrProvinceCode": ""}
    }  # fmt: skip
    # Ecwid keeps an empty text, and so it reads back.
    billing = (await read(ecwid_gateway, "1"))["billingAddress"]
    assert {key: billing[key] for key in cleared} == {key: "" for key in cleared}


async def test_a_delete_is_one_call_per_distinct_id(
    ecwid_gateway: Gateway, knobs: Emulator
) -> None:
    result = await ecwid_gateway.query(DELETE_CUSTOMERS, {"ids": ["5", "6", "5", "999999"]})
    assert result == {"data": {"deleteCustomers": {"deletedIds": ["5", "6"]}}}
    assert (await knobs.stats())["calls"] == {DELETE: 3}


@pytest.mark.parametrize("bad", ["abc", "01", "-1", "0", "1.0", ""])
async def test_ids_ecwid_does_not_write_are_malformed(
    ecwid_gateway: Gateway, knobs: Emulator, bad: str
) -> None:
    result = await ecwid_gateway.query(DELETE_CUSTOMERS, {"ids": ["2", bad]})
    assert [e["extensions"] for e in result["errors"]] == [{"code": "MALFORMED", "field": "ids"}]
    result = await ecwid_gateway.query(UPDATE_CUSTOMER, {"id": bad, "input": {"locale": "it"}})
    assert [e["extensions"] for e in result["errors"]] == [{"code": "MALFORMED", "field": "id"}]
    assert await knobs.calls() == 0
