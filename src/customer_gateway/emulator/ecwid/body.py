"""Bodies of create (POST) and update (PUT): checked (400 INVALID_FIELD), then made into changes.

A body is a JSON object of the writable Customer fields (`WRITABLE`). A null value means "not
sent"; the read-only fields of a fetched customer (`READ_ONLY`) are ignored, so a client may PUT
back what it GOT; any other key is refused. `billingPerson` is written key by key, and a
`name` sent alone fills `firstName`/`lastName` (first word / the rest), `firstName`/`lastName`
sent without `name` fill it. `shippingAddresses` and `contacts`, when sent, replace the whole
list; an item keeps its `id` when that id is one of the customer's, others get new ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from customer_gateway.emulator import passwords
from customer_gateway.emulator.ecwid.errors import bad_field
from customer_gateway.emulator.ecwid.tables import (
    CONTACT_TYPES,
    GROUPS,
    PERSON_FIELDS,
    Customer,
    parse_time,
)
from customer_gateway.emulator.open2b.validation import ISO_COUNTRIES, is_email

READ_ONLY = frozenset(
    {"id", "name", "registered", "updated", "customerGroupName", "totalOrderCount"}
)
_LANG = re.compile(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,4})?")

Check = Callable[[str, Any], Any]


def _string(path: str, value: Any) -> str:
    if not isinstance(value, str):
        raise bad_field(f"Field '{path}' must be a string")
    return value


def _email(path: str, value: Any) -> str:
    if not is_email(_string(path, value)):
        raise bad_field(f"Field '{path}' is not a valid email: '{value}'")
    return str(value)


def _optional_email(path: str, value: Any) -> str:
    return _email(path, value) if _string(path, value) else ""


def _bool(path: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise bad_field(f"Field '{path}' must be true or false")
    return value


def _int(path: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise bad_field(f"Field '{path}' must be a non-negative integer")
    return value


def _one_of(values: frozenset[str] | tuple[str, ...]) -> Check:
    def check(path: str, value: Any) -> str:
        if _string(path, value) not in values:
            raise bad_field(f"Field '{path}' must be one of {', '.join(sorted(values))}")
        return str(value)

    return check


def _group(path: str, value: Any) -> int:
    if _int(path, value) not in GROUPS:
        known = ", ".join(map(str, GROUPS))
        raise bad_field(f"Field '{path}' must be the id of a customer group ({known}): {value}")
    return int(value)


def _password(path: str, value: Any) -> str:
    if not _string(path, value):
        raise bad_field(f"Field '{path}' must not be empty")
    return passwords.encrypt(value)


def _lang(path: str, value: Any) -> str:
    if not _LANG.fullmatch(_string(path, value)):
        raise bad_field(f"Field '{path}' must be a language code such as 'en' or 'pt_BR'")
    return str(value)


def _country(path: str, value: Any) -> str:
    if _string(path, value) and value not in ISO_COUNTRIES:
        raise bad_field(f"Field '{path}' must be a 2-letter ISO 3166 country code: '{value}'")
    return str(value)


def _object(
    path: str, value: Any, checks: Mapping[str, Check], ignored: frozenset[str]
) -> dict[str, Any]:
    """The checked keys of `value` that are not null or ignored."""
    if not isinstance(value, dict):
        raise bad_field(f"Field '{path}' must be an object")
    out: dict[str, Any] = {}
    for key, item in value.items():
        inner = f"{path}.{key}" if path else key
        if key not in checks and key not in ignored:
            raise bad_field(f"Unknown field '{inner}'")
        if key in checks and item is not None:
            out[key] = checks[key](inner, item)
    return out


_PERSON: dict[str, Check] = {name: _string for name in PERSON_FIELDS} | {"countryCode": _country}
_ADDRESS: dict[str, Check] = {"id": _int, **_PERSON}
_CONTACT: dict[str, Check] = {
    "id": _int, "contact": _string, "handle": _string, "note": _string,
    "type": _one_of(CONTACT_TYPES), "default": _bool, "orderBy": _int,
}  # fmt: skip


def _person(path: str, value: Any) -> dict[str, Any]:
    return _object(path, value, _PERSON, frozenset())


def _list(checks: Mapping[str, Check], required: tuple[str, ...]) -> Check:
    def check(path: str, value: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list):
            raise bad_field(f"Field '{path}' must be a list")
        items = [_object(f"{path}[{n}]", item, checks, frozenset({"timestamp"}))
                 for n, item in enumerate(value)]  # fmt: skip
        for n, item in enumerate(items):
            for key in required:
                if not item.get(key):
                    raise bad_field(f"Field '{path}[{n}].{key}' is required")
        return items

    return check


WRITABLE: dict[str, Check] = {
    "email": _email,
    "password": _password,
    "customerGroupId": _group,
    "billingPerson": _person,
    "shippingAddresses": _list(_ADDRESS, ()),
    "contacts": _list(_CONTACT, ("contact", "type")),
    "taxId": _string,
    "taxIdValid": _bool,
    "b2b_b2c": _one_of(("b2b", "b2c")),
    "fiscalCode": _string,
    "electronicInvoicePecEmail": _optional_email,
    "electronicInvoiceSdiCode": _string,
    "taxExempt": _bool,
    "acceptMarketing": _bool,
    "lang": _lang,
}


def _named(sent: dict[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """`sent` plus the name fields it implies, given the `current` person."""
    out = dict(sent)
    if "name" in sent and "firstName" not in sent and "lastName" not in sent:
        first, _, last = sent["name"].strip().partition(" ")
        out["firstName"], out["lastName"] = first, last.strip()
    elif ("firstName" in sent or "lastName" in sent) and "name" not in sent:
        merged = {**current, **sent}
        out["name"] = " ".join(p for p in (merged.get("firstName"), merged.get("lastName")) if p)
    return out


def _lists(changes: dict[str, Any], current: Customer | None, now: int) -> None:
    """Give list items their ids (kept or new), names, and the contacts their timestamps."""
    for name in ("shippingAddresses", "contacts"):
        if name not in changes:
            continue
        before = {item["id"]: item for item in (current or {}).get(name, [])}
        seen: set[int] = set()
        for position, item in enumerate(changes[name]):
            kept = item.get("id") in before and item["id"] not in seen
            if kept:
                seen.add(item["id"])
            else:
                item.pop("id", None)
            if name == "shippingAddresses":
                item.update(_named(item, {}))
            else:
                item.setdefault("default", False)
                item.setdefault("orderBy", position)
                item["timestamp"] = parse_time(before[item["id"]]["timestamp"]) if kept else now


def _sent(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise bad_field("The request body must be a JSON object")
    return _object("", body, WRITABLE, READ_ONLY)


def create(body: Any, now: int) -> Customer:
    """The customer to insert for a create body (email required)."""
    sent = _sent(body)
    if "email" not in sent:
        raise bad_field("Field 'email' is required")
    customer: Customer = {
        "customerGroupId": 0, "b2b_b2c": "b2c", "taxIdValid": False, "taxExempt": False,
        "acceptMarketing": False, "totalOrderCount": 0, "shippingAddresses": [], "contacts": [],
        **sent, "registered": now, "updated": now,
    }  # fmt: skip
    customer["billingPerson"] = _named(sent.get("billingPerson", {}), {})
    _lists(customer, None, now)
    return customer


def update(body: Any, current: Customer, now: int) -> Customer:
    """The changes an update body makes to `current`."""
    changes: Customer = {**_sent(body), "updated": now}
    if "billingPerson" in changes:
        changes["billingPerson"] = _named(changes["billingPerson"], current["billingPerson"])
    _lists(changes, current, now)
    return changes
