"""Automatic persisted queries in Redis (CG_REDIS_URL): shared by replicas, bounded, and
in-process when Redis cannot be reached. A real redis-server on a loopback port."""

from __future__ import annotations

import hashlib
from typing import Any

from gateway.harness import Gateway, GatewayFactory, codes

FREE_FORM = '{ customer(id: "1") { id } }'
COUNT = "{ customersCount }"


def by_hash(query: str, *, with_query: bool) -> dict[str, Any]:
    sha = hashlib.sha256(query.encode()).hexdigest()
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha}}}
    if with_query:
        body["query"] = query
    return body


async def send(gateway: Gateway, body: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = (await gateway.client.post("/graphql", json=body)).json()
    return result


async def test_a_document_registered_on_one_replica_runs_on_another(
    make_gateway: GatewayFactory, redis_url: str
) -> None:
    first = await make_gateway(redis_url=redis_url)
    second = await make_gateway(redis_url=redis_url)
    assert codes(await send(second, by_hash(FREE_FORM, with_query=False))) == [
        "PERSISTED_QUERY_NOT_FOUND"
    ]
    registered = await send(first, by_hash(FREE_FORM, with_query=True))
    assert registered["data"] == {"customer": {"id": "1"}}
    assert (await send(second, by_hash(FREE_FORM, with_query=False)))["data"] == registered["data"]


async def test_redis_keeps_at_most_the_bound(make_gateway: GatewayFactory, redis_url: str) -> None:
    gateway = await make_gateway(redis_url=redis_url, apq_max_entries=1)
    other = await make_gateway(redis_url=redis_url, apq_max_entries=1)
    for query in (FREE_FORM, COUNT):
        assert "errors" not in await send(gateway, by_hash(query, with_query=True))
    # Asked of another replica, whose own memory has neither: Redis kept only the last.
    assert "errors" not in await send(other, by_hash(COUNT, with_query=False))
    missing = await send(other, by_hash(FREE_FORM, with_query=False))
    assert codes(missing) == ["PERSISTED_QUERY_NOT_FOUND"]


async def test_without_redis_a_replica_keeps_its_own(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(redis_url="redis://127.0.0.1:9/0")
    assert "errors" not in await send(gateway, by_hash(FREE_FORM, with_query=True))
    result = await send(gateway, by_hash(FREE_FORM, with_query=False))
    assert result["data"] == {"customer": {"id": "1"}}
