"""Ecwid seeding: Holmes always, deterministic, realistic, only into an empty table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.emulator.ecwid.store import EcwidStore, Search
from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL

HOLMES_PERSON = {
    "name": "Sherlock Holmes",
    "firstName": "Sherlock",
    "lastName": "Holmes",
    "street": "221b Baker Street",
    "city": "London",
    "countryCode": "GB",
    "postalCode": "NW1 6XE",
    "stateOrProvinceCode": "LND",
    "phone": "+44 20 72243688",
}
HOLMES = {
    "id": 1,
    "email": HOLMES_EMAIL,
    "name": "Sherlock Holmes",
    "registered": "2020-05-21 16:49:13 +0000",
    "updated": "2020-12-05 09:24:01 +0000",
    "customerGroupId": 2,
    "customerGroupName": "VIP",
    "billingPerson": {**HOLMES_PERSON, "companyName": "Investigations Inc"},
    "shippingAddresses": [{"id": 1, **HOLMES_PERSON}],
    "contacts": [
        {"id": 1, "contact": HOLMES_EMAIL, "type": "EMAIL", "default": True, "orderBy": 0,
         "timestamp": "2020-05-21 16:49:13 +0000"},
        {"id": 2, "contact": "+44 20 72243688", "type": "PHONE", "default": False, "orderBy": 1,
         "timestamp": "2020-05-21 16:49:13 +0000"},
    ],
    "taxId": "GB980780684",
    "taxIdValid": True,
    "taxExempt": False,
    "b2b_b2c": "b2b",
    "acceptMarketing": False,
    "lang": "en",
    "totalOrderCount": 7,
}  # fmt: skip


def customers(config: EmulatorConfig) -> list[dict[str, Any]]:
    app = create_emulator_app(config)
    store: EcwidStore = app.state.ecwid_store
    try:
        _, found = store.search(Search(sort_by="REGISTERED_DATE_ASC", limit=1000))
        return sorted(found, key=lambda c: c["id"])
    finally:
        app.state.store.close()


async def test_holmes(ecwid: httpx.AsyncClient) -> None:
    assert (await ecwid.get("customers/1")).json() == HOLMES


def test_seed_is_deterministic_for_a_seed_random() -> None:
    first = customers(EmulatorConfig(seed=200))
    assert first == customers(EmulatorConfig(seed=200))
    assert first != customers(EmulatorConfig(seed=200, seed_random=7))
    assert [c["id"] for c in first] == list(range(1, 201))
    assert len({c["email"].lower() for c in first}) == 200


def test_seeded_customers_are_varied() -> None:
    seeded = customers(EmulatorConfig(seed=300))[1:]
    countries = {c["billingPerson"]["countryCode"] for c in seeded}
    assert len(countries) == 8
    assert {c["customerGroupId"] for c in seeded} == {0, 1, 2, 3}
    assert 0.5 < sum(c["customerGroupId"] == 0 for c in seeded) / len(seeded) < 0.9
    assert any("\n" in c["billingPerson"]["street"] for c in seeded)
    assert any(not c["shippingAddresses"] for c in seeded)
    assert any(len(c["shippingAddresses"]) == 2 for c in seeded)
    assert any("companyName" in c["billingPerson"] for c in seeded)
    assert any("fiscalCode" in c for c in seeded)
    assert len({c["totalOrderCount"] for c in seeded}) > 5
    assert all(c["contacts"][0] == {**c["contacts"][0], "contact": c["email"], "type": "EMAIL"}
               for c in seeded)  # fmt: skip


def test_seed_zero_still_has_holmes() -> None:
    assert [(c["id"], c["email"]) for c in customers(EmulatorConfig(seed=0))] == [(1, HOLMES_EMAIL)]


def test_existing_database_is_kept(tmp_path: Path) -> None:
    path = str(tmp_path / "kept.sqlite3")
    app = create_emulator_app(EmulatorConfig(db_path=path, seed=5))
    app.state.ecwid_store.delete(2)
    app.state.store.close()
    again = customers(EmulatorConfig(db_path=path, seed=50))
    assert [c["id"] for c in again] == [1, 3, 4, 5]


def test_open2b_and_ecwid_customers_are_separate() -> None:
    app = create_emulator_app(EmulatorConfig(seed=10))
    try:
        app.state.ecwid_store.delete(1)
        assert app.state.store.get(1) is not None
        assert app.state.ecwid_store.get(1) is None
    finally:
        app.state.store.close()
