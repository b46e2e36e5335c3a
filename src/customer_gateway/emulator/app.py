"""The emulator app: Open2b API v10 and Ecwid REST API v3 customers upstreams on SQLite, plus
test knobs. The two upstreams keep separate customers in the same database.

`create_emulator_app(config)` opens and seeds the database at once, so the app works without
ASGI lifespan events (`httpx.ASGITransport` sends none); lifespan shutdown, or
`app.state.store.close()`, closes it (and removes it when it was a temporary file).
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette

from customer_gateway.emulator.ecwid.api import EcwidApi, default_tokens
from customer_gateway.emulator.ecwid.seed import seed_ecwid
from customer_gateway.emulator.ecwid.store import EcwidStore
from customer_gateway.emulator.knobs import Knobs, quiet_dropped_connections
from customer_gateway.emulator.open2b.api import Open2bApi
from customer_gateway.emulator.open2b.seed import seed
from customer_gateway.emulator.store import Store


@dataclass(frozen=True, slots=True)
class EmulatorConfig:
    db_path: str | None = None  # None: a temporary file, removed on close
    seed: int = 0  # customers to create in an empty database, per upstream (Holmes is id 1)
    api_key: str = "emulator-key"
    key_header: str = "X-Key"
    seed_random: int = 221  # seeds the customer generators and the failureRate dice
    ecwid_store_id: str = "1003"
    # Ecwid access tokens -> their scopes (read_customers, update_customers, create_customers)
    ecwid_tokens: Mapping[str, frozenset[str]] = field(default_factory=default_tokens)


def create_emulator_app(config: EmulatorConfig | None = None) -> Starlette:
    config = config or EmulatorConfig()
    store = Store(config.db_path)
    try:
        ecwid_store = EcwidStore(store)
        seed(store, config.seed, rng_seed=config.seed_random)
        seed_ecwid(ecwid_store, config.seed, rng_seed=config.seed_random)
    except BaseException:
        store.close()
        raise
    knobs = Knobs(random.Random(config.seed_random))
    quiet_dropped_connections()
    open2b = Open2bApi(store, knobs, api_key=config.api_key, key_header=config.key_header)
    ecwid = EcwidApi(ecwid_store, knobs, store_id=config.ecwid_store_id, tokens=config.ecwid_tokens)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = Starlette(routes=[*open2b.routes(), *ecwid.routes(), *knobs.routes()], lifespan=lifespan)
    app.state.config = config
    app.state.store = store
    app.state.ecwid_store = ecwid_store
    app.state.knobs = knobs
    return app
