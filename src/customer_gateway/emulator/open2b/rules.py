"""The documented error rows of customers.create, customers.update and storefront.update-customer.

Each `prepare_*` takes a request already checked for shape (`validation.check`) and returns the
record to write, or raises the first documented `Open2bError`. Field-local rows come first in
the order the fields are documented, then rows that need other fields or the database
(password/canLogin, code and email uniqueness).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal

from customer_gateway.emulator import passwords
from customer_gateway.emulator.open2b.tables import BILLING_FIELDS, SHIPPING_FIELDS, Record
from customer_gateway.emulator.open2b.validation import (
    DATETIME_FORMAT,
    ISO_COUNTRIES,
    Open2bError,
    invalid,
    is_email,
    is_invoice_recipient,
    is_locale,
    missing,
)
from customer_gateway.emulator.store import Store

Page = Literal["create", "update", "storefront"]
_SHIPPING_REQUIRED = ("name", "street1", "city", "postalCode", "country")
_CREATE_DEFAULTS: Record = {
    "code": "",
    "canLogin": False,
    "locale": "en",
    "loginTime": None,
    "group": 1,
    "collection": None,
    "collections": [],
    "wishList": [],
    "cart": None,
    "invoiceRecipient": "",
    "shippingAddress": None,
    "newsletterLists": [],
    "privacyConsents": [],
}


def now() -> str:
    """The store-local clock (UTC), to the second, as Open2b writes datetimes."""
    return datetime.now(UTC).strftime(DATETIME_FORMAT)


def full_name(billing: Mapping[str, Any]) -> str:
    return billing["companyName"] or f"{billing['firstName']} {billing['lastName']}"


def encrypt_password(password: Mapping[str, Any]) -> str:
    value: str = password["value"]
    crypted_by = password.get("cryptedBy")
    if crypted_by is None:
        if not 6 <= len(value) <= 16:
            raise Open2bError(
                "password", "Malformed", "Password must have between 6 and 16 characters"
            )
        return passwords.encrypt(value)
    # Only Open2b's own format can be recognised; any other application's hash is refused.
    if crypted_by == "Open2b" and passwords.is_encrypted(value):
        return value
    raise Open2bError("password", "Malformed", f"Password is not a '{crypted_by}' crypted password")


def _check_fields(store: Store, c: Mapping[str, Any], page: Page, stamp: str) -> None:
    if "locale" in c and not is_locale(c["locale"]):
        raise Open2bError("locale", "Malformed", f"'{c['locale']}' is not a valid locale code")
    for name, label in (("creationTime", "Creation time"), ("loginTime", "Login time")):
        if c.get(name) is not None and c[name] > stamp:
            raise Open2bError(name, "InvalidValue", f"{label} '{c[name]}' is in the future")
    if "group" in c and not store.exists("customer_groups", c["group"]):
        raise Open2bError("group", "NotFound", f"Customer group {c['group']} does not exist")
    if c.get("collection") is not None:
        kind = store.collection_is_additional(c["collection"])
        if kind is None:
            raise Open2bError(
                "collection", "NotFound", f"Collection {c['collection']} does not exist"
            )
        if kind:
            raise Open2bError(
                "collection",
                "InvalidValue",
                f"Collection {c['collection']} is not a catalog collection",
            )
    if "collections" in c:
        _check_collections(store, c["collections"])
    if c.get("cart") is not None and not store.exists("carts", c["cart"]):
        raise Open2bError("cart", "NotFound", f"Cart '{c['cart']}' does not exist")
    if "invoiceRecipient" in c and not is_invoice_recipient(c["invoiceRecipient"]):
        raise Open2bError(
            "invoiceRecipient",
            "Malformed",
            f"'{c['invoiceRecipient']}' is not a recipient code or email address",
        )
    billing = c.get("billingAddress") or {}
    if "email" in billing and not is_email(billing["email"]):
        prefix = "" if page == "create" else "Email "
        raise Open2bError(
            "email",
            "InvalidValue",
            f"{prefix}'{billing['email']}' is not a well formed email address",
        )
    for address in ("billingAddress", "shippingAddress"):
        country = (c.get(address) or {}).get("country")
        if country is not None and country not in ISO_COUNTRIES:
            raise invalid(f"{address}.country")


def _check_collections(store: Store, collections: list[int]) -> None:
    if len(collections) > 100:
        raise Open2bError(
            "collections",
            "InvalidValue",
            "A customer cannot have more than 100 additional collections",
        )
    if len(set(collections)) != len(collections):
        raise Open2bError("collections", "Malformed", "A collection id is repeated")
    for collection in collections:
        kind = store.collection_is_additional(collection)
        if kind is None:
            raise Open2bError("collections", "NotFound", f"Collection {collection} does not exist")
        if not kind:
            raise Open2bError(
                "collections",
                "InvalidValue",
                f"Collection {collection} is not an additional collection",
            )


def _check_login_time(merged: Mapping[str, Any]) -> None:
    login = merged.get("loginTime")
    if login is not None and login < merged["creationTime"]:
        raise Open2bError(
            "loginTime", "InvalidValue", f"Login time '{login}' is before the creation time"
        )


def _check_unique(store: Store, merged: Mapping[str, Any], besides: int) -> None:
    code = merged["code"]
    if code and store.code_taken(code, besides=besides):
        raise Open2bError("code", "AlreadyExists", f"Code '{code}' already exists")
    email = merged["billingAddress"]["email"]
    if merged["canLogin"] and store.email_taken(email, besides=besides):
        raise Open2bError(
            "email",
            "AlreadyExists",
            f"Email '{email}' already exists for a customer that can login",
        )


def _can_login_needs_password() -> Open2bError:
    return Open2bError(
        "canLogin", "InvalidValue", "canLogin can be true only if password is defined"
    )


def prepare_create(store: Store, c: Mapping[str, Any]) -> Record:
    stamp = now()
    _check_fields(store, c, "create", stamp)
    merged: Record = {**_CREATE_DEFAULTS, "creationTime": stamp, **c, "updateTime": stamp}
    _check_login_time(merged)
    password = merged.pop("password", None)
    merged["encryptedPassword"] = None if password is None else encrypt_password(password)
    if merged["canLogin"] and password is None:
        # Left out: the documented "Missing" row. Sent as null: the canLogin row.
        raise missing_password() if "password" not in c else _can_login_needs_password()
    billing = {key: "" for key in BILLING_FIELDS} | c["billingAddress"]
    merged["billingAddress"] = billing
    if c.get("shippingAddress") is not None:
        merged["shippingAddress"] = {key: "" for key in SHIPPING_FIELDS} | c["shippingAddress"]
    merged["fullName"] = full_name(billing)
    _check_unique(store, merged, besides=0)
    return merged


def missing_password() -> Open2bError:
    return Open2bError("password", "Missing", "Password is required if customer is active")


def _changes(current: Record, c: Mapping[str, Any], stamp: str) -> Record:
    """The update's fields merged over `current`: addresses merge key by key."""
    changes: Record = {key: value for key, value in c.items() if key != "password"}
    if "billingAddress" in c:
        changes["billingAddress"] = current["billingAddress"] | c["billingAddress"]
        changes["fullName"] = full_name(changes["billingAddress"])
    if c.get("shippingAddress") is not None:
        base = current["shippingAddress"] or {key: "" for key in SHIPPING_FIELDS}
        changes["shippingAddress"] = base | c["shippingAddress"]
        for key in _SHIPPING_REQUIRED:
            if not changes["shippingAddress"][key]:
                raise missing(f"shippingAddress.{key}")
    changes["updateTime"] = stamp
    return changes


def prepare_update(store: Store, customer_id: int, c: Mapping[str, Any]) -> Record:
    current = store.get(customer_id)
    if current is None:
        raise Open2bError("id", "NotFound", f"Customer '{customer_id}' does not exist")
    stamp = now()
    _check_fields(store, c, "update", stamp)
    changes = _changes(current, c, stamp)
    merged = current | changes
    _check_login_time(merged)
    if "password" in c:
        password = c["password"]
        changes["encryptedPassword"] = None if password is None else encrypt_password(password)
        merged["encryptedPassword"] = changes["encryptedPassword"]
    if merged["canLogin"] and merged["encryptedPassword"] is None:
        raise _can_login_needs_password()
    _check_unique(store, merged, besides=customer_id)
    return changes


def prepare_my_update(store: Store, current: Record, c: Mapping[str, Any]) -> Record:
    """storefront.update-customer: the logged-in customer's own fields."""
    stamp = now()
    _check_fields(store, c, "storefront", stamp)
    for lst in c.get("newsletterLists", ()):
        if not store.exists("newsletter_lists", lst):
            raise Open2bError(
                "newsletterLists", "NotFound", f"Newsletter list {lst} does not exist"
            )
    if "privacyConsents" in c:
        consents = c["privacyConsents"]
        if not all(store.exists("privacy_processings", pid) for pid in consents):
            raise invalid("privacyConsents")
        for required in store.required_processings():
            if required not in consents:
                raise Open2bError(
                    "privacyConsents",
                    "InvalidValue",
                    f"Consent to processing {required} is required",
                )
    return _changes(current, c, stamp)
