"""Open2b v10 customer JSON <-> records: the upstream's field names live here (and nowhere else).

The address book (`addresses`) is the one shipping address, as a list of none or one entry
with no id. Fields Open2b has no notion of (acceptsMarketing, taxExempt, taxIdValid,
customerType, groupName, orderCount) ask nothing of Open2b and are always null.

Datetimes: Open2b sends "yyyy-mm-dd hh:mm:ss" in the store's local time, with no zone; the
zone is configuration (`CG_STORE_TIMEZONE`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from typing import Any

from customer_gateway.model.queries import CustomerConditions, SortKey
from customer_gateway.model.records import (
    BillingAddressRecord,
    CustomerField,
    CustomerRecord,
    ShippingAddressRecord,
)
from customer_gateway.upstream.client import JSON

# Customer fields with no Open2b counterpart: nothing is asked for them, they read as null.
NOT_IN_OPEN2B = frozenset({
    CustomerField.ACCEPTS_MARKETING, CustomerField.TAX_EXEMPT, CustomerField.TAX_ID_VALID,
    CustomerField.CUSTOMER_TYPE, CustomerField.GROUP_NAME, CustomerField.ORDER_COUNT,
})  # fmt: skip
# Open2b's `fields` are top-level names; the email lives in the billing address, the address
# book is the shipping address.
FIELD_NAMES: Mapping[CustomerField, str] = {
    **{field: field.value for field in CustomerField if field not in NOT_IN_OPEN2B},
    CustomerField.EMAIL: "billingAddress",
    CustomerField.ADDRESSES: "shippingAddress",
}


def camel(name: str) -> str:
    """Open2b's name for a neutral attribute: its camelCase (`company_code2` -> `companyCode2`)."""
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _names(record: type[Any]) -> tuple[tuple[str, str], ...]:
    """(attribute, Open2b name) of every attribute of a dataclass."""
    return tuple((field.name, camel(field.name)) for field in dataclasses.fields(record))


# Conditions: neutral attribute -> Open2b name; the GraphQL filter uses the same names.
CONDITION_NAMES: Mapping[str, str] = dict(_names(CustomerConditions))
_BILLING_NAMES = _names(BillingAddressRecord)
# Open2b numbers no addresses: a shipping address has no id.
_SHIPPING_NAMES = tuple(pair for pair in _names(ShippingAddressRecord) if pair[0] != "id")


def upstream_fields(fields: Iterable[CustomerField]) -> list[str]:
    """The `fields` of a request: `id` first, then each needed top-level name once, sorted."""
    names = {FIELD_NAMES[field] for field in fields if field in FIELD_NAMES}
    names.discard("id")
    return ["id", *sorted(names)]


def upstream_order(order: Iterable[SortKey]) -> list[str]:
    return [("-" if key.descending else "") + key.field.value for key in order]


def upstream_conditions(conditions: CustomerConditions) -> JSON:
    """The `conditions` object; the values must already be within Open2b's bounds."""
    out: JSON = {}
    for attribute, name in CONDITION_NAMES.items():
        value = getattr(conditions, attribute)
        if value is None:
            continue
        if attribute == "ids":
            value = [int(customer_id) for customer_id in value]
        elif attribute == "labels":
            value = list(value)
        out[name] = value
    return out


def parse_datetime(value: str | None, zone: tzinfo) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=zone)


def _ints(value: list[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(value)


# The Open2b names in the order of the records' attributes: a record is made positionally,
# `Record(*map(data.get, NAMES))`, which costs a third less than a dict of keyword arguments
# (30 lookups of one operation decode 30 addresses).
_BILLING_ORDER = tuple(name for _, name in _BILLING_NAMES)
_SHIPPING_ORDER = tuple(name for _, name in _SHIPPING_NAMES)
# ... which leaves out a shipping address's id (the last attribute: it keeps its default None).
assert _names(ShippingAddressRecord)[len(_SHIPPING_ORDER) :] == (("id", "id"),)


def billing_from_json(data: JSON | None) -> BillingAddressRecord | None:
    if data is None:
        return None
    return BillingAddressRecord(*map(data.get, _BILLING_ORDER))


def shipping_from_json(data: JSON | None) -> ShippingAddressRecord | None:
    if data is None:
        return None
    return ShippingAddressRecord(*map(data.get, _SHIPPING_ORDER))


def customer_from_json(data: JSON, zone: tzinfo) -> CustomerRecord:
    """A record of what the upstream sent; absent fields stay `None`. Raises on a bad shape.

    Positional, in the record's attribute order: a page of 100 makes 100 of these.
    """
    get = data.get
    billing = billing_from_json(get("billingAddress"))
    shipping = shipping_from_json(get("shippingAddress"))
    return CustomerRecord(
        str(int(data["id"])),
        get("code"),
        None if billing is None else billing.email,
        get("fullName"),
        get("canLogin"),
        get("hasPassword"),
        get("locale"),
        get("group"),
        get("collection"),
        _ints(get("collections")),
        _ints(get("wishList")),
        get("cart"),
        get("invoiceRecipient"),
        parse_datetime(get("creationTime"), zone),
        parse_datetime(get("loginTime"), zone),
        parse_datetime(get("updateTime"), zone),
        billing,
        shipping,
        _book(data, shipping),
    )


def _book(
    data: JSON, shipping: ShippingAddressRecord | None
) -> tuple[ShippingAddressRecord, ...] | None:
    if "shippingAddress" not in data:
        return None
    return () if shipping is None else (shipping,)
