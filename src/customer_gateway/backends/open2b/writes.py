"""Neutral changes -> the `customer` object of an Open2b write: only what the client gave.

Open2b's names are the camelCase of the neutral attribute names (`wish_list` -> `wishList`,
`company_code2` -> `companyCode2`). An omitted attribute is left out, `None` is sent as null.

The address book (`addresses`) is Open2b's one shipping address: no entry (or null) is
`shippingAddress: null`, one entry is the whole address (street2 and stateProv "" when left
out, as the entry replaces what was there), more is INVALID_VALUE. Open2b numbers no addresses
and has no notion of acceptsMarketing, taxExempt, taxIdValid and customerType: given, even as
null, they are NOT_SUPPORTED.

Datetimes go out as "yyyy-mm-dd hh:mm:ss" in the store's zone (`CG_STORE_TIMEZONE`): an aware
datetime is converted to it, a naive one is already store-local. Fractions of a second are
dropped (Open2b keeps seconds). An instant the store's zone cannot show (year out of 1..9999)
goes out in ISO form, which the request bounds then refuse as Malformed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from typing import Any

from customer_gateway.backends.address_book import check_book, entries, entry_path
from customer_gateway.backends.open2b.codec import camel
from customer_gateway.model.changes import (
    OMITTED,
    CustomerChanges,
    MyCustomerChanges,
)
from customer_gateway.model.errors import GatewayError, NotSupported
from customer_gateway.upstream.client import JSON

_NOT_IN_OPEN2B = ("accepts_marketing", "tax_exempt", "tax_id_valid", "customer_type")
_SHIPPING = "shippingAddress"
# What an entry of the book leaves out, cleared: the entry is the whole address.
_CLEARED = {"street2": "", "stateProv": ""}


def check(changes: CustomerChanges) -> None:
    """Raise for what Open2b cannot take, before any call (paths are neutral)."""
    for attribute in _NOT_IN_OPEN2B:
        if getattr(changes, attribute) is not OMITTED:
            raise NotSupported.about("Open2b has no place for {field}", camel(attribute))
    check_book(changes, most=1)
    for position, entry in enumerate(entries(changes)):
        if entry.id is not OMITTED:
            raise NotSupported.about(
                "Open2b numbers no addresses: {field} cannot be given",
                entry_path(position, "id"),
            )


def customer_body(changes: CustomerChanges | MyCustomerChanges, zone: tzinfo) -> JSON:
    body = _record(changes, zone)
    if isinstance(changes, CustomerChanges) and changes.addresses is not OMITTED:
        book = entries(changes)
        body[_SHIPPING] = _CLEARED | _record(book[0], zone) if book else None
    return body


@contextmanager
def book_paths(changes: CustomerChanges) -> Iterator[None]:
    """Name the shipping address of an error by the book's entry it was written from."""
    try:
        yield
    except GatewayError as error:
        field = error.field or ""
        if changes.addresses is not OMITTED and (field + ".").startswith(_SHIPPING + "."):
            error.relocate(entry_path(0) + field.removeprefix(_SHIPPING))
        raise


def _record(changes: Any, zone: tzinfo) -> JSON:
    return {
        camel(field.name): _value(value, zone)
        for field in dataclasses.fields(changes)
        if (value := getattr(changes, field.name)) is not OMITTED and field.name != "addresses"
    }


def _value(value: object, zone: tzinfo) -> object:
    if dataclasses.is_dataclass(value):
        return _record(value, zone)
    if isinstance(value, datetime):
        return store_time(value, zone)
    if isinstance(value, tuple):
        return list(value)
    return value


def store_time(value: datetime, zone: tzinfo) -> str:
    if value.tzinfo is not None:
        try:
            value = value.astimezone(zone)
        except (OverflowError, ValueError):
            return value.isoformat()
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )
