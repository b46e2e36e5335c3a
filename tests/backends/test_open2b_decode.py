"""Open2b's customer decoder against the one it replaced, over many shapes of answer.

`REFERENCE` is the decoder before the generated ones (kept here verbatim in substance): every
answer, well formed or not, must give an equal record, or raise the same exception class
(the backend maps those to an UPSTREAM error; tests/gateway test that through the gateway).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

import pytest

from customer_gateway.backends.open2b import codec
from customer_gateway.model.records import (
    BillingAddressRecord,
    CustomerRecord,
    ShippingAddressRecord,
)

ZONE = timezone(timedelta(hours=1))
BILLING_KEYS = (
    "street1", "street2", "city", "postalCode", "stateProv", "country", "firstName", "lastName",
    "personalCode", "companyName", "companyCode", "companyCode2", "phoneNumber", "mobileNumber",
    "faxNumber", "email",
)  # fmt: skip
SHIPPING_KEYS = ("street1", "street2", "city", "postalCode", "stateProv", "country", "name")
TOP_KEYS = (
    "code", "fullName", "canLogin", "hasPassword", "locale", "group", "collection",
    "collections", "wishList", "cart", "invoiceRecipient", "creationTime", "loginTime",
    "updateTime", "billingAddress", "shippingAddress",
)  # fmt: skip


def _reference_time(value: str | None, zone: tzinfo) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=zone)


def _reference_ints(value: list[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(value)


def reference(data: Any, zone: tzinfo) -> CustomerRecord:
    get = data.get
    billing_data = get("billingAddress")
    billing = (
        None if billing_data is None else BillingAddressRecord(*map(billing_data.get, BILLING_KEYS))
    )
    shipping_data = get("shippingAddress")
    shipping = (
        None
        if shipping_data is None
        else ShippingAddressRecord(*map(shipping_data.get, SHIPPING_KEYS))
    )
    book = None if "shippingAddress" not in data else () if shipping is None else (shipping,)
    return CustomerRecord(
        str(int(data["id"])), get("code"), None if billing is None else billing.email,
        get("fullName"), get("canLogin"), get("hasPassword"), get("locale"), get("group"),
        get("collection"), _reference_ints(get("collections")), _reference_ints(get("wishList")),
        get("cart"), get("invoiceRecipient"), _reference_time(get("creationTime"), zone),
        _reference_time(get("loginTime"), zone), _reference_time(get("updateTime"), zone),
        billing, shipping, book,
    )  # fmt: skip


def outcome(decode: Any, data: Any) -> Any:
    try:
        return decode(data, ZONE)
    except Exception as error:  # the class is what is compared
        return type(error)


def same(data: Any) -> None:
    # Through JSON where it can be: the decoder sees what the upstream client parsed.
    expected = outcome(reference, data)
    got = outcome(codec.customer_from_json, data)
    assert got == expected, data
    assert outcome(codec.decode_any, data) == expected, data
    if isinstance(got, CustomerRecord) and got.addresses:
        assert got.addresses[0] is got.shipping_address


def address(keys: tuple[str, ...], rng: random.Random) -> dict[str, Any]:
    return {key: rng.choice(["", None, f"{key} {rng.randrange(99)}"]) for key in keys}


def value(key: str, rng: random.Random) -> Any:
    if key == "billingAddress":
        return rng.choice([None, address(BILLING_KEYS, rng)])
    if key == "shippingAddress":
        return rng.choice([None, address(SHIPPING_KEYS, rng)])
    if key in ("collections", "wishList"):
        return rng.choice([None, [], [1, 2, 3]])
    if key.endswith("Time"):
        return rng.choice([None, "2024-02-29 23:59:59", "2001-01-01 00:00:00"])
    if key in ("canLogin", "hasPassword"):
        return rng.choice([None, True, False])
    if key in ("group", "collection"):
        return rng.choice([None, 0, 7])
    return rng.choice([None, "", "TF000123"])


def customer(keys: list[str], rng: random.Random) -> dict[str, Any]:
    data: dict[str, Any] = {"id": rng.randrange(1, 10**6)}
    data.update((key, value(key, rng)) for key in keys)
    items = list(data.items())
    rng.shuffle(items)  # an upstream free to order its keys
    return dict(items)


def test_every_field_and_none() -> None:
    rng = random.Random(1)
    for _ in range(20):
        same(customer(list(TOP_KEYS), rng))
        same(customer([], rng))
    same({"id": 5, **dict.fromkeys(TOP_KEYS)})


def test_many_subsets_and_orders() -> None:
    # More key sets than the decoders kept: the others go key by key, to the same records.
    rng = random.Random(2)
    for _ in range(600):
        data = customer(rng.sample(TOP_KEYS, rng.randrange(len(TOP_KEYS) + 1)), rng)
        same(json.loads(json.dumps(data)))


def test_unknown_and_missing_keys() -> None:
    rng = random.Random(3)
    full = address(BILLING_KEYS, rng)
    same({"id": 1, "encryptedPassword": "x", "billingAddress": {**full, "id": 9, "extra": 1}})
    same({"id": "2", "shippingAddress": {**address(SHIPPING_KEYS, rng), "id": 4}})
    same({"id": 3, "billingAddress": {"city": "Rome"}, "shippingAddress": {"name": "A"}})
    same({"id": 4, "billingAddress": {}, "shippingAddress": {}})
    partial = dict(full)
    del partial["email"]
    same({"id": 5, "billingAddress": {**partial, "other": 1}, "shippingAddress": None})


@pytest.mark.parametrize(
    "data",
    [
        None, [], "customer", 7, {}, {"code": "x"}, {"id": None}, {"id": "abc"}, {"id": [1]},
        {"id": True}, {"id": 1.5}, {"id": 1, "billingAddress": []},
        {"id": 1, "billingAddress": "Rome"}, {"id": 1, "billingAddress": 3},
        {"id": 1, "billingAddress": [{"city": "Rome"}]}, {"id": 1, "shippingAddress": [1]},
        {"id": 1, "shippingAddress": True}, {"id": 1, "collections": 3},
        {"id": 1, "collections": "ab"}, {"id": 1, "wishList": {"a": 1}},
        {"id": 1, "creationTime": 20240101}, {"id": 1, "loginTime": "yesterday"},
        {"id": 1, "updateTime": ["2024-01-01"]}, {"billingAddress": [], "id": "x"},
        {"id": 1, "billingAddress": {"email": 5}, "shippingAddress": {"city": ["x"]}},
    ],
)  # fmt: skip
def test_bad_shapes_raise_as_before(data: Any) -> None:
    same(data)
