"""Every documented error row of customers.create, customers.update, storefront.update-customer."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from helpers import Row, error, log_in, new_customer, ok, watson_billing

FUTURE = "2999-01-01 00:00:00"


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

# (customer to update, changes, documented row); customer 1 is Sherlock Holmes, and
# watson@inv-london.com a customer that can log in (created by the test).
UPDATE_ROWS: list[tuple[int, dict[str, Any], Row]] = [
    (
        1,
        {"password": None},
        ("canLogin", "InvalidValue", "canLogin can be true only if password is defined"),
    ),
    (1, {"cart": "0" * 32}, ("cart", "NotFound", f"Cart '{'0' * 32}' does not exist")),
    (
        1,
        {"collection": 11},
        ("collection", "InvalidValue", "Collection 11 is not a catalog collection"),
    ),
    (1, {"collection": 99}, ("collection", "NotFound", "Collection 99 does not exist")),
    (
        1,
        {"collections": list(range(1, 102))},
        (
            "collections",
            "InvalidValue",
            "A customer cannot have more than 100 additional collections",
        ),
    ),
    (
        1,
        {"collections": [10]},
        ("collections", "InvalidValue", "Collection 10 is not an additional collection"),
    ),
    (
        1,
        {"collections": [*ADDITIONAL, 20]},
        ("collections", "Malformed", "A collection id is repeated"),
    ),
    (1, {"collections": [21]}, ("collections", "NotFound", "Collection 21 does not exist")),
    (
        1,
        {"creationTime": FUTURE},
        ("creationTime", "InvalidValue", f"Creation time '{FUTURE}' is in the future"),
    ),
    (
        1,
        {"billingAddress": watson_billing(email="WATSON@inv-london.com")},
        (
            "email",
            "AlreadyExists",
            "Email 'WATSON@inv-london.com' already exists for a customer that can login",
        ),
    ),
    (
        1,
        {"billingAddress": watson_billing(email="holmes at inv-london.com")},
        (
            "email",
            "InvalidValue",
            "Email 'holmes at inv-london.com' is not a well formed email address",
        ),
    ),
    (1, {"group": 255}, ("group", "NotFound", "Customer group 255 does not exist")),
    (999, {}, ("id", "NotFound", "Customer '999' does not exist")),
    (
        1,
        {"invoiceRecipient": "not a code"},
        ("invoiceRecipient", "Malformed", "'not a code' is not a recipient code or email address"),
    ),
    (1, {"locale": "en_GB"}, ("locale", "Malformed", "'en_GB' is not a valid locale code")),
    (
        1,
        {"loginTime": "2020-05-21 16:49:12"},
        (
            "loginTime",
            "InvalidValue",
            "Login time '2020-05-21 16:49:12' is before the creation time",
        ),
    ),
    (
        1,
        {"creationTime": "2020-12-13 12:05:45"},
        (
            "loginTime",
            "InvalidValue",
            "Login time '2020-12-13 12:05:44' is before the creation time",
        ),
    ),
    (
        1,
        {"loginTime": FUTURE},
        ("loginTime", "InvalidValue", f"Login time '{FUTURE}' is in the future"),
    ),
    (
        1,
        {"password": {"value": "$2y$10$abcdefghijklmnopqrstuv", "cryptedBy": "bcrypt"}},
        ("password", "Malformed", "Password is not a 'bcrypt' crypted password"),
    ),
    (
        1,
        {"password": {"value": "x" * 17, "cryptedBy": None}},
        ("password", "Malformed", "Password must have between 6 and 16 characters"),
    ),
]


@pytest.mark.parametrize(("customer", "row"), CREATE_ROWS, ids=[r[2] for _, r in CREATE_ROWS])
async def test_create_error_rows(
    emulator: httpx.AsyncClient, customer: dict[str, Any], row: Row
) -> None:
    err = await error(emulator, "commerce.customers.create", {"customer": customer})
    assert (err["field"], err["type"], err["description"]) == row
    assert (await emulator.post("/api/v10/commerce.customers.count", json={})).json()["count"] == 50


@pytest.mark.parametrize(
    ("customer_id", "changes", "row"), UPDATE_ROWS, ids=[r[2] for *_, r in UPDATE_ROWS]
)
async def test_update_error_rows(
    emulator: httpx.AsyncClient, customer_id: int, changes: dict[str, Any], row: Row
) -> None:
    watson = new_customer(canLogin=True, password=PASSWORD)
    await ok(emulator, "commerce.customers.create", {"customer": watson})
    before = await emulator.post("/api/v10/commerce.customers.get", json={"id": 1})
    body = {"id": customer_id, "customer": changes}
    err = await error(emulator, "commerce.customers.update", body)
    assert (err["field"], err["type"], err["description"]) == row
    after = await emulator.post("/api/v10/commerce.customers.get", json={"id": 1})
    assert after.json() == before.json()  # nothing was written


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
    key = await log_in(emulator)
    err = await error(emulator, "storefront.update-customer", {"customer": changes}, headers=key)
    assert (err["field"], err["type"], err["description"]) == row


def documented(row: Row) -> Row:
    """The row as its page writes it: placeholders (quoted values, numbers) blanked."""
    field, type_, description = row
    return field, type_, re.sub(r"'[^']*'|\d+", "<>", description)


def test_tables_cover_every_documented_row() -> None:
    """Each table holds every row of its page's Errors table (19, 19 and 4 rows)."""
    assert len({documented(row) for _, row in CREATE_ROWS}) == len(CREATE_ROWS) == 19
    assert len({documented(row) for *_, row in UPDATE_ROWS}) == 19
    assert len({documented(row) for _, row in STOREFRONT_ROWS}) == len(STOREFRONT_ROWS) == 4
