"""Operation bounds checked in time linear in the document: no document can stall the gateway."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query
from http_harness import in_process, serve_process

from customer_gateway.app import create_app
from customer_gateway.settings import Settings

MODERN = "application/graphql-response+json"


def doubling_fragments(count: int, leaf: str = "id") -> str:
    """Fragments that each spread the previous one twice: 2^(count-1) fields once expanded."""
    fragments = "".join(
        f" fragment F{i} on Customer {{ {leaf if i == 0 else f'...F{i - 1} ...F{i - 1}'} }}"
        for i in range(count)
    )
    return f"{{ me {{ ...F{count - 1} }} }}{fragments}"


def test_doubling_fragments_are_answered_at_once_and_healthz_stays_up() -> None:
    """The repro of issue 10: validation expanded every spread, 2^30 steps for 30 fragments."""

    async def scenario(url: str) -> tuple[httpx.Response, ...]:
        # Generous timeouts: they only stop the test from hanging on a gateway that stalls.
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            return await asyncio.gather(
                client.post("/graphql", json={"query": doubling_fragments(22)}),
                client.post("/graphql", json={"query": doubling_fragments(30)}),
                client.post("/graphql", json={"query": doubling_fragments(30, "a: id")}),
                client.get("/healthz"),
            )

    with serve_process(CG_OPEN2B_URL="http://127.0.0.1:9") as served:
        twenty_two, thirty, aliased, health = asyncio.run(scenario(served.url))

    assert twenty_two.json()["data"] == {"me": None}  # no customer key: me is null
    assert thirty.json()["data"] == {"me": None}
    assert aliased.json()["errors"][0]["message"] == "536870912 aliases found. Allowed: 300"
    assert aliased.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert health.json() == {"status": "ok"}


@pytest.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(open2b_url="http://127.0.0.1:9", api_tokens=()))
    async with in_process(app) as client:
        yield client


async def _post(client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"Accept": MODERN})


def _of_type_chain(links: int) -> str:
    """An introspection query of depth `links` + 3."""
    inner = "name"
    for _ in range(links):
        inner = f"ofType {{ {inner} }}"
    return f'{{ __type(name: "Customer") {{ fields {{ type {{ {inner} }} }} }} }}'


async def test_the_depth_bound_counts_introspection(gateway: httpx.AsyncClient) -> None:
    graphiql = await _post(gateway, {"query": get_introspection_query()})
    shallow = await _post(gateway, {"query": _of_type_chain(11)})
    deep = await _post(gateway, {"query": _of_type_chain(12)})

    assert graphiql.status_code == 200 and "errors" not in graphiql.json()
    assert shallow.status_code == 200 and "errors" not in shallow.json()
    assert deep.status_code == 400
    assert deep.json()["errors"] == [
        {
            "message": "'anonymous' exceeds maximum operation depth of 14",
            "locations": [{"line": 1, "column": 1}],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]


async def test_a_chain_of_hundreds_of_fragments_is_refused(gateway: httpx.AsyncClient) -> None:
    chain = "".join(
        f" fragment F{i} on Customer {{ {'id' if i == 0 else f'...F{i - 1}'} }}" for i in range(600)
    )
    response = await _post(gateway, {"query": "{ me { ...F599 } }" + chain})

    assert response.status_code == 400
    codes = {error["extensions"]["code"] for error in response.json()["errors"]}
    assert codes == {"BAD_USER_INPUT"}


async def test_a_long_comment_is_refused_before_it_is_lexed(gateway: httpx.AsyncClient) -> None:
    response = await _post(gateway, {"query": "#" + "x" * 100_000 + "\n{ __typename }"})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "The document is longer than 100000 characters",
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]


async def test_validation_has_a_deadline() -> None:
    app = create_app(Settings(open2b_url="http://127.0.0.1:9", validation_timeout=1e-9))
    async with in_process(app) as client:
        response = await _post(client, {"query": "{ __typename }"})

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "The operation took longer than 1e-09 s to validate",
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]


TWO_OPERATIONS = "query A { __typename } query B { customer(id: 1) { id } }"


async def test_several_operations_need_an_operation_name(gateway: httpx.AsyncClient) -> None:
    unnamed = await _post(gateway, {"query": TWO_OPERATIONS})
    named = await _post(gateway, {"query": TWO_OPERATIONS, "operationName": "A"})

    assert unnamed.status_code == 400
    assert unnamed.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "operationName" in unnamed.json()["errors"][0]["message"]
    assert named.json()["data"] == {"__typename": "Query"}


async def test_a_response_name_repeated_over_the_bound_is_refused_before_validation(
    gateway: httpx.AsyncClient,
) -> None:
    # graphql-core compares same-named fields pairwise: 1,200 of these validated for 3.7 s.
    repeated = " ".join(f'customer(id: "{i}") {{ id }}' for i in range(1000))
    fine = " ".join('customer(id: "1") { id }' for _ in range(25))
    refused = await _post(gateway, {"query": "{ " + repeated + " }"})
    accepted = await _post(gateway, {"query": "{ " + fine + " }"})

    assert refused.status_code == 400
    assert [error["message"] for error in refused.json()["errors"]] == [
        "'customer' is selected 1000 times in one selection set; at most 25"
    ]
    assert accepted.status_code == 200  # the upstream is unreachable: a field error
