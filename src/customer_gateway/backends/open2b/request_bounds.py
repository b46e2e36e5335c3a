"""Open2b's documented bounds on a write's request, checked on the body before it is sent.

One table per method says what the vendor's page says of each path of the request body.
`MethodBounds.check` raises the first bound the body breaks as the error Open2b itself would
answer, with `field` the GraphQL argument path (`<path>` below):

    a key the method does not take                UNKNOWN_FIELD  Field '<path>' is unknown to ...
    left out or null where "(required)"           MISSING        <path> is required
    null where the docs do not say "can be null"  MALFORMED      <path> is not syntactically correct
    a string outside string(a…b), in characters   MALFORMED      (the same)
    a datetime that is not yyyy-mm-dd hh:mm:ss    MALFORMED      (the same)
    an int, or an int of a list, outside int(a…b) INVALID_VALUE  <path> is not a valid value
    a country that is not two capital letters     INVALID_VALUE  (the same)

Where a documented error row is about the value alone (email shape, locale, password length,
collections count and repeats, invoice recipient length), that row is the answer: its type,
its description filled in, and `upstream` naming it, as if Open2b had sent it. Rows that need
the store's data (NotFound, AlreadyExists, times in the future) are left to Open2b.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from customer_gateway.backends.open2b.api import JSON, SERVICE
from customer_gateway.backends.open2b.bounds import INT_MAX, customer_id, invalid, malformed
from customer_gateway.errors import OPEN2B_ERROR_CODES, BadUserInput, ErrorCode, UpstreamInfo

CREATE = "commerce.customers.create"
UPDATE = "commerce.customers.update"
DELETE = "commerce.customers.delete"
AUTHENTICATE = "commerce.customers.authenticate"
LOGIN = "storefront.login"
UPDATE_MY_CUSTOMER = "storefront.update-customer"


@dataclass(frozen=True, slots=True)
class Row:
    """A documented error row: Open2b's error field, type and description (filled in)."""

    field: str
    type: str
    description: str


RowCheck = Callable[[Any], Row | None]


@dataclass(frozen=True, slots=True)
class Bound:
    length: tuple[int, int] | None = None  # string(a…b)
    range: tuple[int, int] | None = None  # int(a…b), of the value or of each item of a list
    required: bool = False
    nullable: bool = False
    datetime: bool = False
    pattern: re.Pattern[str] | None = None  # else InvalidValue
    row: RowCheck | None = None  # a documented row about the value alone


Table = Mapping[str, Bound]  # upstream path ("billingAddress.city") -> bound; parents first

_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
# Lax on purpose: anything Open2b may accept passes; it answers the rest with the same row.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_LOCALE = re.compile(r"[A-Za-z]{2}(-[A-Za-z]{2})?")


def text(lo: int, hi: int, *, required: bool = False, nullable: bool = False) -> Bound:
    return Bound(length=(lo, hi), required=required, nullable=nullable)


def number(lo: int, hi: int = INT_MAX, *, nullable: bool = False) -> Bound:
    return Bound(range=(lo, hi), nullable=nullable)


def numbers(lo: int, hi: int = INT_MAX, *, row: RowCheck | None = None) -> Bound:
    return Bound(range=(lo, hi), row=row)


def country(*, required: bool) -> Bound:
    return Bound(length=(2, 2), required=required, pattern=_COUNTRY)


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


def _billing(*, required: bool, city_max: int, email: RowCheck | None) -> dict[str, Bound]:
    fields = {
        "firstName": text(1, 25, required=required),
        "lastName": text(1, 25, required=required),
        "personalCode": text(0, 20),
        "companyName": text(0, 100),
        "companyCode": text(0, 20),
        "companyCode2": text(0, 20),
        "street1": text(1, 60, required=required),
        "street2": text(0, 60),
        "city": text(1, city_max, required=required),
        "postalCode": text(1, 20, required=required),
        "stateProv": text(0, 3),
        "country": country(required=required),
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
        "street1": text(1, 60, required=required),
        "street2": text(0, 60),
        "city": text(1, city_max, required=required),
        "postalCode": text(1, 20, required=required),
        "stateProv": text(0, 3),
        "country": country(required=required),
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


class MethodBounds:
    """One method's table, and where its upstream paths point in the GraphQL arguments."""

    def __init__(self, method: str, table: Table, prefix: str, **extra_paths: str) -> None:
        self.method = method
        self.table = table
        self.prefix = prefix
        # Upstream error field -> GraphQL path: the table's paths, bare or under "customer.".
        self.paths = {path: prefix + path for path in table}
        self.paths.update({f"customer.{path}": prefix + path for path in table})
        self.paths.update(extra_paths)

    def check(self, body: JSON) -> None:
        """Raise the first documented bound that `body` (customer object, credentials) breaks."""
        unknown = _first_unknown(self.table, body, "")
        if unknown is not None:
            graphql_path = self.prefix + unknown
            raise BadUserInput(
                f"Field '{graphql_path}' is unknown to {self.method}",
                field=graphql_path,
                code=ErrorCode.UNKNOWN_FIELD,
            )
        for path, bound in self.table.items():
            parent, _, key = path.rpartition(".")
            container = _at(body, parent)
            if container is None:
                continue  # the parent record is left out or null
            if key in container:
                self._check_value(path, bound, container[key])
            elif bound.required:
                raise self._missing(path)

    def _check_value(self, path: str, bound: Bound, value: Any) -> None:
        graphql_path = self.paths[path]
        if value is None:
            if bound.nullable:
                return
            raise self._missing(path) if bound.required else malformed(graphql_path)
        if bound.length is not None:
            lo, hi = bound.length
            if not lo <= len(value) <= hi:
                raise malformed(graphql_path)
        if bound.datetime and not _DATETIME.fullmatch(value):
            raise malformed(graphql_path)
        if bound.range is not None:
            lo, hi = bound.range
            if not all(lo <= item <= hi for item in _items(value)):
                raise invalid(graphql_path)
        if bound.pattern is not None and not bound.pattern.fullmatch(value):
            raise invalid(graphql_path)
        row = None if bound.row is None else bound.row(value)
        if row is not None:
            raise self.documented(row)

    def _missing(self, path: str) -> BadUserInput:
        graphql_path = self.paths[path]
        return BadUserInput(
            f"{graphql_path} is required", field=graphql_path, code=ErrorCode.MISSING
        )

    def documented(self, row: Row) -> BadUserInput:
        """A documented row, answered as Open2b answers it."""
        upstream = UpstreamInfo(service=SERVICE, method=self.method, type=row.type, field=row.field)
        return BadUserInput(
            row.description,
            field=self.paths.get(row.field),
            code=OPEN2B_ERROR_CODES[row.type],
            upstream=upstream,
        )


def _items(value: int | list[int]) -> Iterable[int]:
    return value if isinstance(value, list) else (value,)


def _at(body: JSON, path: str) -> JSON | None:
    node: Any = body
    for key in path.split(".") if path else ():
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _first_unknown(table: Table, data: JSON, prefix: str) -> str | None:
    for key, value in data.items():
        path = prefix + key
        if path not in table:
            return path
        if isinstance(value, dict):
            found = _first_unknown(table, value, path + ".")
            if found is not None:
                return found
    return None


def checked_id(value: str, path: str) -> int:
    """The Open2b id of `value`, or the error Open2b would answer for it (id is int(1…))."""
    number = customer_id(value)
    if number is None:
        digits = value.removeprefix("-")
        raise malformed(path) if not digits.isascii() or not digits.isdigit() else invalid(path)
    return number


_EMAIL_PATH = "input.billingAddress.email"

CREATE_BOUNDS = MethodBounds(CREATE, _customer(create=True), "input.", email=_EMAIL_PATH)
UPDATE_BOUNDS = MethodBounds(UPDATE, _customer(create=False), "input.", email=_EMAIL_PATH, id="id")
MY_CUSTOMER_BOUNDS = MethodBounds(UPDATE_MY_CUSTOMER, _MY_CUSTOMER, "input.")
AUTHENTICATE_BOUNDS = MethodBounds(AUTHENTICATE, _CREDENTIALS, "")
LOGIN_BOUNDS = MethodBounds(LOGIN, _LOGIN, "")
DELETE_PATHS = {"ids": "ids"}
