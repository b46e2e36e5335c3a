"""Open2b v10 customer JSON <-> records: the upstream's field names live here (and nowhere else).

The address book (`addresses`) is the one shipping address, as a list of none or one entry
with no id. Fields Open2b has no notion of (acceptsMarketing, taxExempt, taxIdValid,
customerType, groupName, orderCount) ask nothing of Open2b and are always null.

Datetimes: Open2b sends "yyyy-mm-dd hh:mm:ss" in the store's local time, with no zone; the
zone is configuration (`CG_STORE_TIMEZONE`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, tzinfo
from functools import lru_cache
from operator import itemgetter
from typing import Any, cast

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


# The Open2b names in the order of the records' attributes: a record is made positionally,
# which costs a third less than a dict of keyword arguments (a page of 100 decodes 200 addresses).
_BILLING_ORDER = tuple(name for _, name in _BILLING_NAMES)
_SHIPPING_ORDER = tuple(name for _, name in _SHIPPING_NAMES)
# ... which leaves out a shipping address's id (the last attribute: it keeps its default None).
assert _names(ShippingAddressRecord)[len(_SHIPPING_ORDER) :] == (("id", "id"),)
# Open2b sends an address whole, every key (the stub and the emulator too): one C call reads all
# its values, 2.5x faster than `map(data.get, ORDER)`. An address without them all (KeyError)
# is read key by key, as is anything that is not a dict (so it raises what `.get` raises): an
# exception costs about one address more.
_billing_values = itemgetter(*_BILLING_ORDER)
_shipping_values = itemgetter(*_SHIPPING_ORDER)


def billing_from_json(data: JSON | None) -> BillingAddressRecord | None:
    if data is None:
        return None
    try:
        return BillingAddressRecord(*_billing_values(data))
    except (KeyError, TypeError):  # not every key, or not a dict (then `.get` raises)
        return BillingAddressRecord(*map(data.get, _BILLING_ORDER))


def shipping_from_json(data: JSON | None) -> ShippingAddressRecord | None:
    if data is None:
        return None
    try:
        return ShippingAddressRecord(*_shipping_values(data))
    except (KeyError, TypeError):  # not every key, or not a dict (then `.get` raises)
        return ShippingAddressRecord(*map(data.get, _SHIPPING_ORDER))


def customer_from_json(data: JSON, zone: tzinfo) -> CustomerRecord:
    """A record of what the upstream sent; absent fields stay `None`. Raises on a bad shape.

    By the decoder made for the keys the object has, in their order (Open2b sends the `fields`
    asked for, in one order: a page of 100 has one set of keys); anything not a dict by
    `decode_any`, which the decoders equal.
    """
    if type(data) is dict:
        keys = tuple(data)
        decode = _decoders.get(keys)
        if decode is None:
            if len(_decoders) >= _MAX_DECODERS:
                _decoders.clear()  # an upstream changing its keys: start again
            decode = _decoders[keys] = _decoder(frozenset(keys) & _TOP_KEYS)
        return decode(data, zone)
    return decode_any(data, zone)


def decode_any(data: JSON, zone: tzinfo) -> CustomerRecord:
    """`customer_from_json` for any object, key by key: positional, in the record's order."""
    get = data.get
    billing = billing_from_json(get("billingAddress"))
    shipping_data = get("shippingAddress")
    shipping = None if shipping_data is None else shipping_from_json(shipping_data)
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
        None if (collections := get("collections")) is None else tuple(collections),
        None if (wish_list := get("wishList")) is None else tuple(wish_list),
        get("cart"),
        get("invoiceRecipient"),
        None if (time := get("creationTime")) is None else _time(time).replace(tzinfo=zone),
        None if (time := get("loginTime")) is None else _time(time).replace(tzinfo=zone),
        None if (time := get("updateTime")) is None else _time(time).replace(tzinfo=zone),
        billing,
        shipping,
        # The address book: absent when not asked for, empty when Open2b has no address.
        (shipping,) if shipping is not None else () if "shippingAddress" in data else None,
    )


_time = datetime.fromisoformat

# Generated decoders, one per tuple of keys, as `graphql/compiled/writers.py` makes writers:
# `decode_any` reads 17 keys and tests 7 values per customer where `list100` sends 3 keys (id
# and both addresses); a decoder reads those 3, and calls nothing for an address. Why it is
# safe: the only text pasted into the source is our own constant key names (`_ARGUMENTS`,
# each checked against `_NAME`); the upstream's keys are only looked up among them, and the
# unknown ones are left out, as `decode_any` leaves them out.
# `_MAX_DECODERS` bounds what an upstream sending keys in changing orders could make; `_decoder`
# compiles once per set of our keys present (an upstream sends the `fields` asked for).
_MAX_DECODERS = 64
_decoders: dict[tuple[str, ...], Callable[[JSON, tzinfo], CustomerRecord]] = {}
_NAME = re.compile(r"[A-Za-z][0-9A-Za-z]*")
# Each positional argument of `CustomerRecord` after its id, from Open2b's key `k`:
# "" is a plain value, "tuple" a list of ids, "time" a datetime; `email` is the billing one's.
_ARGUMENTS = (
    ("code", ""), ("email", "email"), ("fullName", ""), ("canLogin", ""), ("hasPassword", ""),
    ("locale", ""), ("group", ""), ("collection", ""), ("collections", "tuple"),
    ("wishList", "tuple"), ("cart", ""), ("invoiceRecipient", ""), ("creationTime", "time"),
    ("loginTime", "time"), ("updateTime", "time"), ("billingAddress", "billing"),
    ("shippingAddress", "shipping"), ("shippingAddress", "book"),
)  # fmt: skip
_TOP_KEYS = frozenset({"id", *(key for key, _ in _ARGUMENTS)} - {"email"})
_EXPRESSIONS = {
    "": "data[{k!r}]",
    "tuple": "None if (v := data[{k!r}]) is None else tuple(v)",
    "time": "None if (v := data[{k!r}]) is None else fromisoformat(v).replace(tzinfo=zone)",
    "billing": "billing",
    "shipping": "shipping",
    "book": "() if shipping is None else (shipping,)",
}


@lru_cache(maxsize=_MAX_DECODERS)
def _decoder(keys: frozenset[str]) -> Callable[[JSON, tzinfo], CustomerRecord]:
    """The decoder of an object with these of our keys (and maybe others, left out)."""
    arguments = ["str(int(data['id']))"]
    for key, kind in _ARGUMENTS:
        if kind == "email":
            present = "billingAddress" in keys
            arguments.append("None if billing is None else billing.email" if present else "None")
        else:
            arguments.append(_EXPRESSIONS[kind].format(k=key) if key in keys else "None")
    while arguments[-1] == "None":
        arguments.pop()  # the record's defaults
    lines = ["def decode(data, zone):"]
    for key, name in (("billingAddress", "billing"), ("shippingAddress", "shipping")):
        if key in keys:  # `billing_from_json` inline (it is called where it would catch)
            lines += [
                f"    {name} = data[{key!r}]",
                f"    if {name} is not None:",
                "        try:",
                f"            {name} = {name}_record(*{name}_values({name}))",
                "        except (KeyError, TypeError):",
                f"            {name} = {name}_from_json({name})",
            ]
    lines.append(f"    return Record({', '.join(arguments)})")
    assert all(_NAME.fullmatch(key) for key in keys), keys
    namespace: dict[str, Any] = {
        "Record": CustomerRecord,
        "billing_from_json": billing_from_json,
        "billing_record": BillingAddressRecord,
        "billing_values": _billing_values,
        "shipping_record": ShippingAddressRecord,
        "shipping_values": _shipping_values,
        "shipping_from_json": shipping_from_json,
        "fromisoformat": datetime.fromisoformat,
    }
    # The source is made above from our constants only: see the comment on `_decoders`.
    exec(compile("\n".join(lines), "<open2b customer decoder>", "exec"), namespace)
    return cast(Callable[[JSON, tzinfo], CustomerRecord], namespace["decode"])
