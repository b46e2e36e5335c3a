"""Ecwid v3 customer JSON -> records, and the `responseFields` that fetch just a selection.

Ecwid's names live in this package only (here, `search.py`, `writes.py`). A customer field
Ecwid has no place for (code, canLogin, hasPassword, collection(s), wishList, cart,
loginTime; companyCode2, mobileNumber, faxNumber of the billing address) is always null.

- `fullName` is `billingPerson.name`; `email` (and `billingAddress.email`) the top-level email
- `street1` is the first line of Ecwid's `street`, `street2` the others (lines joined by "\\n")
- `billingAddress.personalCode` is `fiscalCode`, `billingAddress.companyCode` is `taxId`
- `invoiceRecipient` is `electronicInvoiceSdiCode`, else `electronicInvoicePecEmail`
- `addresses` is `shippingAddresses` (each with its `id`), `shippingAddress` the first of
  them (null when there is none)
- `acceptsMarketing` is `acceptMarketing`, `customerType` is `b2b_b2c` (`b2b` -> B2B, `b2c`
  -> B2C), `groupName` is `customerGroupName`, `orderCount` is `totalOrderCount`
- times ("2021-12-21 06:05:58 +0000") carry their offset: they are read as they are
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from typing import Any

from customer_gateway.model.records import (
    BillingAddressRecord,
    CustomerField,
    CustomerRecord,
    CustomerType,
    ShippingAddressRecord,
)
from customer_gateway.upstream.client import JSON

TIME_FORMAT = "%Y-%m-%d %H:%M:%S %z"
ID_LIMIT = 2**63  # Ecwid ids are 64-bit numbers
_ID_DIGITS = len(str(ID_LIMIT))

# Texts: neutral attribute -> Ecwid key, the same both ways (writes.py sends a null as "").
_ADDRESS_TEXTS: Mapping[str, str] = {
    "city": "city",
    "postal_code": "postalCode",
    "state_prov": "stateOrProvinceCode",
    "country": "countryCode",
}
PERSON_TEXTS = {**_ADDRESS_TEXTS, "company_name": "companyName", "phone_number": "phone"}
SHIPPING_TEXTS = {"name": "name", **_ADDRESS_TEXTS}
# Billing texts Ecwid keeps on the customer itself.
CUSTOMER_TEXTS = {"personal_code": "fiscalCode", "company_code": "taxId"}
# Flags: neutral attribute -> Ecwid key, the same both ways.
FLAGS = {
    "accepts_marketing": "acceptMarketing",
    "tax_exempt": "taxExempt",
    "tax_id_valid": "taxIdValid",
}
CUSTOMER_TYPE = "b2b_b2c"

# A `responseFields` tree: name -> its sub-fields (None: the whole value).
Fields = dict[str, "Fields | None"]

_NAME_ONLY: Fields = {"name": None}
# What each customer field needs of an Ecwid customer.
_NEEDS: Mapping[CustomerField, Fields] = {
    CustomerField.ID: {"id": None},
    CustomerField.EMAIL: {"email": None},
    CustomerField.FULL_NAME: {"billingPerson": _NAME_ONLY},
    CustomerField.LOCALE: {"lang": None},
    CustomerField.GROUP: {"customerGroupId": None},
    CustomerField.INVOICE_RECIPIENT: {
        "electronicInvoiceSdiCode": None,
        "electronicInvoicePecEmail": None,
    },
    CustomerField.CREATION_TIME: {"registered": None},
    CustomerField.UPDATE_TIME: {"updated": None},
    CustomerField.BILLING_ADDRESS: {
        "billingPerson": None,
        "email": None,
        "fiscalCode": None,
        "taxId": None,
    },
    CustomerField.SHIPPING_ADDRESS: {"shippingAddresses": None},
    CustomerField.ADDRESSES: {"shippingAddresses": None},
    CustomerField.ACCEPTS_MARKETING: {"acceptMarketing": None},
    CustomerField.TAX_EXEMPT: {"taxExempt": None},
    CustomerField.TAX_ID_VALID: {"taxIdValid": None},
    CustomerField.CUSTOMER_TYPE: {CUSTOMER_TYPE: None},
    CustomerField.GROUP_NAME: {"customerGroupName": None},
    CustomerField.ORDER_COUNT: {"totalOrderCount": None},
}


def response_fields(fields: Iterable[CustomerField]) -> str:
    """`responseFields` of one customer: `id` first, then what the fields need, sorted.

    `fullName` alone asks for `billingPerson(name)`; the billing address for all of it.
    """
    tree: Fields = {"id": None}
    for field in fields:
        for name, sub in _NEEDS.get(field, {}).items():
            tree[name] = _merge(tree[name], sub) if name in tree else sub
    return _render(tree)


def search_fields(fields: Iterable[CustomerField]) -> str:
    return f"total,items({response_fields(fields)})"


def _merge(a: Fields | None, b: Fields | None) -> Fields | None:
    if a is None or b is None:
        return None
    return {**a, **b}


def _render(tree: Fields) -> str:
    names = sorted(tree, key=lambda name: (name != "id", name))
    return ",".join(
        name if (sub := tree[name]) is None else f"{name}({_render(sub)})" for name in names
    )


def customer_id(value: str) -> int | None:
    """The Ecwid id an id string stands for, written as Ecwid writes ids; else None."""
    # The length first: int() of thousands of digits is slow, and past 4,300 an error.
    if len(value) > _ID_DIGITS or not value.isascii() or not value.isdigit():
        return None
    if value[0] == "0":
        return None  # not how Ecwid writes an id (nor is 0 one)
    number = int(value)
    return number if 1 <= number < ID_LIMIT else None


def parse_time(value: str | None) -> datetime | None:
    """Ecwid's time: "2021-12-21 06:05:58 +0000" by `fromisoformat` (5x faster than `strptime`,
    which cost two customers' worth of decoding per time), anything else by `strptime`."""
    if value is None:
        return None
    if type(value) is str and len(value) == 25 and _TIME.fullmatch(value):
        zone = _zones.get(offset := value[20:])
        if zone is None:
            # `strptime`'s own zone for the offset (or its error), once per offset.
            zone = datetime.strptime(f"2000-01-01 00:00:00 {offset}", TIME_FORMAT).tzinfo
            if len(_zones) < 64:
                _zones[offset] = zone
        return datetime.fromisoformat(value[:19]).replace(tzinfo=zone)
    return datetime.strptime(value, TIME_FORMAT)


# ASCII digits only: `strptime` also reads other digits, and fields of one digit.
_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}")
_zones: dict[str, tzinfo | None] = {}


def street_lines(street: str | None) -> tuple[str | None, str | None]:
    """(street1, street2) of an Ecwid `street`: its first line and the others."""
    if street is None:
        return None, None
    first, _, rest = street.partition("\n")
    return first, rest or None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _texts(data: JSON, names: Mapping[str, str]) -> dict[str, Any]:
    return {attribute: data.get(key) for attribute, key in names.items()}


def billing_from_json(data: JSON) -> BillingAddressRecord | None:
    person = data.get("billingPerson")
    if person is None:
        return None
    street1, street2 = street_lines(person.get("street"))
    return BillingAddressRecord(
        first_name=person.get("firstName"),
        last_name=person.get("lastName"),
        street1=street1,
        street2=street2,
        email=data.get("email"),
        **_texts(person, PERSON_TEXTS),
        **_texts(data, CUSTOMER_TEXTS),
    )


def address_from_json(address: JSON) -> ShippingAddressRecord:
    street1, street2 = street_lines(address.get("street"))
    number = address.get("id")
    return ShippingAddressRecord(
        id=None if number is None else str(int(number)),
        street1=street1,
        street2=street2,
        **_texts(address, SHIPPING_TEXTS),
    )


def customer_type(value: str | None) -> CustomerType | None:
    return None if value is None else CustomerType(value.upper())


def customer_type_value(value: CustomerType) -> str:
    return value.value.lower()


def customer_from_json(data: JSON) -> CustomerRecord:
    """A record of what Ecwid sent; absent fields stay `None`. Raises on a bad shape."""
    person = data.get("billingPerson")
    book = data.get("shippingAddresses")
    addresses = None if book is None else tuple(map(address_from_json, book))
    return CustomerRecord(
        id=str(int(data["id"])),
        email=data.get("email"),
        full_name=None if person is None else person.get("name"),
        locale=data.get("lang"),
        group=data.get("customerGroupId"),
        invoice_recipient=_text(data.get("electronicInvoiceSdiCode"))
        or _text(data.get("electronicInvoicePecEmail")),
        creation_time=parse_time(data.get("registered")),
        update_time=parse_time(data.get("updated")),
        billing_address=billing_from_json(data) if "billingPerson" in data else None,
        shipping_address=addresses[0] if addresses else None,
        addresses=addresses,
        customer_type=customer_type(data.get(CUSTOMER_TYPE)),
        group_name=data.get("customerGroupName"),
        order_count=data.get("totalOrderCount"),
        **{attribute: data.get(key) for attribute, key in FLAGS.items()},
    )
