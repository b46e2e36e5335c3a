"""The request shapes of the Open2b customer methods, transcribed from the vendor's pages."""

from __future__ import annotations

from customer_gateway.emulator.open2b.validation import (
    Spec,
    flag,
    free_text,
    integer,
    ints,
    names,
    record,
    text,
    timestamp,
)

CUSTOMER_FIELDS = (
    "id", "code", "canLogin", "hasPassword", "encryptedPassword", "locale", "creationTime",
    "loginTime", "updateTime", "group", "collection", "collections", "wishList", "cart",
    "invoiceRecipient", "fullName", "billingAddress", "shippingAddress",
)  # fmt: skip

CONDITIONS = record(
    {
        "ids": ints(1),
        "code": text(0, 32),
        "canLogin": flag(),
        "group": integer(1, 255),
        "email": text(3, 120),
        "personalCode": text(1, 20),
        "companyCode": text(1, 20),
        "keywords": text(1, 120),
        "country": text(2, 2),
        "stateProv": text(1, 3),
        "labels": ints(1, 32),
        "after": integer(0),
    }
)

FIND = record(
    {
        "conditions": CONDITIONS,
        "fields": names(),
        "order": names(),
        "limit": integer(1),
        "first": integer(0),
    }
)
GET = record({"id": integer(1, required=True), "fields": names()})
COUNT = record({"conditions": CONDITIONS})
DELETE = record({"ids": ints(1, required=True)})
AUTHENTICATE = record(
    {
        "email": text(3, 120, required=True),
        "password": text(4, 16, required=True),
        "fields": names(),
    }
)
LOGIN = record({"email": text(3, 120, required=True), "password": text(4, 16, required=True)})
MY_CUSTOMER = record({"fields": names()})


def _place(*, required: bool, city_max: int) -> dict[str, Spec]:
    """The street-to-country fields of both addresses."""
    return {
        "street1": text(1, 60, required=required),
        "street2": text(0, 60),
        "city": text(1, city_max, required=required),
        "postalCode": text(1, 20, required=required),
        "stateProv": text(0, 3),
        "country": text(2, 2, required=required),
    }


def _billing(*, required: bool, city_max: int) -> dict[str, Spec]:
    """A billing address's fields but its email (storefront.update-customer has none)."""
    return {
        "firstName": text(1, 25, required=required),
        "lastName": text(1, 25, required=required),
        "personalCode": text(0, 20),
        "companyName": text(0, 100),
        "companyCode": text(0, 20),
        "companyCode2": text(0, 20),
        **_place(required=required, city_max=city_max),
        "phoneNumber": text(0, 15),
        "mobileNumber": text(0, 15),
        "faxNumber": text(0, 15),
    }


def _shipping(*, required: bool, city_max: int) -> Spec:
    fields = {
        "name": text(1, 100, required=required),
        **_place(required=required, city_max=city_max),
    }
    return record(fields, nullable=True)


_PASSWORD = record(
    {"value": free_text(required=True), "cryptedBy": text(0, None, nullable=True)}, nullable=True
)


def _customer(*, create: bool) -> dict[str, Spec]:
    billing = {**_billing(required=True, city_max=35), "email": free_text(required=True)}
    fields = {
        "code": text(0, 32),
        "canLogin": flag(),
        "password": _PASSWORD,
        "locale": free_text(),
        "creationTime": timestamp(),
        "loginTime": timestamp(nullable=True),
        "group": integer(1, 255),
        "collection": integer(1, nullable=True),
        "collections": ints(1),
        "wishList": ints(1),
        "cart": text(32, 32, nullable=True),
        "invoiceRecipient": free_text(),
        "billingAddress": record(billing, required=create),
        "shippingAddress": _shipping(required=True, city_max=35),
    }
    if create:
        del fields["cart"]  # create does not document a cart
    return fields


CREATE = record({"customer": record(_customer(create=True), required=True, flat=True)})
UPDATE = record(
    {
        "id": integer(1, required=True),
        "customer": record(_customer(create=False), required=True, flat=True),
    }
)
UPDATE_MY_CUSTOMER = record(
    {
        "customer": record(
            {
                "cart": text(32, 32, nullable=True),
                "invoiceRecipient": free_text(),
                "billingAddress": record(_billing(required=False, city_max=25)),
                "shippingAddress": _shipping(required=False, city_max=25),
                "wishList": ints(1),
                "newsletterLists": ints(1),
                "privacyConsents": ints(1, 255),
            },
            flat=True,
        )
    }
)
