"""Seeding: deterministic, realistic, and only into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.emulator.store import Store


def customers(config: EmulatorConfig) -> list[dict[str, Any]]:
    app = create_emulator_app(config)
    store: Store = app.state.store
    try:
        return store.find({})
    finally:
        store.close()


def test_seed_is_deterministic_for_a_seed_random() -> None:
    first = customers(EmulatorConfig(seed=200))
    assert first == customers(EmulatorConfig(seed=200))
    assert first != customers(EmulatorConfig(seed=200, seed_random=7))
    assert [c["id"] for c in first] == list(range(1, 201))


def test_seed_zero_still_has_holmes() -> None:
    assert [(c["id"], c["fullName"]) for c in customers(EmulatorConfig(seed=0))] == [
        (1, "Investigations Inc")
    ]


def test_seeding_10000_customers() -> None:
    # How long it takes is a figure for bench/, not an assertion: the machine is shared.
    app = create_emulator_app(EmulatorConfig(seed=10_000))
    try:
        assert app.state.store.count({}) == 10_000
    finally:
        app.state.store.close()


def test_existing_database_is_kept(tmp_path: Path) -> None:
    path = str(tmp_path / "kept.sqlite3")
    app = create_emulator_app(EmulatorConfig(db_path=path, seed=5))
    app.state.store.delete([2])
    app.state.store.close()
    again = customers(EmulatorConfig(db_path=path, seed=50))
    assert [c["id"] for c in again] == [1, 3, 4, 5]
    assert Path(path).exists()  # a named database outlives the app
