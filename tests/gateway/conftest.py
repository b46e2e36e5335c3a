"""Gateway fixtures: the gateway app, its lifespan run, talking to the in-process emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from opentelemetry.sdk.trace import TracerProvider
from starlette.applications import Starlette

from customer_gateway.app import create_app
from customer_gateway.emulator.app import EmulatorConfig
from gateway.backends import BACKENDS, Backend
from gateway.harness import (
    EMULATOR_URL,
    Emulator,
    Gateway,
    GatewayFactory,
    settings_for,
    upstream_url,
)


@pytest.fixture
async def make_gateway(
    emulator_app: Starlette, emulator_config: EmulatorConfig
) -> AsyncIterator[GatewayFactory]:
    """Build a gateway with settings overrides; the default upstream is the emulator."""
    async with AsyncExitStack() as stack:

        async def make(
            *,
            transport: httpx.AsyncBaseTransport | None = None,
            traces: TracerProvider | None = None,
            **overrides: Any,
        ) -> Gateway:
            settings = settings_for(emulator_config, **overrides)
            upstream = transport
            if upstream is None and upstream_url(settings).startswith(EMULATOR_URL):
                upstream = httpx.ASGITransport(app=emulator_app)
            app = create_app(settings, upstream_transport=upstream, traces=traces)
            manager = await stack.enter_async_context(LifespanManager(app))
            client = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=manager.app),
                    base_url="http://gateway.test",
                )
            )
            return Gateway(client, settings)

        yield make


@pytest.fixture
async def gateway(make_gateway: GatewayFactory) -> Gateway:
    return await make_gateway()


@pytest.fixture
def knobs(emulator: httpx.AsyncClient) -> Emulator:
    return Emulator(emulator)


@pytest.fixture(params=BACKENDS)
async def backend(
    request: pytest.FixtureRequest, make_gateway: GatewayFactory, knobs: Emulator
) -> Backend:
    """The gateway on each backend in turn (a test using it runs once per backend)."""
    name: str = request.param
    return Backend(name, await make_gateway(backend=name), knobs)


@pytest.fixture
async def ecwid_gateway(make_gateway: GatewayFactory) -> Gateway:
    return await make_gateway(backend="ecwid")
