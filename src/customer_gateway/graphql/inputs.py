"""The inputs of the mutations, and their translation to backend-neutral changes.

Every input field defaults to UNSET: a field left out of the input is left out of the upstream
request, an explicit null is sent as null (the backend refuses it where the upstream does).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import strawberry
from strawberry.utils.str_converters import to_camel_case

from customer_gateway.graphql.customer import CustomerType
from customer_gateway.graphql.filters import check_list_length
from customer_gateway.model import records
from customer_gateway.model.changes import (
    AddressEntry,
    BillingAddressChanges,
    CustomerChanges,
    MyCustomerChanges,
    PasswordChange,
    ShippingAddressChanges,
)

UNSET: Any = strawberry.UNSET

# The most entries of a list in a write (wishList, newsletterLists, privacyConsents, addresses).
# The upstreams document no maximum: this is our choice, so that no list goes upstream
# unbounded. `collections` also has Open2b's documented 100, which its backend checks.
MAX_LIST_ENTRIES = 1000


def _fields_given(data: Any) -> dict[str, Any]:
    """The fields the client gave, by the names the neutral changes share; lists as tuples."""
    given: dict[str, Any] = {}
    for field in dataclasses.fields(data):
        value = getattr(data, field.name)
        if value is strawberry.UNSET:
            continue
        if isinstance(value, list):
            check_list_length(value, MAX_LIST_ENTRIES, to_camel_case(field.name))
        given[field.name] = _changes(value)
    return given


def _changes(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_changes(item) for item in value)
    if isinstance(value, CustomerType):
        return records.CustomerType(value.value)
    if hasattr(value, "to_changes"):
        return value.to_changes()
    return value


@strawberry.input(description="A password, in plain text unless `cryptedBy` is given.")
class PasswordInput:
    value: str
    crypted_by: str | None = strawberry.field(
        default=UNSET, description="The application that hashed `value` (e.g. Open2b)."
    )

    def to_changes(self) -> PasswordChange:
        return PasswordChange(**_fields_given(self))


@strawberry.input(description="Billing address fields; in an update, the ones to change.")
class BillingAddressInput:
    first_name: str | None = UNSET
    last_name: str | None = UNSET
    personal_code: str | None = UNSET
    company_name: str | None = UNSET
    company_code: str | None = UNSET
    company_code2: str | None = UNSET
    street1: str | None = UNSET
    street2: str | None = UNSET
    city: str | None = UNSET
    postal_code: str | None = UNSET
    state_prov: str | None = UNSET
    country: str | None = strawberry.field(default=UNSET, description="ISO 3166-1 alpha-2 code.")
    phone_number: str | None = UNSET
    mobile_number: str | None = UNSET
    fax_number: str | None = UNSET
    email: str | None = UNSET

    def to_changes(self) -> BillingAddressChanges:
        return BillingAddressChanges(**_fields_given(self))


@strawberry.input(description="Shipping address fields; in an update, the ones to change.")
class ShippingAddressInput:
    name: str | None = strawberry.field(default=UNSET, description="The recipient's name.")
    street1: str | None = UNSET
    street2: str | None = UNSET
    city: str | None = UNSET
    postal_code: str | None = UNSET
    state_prov: str | None = UNSET
    country: str | None = strawberry.field(default=UNSET, description="ISO 3166-1 alpha-2 code.")

    def to_changes(self) -> ShippingAddressChanges:
        return ShippingAddressChanges(**_fields_given(self))


@strawberry.input(
    description="An entry of the address book: with the id of one of the customer's addresses, "
    "that address, changed by the fields given; without, a new address of just those fields."
)
class AddressBookEntryInput(ShippingAddressInput):
    id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="The id of the address to keep; none or null: a new address."
    )

    def to_changes(self) -> AddressEntry:
        return AddressEntry(**_fields_given(self))


@strawberry.input(description="A new customer; fields left out take the store's defaults.")
class CustomerCreateInput:
    code: str | None = UNSET
    can_login: bool | None = UNSET
    password: PasswordInput | None = UNSET
    locale: str | None = strawberry.field(
        default=UNSET, description="ISO language code, region optional (en, en-GB)."
    )
    creation_time: datetime | None = UNSET
    login_time: datetime | None = UNSET
    group: int | None = strawberry.field(default=UNSET, description="Customer group id.")
    collection: int | None = strawberry.field(default=UNSET, description="Catalog collection id.")
    collections: list[int] | None = strawberry.field(
        default=UNSET, description="Additional collection ids (at most 100, no repeats)."
    )
    wish_list: list[int] | None = strawberry.field(default=UNSET, description="Product ids.")
    invoice_recipient: str | None = strawberry.field(
        default=UNSET, description="Electronic invoice recipient code or PEC email address."
    )
    billing_address: BillingAddressInput
    shipping_address: ShippingAddressInput | None = UNSET
    addresses: list[AddressBookEntryInput] | None = strawberry.field(
        default=UNSET,
        description="The whole address book, replacing the one there is (null or []: empty).",
    )
    accepts_marketing: bool | None = strawberry.field(
        default=UNSET, description="Whether the customer's email may be used for promotions."
    )
    tax_exempt: bool | None = UNSET
    tax_id_valid: bool | None = strawberry.field(
        default=UNSET, description="Whether the company code (tax id) was found valid."
    )
    customer_type: CustomerType | None = UNSET

    def to_changes(self) -> CustomerChanges:
        return CustomerChanges(**_fields_given(self))


@strawberry.input(
    description="The fields to change: left out = unchanged, null = cleared where the store "
    "allows it (password, loginTime, collection, cart, shippingAddress, addresses). A billing or "
    "shipping address, when given, is given whole."
)
class CustomerUpdateInput:
    code: str | None = UNSET
    can_login: bool | None = UNSET
    password: PasswordInput | None = UNSET
    locale: str | None = UNSET
    creation_time: datetime | None = UNSET
    login_time: datetime | None = UNSET
    group: int | None = UNSET
    collection: int | None = UNSET
    collections: list[int] | None = UNSET
    wish_list: list[int] | None = UNSET
    cart: str | None = strawberry.field(default=UNSET, description="Saved cart token.")
    invoice_recipient: str | None = UNSET
    billing_address: BillingAddressInput | None = UNSET
    shipping_address: ShippingAddressInput | None = UNSET
    addresses: list[AddressBookEntryInput] | None = strawberry.field(
        default=UNSET,
        description="The whole address book, replacing the one there is (null or []: empty).",
    )
    accepts_marketing: bool | None = strawberry.field(
        default=UNSET, description="Whether the customer's email may be used for promotions."
    )
    tax_exempt: bool | None = UNSET
    tax_id_valid: bool | None = strawberry.field(
        default=UNSET, description="Whether the company code (tax id) was found valid."
    )
    customer_type: CustomerType | None = UNSET

    def to_changes(self) -> CustomerChanges:
        return CustomerChanges(**_fields_given(self))


@strawberry.input(
    description="What a logged-in customer may change of their own data: left out = unchanged, "
    "null = cleared (cart, shippingAddress). The billing address has no email here."
)
class MyCustomerUpdateInput:
    cart: str | None = UNSET
    invoice_recipient: str | None = UNSET
    billing_address: BillingAddressInput | None = UNSET
    shipping_address: ShippingAddressInput | None = UNSET
    wish_list: list[int] | None = UNSET
    newsletter_lists: list[int] | None = strawberry.field(
        default=UNSET, description="The newsletter lists (ids) to be subscribed to."
    )
    privacy_consents: list[int] | None = strawberry.field(
        default=UNSET, description="The privacy processings (ids) consented to."
    )

    def to_changes(self) -> MyCustomerChanges:
        return MyCustomerChanges(**_fields_given(self))
