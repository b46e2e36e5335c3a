"""Neutral changes -> the body of an Ecwid `POST /customers` or `PUT /customers/{id}`.

Only what the client gave goes out. Nothing it gave is dropped: a field Ecwid has no place
for is refused (NOT_SUPPORTED, `field` its neutral path), and so is a null Ecwid cannot
store (email, locale, group, password, the billing address: Ecwid takes a null as "not sent").
Any other null clears: Ecwid's texts are cleared with "".

Some GraphQL fields share one Ecwid value; when an update gives only part of it, the rest is
read first (one `GET /customers/{id}`), so what was left out stays as it is:

- `street1` + `street2` are Ecwid's `street` (lines joined by "\\n")
- `firstName` + `lastName` make `name` (sent with them; Ecwid's docs write `name`)
- `shippingAddress` is the first of `shippingAddresses`, a list Ecwid replaces whole: an
  update changes the first address key by key and keeps the others; null empties the list
- `addresses` is the whole of `shippingAddresses`: an entry with the id of one of the
  customer's addresses is that address changed key by key (what the schema does not show,
  such as its `phone`, kept), so the book is read first; an entry with no id is a new address
  of just its fields; null or [] empties the list
- `acceptsMarketing`, `taxExempt`, `taxIdValid` are Ecwid's flags of those names
  (`acceptMarketing`), `customerType` is `b2b_b2c`; none can be cleared
- `invoiceRecipient` is an SDI code (`electronicInvoiceSdiCode`) or, when it has an "@", a
  PEC email (`electronicInvoicePecEmail`); the other of the two is cleared
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from customer_gateway.backends.address_book import check_book, entries, entry_path
from customer_gateway.backends.ecwid.codec import (
    CUSTOMER_TEXTS,
    CUSTOMER_TYPE,
    PERSON_TEXTS,
    SHIPPING_TEXTS,
    customer_type_value,
    street_lines,
)
from customer_gateway.model.changes import (
    OMITTED,
    AddressEntry,
    BillingAddressChanges,
    CustomerChanges,
    PasswordChange,
    ShippingAddressChanges,
)
from customer_gateway.model.errors import BadUserInput, ErrorCode, NotSupported
from customer_gateway.model.records import CustomerType
from customer_gateway.upstream.client import JSON

# What an update needs to read first, when it needs anything.
CURRENT_FIELDS = "billingPerson(firstName,lastName,street),shippingAddresses"

# Neutral attribute -> GraphQL input name, for the fields Ecwid has no place for.
_UNSUPPORTED = {
    "code": "code",
    "can_login": "canLogin",
    "creation_time": "creationTime",
    "login_time": "loginTime",
    "collection": "collection",
    "collections": "collections",
    "wish_list": "wishList",
    "cart": "cart",
}
_UNSUPPORTED_BILLING = {
    "company_code2": "companyCode2",
    "mobile_number": "mobileNumber",
    "fax_number": "faxNumber",
}
# Neutral attribute -> (GraphQL input name, Ecwid key) of values that cannot be cleared.
_UNCLEARABLE = {
    "password": ("password", "password"),
    "locale": ("locale", "lang"),
    "group": ("group", "customerGroupId"),
    "accepts_marketing": ("acceptsMarketing", "acceptMarketing"),
    "tax_exempt": ("taxExempt", "taxExempt"),
    "tax_id_valid": ("taxIdValid", "taxIdValid"),
    "customer_type": ("customerType", CUSTOMER_TYPE),
}


def _refuse(path: str, why: str = "has no place for") -> NotSupported:
    return NotSupported.about(f"Ecwid {why} {{field}}", path)


def check(changes: CustomerChanges) -> None:
    """Raise NOT_SUPPORTED for the first thing given that Ecwid cannot take."""
    for attribute, name in _UNSUPPORTED.items():
        if getattr(changes, attribute) is not OMITTED:
            raise _refuse(name)
    for attribute, (name, _) in _UNCLEARABLE.items():
        if getattr(changes, attribute) is None:
            raise _refuse(name, "cannot clear")
    password = changes.password
    if isinstance(password, PasswordChange) and password.crypted_by not in (OMITTED, None):
        raise _refuse("password.cryptedBy", "takes only plain-text passwords:")
    billing = changes.billing_address
    if billing is None:
        raise _refuse("billingAddress", "cannot remove")
    if isinstance(billing, BillingAddressChanges):
        for attribute, name in _UNSUPPORTED_BILLING.items():
            if getattr(billing, attribute) is not OMITTED:
                raise _refuse(f"billingAddress.{name}")
        if billing.email is None:
            raise _refuse("billingAddress.email", "cannot clear")
    check_book(changes)


def needs_current(changes: CustomerChanges) -> bool:
    """Whether an update gives part of a value it shares with fields it leaves out."""
    billing = changes.billing_address
    if isinstance(billing, BillingAddressChanges) and (
        _partly(billing.street1, billing.street2) or _partly(billing.first_name, billing.last_name)
    ):
        return True
    return isinstance(changes.shipping_address, ShippingAddressChanges) or any(
        entry.id not in (OMITTED, None) for entry in entries(changes)
    )


def _partly(a: object, b: object) -> bool:
    return (a is OMITTED) != (b is OMITTED)


def customer_body(changes: CustomerChanges, current: JSON) -> JSON:
    """The body for `changes` (checked by `check`); `current` is what an update read, or {}."""
    body: JSON = {}
    for attribute, (_, key) in _UNCLEARABLE.items():
        value = getattr(changes, attribute)
        if value is not OMITTED:
            body[key] = _unclearable(value)
    if changes.invoice_recipient is not OMITTED:
        body.update(_invoice_recipient(changes.invoice_recipient))
    billing = changes.billing_address
    if isinstance(billing, BillingAddressChanges):
        if billing.email is not OMITTED:
            body["email"] = billing.email
        for attribute, key in CUSTOMER_TEXTS.items():
            value = getattr(billing, attribute)
            if value is not OMITTED:
                body[key] = value or ""
        body["billingPerson"] = _billing_person(billing, current.get("billingPerson") or {})
    shipping = changes.shipping_address
    if shipping is None:
        body["shippingAddresses"] = []
    elif isinstance(shipping, ShippingAddressChanges):
        first, *others = current.get("shippingAddresses") or [{}]
        body["shippingAddresses"] = [_changed_address(shipping, first), *others]
    if changes.addresses is not OMITTED:
        body["shippingAddresses"] = _book(entries(changes), current)
    return body


def _unclearable(value: object) -> object:
    if isinstance(value, PasswordChange):
        return value.value
    if isinstance(value, CustomerType):
        return customer_type_value(value)
    return value


def _book(book: tuple[AddressEntry, ...], current: JSON) -> list[JSON]:
    """`shippingAddresses` as the book says; an id must be one of the customer's, once."""
    addresses = {str(item.get("id")): item for item in current.get("shippingAddresses") or []}
    out: list[JSON] = []
    for position, entry in enumerate(book):
        if entry.id is OMITTED or entry.id is None:
            out.append(_address(entry, SHIPPING_TEXTS, {}))
            continue
        kept = addresses.pop(entry.id, None)
        if kept is None:
            raise BadUserInput.about(
                "{field} is not the id of an address of this customer (or is given twice)",
                entry_path(position, "id"),
                code=ErrorCode.INVALID_VALUE,
            )
        out.append(_changed_address(entry, kept))
    return out


def _changed_address(shipping: ShippingAddressChanges, current: JSON) -> JSON:
    """An address as it will be: Ecwid replaces the items of the list whole."""
    kept = dict(current)
    if shipping.name is not OMITTED:
        # Ecwid derives these from a name sent alone; sent back as read they would be stale.
        kept.pop("firstName", None)
        kept.pop("lastName", None)
    return {**kept, **_address(shipping, SHIPPING_TEXTS, current)}


def _invoice_recipient(value: str | None) -> JSON:
    pec = bool(value) and "@" in (value or "")
    return {
        "electronicInvoiceSdiCode": "" if pec else value or "",
        "electronicInvoicePecEmail": value if pec else "",
    }


def _billing_person(billing: BillingAddressChanges, current: Mapping[str, Any]) -> JSON:
    person = _address(billing, PERSON_TEXTS, current)
    first = _text_or_current(billing.first_name, current.get("firstName"))
    last = _text_or_current(billing.last_name, current.get("lastName"))
    if billing.first_name is not OMITTED:
        person["firstName"] = first
    if billing.last_name is not OMITTED:
        person["lastName"] = last
    if billing.first_name is not OMITTED or billing.last_name is not OMITTED:
        person["name"] = " ".join(part for part in (first, last) if part)
    return person


def _address(
    changes: BillingAddressChanges | ShippingAddressChanges,
    texts: Mapping[str, str],
    current: Mapping[str, Any],
) -> JSON:
    """The changed keys of an Ecwid person or address; a kept address keeps its `id`."""
    address: JSON = {"id": current["id"]} if "id" in current else {}
    for attribute, key in texts.items():
        value = getattr(changes, attribute)
        if value is not OMITTED:
            address[key] = value or ""
    if changes.street1 is not OMITTED or changes.street2 is not OMITTED:
        street1, street2 = street_lines(current.get("street"))
        lines = (
            _text_or_current(changes.street1, street1),
            _text_or_current(changes.street2, street2),
        )
        address["street"] = "\n".join(line for line in lines if line)
    return address


def _text_or_current(value: object, current: str | None) -> str:
    if value is OMITTED:
        return current or ""
    return value if isinstance(value, str) else ""
