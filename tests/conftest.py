"""Shared fixtures: the emulator (Open2b and Ecwid), in-process over `httpx.ASGITransport`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.emulator.ecwid.api import FULL_TOKEN
from processes import redis_server


@pytest.fixture
def emulator_config(tmp_path: Path) -> EmulatorConfig:
    return EmulatorConfig(db_path=str(tmp_path / "open2b.sqlite3"), seed=50)


@pytest.fixture
def emulator_app(emulator_config: EmulatorConfig) -> Iterator[Starlette]:
    app = create_emulator_app(emulator_config)
    yield app
    app.state.store.close()


@pytest.fixture
async def emulator(
    emulator_app: Starlette, emulator_config: EmulatorConfig
) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=emulator_app),
        base_url="http://open2b.test",
        headers={emulator_config.key_header: emulator_config.api_key},
    ) as client:
        yield client


@pytest.fixture
async def ecwid(
    emulator_app: Starlette, emulator_config: EmulatorConfig
) -> AsyncIterator[httpx.AsyncClient]:
    """The emulator's Ecwid store, with the full-scope token; paths are relative to the store."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=emulator_app),
        base_url=f"http://ecwid.test/api/v3/{emulator_config.ecwid_store_id}/",
        headers={"Authorization": f"Bearer {FULL_TOKEN}"},
    ) as client:
        yield client


@pytest.fixture(scope="session")
def redis_server_url() -> Iterator[str]:
    """One redis-server (loopback, no persistence) for the whole run."""
    with redis_server() as url:
        yield url


@pytest.fixture
async def redis_url(redis_server_url: str) -> str:
    """The test's Redis, emptied first."""
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(redis_server_url)
    await client.flushall()
    await client.aclose()
    return redis_server_url
