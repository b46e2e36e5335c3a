"""Deterministic, realistic Ecwid customers (the people of `names.py`, in Ecwid's shape).

Customer 1 is always Sherlock Holmes (`HOLMES_EMAIL`, group 2 "VIP", London GB).
Seeded customers have no password: the Ecwid API never returns one and has no login.
"""

from __future__ import annotations

import random
from typing import Any

from customer_gateway.emulator.ecwid.store import EcwidStore
from customer_gateway.emulator.ecwid.tables import GROUPS, Customer
from customer_gateway.emulator.names import COUNTRIES, Country, handle
from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, SEED_SPAN, SEED_START

HOLMES_PHONE = "+44 20 72243688"


def holmes() -> Customer:
    person = {
        "name": "Sherlock Holmes", "firstName": "Sherlock", "lastName": "Holmes",
        "companyName": "Investigations Inc", "street": "221b Baker Street", "city": "London",
        "countryCode": "GB", "postalCode": "NW1 6XE", "stateOrProvinceCode": "LND",
        "phone": HOLMES_PHONE,
    }  # fmt: skip
    registered, updated = 1_590_079_753, 1_607_160_241  # 2020-05-21 16:49:13, 2020-12-05 09:24:01
    return {
        "email": HOLMES_EMAIL, "registered": registered, "updated": updated,
        "customerGroupId": 2, "billingPerson": person,
        "shippingAddresses": [{key: value for key, value in person.items()
                               if key != "companyName"}],
        "contacts": [
            _contact(HOLMES_EMAIL, "EMAIL", 0, registered),
            _contact(HOLMES_PHONE, "PHONE", 1, registered),
        ],
        "taxId": "GB980780684", "taxIdValid": True, "taxExempt": False, "b2b_b2c": "b2b",
        "acceptMarketing": False, "lang": "en", "totalOrderCount": 7,
    }  # fmt: skip


def _contact(contact: str, kind: str, order: int, stamp: int) -> dict[str, Any]:
    return {"contact": contact, "type": kind, "default": order == 0, "orderBy": order,
            "timestamp": stamp}  # fmt: skip


def _person(rng: random.Random, country: Country, first: str, last: str) -> dict[str, str]:
    city, postal, state = rng.choice(country.cities)
    street = country.street(rng)
    if country.code in ("GB", "IE") and rng.random() < 0.3:
        street = f"Flat {rng.randrange(1, 40)}\n{street}"  # a street of two lines
    phone = country.phone(rng)
    return {
        "name": f"{first} {last}", "firstName": first, "lastName": last, "street": street,
        "city": city, "countryCode": country.code, "postalCode": postal,
        "stateOrProvinceCode": state, "phone": phone,
    }  # fmt: skip


def _customer(rng: random.Random, customer_id: int) -> Customer:
    country: Country = rng.choice(COUNTRIES)
    first, last = rng.choice(country.first_names), rng.choice(country.last_names)
    person = _person(rng, country, first, last)
    company = f"{last} {rng.choice(country.company_suffixes)}" if rng.random() < 0.25 else ""
    if company:
        person["companyName"] = company
    email = f"{handle(first)}.{handle(last)}{customer_id}@{rng.choice(country.email_domains)}"
    registered = SEED_START + rng.randrange(SEED_SPAN)
    addresses = [person] if rng.random() < 0.7 else []
    if addresses and rng.random() < 0.2:
        addresses.append(_person(rng, country, first, last))
    contacts = [_contact(email, "EMAIL", 0, registered)]
    if rng.random() < 0.5:
        contacts.append(_contact(person["phone"], "PHONE", 1, registered))
    customer: Customer = {
        "email": email, "registered": registered,
        "updated": registered + rng.randrange(86_400 * 200),
        "customerGroupId": rng.choices(list(GROUPS), weights=(70, 10, 10, 10))[0],
        "billingPerson": person, "shippingAddresses": [dict(a) for a in addresses],
        "contacts": contacts, "taxIdValid": False, "taxExempt": rng.random() < 0.03,
        "b2b_b2c": "b2b" if company else "b2c", "acceptMarketing": rng.random() < 0.4,
        "lang": country.locale[:2], "totalOrderCount": int(rng.expovariate(0.25)),
    }  # fmt: skip
    if company:
        customer["taxId"] = f"{country.code}{rng.randrange(10**8, 10**9)}"
        customer["taxIdValid"] = rng.random() < 0.8
    if country.code == "IT" and rng.random() < 0.5:
        customer["fiscalCode"] = f"{handle(last)[:3].upper():X<3}{rng.randrange(10**12, 10**13)}"
        if company:
            customer["electronicInvoiceSdiCode"] = f"{rng.randrange(10**6, 10**7)}"
    return customer


def seed_ecwid(store: EcwidStore, count: int, *, rng_seed: int) -> None:
    """Customers 1..max(count, 1), Holmes first; only into an empty Ecwid table."""
    if not store.is_empty():
        return
    rng = random.Random(f"ecwid-{rng_seed}")
    store.insert_many([holmes(), *(_customer(rng, n) for n in range(2, count + 1))])
