"""The emulator app: an Open2b API v10 customers upstream on SQLite, plus test knobs.

`create_emulator_app(config)` opens and seeds the database at once, so the app works without
ASGI lifespan events (`httpx.ASGITransport` sends none); lifespan shutdown, or
`app.state.store.close()`, closes it (and removes it when it was a temporary file).
Other upstreams (Ecwid) add their routes next to Open2b's.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from starlette.applications import Starlette

from customer_gateway.emulator.knobs import Knobs, quiet_dropped_connections
from customer_gateway.emulator.open2b import Open2bApi
from customer_gateway.emulator.seed import seed
from customer_gateway.emulator.store import Store


@dataclass(frozen=True, slots=True)
class EmulatorConfig:
    db_path: str | None = None  # None: a temporary file, removed on close
    seed: int = 0  # customers to create in an empty database (Holmes is always id 1)
    api_key: str = "emulator-key"
    key_header: str = "X-Key"
    seed_random: int = 221  # seeds the customer generator and the failureRate dice


def create_emulator_app(config: EmulatorConfig | None = None) -> Starlette:
    config = config or EmulatorConfig()
    store = Store(config.db_path)
    try:
        seed(store, config.seed, rng_seed=config.seed_random)
    except BaseException:
        store.close()
        raise
    knobs = Knobs(random.Random(config.seed_random))
    quiet_dropped_connections()
    open2b = Open2bApi(store, knobs, api_key=config.api_key, key_header=config.key_header)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = Starlette(routes=[*open2b.routes(), *knobs.routes()], lifespan=lifespan)
    app.state.config = config
    app.state.store = store
    app.state.knobs = knobs
    return app
