"""The customer tables: the SQLite schema and how a customer record maps to its columns.

A customer record is a dict keyed by Open2b field names (``billingAddress`` nested, lists as
lists); `columns` and `record_from_row` translate between records and rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any

import orjson

Record = dict[str, Any]

BILLING_FIELDS = (
    "firstName", "lastName", "personalCode", "companyName", "companyCode", "companyCode2",
    "street1", "street2", "city", "postalCode", "stateProv", "country",
    "phoneNumber", "mobileNumber", "faxNumber", "email",
)  # fmt: skip
SHIPPING_FIELDS = ("name", "street1", "street2", "city", "postalCode", "stateProv", "country")
_SCALARS = {
    "id": "id",
    "code": "code",
    "canLogin": "can_login",
    "encryptedPassword": "encrypted_password",
    "locale": "locale",
    "creationTime": "creation_time",
    "loginTime": "login_time",
    "updateTime": "update_time",
    "group": "group_id",
    "collection": "collection",
    "cart": "cart",
    "invoiceRecipient": "invoice_recipient",
    "fullName": "full_name",
}
_LISTS = {
    "collections": "collections",
    "wishList": "wish_list",
    "newsletterLists": "newsletter_lists",
    "privacyConsents": "privacy_consents",
}
_BOOLS = {"can_login"}

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS customer_groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collections (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, additional INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS newsletter_lists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS privacy_processings (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, required INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS carts (token TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL DEFAULT '',
    can_login INTEGER NOT NULL DEFAULT 0,
    encrypted_password TEXT,
    locale TEXT NOT NULL,
    creation_time TEXT NOT NULL,
    login_time TEXT,
    update_time TEXT NOT NULL,
    group_id INTEGER NOT NULL,
    collection INTEGER,
    collections TEXT NOT NULL DEFAULT '[]',
    wish_list TEXT NOT NULL DEFAULT '[]',
    cart TEXT,
    invoice_recipient TEXT NOT NULL DEFAULT '',
    full_name TEXT NOT NULL,
    newsletter_lists TEXT NOT NULL DEFAULT '[]',
    privacy_consents TEXT NOT NULL DEFAULT '[]',
    {", ".join(f'b_{name} TEXT NOT NULL DEFAULT ""' for name in BILLING_FIELDS)},
    {", ".join(f"s_{name} TEXT" for name in SHIPPING_FIELDS)}
);
CREATE INDEX IF NOT EXISTS customers_email ON customers (b_email COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS customers_code ON customers (code);
CREATE TABLE IF NOT EXISTS customer_labels (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    label INTEGER NOT NULL,
    PRIMARY KEY (customer_id, label));
CREATE TABLE IF NOT EXISTS customer_keys (
    key TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    creation_time TEXT NOT NULL);
"""


def columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """The column values for the fields present in `record` (addresses may be partial)."""
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name in _SCALARS:
            out[_SCALARS[name]] = int(value) if _SCALARS[name] in _BOOLS else value
        elif name in _LISTS:
            out[_LISTS[name]] = orjson.dumps(value).decode()
        elif name == "billingAddress":
            out.update({f"b_{key}": value[key] for key in BILLING_FIELDS if key in value})
        elif name == "shippingAddress":
            for key in SHIPPING_FIELDS:
                if value is None or key in value:
                    out[f"s_{key}"] = None if value is None else value[key]
    return out


def record_from_row(row: sqlite3.Row) -> Record:
    record: Record = {name: row[column] for name, column in _SCALARS.items()}
    record["canLogin"] = bool(record["canLogin"])
    record["hasPassword"] = record["encryptedPassword"] is not None
    for name, column in _LISTS.items():
        record[name] = orjson.loads(row[column])
    record["billingAddress"] = {key: row[f"b_{key}"] for key in BILLING_FIELDS}
    shipping = {key: row[f"s_{key}"] for key in SHIPPING_FIELDS}
    record["shippingAddress"] = None if shipping["name"] is None else shipping
    return record
