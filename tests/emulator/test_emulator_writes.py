"""customers.create / update succeed as documented: defaults, derived fields, passwords."""

from __future__ import annotations

from typing import Any

import httpx

from customer_gateway.emulator.open2b.seed import CARTS, HOLMES_EMAIL, HOLMES_PASSWORD
from helpers import error, ok

WATSON: dict[str, Any] = {
    "code": "JW1881",
    "canLogin": True,
    "password": {"value": "afghanistan", "cryptedBy": None},
    "locale": "en-GB",
    "creationTime": "2021-03-04 10:11:12",
    "loginTime": "2021-03-05 08:00:00",
    "group": 2,
    "collection": 4,
    "collections": [13, 11],
    "wishList": [5, 6],
    "invoiceRecipient": "watson@pec.example.it",
    "billingAddress": {
        "firstName": "John",
        "lastName": "Watson",
        "personalCode": "WTS1852",
        "companyName": "",
        "companyCode": "",
        "companyCode2": "",
        "street1": "221b Baker Street",
        "street2": "First floor",
        "city": "London",
        "postalCode": "NW1 6XE",
        "stateProv": "LND",
        "country": "GB",
        "phoneNumber": "+44 20 7946000",
        "mobileNumber": "+44 7700 900",
        "faxNumber": "",
        "email": "watson@inv-london.com",
    },
    "shippingAddress": {
        "name": "Dr John Watson",
        "street1": "2 Queen Anne Street",
        "street2": "",
        "city": "London",
        "postalCode": "W1G 9LQ",
        "stateProv": "",
        "country": "GB",
    },
}


async def get(client: httpx.AsyncClient, customer_id: int) -> dict[str, Any]:
    customer: dict[str, Any] = (await ok(client, "commerce.customers.get", {"id": customer_id}))[
        "customer"
    ]
    return customer


async def authenticate(client: httpx.AsyncClient, email: str, password: str) -> int | None:
    body = {"email": email, "password": password, "fields": ["id"]}
    customer = (await ok(client, "commerce.customers.authenticate", body))["customer"]
    return None if customer is None else int(customer["id"])


async def test_create_stores_every_field(emulator: httpx.AsyncClient) -> None:
    created = await ok(emulator, "commerce.customers.create", {"customer": WATSON})
    assert created == {"status": "ok", "id": 51}
    customer = await get(emulator, 51)
    encrypted = customer.pop("encryptedPassword")
    update_time = customer.pop("updateTime")
    expected = {key: value for key, value in WATSON.items() if key != "password"}
    assert customer == expected | {
        "id": 51,
        "hasPassword": True,
        "cart": None,
        "fullName": "John Watson",
    }
    assert len(encrypted) == 45 and "afghanistan" not in encrypted
    assert update_time > "2024-01-01 00:00:00"
    assert await authenticate(emulator, "WATSON@inv-london.com", "afghanistan") == 51


async def test_create_defaults(emulator: httpx.AsyncClient) -> None:
    billing = {
        key: WATSON["billingAddress"][key]
        for key in ("firstName", "lastName", "street1", "city", "postalCode", "country", "email")
    } | {"companyName": "Watson & Co"}
    created = await ok(
        emulator, "commerce.customers.create", {"customer": {"billingAddress": billing}}
    )
    customer = await get(emulator, created["id"])
    assert customer["creationTime"] == customer["updateTime"] > "2024-01-01 00:00:00"
    assert {key: customer[key] for key in DEFAULTS} == DEFAULTS
    assert customer["fullName"] == "Watson & Co"  # the company name wins
    assert customer["billingAddress"]["street2"] == ""


DEFAULTS: dict[str, Any] = {
    "code": "",
    "canLogin": False,
    "hasPassword": False,
    "encryptedPassword": None,
    "locale": "en",
    "loginTime": None,
    "group": 1,
    "collection": None,
    "collections": [],
    "wishList": [],
    "cart": None,
    "invoiceRecipient": "",
    "shippingAddress": None,
}


async def test_email_is_unique_only_among_customers_that_can_login(
    emulator: httpx.AsyncClient,
) -> None:
    billing = WATSON["billingAddress"] | {"email": HOLMES_EMAIL}
    twin = {"billingAddress": billing, "canLogin": False}
    created = await ok(emulator, "commerce.customers.create", {"customer": twin})
    err = await error(
        emulator,
        "commerce.customers.update",
        {"id": created["id"], "customer": {"canLogin": True, "password": {"value": "twin-pass"}}},
    )
    assert (err["field"], err["type"]) == ("email", "AlreadyExists")
    # Holmes may keep his own email when he is updated.
    await ok(
        emulator, "commerce.customers.update", {"id": 1, "customer": {"billingAddress": billing}}
    )


async def test_empty_codes_may_repeat(emulator: httpx.AsyncClient) -> None:
    for _ in range(2):
        customer = {"code": "", "billingAddress": WATSON["billingAddress"]}
        await ok(emulator, "commerce.customers.create", {"customer": customer})


async def test_update_code_must_stay_unique(emulator: httpx.AsyncClient) -> None:
    err = await error(
        emulator, "commerce.customers.update", {"id": 2, "customer": {"code": "TF78123"}}
    )
    assert err == {
        "field": "code",
        "type": "AlreadyExists",
        "description": "Code 'TF78123' already exists",
    }
    await ok(emulator, "commerce.customers.update", {"id": 1, "customer": {"code": "TF78123"}})


async def test_update_is_partial(emulator: httpx.AsyncClient) -> None:
    before = await get(emulator, 1)
    changes = {
        "group": 2,
        "cart": CARTS[1],
        "billingAddress": {
            "firstName": "Mycroft",
            "lastName": "Holmes",
            "street1": "Diogenes Club, Pall Mall",
            "city": "London",
            "postalCode": "SW1Y 5AA",
            "country": "GB",
            "email": "mycroft@diogenes.example",
        },
    }
    await ok(emulator, "commerce.customers.update", {"id": 1, "customer": changes})
    after = await get(emulator, 1)
    assert (after["group"], after["cart"]) == (2, CARTS[1])
    assert after["billingAddress"] == before["billingAddress"] | changes["billingAddress"]
    assert after["billingAddress"]["companyName"] == "Investigations Inc"  # left out: kept
    assert after["fullName"] == "Investigations Inc"
    assert after["updateTime"] > before["updateTime"]
    unchanged = set(before) - {"group", "cart", "billingAddress", "updateTime"}
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    assert await authenticate(emulator, "mycroft@diogenes.example", HOLMES_PASSWORD) == 1


async def test_update_fields_that_can_be_cleared(emulator: httpx.AsyncClient) -> None:
    changes = {
        "canLogin": False,
        "password": None,
        "loginTime": None,
        "collection": None,
        "shippingAddress": None,
    }
    await ok(emulator, "commerce.customers.update", {"id": 1, "customer": changes})
    after = await get(emulator, 1)
    assert after["hasPassword"] is False and after["encryptedPassword"] is None
    assert (after["loginTime"], after["collection"], after["shippingAddress"]) == (None, None, None)
    assert await authenticate(emulator, HOLMES_EMAIL, HOLMES_PASSWORD) is None


async def test_password_change_and_cant_login(emulator: httpx.AsyncClient) -> None:
    new = {"password": {"value": "irene-adler", "cryptedBy": None}}
    await ok(emulator, "commerce.customers.update", {"id": 1, "customer": new})
    assert await authenticate(emulator, HOLMES_EMAIL, HOLMES_PASSWORD) is None
    assert await authenticate(emulator, HOLMES_EMAIL, "irene-adler") == 1
    await ok(emulator, "commerce.customers.update", {"id": 1, "customer": {"canLogin": False}})
    assert await authenticate(emulator, HOLMES_EMAIL, "irene-adler") is None


async def test_open2b_crypted_password_is_stored_as_is(emulator: httpx.AsyncClient) -> None:
    encrypted = (await get(emulator, 1))["encryptedPassword"]
    customer = {
        "canLogin": True,
        "password": {"value": encrypted, "cryptedBy": "Open2b"},
        "billingAddress": WATSON["billingAddress"],
    }
    created = await ok(emulator, "commerce.customers.create", {"customer": customer})
    assert (await get(emulator, created["id"]))["encryptedPassword"] == encrypted
    assert await authenticate(emulator, "watson@inv-london.com", HOLMES_PASSWORD) == created["id"]
