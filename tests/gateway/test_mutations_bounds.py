"""Input out of Open2b's documented bounds is refused before any upstream call, with the code
Open2b would answer and the GraphQL argument path."""

from __future__ import annotations

from typing import Any

import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from gateway.harness import Emulator, Gateway, GatewayFactory
from gateway.mutations import (
    AUTHENTICATE_CUSTOMER,
    CREATE_CUSTOMER,
    DELETE_CUSTOMERS,
    LOG_IN,
    UPDATE_CUSTOMER,
    UPDATE_ME,
    new_customer,
    only_error,
)
from helpers import watson_billing

SHIPPING = {
    "name": "Mrs Hudson",
    "street1": "221b Baker Street",
    "city": "London",
    "postalCode": "NW1 6XE",
    "country": "GB",
}
SHIPPING_COUNTRY = "input.shippingAddress.country"
BILLING_EMAIL = "input.billingAddress.email"


def create(**fields: Any) -> tuple[str, dict[str, Any]]:
    return CREATE_CUSTOMER, {"input": new_customer(**fields)}


def billing(**fields: Any) -> tuple[str, dict[str, Any]]:
    return create(billingAddress=watson_billing(**fields))


def update(customer_id: str = "1", **fields: Any) -> tuple[str, dict[str, Any]]:
    return UPDATE_CUSTOMER, {"id": customer_id, "input": fields}


def update_me(**fields: Any) -> tuple[str, dict[str, Any]]:
    return UPDATE_ME, {"input": fields}


def credentials(document: str, email: str, password: str) -> tuple[str, dict[str, Any]]:
    return document, {"email": email, "password": password}


# (operation, code, extensions.field)
GENERIC: list[tuple[tuple[str, dict[str, Any]], str, str]] = [
    # createCustomer: required fields (left out or null), string lengths in characters
    (billing(firstName=...), "MISSING", "input.billingAddress.firstName"),
    (billing(lastName=None), "MISSING", "input.billingAddress.lastName"),
    (billing(street1=...), "MISSING", "input.billingAddress.street1"),
    (billing(city=...), "MISSING", "input.billingAddress.city"),
    (billing(postalCode=None), "MISSING", "input.billingAddress.postalCode"),
    (billing(country=...), "MISSING", "input.billingAddress.country"),
    (billing(email=...), "MISSING", "input.billingAddress.email"),
    (billing(firstName=""), "MALFORMED", "input.billingAddress.firstName"),
    (billing(firstName="ß" * 26), "MALFORMED", "input.billingAddress.firstName"),
    (billing(lastName="x" * 26), "MALFORMED", "input.billingAddress.lastName"),
    (billing(personalCode="x" * 21), "MALFORMED", "input.billingAddress.personalCode"),
    (billing(companyName="x" * 101), "MALFORMED", "input.billingAddress.companyName"),
    (billing(companyCode="x" * 21), "MALFORMED", "input.billingAddress.companyCode"),
    (billing(companyCode2="x" * 21), "MALFORMED", "input.billingAddress.companyCode2"),
    (billing(street1="x" * 61), "MALFORMED", "input.billingAddress.street1"),
    (billing(street2="x" * 61), "MALFORMED", "input.billingAddress.street2"),
    (billing(city="x" * 36), "MALFORMED", "input.billingAddress.city"),
    (billing(postalCode=""), "MALFORMED", "input.billingAddress.postalCode"),
    (billing(stateProv="LOND"), "MALFORMED", "input.billingAddress.stateProv"),
    (billing(country="GBR"), "MALFORMED", "input.billingAddress.country"),
    (billing(country="gb"), "INVALID_VALUE", "input.billingAddress.country"),
    (billing(phoneNumber="0" * 16), "MALFORMED", "input.billingAddress.phoneNumber"),
    (billing(mobileNumber="0" * 16), "MALFORMED", "input.billingAddress.mobileNumber"),
    (billing(faxNumber="0" * 16), "MALFORMED", "input.billingAddress.faxNumber"),
    (billing(street2=None), "MALFORMED", "input.billingAddress.street2"),
    (create(shippingAddress=SHIPPING | {"name": ""}), "MALFORMED", "input.shippingAddress.name"),
    (create(shippingAddress=SHIPPING | {"city": None}), "MISSING", "input.shippingAddress.city"),
    (create(shippingAddress={"name": "H"}), "MISSING", "input.shippingAddress.street1"),
    (create(shippingAddress=SHIPPING | {"country": "G"}), "MALFORMED", SHIPPING_COUNTRY),
    (create(code="x" * 33), "MALFORMED", "input.code"),
    (create(code=None), "MALFORMED", "input.code"),
    (create(canLogin=None), "MALFORMED", "input.canLogin"),
    (create(locale=None), "MALFORMED", "input.locale"),
    (create(group=0), "INVALID_VALUE", "input.group"),
    (create(group=256), "INVALID_VALUE", "input.group"),
    (create(group=None), "MALFORMED", "input.group"),
    (create(collection=0), "INVALID_VALUE", "input.collection"),
    (create(collections=[11, 0]), "INVALID_VALUE", "input.collections"),
    (create(collections=None), "MALFORMED", "input.collections"),
    (create(wishList=[-1]), "INVALID_VALUE", "input.wishList"),
    (create(creationTime=None), "MALFORMED", "input.creationTime"),
    # An instant the store's zone cannot show (year 0 in UTC).
    (create(creationTime="0001-01-01T00:00:00+01:00"), "MALFORMED", "input.creationTime"),
    (create(password={"value": "x" * 51, "cryptedBy": "O"}), "MALFORMED", "input.password.value"),
    # updateCustomer: the id, an address given whole, the cart
    (update("abc"), "MALFORMED", "id"),
    (update("01"), "MALFORMED", "id"),
    (update("0"), "INVALID_VALUE", "id"),
    (update(str(2**31)), "INVALID_VALUE", "id"),
    (update(billingAddress={"city": "Paris"}), "MISSING", "input.billingAddress.firstName"),
    (update(shippingAddress={"city": "Paris"}), "MISSING", "input.shippingAddress.name"),
    (update(cart="f" * 31), "MALFORMED", "input.cart"),
    (update(billingAddress=None), "MALFORMED", "input.billingAddress"),
    # updateMe: no email in the storefront's billing address, its shorter city, consents 1..255
    (update_me(billingAddress={"email": HOLMES_EMAIL}), "UNKNOWN_FIELD", BILLING_EMAIL),
    (update_me(billingAddress={"city": "x" * 26}), "MALFORMED", "input.billingAddress.city"),
    (update_me(shippingAddress={"city": "x" * 26}), "MALFORMED", "input.shippingAddress.city"),
    (update_me(privacyConsents=[1, 256]), "INVALID_VALUE", "input.privacyConsents"),
    (update_me(newsletterLists=[0]), "INVALID_VALUE", "input.newsletterLists"),
    (update_me(wishList=None), "MALFORMED", "input.wishList"),
    # deleteCustomers, authenticateCustomer, logIn
    ((DELETE_CUSTOMERS, {"ids": ["2", "two"]}), "MALFORMED", "ids"),
    ((DELETE_CUSTOMERS, {"ids": ["-2"]}), "INVALID_VALUE", "ids"),
    ((DELETE_CUSTOMERS, {"ids": ["2", "+3"]}), "MALFORMED", "ids"),
    (credentials(AUTHENTICATE_CUSTOMER, "a@", "sherlock221"), "MALFORMED", "email"),
    (credentials(AUTHENTICATE_CUSTOMER, HOLMES_EMAIL, "abc"), "MALFORMED", "password"),
    (credentials(AUTHENTICATE_CUSTOMER, HOLMES_EMAIL, "x" * 17), "MALFORMED", "password"),
    (credentials(LOG_IN, "a" * 121, "sherlock221"), "MALFORMED", "email"),
    (credentials(LOG_IN, HOLMES_EMAIL, "abc"), "MALFORMED", "password"),
]  # fmt: skip

MESSAGES = {
    "MISSING": "{} is required",
    "MALFORMED": "{} is not syntactically correct",
    "INVALID_VALUE": "{} is not a valid value",
    "UNKNOWN_FIELD": "Field '{}' is unknown to storefront.update-customer",
}


def _name(document: str) -> str:
    return document.split("(")[1].split("{")[-1].strip()


@pytest.mark.parametrize(
    ("operation", "code", "path"),
    GENERIC,
    ids=[f"{code}-{path}-{i}" for i, (_, code, path) in enumerate(GENERIC)],
)
async def test_documented_bounds_are_checked_before_any_call(
    gateway: Gateway,
    knobs: Emulator,
    operation: tuple[str, dict[str, Any]],
    code: str,
    path: str,
) -> None:
    document, variables = operation
    result = await gateway.query(document, variables, headers={"X-Customer-Key": "any"})
    assert result["data"] in (None, {"authenticateCustomer": None}), result
    [error] = result["errors"]
    assert error["extensions"] == {"code": code, "field": path}
    assert error["message"] == MESSAGES[code].format(path)
    assert await knobs.calls() == 0


# Bounds that are a documented row: the row's own words, and `upstream` names the row.
ROW_BOUNDS: list[tuple[tuple[str, dict[str, Any]], str, str, str, dict[str, str]]] = [
    (
        billing(email="x" * 115 + "@a.com"),
        "INVALID_VALUE",
        "input.billingAddress.email",
        f"'{'x' * 115}@a.com' is not a well formed email address",
        {"method": "commerce.customers.create", "type": "InvalidValue", "field": "email"},
    ),
    (
        create(invoiceRecipient="x" * 257),
        "MALFORMED",
        "input.invoiceRecipient",
        f"'{'x' * 257}' is not a recipient code or email address",
        {"method": "commerce.customers.create", "type": "Malformed", "field": "invoiceRecipient"},
    ),
    (
        update(locale="e"),
        "MALFORMED",
        "input.locale",
        "'e' is not a valid locale code",
        {"method": "commerce.customers.update", "type": "Malformed", "field": "locale"},
    ),
    (
        update_me(invoiceRecipient="x" * 257),
        "MALFORMED",
        "input.invoiceRecipient",
        f"'{'x' * 257}' is not a recipient code or email address",
        {"method": "storefront.update-customer", "type": "Malformed", "field": "invoiceRecipient"},
    ),
    (
        credentials(LOG_IN, "not-an-email", "sherlock221"),
        "INVALID_VALUE",
        "email",
        "'not-an-email' is not a well formed email address",
        {"method": "storefront.login", "type": "InvalidValue", "field": "email"},
    ),
]


@pytest.mark.parametrize(("operation", "code", "path", "message", "upstream"), ROW_BOUNDS)
async def test_bounds_that_are_documented_rows(
    gateway: Gateway,
    knobs: Emulator,
    operation: tuple[str, dict[str, Any]],
    code: str,
    path: str,
    message: str,
    upstream: dict[str, str],
) -> None:
    document, variables = operation
    result = await gateway.query(document, variables, headers={"X-Customer-Key": "any"})
    [error] = result["errors"]
    assert error["message"] == message
    upstream = {"service": "open2b", **upstream}
    assert error["extensions"] == {"code": code, "field": path, "upstream": upstream}
    assert await knobs.calls() == 0


async def test_lengths_are_in_characters(gateway: Gateway, knobs: Emulator) -> None:
    document, variables = billing(firstName="ß" * 25, city="Zürich")
    result = await gateway.query(document, variables)
    assert result["data"]["createCustomer"]["customer"]["billingAddress"]["firstName"] == "ß" * 25


@pytest.mark.parametrize(
    "value", ["2020-05-21T16:49:13", "2020-05-21", "21/05/2020 16:49:13", "2020-05-21 16:49"]
)
async def test_a_datetime_in_neither_form_is_a_graphql_type_error(
    gateway: Gateway, knobs: Emulator, value: str
) -> None:
    document, variables = create(creationTime=value)
    result = await gateway.query(document, variables)
    [error] = result["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "yyyy-mm-dd hh:mm:ss" in error["message"]
    assert await knobs.calls() == 0


async def test_a_value_the_gateway_lets_through_gets_the_same_answer_from_open2b(
    gateway: Gateway, knobs: Emulator
) -> None:
    # The gateway's email check is lax on purpose; Open2b answers the rest with the same row.
    document, variables = billing(email="watson@example.c")
    error = only_error(await gateway.query(document, variables), "createCustomer")
    assert error["message"] == "'watson@example.c' is not a well formed email address"
    assert error["extensions"]["field"] == "input.billingAddress.email"
    assert await knobs.calls() == 1


async def test_admin_mutations_need_the_api_token(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(api_tokens="admin-token")
    for document, variables in [
        create(),
        update(code="X"),
        (DELETE_CUSTOMERS, {"ids": ["2"]}),
        credentials(AUTHENTICATE_CUSTOMER, HOLMES_EMAIL, "sherlock221"),
    ]:
        result = await gateway.query(document, variables)
        assert [e["extensions"]["code"] for e in result["errors"]] == ["UNAUTHENTICATED"]
    assert await knobs.calls() == 0
