"""Neutral changes -> the `customer` object of an Open2b write: only what the client gave.

Open2b's names are the camelCase of the neutral attribute names (`wish_list` -> `wishList`,
`company_code2` -> `companyCode2`). An omitted attribute is left out, `None` is sent as null.

Datetimes go out as "yyyy-mm-dd hh:mm:ss" in the store's zone (`CG_STORE_TIMEZONE`): an aware
datetime is converted to it, a naive one is already store-local. Fractions of a second are
dropped (Open2b keeps seconds). An instant the store's zone cannot show (year out of 1..9999)
goes out in ISO form, which the request bounds then refuse as Malformed.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, tzinfo
from typing import Any

from customer_gateway.backends.open2b.codec import camel
from customer_gateway.model.changes import OMITTED, CustomerChanges, MyCustomerChanges
from customer_gateway.upstream.client import JSON


def customer_body(changes: CustomerChanges | MyCustomerChanges, zone: tzinfo) -> JSON:
    return _record(changes, zone)


def _record(changes: Any, zone: tzinfo) -> JSON:
    return {
        camel(field.name): _value(value, zone)
        for field in dataclasses.fields(changes)
        if (value := getattr(changes, field.name)) is not OMITTED
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
