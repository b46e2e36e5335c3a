"""What writes take: backend-neutral changes to a customer, faithful to what the client sent.

Every attribute is `OMITTED` unless the client gave it: an omitted field is left out of the
upstream request (unchanged), `None` is an explicit null (cleared, where the upstream allows
it). A create is the changes applied to a new customer.

Datetimes: an aware datetime is an instant; a naive one is the store's local wall time.
Ids of other things (collections, products, lists) are ints, as the upstream numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Final, TypeVar, Union

from customer_gateway.model.records import CustomerType


class Omitted(Enum):
    """The type of `OMITTED`: a field the client left out."""

    OMITTED = "omitted"

    def __repr__(self) -> str:
        return "OMITTED"


OMITTED: Final = Omitted.OMITTED

T = TypeVar("T")
# Left out, null, or a value. `Union`: mypy does not take `T | None | Omitted` as an alias.
Change = Union[T, None, Omitted]  # noqa: UP007


@dataclass(frozen=True, slots=True)
class PasswordChange:
    value: str
    crypted_by: Change[str] = OMITTED  # the application that hashed `value`; unset = plain text


@dataclass(frozen=True, slots=True)
class PostalChanges:
    """Changes to the postal part every address has."""

    street1: Change[str] = OMITTED
    street2: Change[str] = OMITTED
    city: Change[str] = OMITTED
    postal_code: Change[str] = OMITTED
    state_prov: Change[str] = OMITTED
    country: Change[str] = OMITTED


@dataclass(frozen=True, slots=True)
class BillingAddressChanges(PostalChanges):
    first_name: Change[str] = OMITTED
    last_name: Change[str] = OMITTED
    personal_code: Change[str] = OMITTED
    company_name: Change[str] = OMITTED
    company_code: Change[str] = OMITTED
    company_code2: Change[str] = OMITTED
    phone_number: Change[str] = OMITTED
    mobile_number: Change[str] = OMITTED
    fax_number: Change[str] = OMITTED
    email: Change[str] = OMITTED


@dataclass(frozen=True, slots=True)
class ShippingAddressChanges(PostalChanges):
    name: Change[str] = OMITTED


@dataclass(frozen=True, slots=True)
class AddressEntry(ShippingAddressChanges):
    """An entry of a written address book: with the `id` of one of the customer's addresses,
    that address kept and changed by the fields given; with no id (or null), a new address of
    just them."""

    id: Change[str] = OMITTED


@dataclass(frozen=True, slots=True)
class CustomerChanges:
    """An admin's create or update of a customer."""

    code: Change[str] = OMITTED
    can_login: Change[bool] = OMITTED
    password: Change[PasswordChange] = OMITTED
    locale: Change[str] = OMITTED
    creation_time: Change[datetime] = OMITTED
    login_time: Change[datetime] = OMITTED
    group: Change[int] = OMITTED
    collection: Change[int] = OMITTED
    collections: Change[tuple[int, ...]] = OMITTED
    wish_list: Change[tuple[int, ...]] = OMITTED
    cart: Change[str] = OMITTED  # updates only
    invoice_recipient: Change[str] = OMITTED
    billing_address: Change[BillingAddressChanges] = OMITTED
    shipping_address: Change[ShippingAddressChanges] = OMITTED
    addresses: Change[tuple[AddressEntry, ...]] = OMITTED  # the whole book; null empties it
    accepts_marketing: Change[bool] = OMITTED
    tax_exempt: Change[bool] = OMITTED
    tax_id_valid: Change[bool] = OMITTED
    customer_type: Change[CustomerType] = OMITTED


@dataclass(frozen=True, slots=True)
class MyCustomerChanges:
    """A storefront customer's update of their own data."""

    cart: Change[str] = OMITTED
    invoice_recipient: Change[str] = OMITTED
    billing_address: Change[BillingAddressChanges] = OMITTED
    shipping_address: Change[ShippingAddressChanges] = OMITTED
    wish_list: Change[tuple[int, ...]] = OMITTED
    newsletter_lists: Change[tuple[int, ...]] = OMITTED
    privacy_consents: Change[tuple[int, ...]] = OMITTED
