"""Every documented error row of customers.create, customers.update, storefront.update-customer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from customer_gateway.emulator.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from helpers import error, watson_billing

FUTURE = "2999-01-01 00:00:00"
Row = tuple[str, str, str]  # field, type, description


def new_customer(**fields: Any) -> dict[str, Any]:
    return {"billingAddress": watson_billing(), **fields}


def with_email(email: str, **fields: Any) -> dict[str, Any]:
    customer = new_customer(**fields)
    customer["billingAddress"]["email"] = email
    return customer


PASSWORD = {"value": "s3cret-pw", "cryptedBy": None}
ADDITIONAL = list(range(11, 21))

# (customer to create, documented row)
CREATE_ROWS: list[tuple[dict[str, Any], Row]] = [
    (
        new_customer(canLogin=True, password=None),
        ("canLogin", "InvalidValue", "canLogin can be true only if password is defined"),
    ),
    (
        new_customer(collection=11),
        ("collection", "InvalidValue", "Collection 11 is not a catalog collection"),
    ),
    (new_customer(collection=99), ("collection", "NotFound", "Collection 99 does not exist")),
    (
        new_customer(collections=list(range(1, 102))),
        (
            "collections",
            "InvalidValue",
            "A customer cannot have more than 100 additional collections",
        ),
    ),
    (
        new_customer(collections=[11, 3]),
        ("collections", "InvalidValue", "Collection 3 is not an additional collection"),
    ),
    (
        new_customer(collections=[11, 12, 11]),
        ("collections", "Malformed", "A collection id is repeated"),
    ),
    (
        new_customer(collections=[11, 99]),
        ("collections", "NotFound", "Collection 99 does not exist"),
    ),
    (
        new_customer(creationTime=FUTURE),
        ("creationTime", "InvalidValue", f"Creation time '{FUTURE}' is in the future"),
    ),
    (new_customer(code="TF78123"), ("code", "AlreadyExists", "Code 'TF78123' already exists")),
    (
        with_email(HOLMES_EMAIL.upper(), canLogin=True, password=PASSWORD),
        (
            "email",
            "AlreadyExists",
            "Email 'HOLMES@INV-LONDON.COM' already exists for a customer that can login",
        ),
    ),
    (
        with_email("watson@"),
        ("email", "InvalidValue", "'watson@' is not a well formed email address"),
    ),
    (new_customer(group=6), ("group", "NotFound", "Customer group 6 does not exist")),
    (
        new_customer(invoiceRecipient="AB"),
        ("invoiceRecipient", "Malformed", "'AB' is not a recipient code or email address"),
    ),
    (
        new_customer(locale="english"),
        ("locale", "Malformed", "'english' is not a valid locale code"),
    ),
    (
        new_customer(creationTime="2020-01-02 00:00:00", loginTime="2020-01-01 23:59:59"),
        (
            "loginTime",
            "InvalidValue",
            "Login time '2020-01-01 23:59:59' is before the creation time",
        ),
    ),
    (
        new_customer(loginTime=FUTURE),
        ("loginTime", "InvalidValue", f"Login time '{FUTURE}' is in the future"),
    ),
    (
        new_customer(password={"value": "not-an-open2b-hash", "cryptedBy": "Open2b"}),
        ("password", "Malformed", "Password is not a 'Open2b' crypted password"),
    ),
    (
        new_customer(password={"value": "abc", "cryptedBy": None}),
        ("password", "Malformed", "Password must have between 6 and 16 characters"),
    ),
    (
        new_customer(canLogin=True),
        ("password", "Missing", "Password is required if customer is active"),
    ),
]

# (update of customer 1, Sherlock Holmes, documented row)
UPDATE_ROWS: list[tuple[dict[str, Any], Row]] = [
    (
        {"password": None},
        ("canLogin", "InvalidValue", "canLogin can be true only if password is defined"),
    ),
    ({"cart": "0" * 32}, ("cart", "NotFound", f"Cart '{'0' * 32}' does not exist")),
    (
        {"collection": 11},
        ("collection", "InvalidValue", "Collection 11 is not a catalog collection"),
    ),
    ({"collection": 99}, ("collection", "NotFound", "Collection 99 does not exist")),
    (
        {"collections": list(range(1, 102))},
        (
            "collections",
            "InvalidValue",
            "A customer cannot have more than 100 additional collections",
        ),
    ),
    (
        {"collections": [10]},
        ("collections", "InvalidValue", "Collection 10 is not an additional collection"),
    ),
    (
        {"collections": [*ADDITIONAL, 20]},
        ("collections", "Malformed", "A collection id is repeated"),
    ),
    ({"collections": [21]}, ("collections", "NotFound", "Collection 21 does not exist")),
    (
        {"creationTime": FUTURE},
        ("creationTime", "InvalidValue", f"Creation time '{FUTURE}' is in the future"),
    ),
    (
        {"group": 255},
        ("group", "NotFound", "Customer group 255 does not exist"),
    ),
    (
        {"invoiceRecipient": "not a code"},
        ("invoiceRecipient", "Malformed", "'not a code' is not a recipient code or email address"),
    ),
    ({"locale": "en_GB"}, ("locale", "Malformed", "'en_GB' is not a valid locale code")),
    (
        {"loginTime": "2020-05-21 16:49:12"},
        (
            "loginTime",
            "InvalidValue",
            "Login time '2020-05-21 16:49:12' is before the creation time",
        ),
    ),
    (
        {"creationTime": "2020-12-13 12:05:45"},
        (
            "loginTime",
            "InvalidValue",
            "Login time '2020-12-13 12:05:44' is before the creation time",
        ),
    ),
    (
        {"loginTime": FUTURE},
        ("loginTime", "InvalidValue", f"Login time '{FUTURE}' is in the future"),
    ),
    (
        {"password": {"value": "$2y$10$abcdefghijklmnopqrstuv", "cryptedBy": "bcrypt"}},
        ("password", "Malformed", "Password is not a 'bcrypt' crypted password"),
    ),
    (
        {"password": {"value": "x" * 17, "cryptedBy": None}},
        ("password", "Malformed", "Password must have between 6 and 16 characters"),
    ),
]


async def test_create_rows_cover_the_documented_table() -> None:
    documented = 19
    assert len(CREATE_ROWS) == documented
    assert len({row for _, row in CREATE_ROWS}) == documented


@pytest.mark.parametrize(("customer", "row"), CREATE_ROWS, ids=[r[2] for _, r in CREATE_ROWS])
async def test_create_error_rows(
    emulator: httpx.AsyncClient, customer: dict[str, Any], row: Row
) -> None:
    err = await error(emulator, "commerce.customers.create", {"customer": customer})
    assert (err["field"], err["type"], err["description"]) == row
    assert (await emulator.post("/api/v10/commerce.customers.count", json={})).json()["count"] == 50


@pytest.mark.parametrize(("changes", "row"), UPDATE_ROWS, ids=[r[2] for _, r in UPDATE_ROWS])
async def test_update_error_rows(
    emulator: httpx.AsyncClient, changes: dict[str, Any], row: Row
) -> None:
    before = await emulator.post("/api/v10/commerce.customers.get", json={"id": 1})
    err = await error(emulator, "commerce.customers.update", {"id": 1, "customer": changes})
    assert (err["field"], err["type"], err["description"]) == row
    after = await emulator.post("/api/v10/commerce.customers.get", json={"id": 1})
    assert after.json() == before.json()  # nothing was written


async def test_update_row_customer_does_not_exist(emulator: httpx.AsyncClient) -> None:
    err = await error(emulator, "commerce.customers.update", {"id": 999, "customer": {}})
    assert err == {
        "field": "id",
        "type": "NotFound",
        "description": "Customer '999' does not exist",
    }


async def _login_customer_without_holmes_email(client: httpx.AsyncClient) -> int:
    found = await client.post(
        "/api/v10/commerce.customers.find",
        json={"conditions": {"canLogin": False}, "fields": ["id"], "limit": 1},
    )
    customer_id: int = found.json()["customers"][0]["id"]
    return customer_id


async def test_update_row_email_already_exists(emulator: httpx.AsyncClient) -> None:
    other = await _login_customer_without_holmes_email(emulator)
    billing = new_customer()["billingAddress"] | {"email": HOLMES_EMAIL}
    changes = {"canLogin": True, "password": PASSWORD, "billingAddress": billing}
    body = {"id": other, "customer": changes}
    err = await error(emulator, "commerce.customers.update", body)
    assert err == {
        "field": "email",
        "type": "AlreadyExists",
        "description": f"Email '{HOLMES_EMAIL}' already exists for a customer that can login",
    }


async def test_update_row_email_not_well_formed(emulator: httpx.AsyncClient) -> None:
    billing = new_customer()["billingAddress"] | {"email": "holmes at inv-london.com"}
    body = {"id": 1, "customer": {"billingAddress": billing}}
    err = await error(emulator, "commerce.customers.update", body)
    assert err == {
        "field": "email",
        "type": "InvalidValue",
        "description": "Email 'holmes at inv-london.com' is not a well formed email address",
    }


async def test_update_row_can_login_without_stored_password(emulator: httpx.AsyncClient) -> None:
    await emulator.post(
        "/api/v10/commerce.customers.update",
        json={"id": 1, "customer": {"canLogin": False, "password": None}},
    )
    err = await error(
        emulator, "commerce.customers.update", {"id": 1, "customer": {"canLogin": True}}
    )
    assert err == {
        "field": "canLogin",
        "type": "InvalidValue",
        "description": "canLogin can be true only if password is defined",
    }


STOREFRONT_ROWS: list[tuple[dict[str, Any], Row]] = [
    ({"cart": "f" * 32}, ("cart", "NotFound", f"Cart '{'f' * 32}' does not exist")),
    (
        {"invoiceRecipient": "holmes@"},
        ("invoiceRecipient", "Malformed", "'holmes@' is not a recipient code or email address"),
    ),
    (
        {"newsletterLists": [1, 9]},
        ("newsletterLists", "NotFound", "Newsletter list 9 does not exist"),
    ),
    (
        {"privacyConsents": [2, 3]},
        ("privacyConsents", "InvalidValue", "Consent to processing 1 is required"),
    ),
]


@pytest.mark.parametrize(
    ("changes", "row"), STOREFRONT_ROWS, ids=[r[2] for _, r in STOREFRONT_ROWS]
)
async def test_storefront_update_customer_error_rows(
    emulator: httpx.AsyncClient, changes: dict[str, Any], row: Row
) -> None:
    login = await emulator.post(
        "/api/v10/storefront.login", json={"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD}
    )
    key = {"X-Customer-Key": login.headers["X-Customer-Key"]}
    err = await error(emulator, "storefront.update-customer", {"customer": changes}, headers=key)
    assert (err["field"], err["type"], err["description"]) == row
