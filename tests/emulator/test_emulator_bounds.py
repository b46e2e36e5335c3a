"""Documented bounds without a documented row: Open2b's common error templates."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from helpers import (
    Row,
    error,
    invalid,
    malformed,
    missing,
    new_customer,
    ok,
    unknown,
    watson_billing,
)


def b(**fields: Any) -> dict[str, Any]:
    """A create request whose billing address has these fields."""
    return {"customer": {"billingAddress": watson_billing(**fields)}}


def c(**fields: Any) -> dict[str, Any]:
    """A create request for a customer with these fields."""
    return {"customer": new_customer(**fields)}


SHIPPING = {
    "name": "Dr Watson",
    "street1": "221b Baker Street",
    "city": "London",
    "postalCode": "NW1 6XE",
    "country": "GB",
}

# (create request body, expected error)
CREATE_BOUNDS: list[tuple[dict[str, Any], Row]] = [
    ({}, missing("customer")),
    ({"customer": None}, missing("customer")),
    ({"customer": [], "x": 1}, unknown("x")),
    ({"customer": []}, malformed("customer")),
    ({"customer": {}}, missing("billingAddress")),
    (c(nickname="Doc"), unknown("nickname")),
    (c(id=7), unknown("id")),
    (c(cart=None), unknown("cart")),
    (b(nick="Doc"), unknown("billingAddress.nick")),
    (c(billingAddress=None), missing("billingAddress")),
    (c(billingAddress="x"), malformed("billingAddress")),
    (b(firstName=...), missing("billingAddress.firstName")),
    (b(firstName=None), missing("billingAddress.firstName")),
    (b(firstName=""), malformed("billingAddress.firstName")),
    (b(firstName="J" * 26), malformed("billingAddress.firstName")),
    (b(lastName=...), missing("billingAddress.lastName")),
    (b(street1=...), missing("billingAddress.street1")),
    (b(street2="s" * 61), malformed("billingAddress.street2")),
    (b(city="c" * 36), malformed("billingAddress.city")),
    (b(postalCode=""), malformed("billingAddress.postalCode")),
    (b(stateProv="ABCD"), malformed("billingAddress.stateProv")),
    (b(stateProv=None), malformed("billingAddress.stateProv")),
    (b(country=...), missing("billingAddress.country")),
    (b(country="GBR"), malformed("billingAddress.country")),
    (b(country="gb"), invalid("billingAddress.country")),
    (b(country="XX"), invalid("billingAddress.country")),
    (b(personalCode="p" * 21), malformed("billingAddress.personalCode")),
    (b(companyName="c" * 101), malformed("billingAddress.companyName")),
    (b(companyCode2=7), malformed("billingAddress.companyCode2")),
    (b(phoneNumber="1" * 16), malformed("billingAddress.phoneNumber")),
    (b(email=...), missing("billingAddress.email")),
    (b(email=42), malformed("billingAddress.email")),
    (
        b(email="w" * 110 + "@inv-london.com"),
        (
            "email",
            "InvalidValue",
            f"'{'w' * 110}@inv-london.com' is not a well formed email address",
        ),
    ),
    (c(shippingAddress={}), missing("shippingAddress.name")),
    (c(shippingAddress=SHIPPING | {"name": "n" * 101}), malformed("shippingAddress.name")),
    (c(shippingAddress=SHIPPING | {"city": None}), missing("shippingAddress.city")),
    (c(shippingAddress=SHIPPING | {"country": "ZZ"}), invalid("shippingAddress.country")),
    (c(shippingAddress=SHIPPING | {"floor": 2}), unknown("shippingAddress.floor")),
    (c(code="c" * 33), malformed("code")),
    (c(code=None), malformed("code")),
    (c(canLogin="yes"), malformed("canLogin")),
    (c(canLogin=1), malformed("canLogin")),
    (c(canLogin=None), malformed("canLogin")),
    (c(password="s3cret-pw"), malformed("password")),
    (c(password={}), missing("password.value")),
    (c(password={"value": 123456}), malformed("password.value")),
    (c(password={"value": "s3cret-pw", "salt": "x"}), unknown("password.salt")),
    (c(password={"value": "s3cret-pw", "cryptedBy": 1}), malformed("password.cryptedBy")),
    (c(locale=None), malformed("locale")),
    (c(creationTime=None), malformed("creationTime")),
    (c(creationTime="2020-02-30 10:00:00"), malformed("creationTime")),
    (c(creationTime="2020-01-01T10:00:00"), malformed("creationTime")),
    (c(loginTime="2020-01-01"), malformed("loginTime")),
    (c(group=0), invalid("group")),
    (c(group=256), invalid("group")),
    (c(group="3"), malformed("group")),
    (c(group=3.0), malformed("group")),
    (c(group=True), malformed("group")),
    (c(group=None), malformed("group")),
    (c(collection=0), invalid("collection")),
    (c(collection=2**31), invalid("collection")),
    (c(collections=None), malformed("collections")),
    (c(collections=11), malformed("collections")),
    (c(collections=[0]), invalid("collections")),
    (c(wishList=["340"]), malformed("wishList")),
    (c(wishList=[-1]), invalid("wishList")),
    (c(invoiceRecipient=None), malformed("invoiceRecipient")),
]


@pytest.mark.parametrize(("body", "row"), CREATE_BOUNDS, ids=[str(r) for _, r in CREATE_BOUNDS])
async def test_create_bounds(emulator: httpx.AsyncClient, body: dict[str, Any], row: Row) -> None:
    err = await error(emulator, "commerce.customers.create", body)
    assert (err["field"], err["type"], err["description"]) == row


# Values exactly on the documented bounds are accepted.
ACCEPTED: list[dict[str, Any]] = [
    new_customer(code="c" * 32),
    {
        "billingAddress": watson_billing(firstName="É" * 25, lastName="ß" * 25)
    },  # characters, not bytes
    {"billingAddress": watson_billing(companyName="c" * 100, street1="s" * 60, city="c" * 35)},
    {"billingAddress": watson_billing(email="a@b.io")},
    new_customer(collection=None, loginTime=None, shippingAddress=None, password=None),
    new_customer(locale="it"),
    new_customer(group=5, collection=10, collections=list(range(11, 21)), wishList=[2**31 - 1]),
    new_customer(invoiceRecipient="AB7TR6K"),
    new_customer(invoiceRecipient="pec@legalmail.it"),
    new_customer(invoiceRecipient=""),
    new_customer(password={"value": "sixsix"}),
    new_customer(password={"value": "s" * 16, "cryptedBy": None}),
    new_customer(creationTime="2000-01-01 00:00:00", loginTime="2000-01-01 00:00:00"),
]


@pytest.mark.parametrize("new", ACCEPTED)
async def test_values_on_the_bounds_are_accepted(
    emulator: httpx.AsyncClient, new: dict[str, Any]
) -> None:
    created = await ok(emulator, "commerce.customers.create", {"customer": new})
    assert created == {"status": "ok", "id": 51}


FIND_BOUNDS: list[tuple[str, dict[str, Any], Row]] = [
    ("find", {"limit": 0}, invalid("limit")),
    ("find", {"limit": "10"}, malformed("limit")),
    ("find", {"first": -1}, invalid("first")),
    ("find", {"fields": "id"}, malformed("fields")),
    ("find", {"order": [1]}, malformed("order")),
    ("find", {"where": {}}, unknown("where")),
    ("find", {"conditions": None}, malformed("conditions")),
    ("find", {"conditions": {"name": "x"}}, unknown("conditions.name")),
    ("find", {"conditions": {"ids": [0]}}, invalid("conditions.ids")),
    ("find", {"conditions": {"ids": None}}, malformed("conditions.ids")),
    ("find", {"conditions": {"code": "c" * 33}}, malformed("conditions.code")),
    ("find", {"conditions": {"canLogin": "true"}}, malformed("conditions.canLogin")),
    ("find", {"conditions": {"group": 256}}, invalid("conditions.group")),
    ("find", {"conditions": {"email": "ab"}}, malformed("conditions.email")),
    ("find", {"conditions": {"personalCode": ""}}, malformed("conditions.personalCode")),
    ("find", {"conditions": {"companyCode": "c" * 21}}, malformed("conditions.companyCode")),
    ("find", {"conditions": {"keywords": ""}}, malformed("conditions.keywords")),
    ("find", {"conditions": {"country": "GBR"}}, malformed("conditions.country")),
    ("find", {"conditions": {"stateProv": "LOND"}}, malformed("conditions.stateProv")),
    ("find", {"conditions": {"labels": [33]}}, invalid("conditions.labels")),
    ("find", {"conditions": {"after": -1}}, invalid("conditions.after")),
    ("count", {"conditions": {"labels": [0]}}, invalid("conditions.labels")),
    ("count", {"limit": 1}, unknown("limit")),
    ("get", {}, missing("id")),
    ("get", {"id": None}, missing("id")),
    ("get", {"id": 0}, invalid("id")),
    ("get", {"id": 2**31}, invalid("id")),
    ("get", {"id": "1"}, malformed("id")),
    ("delete", {}, missing("ids")),
    ("delete", {"ids": 1}, malformed("ids")),
    ("delete", {"ids": [1, 0]}, invalid("ids")),
    ("authenticate", {"password": "sherlock221"}, missing("email")),
    ("authenticate", {"email": "holmes@inv-london.com"}, missing("password")),
    ("authenticate", {"email": "holmes@inv-london.com", "password": "abc"}, malformed("password")),
    ("update", {"customer": {}}, missing("id")),
    ("update", {"id": 1}, missing("customer")),
    (
        "update",
        {"id": 1, "customer": {"billingAddress": {"city": "Paris"}}},
        missing("billingAddress.firstName"),
    ),
    ("update", {"id": 1, "customer": {"billingAddress": None}}, malformed("billingAddress")),
    ("update", {"id": 1, "customer": {"cart": "c" * 31}}, malformed("cart")),
    ("update", {"id": 1, "customer": {"hasPassword": False}}, unknown("hasPassword")),
]


@pytest.mark.parametrize(
    ("method", "body", "row"), FIND_BOUNDS, ids=[str(r) for *_, r in FIND_BOUNDS]
)
async def test_other_method_bounds(
    emulator: httpx.AsyncClient, method: str, body: dict[str, Any], row: Row
) -> None:
    err = await error(emulator, f"commerce.customers.{method}", body)
    assert (err["field"], err["type"], err["description"]) == row
