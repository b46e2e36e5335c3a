"""The Ecwid customer tables: the SQLite schema and how a customer maps to its rows.

A customer goes in and comes out as Ecwid JSON (`Customer`): `billingPerson` an object,
`shippingAddresses` and `contacts` lists (each its own table, with ids of its own), times as
UNIX seconds inside and `"yyyy-MM-dd HH:mm:ss +0000"` outside, `password` an encrypted value
that is stored and never read back. A key whose value is None is left out of the JSON.
"""

from __future__ import annotations

import calendar
import sqlite3
import time
from collections.abc import Mapping
from typing import Any

Customer = dict[str, Any]

GROUPS = {0: "General", 1: "Wholesale", 2: "VIP", 3: "Resellers"}
PERSON_FIELDS = (
    "name", "firstName", "lastName", "companyName", "street", "city", "countryCode",
    "postalCode", "stateOrProvinceCode", "phone",
)  # fmt: skip
CONTACT_TYPES = frozenset({
    "EMAIL", "PHONE", "FACEBOOK", "INSTAGRAM", "TWITTER", "YOUTUBE", "TIKTOK", "PINTEREST", "VK",
    "FB_MESSENGER", "WHATSAPP", "VIBER", "TELEGRAM", "LINE", "URL", "OTHER",
})  # fmt: skip
_TEXTS = (
    "email", "password", "taxId", "b2b_b2c", "fiscalCode", "electronicInvoicePecEmail",
    "electronicInvoiceSdiCode", "lang",
)  # fmt: skip
_INTS = ("registered", "updated", "customerGroupId", "totalOrderCount")
_BOOLS = ("taxIdValid", "taxExempt", "acceptMarketing")
_TOP = (*_TEXTS, *_INTS, *_BOOLS)
# JSON name -> column of the two child tables; "default" is an SQL keyword.
_ADDRESS = {name: name for name in PERSON_FIELDS}
_CONTACT = {"contact": "contact", "handle": "handle", "note": "note", "type": "type",
            "default": "isDefault", "orderBy": "orderBy", "timestamp": "timestamp"}  # fmt: skip
CHILDREN = {"shippingAddresses": ("ecwid_shipping_addresses", _ADDRESS),
             "contacts": ("ecwid_contacts", _CONTACT)}  # fmt: skip

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS ecwid_customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    {", ".join(f"{name} TEXT" for name in _TEXTS)},
    registered INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    customerGroupId INTEGER NOT NULL DEFAULT 0,
    totalOrderCount INTEGER NOT NULL DEFAULT 0,
    {", ".join(f"{name} INTEGER NOT NULL DEFAULT 0" for name in _BOOLS)},
    {", ".join(f"b_{name} TEXT" for name in PERSON_FIELDS)}
);
CREATE UNIQUE INDEX IF NOT EXISTS ecwid_customers_email
    ON ecwid_customers (email COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS ecwid_shipping_addresses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES ecwid_customers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    {", ".join(f"{name} TEXT" for name in PERSON_FIELDS)}
);
CREATE INDEX IF NOT EXISTS ecwid_shipping_addresses_customer
    ON ecwid_shipping_addresses (customer_id, position);
CREATE TABLE IF NOT EXISTS ecwid_contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL REFERENCES ecwid_customers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    contact TEXT NOT NULL, handle TEXT, note TEXT, type TEXT NOT NULL,
    isDefault INTEGER NOT NULL, orderBy INTEGER NOT NULL, timestamp INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ecwid_contacts_customer ON ecwid_contacts (customer_id, position);
"""


TIME_FORMAT = "%Y-%m-%d %H:%M:%S +0000"


def format_time(seconds: int) -> str:
    return time.strftime(TIME_FORMAT, time.gmtime(seconds))


def parse_time(text: str) -> int:
    return calendar.timegm(time.strptime(text, TIME_FORMAT))


def compact(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


def child(list_name: str, row: sqlite3.Row) -> dict[str, Any]:
    """A shipping address or a contact, from its row."""
    _, fields = CHILDREN[list_name]
    item = compact({"id": row["id"], **{key: row[column] for key, column in fields.items()}})
    if list_name == "contacts":
        item["default"] = bool(item["default"])
        item["timestamp"] = format_time(item["timestamp"])
    return item


def columns(customer: Mapping[str, Any]) -> dict[str, Any]:
    out = {name: customer[name] for name in _TOP if name in customer}
    for name in _BOOLS:
        if name in out:
            out[name] = int(out[name])
    person = customer.get("billingPerson") or {}
    out.update({f"b_{name}": person[name] for name in PERSON_FIELDS if name in person})
    return out


def customer_from_row(row: sqlite3.Row, lists: Mapping[str, list[dict[str, Any]]]) -> Customer:
    group = row["customerGroupId"]
    customer: Customer = {
        "id": row["id"],
        "email": row["email"],
        "name": row["b_name"],
        "registered": format_time(row["registered"]),
        "updated": format_time(row["updated"]),
        "customerGroupId": group,
        "customerGroupName": GROUPS.get(group, ""),
        "billingPerson": compact({name: row[f"b_{name}"] for name in PERSON_FIELDS}),
        **lists,
        **{name: row[name] for name in _TEXTS if name != "password"},
        **{name: bool(row[name]) for name in _BOOLS},
        "totalOrderCount": row["totalOrderCount"],
    }
    return compact(customer)
