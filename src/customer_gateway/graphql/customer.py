"""The `Customer` type and its addresses: plain attributes copied from a record once."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from enum import Enum

import strawberry

from customer_gateway.model.records import (
    BillingAddressRecord,
    CustomerRecord,
    ShippingAddressRecord,
)

# The address types copy their record's attributes, which have the same names.
_BILLING_FIELDS = tuple(field.name for field in fields(BillingAddressRecord))
_SHIPPING_FIELDS = tuple(field.name for field in fields(ShippingAddressRecord))


@strawberry.interface(description="The postal part every address has.")
class Address:
    street1: str | None
    street2: str | None
    city: str | None
    postal_code: str | None
    state_prov: str | None = strawberry.field(description="State, province or county code.")
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 country code.")


@strawberry.type
class BillingAddress(Address):
    first_name: str | None
    last_name: str | None
    personal_code: str | None
    company_name: str | None
    company_code: str | None
    company_code2: str | None
    phone_number: str | None
    mobile_number: str | None
    fax_number: str | None
    email: str | None

    @classmethod
    def from_record(cls, record: BillingAddressRecord) -> BillingAddress:
        return cls(**{name: getattr(record, name) for name in _BILLING_FIELDS})


@strawberry.type
class ShippingAddress(Address):
    id: strawberry.ID | None = strawberry.field(
        description="The address's id in the address book, where the store numbers addresses."
    )
    name: str | None = strawberry.field(description="The recipient's name.")

    @classmethod
    def from_record(cls, record: ShippingAddressRecord) -> ShippingAddress:
        return cls(**{name: getattr(record, name) for name in _SHIPPING_FIELDS})


@strawberry.enum(description="Whom the customer buys as.")
class CustomerType(Enum):
    B2B = "B2B"
    B2C = "B2C"


@strawberry.type(description="A customer of the store.")
class Customer:
    id: strawberry.ID = strawberry.field(description="The upstream id, as a string.")
    code: str | None
    email: str | None
    full_name: str | None = strawberry.field(description="Company name or first and last name.")
    can_login: bool | None
    has_password: bool | None
    locale: str | None
    group: int | None
    collection: int | None
    collections: list[int] | None
    wish_list: list[int] | None = strawberry.field(description="Product ids.")
    cart: str | None = strawberry.field(description="Saved cart token.")
    invoice_recipient: str | None
    creation_time: datetime | None
    login_time: datetime | None
    update_time: datetime | None
    billing_address: BillingAddress | None
    shipping_address: ShippingAddress | None = strawberry.field(
        description="The first address of `addresses`."
    )
    addresses: list[ShippingAddress] | None = strawberry.field(
        description="The address book (on Open2b: the shipping address, when there is one)."
    )
    accepts_marketing: bool | None = strawberry.field(
        description="Whether the customer's email may be used for promotions."
    )
    tax_exempt: bool | None
    tax_id_valid: bool | None = strawberry.field(
        description="Whether the company code (tax id) was found valid."
    )
    customer_type: CustomerType | None
    group_name: str | None = strawberry.field(description="The name of the customer group.")
    order_count: int | None = strawberry.field(description="The orders the customer placed.")
    record: strawberry.Private[CustomerRecord]

    @classmethod
    def from_record(cls, record: CustomerRecord) -> Customer:
        billing, shipping = record.billing_address, record.shipping_address
        addresses, kind = record.addresses, record.customer_type
        return cls(
            id=strawberry.ID(record.id),
            code=record.code,
            email=record.email,
            full_name=record.full_name,
            can_login=record.can_login,
            has_password=record.has_password,
            locale=record.locale,
            group=record.group,
            collection=record.collection,
            collections=None if record.collections is None else list(record.collections),
            wish_list=None if record.wish_list is None else list(record.wish_list),
            cart=record.cart,
            invoice_recipient=record.invoice_recipient,
            creation_time=record.creation_time,
            login_time=record.login_time,
            update_time=record.update_time,
            billing_address=None if billing is None else BillingAddress.from_record(billing),
            shipping_address=None if shipping is None else ShippingAddress.from_record(shipping),
            addresses=None
            if addresses is None
            else [ShippingAddress.from_record(address) for address in addresses],
            accepts_marketing=record.accepts_marketing,
            tax_exempt=record.tax_exempt,
            tax_id_valid=record.tax_id_valid,
            customer_type=None if kind is None else CustomerType(kind.value),
            group_name=record.group_name,
            order_count=record.order_count,
            record=record,
        )
