"""Reference data and deterministic, realistic customers.

Reference data makes every documented NotFound/InvalidValue row reachable: customer groups
1-5, catalog collections 1-10, additional collections 11-20, newsletter lists 1-3, privacy
processings 1-3 (1 requires consent), the saved carts in `CARTS`, labels 1-32.
Customer 1 is always Sherlock Holmes (`HOLMES_EMAIL` / `HOLMES_PASSWORD`).
"""

from __future__ import annotations

import functools
import hashlib
import random
import time

from customer_gateway.emulator import passwords
from customer_gateway.emulator.names import COUNTRIES, Country, handle
from customer_gateway.emulator.open2b.rules import full_name
from customer_gateway.emulator.open2b.tables import Record
from customer_gateway.emulator.store import Store

GROUPS = {1: "Retail", 2: "Wholesale", 3: "VIP", 4: "Staff", 5: "Resellers"}
CATALOG_COLLECTIONS = range(1, 11)
ADDITIONAL_COLLECTIONS = range(11, 21)
NEWSLETTER_LISTS = {1: "News", 2: "Offers", 3: "New arrivals"}
PRIVACY_PROCESSINGS = {
    1: ("Orders and invoicing", True),
    2: ("Marketing", False),
    3: ("Profiling", False),
}
CARTS = tuple(hashlib.md5(f"cart-{n}".encode()).hexdigest() for n in range(1, 6))
LABELS = range(1, 33)

HOLMES_EMAIL = "holmes@inv-london.com"
HOLMES_PASSWORD = "sherlock221"
# Seeded customers that have a password use one of these (see `seeded_password`).
PASSWORDS = ("password1", "letmein22", "qwerty123", "sunshine7", "dragon2020")

SEED_START = 1_546_300_800  # 2019-01-01 00:00:00 UTC: seeded times never depend on today
SEED_SPAN = 6 * 365 * 86_400  # seeded customers registered in the six years from SEED_START


def seeded_password(customer_id: int) -> str:
    """The password of a seeded customer that has one (Holmes excepted)."""
    return PASSWORDS[customer_id % len(PASSWORDS)]


def seed_reference_data(store: Store) -> None:
    with store.transaction() as db:
        db.executemany("INSERT OR IGNORE INTO customer_groups VALUES (?, ?)", GROUPS.items())
        db.executemany(
            "INSERT OR IGNORE INTO collections VALUES (?, ?, ?)",
            [(n, f"Collection {n}", n in ADDITIONAL_COLLECTIONS) for n in range(1, 21)],
        )
        db.executemany(
            "INSERT OR IGNORE INTO newsletter_lists VALUES (?, ?)", NEWSLETTER_LISTS.items()
        )
        db.executemany(
            "INSERT OR IGNORE INTO privacy_processings VALUES (?, ?, ?)",
            [(n, name, required) for n, (name, required) in PRIVACY_PROCESSINGS.items()],
        )
        db.executemany("INSERT OR IGNORE INTO carts VALUES (?)", [(cart,) for cart in CARTS])


def holmes(encrypted_password: str) -> Record:
    billing = {
        "firstName": "Sherlock", "lastName": "Holmes", "personalCode": "SH239IBA",
        "companyName": "Investigations Inc", "companyCode": "INV8403MC1", "companyCode2": "",
        "street1": "221b Baker Street", "street2": "", "city": "London", "postalCode": "NW1 6XE",
        "stateProv": "LND", "country": "GB", "phoneNumber": "+44 20 72243688",
        "mobileNumber": "", "faxNumber": "", "email": HOLMES_EMAIL,
    }  # fmt: skip
    shipping = {
        "name": "Sherlock Holmes", "street1": "221b Baker Street", "street2": "",
        "city": "London", "postalCode": "NW1 6XE", "stateProv": "LND", "country": "GB",
    }  # fmt: skip
    return {
        "code": "TF78123", "canLogin": True, "encryptedPassword": encrypted_password,
        "locale": "en-GB", "creationTime": "2020-05-21 16:49:13",
        "loginTime": "2020-12-13 12:05:44", "updateTime": "2020-12-05 09:24:01",
        "group": 3, "collection": 8, "collections": [12, 15], "wishList": [340, 981, 18],
        "cart": None, "invoiceRecipient": "", "fullName": full_name(billing),
        "billingAddress": billing, "shippingAddress": shipping,
        "newsletterLists": [1], "privacyConsents": [1],
    }  # fmt: skip


def _time(seconds: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))


def _customer(rng: random.Random, customer_id: int, hashes: dict[str, str]) -> Record:
    country: Country = rng.choice(COUNTRIES)
    first, last = rng.choice(country.first_names), rng.choice(country.last_names)
    city, postal, state = rng.choice(country.cities)
    company = f"{last} {rng.choice(country.company_suffixes)}" if rng.random() < 0.25 else ""
    phone = country.phone(rng)
    street = country.street(rng)
    domain = rng.choice(country.email_domains)
    personal = f"{handle(last)[:3].upper()}{rng.randrange(10**6, 10**7)}"
    billing = {
        "firstName": first, "lastName": last,
        "personalCode": personal if rng.random() < 0.3 else "",
        "companyName": company,
        "companyCode": f"{country.code}{rng.randrange(10**8, 10**9)}" if company else "",
        "companyCode2": "", "street1": street, "street2": "", "city": city, "postalCode": postal,
        "stateProv": state, "country": country.code, "phoneNumber": phone,
        "mobileNumber": "", "faxNumber": "",
        "email": f"{handle(first)}.{handle(last)}{customer_id}@{domain}",
    }  # fmt: skip
    shipping = None
    if rng.random() < 0.7:
        shipping = {
            key: billing[key]
            for key in ("street1", "street2", "city", "postalCode", "stateProv", "country")
        }
        shipping["name"] = company or f"{first} {last}"
    has_password = rng.random() < 0.85
    created = SEED_START + rng.randrange(SEED_SPAN)
    updated = created + rng.randrange(86_400 * 200)
    login = created + rng.randrange(86_400 * 300) if has_password and rng.random() < 0.8 else None
    return {
        "code": f"C{customer_id:06d}" if rng.random() < 0.6 else "",
        "canLogin": has_password and rng.random() < 0.9,
        "encryptedPassword": hashes[seeded_password(customer_id)] if has_password else None,
        "locale": country.locale, "creationTime": _time(created),
        "loginTime": None if login is None else _time(login), "updateTime": _time(updated),
        "group": rng.choices(list(GROUPS), weights=(70, 10, 10, 5, 5))[0],
        "collection": rng.choice([None, None, *CATALOG_COLLECTIONS]),
        "collections": sorted(rng.sample(ADDITIONAL_COLLECTIONS, rng.randrange(3))),
        "wishList": [rng.randrange(1, 2000) for _ in range(rng.randrange(4))],
        "cart": None, "invoiceRecipient": "", "fullName": full_name(billing),
        "billingAddress": billing, "shippingAddress": shipping,
        "newsletterLists": sorted(rng.sample(list(NEWSLETTER_LISTS), rng.randrange(3))),
        "privacyConsents": [1],
    }  # fmt: skip


@functools.cache
def _seed_hash(password: str, salt: bytes) -> str:
    """Seeding is deterministic, so test suites that build many emulators hash once."""
    return passwords.encrypt(password, salt=salt)


def seed_customers(store: Store, count: int, *, rng_seed: int) -> None:
    """Customers 1..max(count, 1), Holmes first; only into a database without customers."""
    if not store.is_empty():
        return
    rng = random.Random(rng_seed)
    # One real hash per distinct password keeps seeding 10,000 customers well under a second.
    hashes = {pw: _seed_hash(pw, rng.randbytes(12)) for pw in PASSWORDS}
    records = [holmes(_seed_hash(HOLMES_PASSWORD, rng.randbytes(12)))]
    records += [_customer(rng, n, hashes) for n in range(2, count + 1)]
    store.insert_many(records)
    labels: list[tuple[int, int]] = [(1, 1), (1, 3)]
    for n in range(2, count + 1):
        labels += [(n, label) for label in rng.sample(LABELS, rng.randrange(3))]
    store.set_labels(labels)


def seed(store: Store, count: int, *, rng_seed: int) -> None:
    seed_reference_data(store)
    seed_customers(store, count, rng_seed=rng_seed)
