"""The gateway app over HTTP: probes, GET and POST, operation bounds, API tokens, datetimes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from gateway.harness import Emulator, Gateway, GatewayFactory, codes, without_cost
from helpers import ok


async def test_healthz(gateway: Gateway) -> None:
    response = await gateway.client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_when_the_upstream_answers(gateway: Gateway) -> None:
    response = await gateway.client.get("/readyz")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "backend": "open2b", "mode": "development"},
    )


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        ({"open2b_url": "http://127.0.0.1:9"}, "UPSTREAM_UNAVAILABLE"),
        ({"open2b_api_key": "wrong"}, "FORBIDDEN"),
    ],
)
async def test_readyz_when_the_upstream_does_not(
    make_gateway: GatewayFactory, settings: dict[str, Any], code: str
) -> None:
    gateway = await make_gateway(**settings)
    response = await gateway.client.get("/readyz")
    assert (response.status_code, response.json()) == (
        503,
        {"status": "unavailable", "code": code, "mode": "development"},
    )


async def test_query_by_get(gateway: Gateway) -> None:
    response = await gateway.client.get(
        "/graphql",
        params={
            "query": "query($id: ID!) { customer(id: $id) { id } }",
            "variables": '{"id": "1"}',
        },
    )
    assert response.status_code == 200
    result = response.json()
    assert without_cost(result)["actualQueryCost"] == 1
    assert result == {"data": {"customer": {"id": "1"}}}


async def test_mutation_by_get_is_refused(gateway: Gateway, knobs: Emulator) -> None:
    response = await gateway.client.get(
        "/graphql", params={"query": 'mutation { deleteCustomers(ids: ["1"]) { deletedIds } }'}
    )
    assert response.status_code in (400, 405)
    assert await knobs.calls() == 0


@pytest.mark.parametrize(
    ("query", "limit"),
    [
        # city is at depth 4 (customers is at 0)
        ("{ customers { edges { node { billingAddress { city } } } } }", {"max_depth": 3}),
        ('{ a: customer(id: "1") { id } b: customer(id: "2") { id } }', {"max_aliases": 1}),
        ('{ customer(id: "1") { id email fullName code locale } }', {"max_tokens": 10}),
    ],
)
async def test_operations_out_of_bounds_are_refused(
    make_gateway: GatewayFactory, knobs: Emulator, query: str, limit: dict[str, Any]
) -> None:
    gateway = await make_gateway(**limit)
    result = await gateway.query(query)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result.get("data") is None
    assert await knobs.calls() == 0


def aliases(count: int) -> str:
    return "{ " + " ".join(f'c{i}: customer(id: "{i}") {{ id }}' for i in range(count)) + " }"


async def test_default_bounds_let_a_big_batch_through(gateway: Gateway) -> None:
    assert "errors" not in await gateway.query(aliases(300))
    result = await gateway.query(aliases(301))
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["message"] == "301 aliases found. Allowed: 300"


@pytest.mark.parametrize(
    "query",
    [
        "{ customer(id: 1 { id } }",
        "{ nosuchfield }",
        '{ customer(id: "1") { encryptedPassword } }',
        '{ customers(first: "ten") { nodes { id } } }',
        "query($id: ID!) { customer(id: $id) { id } }",
    ],
)
async def test_request_errors_are_bad_user_input(gateway: Gateway, query: str) -> None:
    result = await gateway.query(query)
    assert codes(result) == ["BAD_USER_INPUT"]


ADMIN_QUERIES = [
    '{ customer(id: "1") { id } }',
    "{ customers { nodes { id } } }",
    "{ customersCount }",
]


@pytest.mark.parametrize("query", ADMIN_QUERIES)
async def test_api_tokens_guard_admin_queries(
    make_gateway: GatewayFactory, knobs: Emulator, query: str
) -> None:
    gateway = await make_gateway(api_tokens="first-token, second-token")
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "second-token"}):
        result = await gateway.query(query, headers=headers)
        assert codes(result) == ["UNAUTHENTICATED"], headers
        assert "token" in result["errors"][0]["message"]
    assert await knobs.calls() == 0
    result = await gateway.query(query, headers={"Authorization": "Bearer second-token"})
    assert "errors" not in result


async def test_without_api_tokens_admin_queries_are_open(gateway: Gateway) -> None:
    for query in ADMIN_QUERIES:
        assert "errors" not in await gateway.query(query)


async def test_upstream_times_are_store_local_with_offset(
    make_gateway: GatewayFactory, emulator: httpx.AsyncClient
) -> None:
    gateway = await make_gateway(store_timezone="Europe/Rome")
    body = {"conditions": {"ids": [1, 2]}, "fields": ["id", "creationTime", "updateTime"]}
    raw = (await ok(emulator, "commerce.customers.find", body))["customers"]
    result = await gateway.query(
        '{ a: customer(id: "1") { creationTime updateTime } b: customer(id: "2") { creationTime } }'
    )
    rome = ZoneInfo("Europe/Rome")
    for alias, upstream in zip("ab", raw, strict=True):
        shown = result["data"][alias]["creationTime"]
        local = datetime.fromisoformat(upstream["creationTime"]).replace(tzinfo=rome)
        assert shown == local.isoformat()
        assert datetime.fromisoformat(shown).utcoffset() in (rome.utcoffset(local),)
    assert result["data"]["a"]["creationTime"] == "2020-05-21T16:49:13+02:00"
