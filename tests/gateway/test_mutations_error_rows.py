"""Every documented error row of customers.create, customers.update and storefront.update-customer,
through the GraphQL mutation: message, code, field path, upstream info, and nothing written.

Rows about a value alone (email shape, locale, password length, collections count and repeats)
are answered by the gateway before any call, exactly as Open2b would answer them ("pre").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from gateway.harness import CREATE, UPDATE, UPDATE_MY_CUSTOMER, Emulator, Gateway
from gateway.mutations import (
    CREATE_CUSTOMER,
    UPDATE_CUSTOMER,
    UPDATE_ME,
    customer_count,
    log_in,
    new_customer,
    only_error,
    upstream_customer,
)
from helpers import ok, watson_billing

FUTURE = "2999-01-01 00:00:00"
PASSWORD = {"value": "s3cret-pw"}
CODES = {
    "NotFound": "NOT_FOUND",
    "InvalidValue": "INVALID_VALUE",
    "Malformed": "MALFORMED",
    "AlreadyExists": "ALREADY_EXISTS",
    "Missing": "MISSING",
}
OTHER = "a customer that cannot log in"  # stands for such a customer's id


@dataclass(frozen=True)
class Row:
    """A documented row: the input that triggers it and what the client must see."""

    input: dict[str, Any]
    field: str  # the upstream's error field
    type: str
    message: str
    path: str  # extensions.field, the GraphQL argument path
    pre: bool = False  # answered by the gateway, no upstream call
    customer_id: str = "1"  # updates: Sherlock Holmes unless OTHER


def _id(row: Row) -> str:
    return f"{row.field}-{row.type}-{row.message[:40]}"


CREATE_ROWS = [
    Row(
        new_customer(canLogin=True, password=None),
        "canLogin", "InvalidValue", "canLogin can be true only if password is defined",
        "input.canLogin",
    ),
    Row(
        new_customer(collection=11),
        "collection", "InvalidValue", "Collection 11 is not a catalog collection",
        "input.collection",
    ),
    Row(
        new_customer(collection=99),
        "collection", "NotFound", "Collection 99 does not exist", "input.collection",
    ),
    Row(
        new_customer(collections=list(range(1, 102))),
        "collections", "InvalidValue",
        "A customer cannot have more than 100 additional collections", "input.collections",
        pre=True,
    ),
    Row(
        new_customer(collections=[11, 3]),
        "collections", "InvalidValue", "Collection 3 is not an additional collection",
        "input.collections",
    ),
    Row(
        new_customer(collections=[11, 12, 11]),
        "collections", "Malformed", "A collection id is repeated", "input.collections",
        pre=True,
    ),
    Row(
        new_customer(collections=[11, 99]),
        "collections", "NotFound", "Collection 99 does not exist", "input.collections",
    ),
    Row(
        new_customer(creationTime=FUTURE),
        "creationTime", "InvalidValue", f"Creation time '{FUTURE}' is in the future",
        "input.creationTime",
    ),
    Row(
        new_customer(code="TF78123"),
        "code", "AlreadyExists", "Code 'TF78123' already exists", "input.code",
    ),
    Row(
        new_customer(
            canLogin=True,
            password=PASSWORD,
            billingAddress=watson_billing(email=HOLMES_EMAIL.upper()),
        ),
        "email", "AlreadyExists",
        "Email 'HOLMES@INV-LONDON.COM' already exists for a customer that can login",
        "input.billingAddress.email",
    ),
    Row(
        new_customer(billingAddress=watson_billing(email="watson@")),
        "email", "InvalidValue", "'watson@' is not a well formed email address",
        "input.billingAddress.email", pre=True,
    ),
    Row(
        new_customer(group=6),
        "group", "NotFound", "Customer group 6 does not exist", "input.group",
    ),
    Row(
        new_customer(invoiceRecipient="AB"),
        "invoiceRecipient", "Malformed", "'AB' is not a recipient code or email address",
        "input.invoiceRecipient",
    ),
    Row(
        new_customer(locale="english"),
        "locale", "Malformed", "'english' is not a valid locale code", "input.locale", pre=True,
    ),
    Row(
        new_customer(creationTime="2020-01-02 00:00:00", loginTime="2020-01-01 23:59:59"),
        "loginTime", "InvalidValue",
        "Login time '2020-01-01 23:59:59' is before the creation time", "input.loginTime",
    ),
    Row(
        new_customer(loginTime=FUTURE),
        "loginTime", "InvalidValue", f"Login time '{FUTURE}' is in the future",
        "input.loginTime",
    ),
    Row(
        new_customer(password={"value": "not-an-open2b-hash", "cryptedBy": "Open2b"}),
        "password", "Malformed", "Password is not a 'Open2b' crypted password",
        "input.password",
    ),
    Row(
        new_customer(password={"value": "abc12"}),
        "password", "Malformed", "Password must have between 6 and 16 characters",
        "input.password", pre=True,
    ),
    Row(
        new_customer(canLogin=True),
        "password", "Missing", "Password is required if customer is active", "input.password",
    ),
]  # fmt: skip

UPDATE_ROWS = [
    Row(
        {"password": None},
        "canLogin", "InvalidValue", "canLogin can be true only if password is defined",
        "input.canLogin",
    ),
    Row(
        {"cart": "0" * 32},
        "cart", "NotFound", f"Cart '{'0' * 32}' does not exist", "input.cart",
    ),
    Row(
        {"collection": 11},
        "collection", "InvalidValue", "Collection 11 is not a catalog collection",
        "input.collection",
    ),
    Row(
        {"collection": 99},
        "collection", "NotFound", "Collection 99 does not exist", "input.collection",
    ),
    Row(
        {"collections": list(range(1, 102))},
        "collections", "InvalidValue",
        "A customer cannot have more than 100 additional collections", "input.collections",
        pre=True,
    ),
    Row(
        {"collections": [10]},
        "collections", "InvalidValue", "Collection 10 is not an additional collection",
        "input.collections",
    ),
    Row(
        {"collections": [*range(11, 21), 20]},
        "collections", "Malformed", "A collection id is repeated", "input.collections",
        pre=True,
    ),
    Row(
        {"collections": [21]},
        "collections", "NotFound", "Collection 21 does not exist", "input.collections",
    ),
    Row(
        {"creationTime": FUTURE},
        "creationTime", "InvalidValue", f"Creation time '{FUTURE}' is in the future",
        "input.creationTime",
    ),
    Row(
        {
            "canLogin": True,
            "password": PASSWORD,
            "billingAddress": watson_billing(email=HOLMES_EMAIL),
        },
        "email", "AlreadyExists",
        f"Email '{HOLMES_EMAIL}' already exists for a customer that can login",
        "input.billingAddress.email", customer_id=OTHER,
    ),
    Row(
        {"billingAddress": watson_billing(email="holmes at inv-london.com")},
        "email", "InvalidValue",
        "Email 'holmes at inv-london.com' is not a well formed email address",
        "input.billingAddress.email", pre=True,
    ),
    Row(
        {"group": 255},
        "group", "NotFound", "Customer group 255 does not exist", "input.group",
    ),
    Row(
        {"code": "X"},
        "id", "NotFound", "Customer '999' does not exist", "id", customer_id="999",
    ),
    Row(
        {"invoiceRecipient": "not a code"},
        "invoiceRecipient", "Malformed",
        "'not a code' is not a recipient code or email address", "input.invoiceRecipient",
    ),
    Row(
        {"locale": "en_GB"},
        "locale", "Malformed", "'en_GB' is not a valid locale code", "input.locale", pre=True,
    ),
    Row(
        {"loginTime": "2020-05-21 16:49:12"},
        "loginTime", "InvalidValue",
        "Login time '2020-05-21 16:49:12' is before the creation time", "input.loginTime",
    ),
    Row(
        {"loginTime": FUTURE},
        "loginTime", "InvalidValue", f"Login time '{FUTURE}' is in the future",
        "input.loginTime",
    ),
    Row(
        {"password": {"value": "$2y$10$abcdefghijklmnopqrstuv", "cryptedBy": "bcrypt"}},
        "password", "Malformed", "Password is not a 'bcrypt' crypted password",
        "input.password",
    ),
    Row(
        {"password": {"value": "x" * 17, "cryptedBy": None}},
        "password", "Malformed", "Password must have between 6 and 16 characters",
        "input.password", pre=True,
    ),
]  # fmt: skip

STOREFRONT_ROWS = [
    Row({"cart": "f" * 32}, "cart", "NotFound", f"Cart '{'f' * 32}' does not exist", "input.cart"),
    Row(
        {"invoiceRecipient": "holmes@"},
        "invoiceRecipient", "Malformed", "'holmes@' is not a recipient code or email address",
        "input.invoiceRecipient",
    ),
    Row(
        {"newsletterLists": [1, 9]},
        "newsletterLists", "NotFound", "Newsletter list 9 does not exist",
        "input.newsletterLists",
    ),
    Row(
        {"privacyConsents": [2, 3]},
        "privacyConsents", "InvalidValue", "Consent to processing 1 is required",
        "input.privacyConsents",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "documented"), [(CREATE_ROWS, 19), (UPDATE_ROWS, 19), (STOREFRONT_ROWS, 4)]
)
def test_the_rows_are_the_documented_tables(rows: list[Row], documented: int) -> None:
    assert len({(row.field, row.type, row.message) for row in rows}) == len(rows) == documented


def expected_extensions(row: Row, method: str) -> dict[str, Any]:
    upstream = {"service": "open2b", "method": method, "type": row.type, "field": row.field}
    return {"code": CODES[row.type], "field": row.path, "upstream": upstream}


@pytest.mark.parametrize("row", CREATE_ROWS, ids=_id)
async def test_create_error_rows(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient, row: Row
) -> None:
    result = await gateway.query(CREATE_CUSTOMER, {"input": row.input})
    error = only_error(result, "createCustomer")
    assert error["message"] == row.message
    assert error["extensions"] == expected_extensions(row, CREATE)
    # Sent once or not at all; nothing is read after a failed write.
    assert (await knobs.stats())["calls"] == ({} if row.pre else {CREATE: 1})
    assert await customer_count(emulator) == 50


async def _cannot_log_in(emulator: httpx.AsyncClient) -> str:
    body = {"conditions": {"canLogin": False}, "fields": ["id"], "limit": 1}
    found = await ok(emulator, "commerce.customers.find", body)
    return str(found["customers"][0]["id"])


@pytest.mark.parametrize("row", UPDATE_ROWS, ids=_id)
async def test_update_error_rows(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient, row: Row
) -> None:
    customer_id = await _cannot_log_in(emulator) if row.customer_id == OTHER else row.customer_id
    before = await upstream_customer(emulator, int(customer_id))
    await knobs.reset()
    result = await gateway.query(UPDATE_CUSTOMER, {"id": customer_id, "input": row.input})
    error = only_error(result, "updateCustomer")
    assert error["message"] == row.message
    assert error["extensions"] == expected_extensions(row, UPDATE)
    assert (await knobs.stats())["calls"] == ({} if row.pre else {UPDATE: 1})
    assert await upstream_customer(emulator, int(customer_id)) == before


@pytest.mark.parametrize("row", STOREFRONT_ROWS, ids=_id)
async def test_update_me_error_rows(
    gateway: Gateway, knobs: Emulator, emulator: httpx.AsyncClient, row: Row
) -> None:
    key = await log_in(gateway)
    before = await upstream_customer(emulator, 1)
    await knobs.reset()
    result = await gateway.query(UPDATE_ME, {"input": row.input}, headers={"X-Customer-Key": key})
    error = only_error(result, "updateMe")
    assert error["message"] == row.message
    assert error["extensions"] == expected_extensions(row, UPDATE_MY_CUSTOMER)
    assert (await knobs.stats())["calls"] == {UPDATE_MY_CUSTOMER: 1}
    assert await upstream_customer(emulator, 1) == before
