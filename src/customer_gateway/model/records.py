"""What backends return: backend-neutral customer records, never changed once made.

They are not `frozen` dataclasses: a frozen one's `__init__` sets each attribute through
`object.__setattr__`, which made building a customer with its addresses about 7x slower
(4.5 us against 0.7 us), the largest cost of a page of 100. Nobody assigns to a record; a
record shared by several requests (the read cache, coalescing) relies on that.

A record only holds what was asked for: fields that were not requested are `None`.
Datetimes are aware. Ids are strings, as GraphQL shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class CustomerField(StrEnum):
    """The customer fields a caller can ask a backend for (the projection unit)."""

    ID = "id"
    CODE = "code"
    EMAIL = "email"
    FULL_NAME = "fullName"
    CAN_LOGIN = "canLogin"
    HAS_PASSWORD = "hasPassword"
    LOCALE = "locale"
    GROUP = "group"
    COLLECTION = "collection"
    COLLECTIONS = "collections"
    WISH_LIST = "wishList"
    CART = "cart"
    INVOICE_RECIPIENT = "invoiceRecipient"
    CREATION_TIME = "creationTime"
    LOGIN_TIME = "loginTime"
    UPDATE_TIME = "updateTime"
    BILLING_ADDRESS = "billingAddress"
    SHIPPING_ADDRESS = "shippingAddress"
    ADDRESSES = "addresses"
    ACCEPTS_MARKETING = "acceptsMarketing"
    TAX_EXEMPT = "taxExempt"
    TAX_ID_VALID = "taxIdValid"
    CUSTOMER_TYPE = "customerType"
    GROUP_NAME = "groupName"
    ORDER_COUNT = "orderCount"


class CustomerType(StrEnum):
    """Whom the customer buys as: a business or a consumer."""

    B2B = "B2B"
    B2C = "B2C"


@dataclass(slots=True)
class PostalRecord:
    """The postal part every address has (the schema's `Address`)."""

    street1: str | None = None
    street2: str | None = None
    city: str | None = None
    postal_code: str | None = None
    state_prov: str | None = None
    country: str | None = None


@dataclass(slots=True)
class BillingAddressRecord(PostalRecord):
    first_name: str | None = None
    last_name: str | None = None
    personal_code: str | None = None
    company_name: str | None = None
    company_code: str | None = None
    company_code2: str | None = None
    phone_number: str | None = None
    mobile_number: str | None = None
    fax_number: str | None = None
    email: str | None = None


@dataclass(slots=True)
class ShippingAddressRecord(PostalRecord):
    name: str | None = None
    id: str | None = None  # the address's own id, where the upstream numbers addresses


@dataclass(slots=True)
class CustomerRecord:
    id: str
    code: str | None = None
    email: str | None = None
    full_name: str | None = None
    can_login: bool | None = None
    has_password: bool | None = None
    locale: str | None = None
    group: int | None = None
    collection: int | None = None
    collections: tuple[int, ...] | None = None
    wish_list: tuple[int, ...] | None = None
    cart: str | None = None
    invoice_recipient: str | None = None
    creation_time: datetime | None = None
    login_time: datetime | None = None
    update_time: datetime | None = None
    billing_address: BillingAddressRecord | None = None
    shipping_address: ShippingAddressRecord | None = None
    # The address book; `shipping_address` is its first entry.
    addresses: tuple[ShippingAddressRecord, ...] | None = None
    accepts_marketing: bool | None = None
    tax_exempt: bool | None = None
    tax_id_valid: bool | None = None
    customer_type: CustomerType | None = None
    group_name: str | None = None
    order_count: int | None = None
