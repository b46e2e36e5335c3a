"""Open2b's methods: every method name, and what the pages say of each write's request.

Paths are the request body's, relative to its `customer` object (or the credentials); parents
come before their children. Each `MethodBounds` also maps Open2b's error fields to neutral
paths (a documented row's `email` is `billingAddress.email`).
"""

from __future__ import annotations

import re

from customer_gateway.backends.open2b.checks import (
    Bound,
    MethodBounds,
    Row,
    RowCheck,
    Table,
    country,
    number,
    numbers,
    text,
)
from customer_gateway.upstream.client import JSON

FIND = "commerce.customers.find"
COUNT = "commerce.customers.count"
CREATE = "commerce.customers.create"
UPDATE = "commerce.customers.update"
DELETE = "commerce.customers.delete"
AUTHENTICATE = "commerce.customers.authenticate"
LOGIN = "storefront.login"
MY_CUSTOMER = "storefront.customer"
UPDATE_MY_CUSTOMER = "storefront.update-customer"

# Lax on purpose: anything Open2b may accept passes; it answers the rest with the same row.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_LOCALE = re.compile(r"[A-Za-z]{2}(-[A-Za-z]{2})?")


# -- documented rows about a value alone ------------------------------------------------------


def email_row(prefix: str = "") -> RowCheck:
    def check(value: str) -> Row | None:
        if 3 <= len(value) <= 120 and _EMAIL.fullmatch(value):
            return None
        return Row("email", "InvalidValue", f"{prefix}'{value}' is not a well formed email address")

    return check


def _locale_row(value: str) -> Row | None:
    if _LOCALE.fullmatch(value):
        return None
    return Row("locale", "Malformed", f"'{value}' is not a valid locale code")


def _password_row(password: JSON) -> Row | None:
    # The value is string(6…50), but a plain-text password has a row of its own.
    if password.get("cryptedBy") is None and not 6 <= len(password["value"]) <= 16:
        return Row("password", "Malformed", "Password must have between 6 and 16 characters")
    return None


def _collections_row(collections: list[int]) -> Row | None:
    if len(collections) > 100:
        return Row(
            "collections",
            "InvalidValue",
            "A customer cannot have more than 100 additional collections",
        )
    if len(set(collections)) != len(collections):
        return Row("collections", "Malformed", "A collection id is repeated")
    return None


def _invoice_recipient_row(value: str) -> Row | None:
    if len(value) <= 256:
        return None
    return Row(
        "invoiceRecipient", "Malformed", f"'{value}' is not a recipient code or email address"
    )


# -- the tables -------------------------------------------------------------------------------


def _postal(*, required: bool, city_max: int) -> dict[str, Bound]:
    """The fields every address has."""
    return {
        "street1": text(1, 60, required=required),
        "street2": text(0, 60),
        "city": text(1, city_max, required=required),
        "postalCode": text(1, 20, required=required),
        "stateProv": text(0, 3),
        "country": country(required=required),
    }


def _billing(*, required: bool, city_max: int, email: RowCheck | None) -> dict[str, Bound]:
    fields = {
        "firstName": text(1, 25, required=required),
        "lastName": text(1, 25, required=required),
        "personalCode": text(0, 20),
        "companyName": text(0, 100),
        "companyCode": text(0, 20),
        "companyCode2": text(0, 20),
        **_postal(required=required, city_max=city_max),
        "phoneNumber": text(0, 15),
        "mobileNumber": text(0, 15),
        "faxNumber": text(0, 15),
    }
    if email is not None:
        fields["email"] = Bound(required=required, row=email)
    return {f"billingAddress.{name}": bound for name, bound in fields.items()}


def _shipping(*, required: bool, city_max: int) -> dict[str, Bound]:
    fields = {
        "name": text(1, 100, required=required),
        **_postal(required=required, city_max=city_max),
    }
    return {f"shippingAddress.{name}": bound for name, bound in fields.items()}


def _customer(*, create: bool) -> dict[str, Bound]:
    """customers.create and customers.update: the same fields, update adds a cart."""
    table = {
        "code": text(0, 32),
        "canLogin": Bound(),
        "password": Bound(nullable=True, row=_password_row),
        "password.value": text(6, 50, required=True),
        "password.cryptedBy": Bound(nullable=True),
        "locale": Bound(row=_locale_row),
        "creationTime": Bound(datetime=True),
        "loginTime": Bound(datetime=True, nullable=True),
        "group": number(1, 255),
        "collection": number(1, nullable=True),
        "collections": numbers(1, row=_collections_row),
        "wishList": numbers(1),
        "cart": text(32, 32, nullable=True),
        "invoiceRecipient": Bound(row=_invoice_recipient_row),
        # In an update the billing address may be left out, but when sent it is whole.
        "billingAddress": Bound(required=create),
        **_billing(required=True, city_max=35, email=email_row("" if create else "Email ")),
        "shippingAddress": Bound(nullable=True),
        **_shipping(required=True, city_max=35),
    }
    if create:
        del table["cart"]
    return table


_MY_CUSTOMER: Table = {
    "cart": text(32, 32, nullable=True),
    "invoiceRecipient": Bound(row=_invoice_recipient_row),
    "billingAddress": Bound(),
    **_billing(required=False, city_max=25, email=None),
    "shippingAddress": Bound(nullable=True),
    **_shipping(required=False, city_max=25),
    "wishList": numbers(1),
    "newsletterLists": numbers(1),
    "privacyConsents": numbers(1, 255),
}

_CREDENTIALS: Table = {
    "email": text(3, 120, required=True),
    "password": text(4, 16, required=True),
}
# storefront.login also answers a row for an email that is not one.
_LOGIN: Table = {**_CREDENTIALS, "email": Bound(length=(3, 120), required=True, row=email_row())}

_EMAIL_PATH = "billingAddress.email"

CREATE_BOUNDS = MethodBounds(CREATE, _customer(create=True), email=_EMAIL_PATH)
UPDATE_BOUNDS = MethodBounds(UPDATE, _customer(create=False), email=_EMAIL_PATH, id="id")
MY_CUSTOMER_BOUNDS = MethodBounds(UPDATE_MY_CUSTOMER, _MY_CUSTOMER)
AUTHENTICATE_BOUNDS = MethodBounds(AUTHENTICATE, _CREDENTIALS)
LOGIN_BOUNDS = MethodBounds(LOGIN, _LOGIN)
DELETE_PATHS = {"ids": "ids"}
