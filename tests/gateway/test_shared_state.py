"""Replicas sharing one budget, block and cache through a real redis-server."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gateway.harness import COUNT, FIND, Emulator, GatewayFactory, codes, without_cost
from processes import emulator, free_port, gateway, redis_server

API_KEY = "replica-key"


@pytest.fixture
def upstream() -> Iterator[str]:
    with emulator(seed=120, api_key=API_KEY) as url:
        yield url


@contextlib.contextmanager
def replicas(upstream: str, redis_url: str, **settings: str) -> Iterator[tuple[str, str]]:
    common = {"open2b_url": upstream, "open2b_api_key": API_KEY, "redis_url": redis_url}
    with gateway(**common, **settings) as a, gateway(**common, **settings) as b:
        yield a, b


async def lookup(client: httpx.AsyncClient, url: str, customer_id: int) -> dict[str, Any]:
    query = f'{{ customer(id: "{customer_id}") {{ id code }} }}'
    response = await client.post(f"{url}/graphql", json={"query": query})
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


async def upstream_calls(client: httpx.AsyncClient, upstream: str) -> dict[str, int]:
    calls: dict[str, int] = (await client.get(f"{upstream}/__emulator/stats")).json()["calls"]
    return calls


async def test_two_replicas_spend_one_budget(upstream: str, redis_url: str) -> None:
    with replicas(upstream, redis_url, quota_calls="30", quota_window="300") as (a, b):
        async with httpx.AsyncClient(timeout=10) as client:
            slots = asyncio.Semaphore(10)

            async def one(n: int) -> dict[str, Any]:
                async with slots:
                    return await lookup(client, a if n % 2 else b, n)

            results = await asyncio.gather(*(one(n) for n in range(1, 101)))
            calls = await upstream_calls(client, upstream)
            ready = [(await client.get(f"{url}/readyz")).json() for url in (a, b)]
    answered = [r for r in results if "errors" not in r]
    limited = [r for r in results if codes(r) == ["RATE_LIMITED"]]
    assert sum(calls.values()) == calls[FIND] == 30
    assert len(answered) == 30 and len(limited) == 70
    for result in limited:
        assert 0 < result["errors"][0]["extensions"]["retryAfter"] <= 300
        assert without_cost(result)["actualQueryCost"] == 0
    # /readyz's own call is refused by the spent budget, but the replica stays in service: it
    # answers RATE_LIMITED with retryAfter rather than leave every replica out at once.
    assert ready[0] == {
        "status": "ok",
        "backend": "open2b",
        "mode": "development",
        "sharedState": "redis",
        "quota": "spent",
    }


async def test_a_write_through_one_replica_invalidates_the_others_cache(
    upstream: str, redis_url: str
) -> None:
    with replicas(upstream, redis_url, cache_ttl="60") as (a, b):
        async with httpx.AsyncClient(timeout=10) as client:
            first = (await lookup(client, b, 7))["data"]
            assert (await lookup(client, b, 7))["data"] == first
            assert (await lookup(client, a, 7))["data"] == first
            assert (await upstream_calls(client, upstream))[FIND] == 1  # the cache is shared

            update = 'mutation { updateCustomer(id: "7", input: {code: "R-7"}) { __typename } }'
            written = await client.post(f"{a}/graphql", json={"query": update})
            assert "errors" not in written.json()
            after = (await lookup(client, b, 7))["data"]
            assert after["customer"]["code"] == "R-7" != first["customer"]["code"]
            assert (await upstream_calls(client, upstream))[FIND] == 2


async def test_a_429_seen_by_one_replica_closes_the_budget_for_both(
    upstream: str, redis_url: str
) -> None:
    with replicas(upstream, redis_url, retry_max_delay="0") as (a, b):
        async with httpx.AsyncClient(timeout=10) as client:
            config = {"rateLimit": {"calls": 1, "windowSeconds": 60}}
            await client.post(f"{upstream}/__emulator/config", json=config)
            assert "errors" not in await lookup(client, a, 1)
            assert codes(await lookup(client, a, 2)) == ["RATE_LIMITED"]  # the upstream's 429
            refused = await lookup(client, b, 3)
            assert codes(refused) == ["RATE_LIMITED"]
            assert 55 <= refused["errors"][0]["extensions"]["retryAfter"] <= 60
            assert (await upstream_calls(client, upstream))[FIND] == 2


async def test_without_redis_a_replica_spends_its_share_then_returns(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    port = free_port()
    gateway = await make_gateway(
        redis_url=f"redis://127.0.0.1:{port}/0", quota_calls=6, quota_replicas=2
    )
    # Still ready (200): it serves, on its share of the budget (3 calls; the probe is one).
    ready = await gateway.client.get("/readyz")
    assert (ready.status_code, ready.json()["sharedState"]) == (200, "degraded")
    results = [await gateway.query("{ customersCount }") for _ in range(3)]
    assert [codes(result) for result in results] == [[], [], ["RATE_LIMITED"]]
    assert await knobs.calls(COUNT) == 3

    with redis_server(port):
        deadline = time.monotonic() + 10
        state = "degraded"
        while state != "redis" and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            await gateway.query("{ customersCount }")
            state = (await gateway.client.get("/readyz")).json().get("sharedState", "")
        assert state == "redis"
