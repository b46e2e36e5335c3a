"""A document is parsed and validated once, and its outcome kept: a repeated document gets the
same answer as the first time, refusals included."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from http_harness import in_process

from customer_gateway.app import create_app
from customer_gateway.settings import Settings

MODERN = "application/graphql-response+json"


@pytest.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(open2b_url="http://127.0.0.1:9", api_tokens=(), max_aliases=2))
    async with in_process(app) as client:
        yield client


async def _twice(client: httpx.AsyncClient, body: dict[str, Any]) -> list[httpx.Response]:
    return [await client.post("/graphql", json=body, headers={"Accept": MODERN}) for _ in range(2)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("{ customer(id: 1) { zzz } }", "Cannot query field 'zzz' on type 'Customer'."),
        ("{ customer(id: 1) { id ", "Syntax Error: Expected Name, found <EOF>."),
        ("{ a: __typename b: __typename c: __typename }", "3 aliases found. Allowed: 2"),
        (
            "query A { __typename } query B { __typename }",
            "The document has several operations: say which to run with operationName",
        ),
    ],
)
async def test_a_refused_document_is_refused_alike_every_time(
    gateway: httpx.AsyncClient, query: str, message: str
) -> None:
    first, second = await _twice(gateway, {"query": query})

    assert first.status_code == second.status_code == 400
    assert first.json() == second.json()
    assert [error["message"] for error in first.json()["errors"]] == [message]
    assert first.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


async def test_a_kept_document_still_needs_its_operation_name_per_request(
    gateway: httpx.AsyncClient,
) -> None:
    query = "query A { a: __typename } query B { b: __typename }"
    named = await _twice(gateway, {"query": query, "operationName": "B"})
    unnamed = await _twice(gateway, {"query": query})
    unknown = await gateway.post("/graphql", json={"query": query, "operationName": "C"})

    assert [response.json()["data"] for response in named] == [{"b": "Query"}] * 2
    assert [response.status_code for response in unnamed] == [400, 400]
    assert unknown.status_code == 400


async def test_variables_are_coerced_per_request(gateway: httpx.AsyncClient) -> None:
    query = "query($id: ID!) { customer(id: $id) { id } }"
    good = await gateway.post("/graphql", json={"query": query, "variables": {"id": "1"}})
    bad = await gateway.post("/graphql", json={"query": query, "variables": {"id": None}})

    assert good.json()["data"] == {"customer": None}  # the upstream is unreachable
    assert good.json()["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert bad.json()["data"] is None
    assert bad.json()["errors"][0]["message"].startswith("Variable '$id' has invalid value")


@pytest.mark.parametrize(
    ("query", "status"),
    [("{ a: __typename }", 200), ("{ customer(id: 1) { zzz } }", 400)],
    ids=["valid", "refused"],
)
async def test_concurrent_requests_of_a_new_document_get_its_one_answer(
    gateway: httpx.AsyncClient, query: str, status: int
) -> None:
    # A new text is prepared once, off the event loop; the requests that arrive meanwhile wait
    # for that preparation instead of starting their own.
    responses = await asyncio.gather(
        *(
            gateway.post("/graphql", json={"query": query}, headers={"Accept": MODERN})
            for _ in range(5)
        )
    )

    assert {response.status_code for response in responses} == {status}
    assert len({response.content for response in responses}) == 1


async def test_a_kept_document_answers_as_it_did_the_first_time(
    gateway: httpx.AsyncClient,
) -> None:
    # The first request prepares the document, the second runs it prepared.
    query = '{ __typename a: customer(id: "1") { id } b: customer(id: "x") { id } }'
    first, second = await _twice(gateway, {"query": query})

    assert first.status_code == second.status_code == 200
    answers = [first.json(), second.json()]
    # The same answer, but for the upstream budget left (each try spent calls).
    for answer in answers:
        del answer["extensions"]["cost"]["throttleStatus"]
    assert answers[0] == answers[1]
    assert answers[0]["data"] == {"__typename": "Query", "a": None, "b": None}
    assert answers[0]["extensions"]["cost"] == {"requestedQueryCost": 1, "actualQueryCost": 3}
    assert {error["path"][0] for error in answers[0]["errors"]} == {"a", "b"}


async def test_a_kept_cost_estimate_follows_the_variables(gateway: httpx.AsyncClient) -> None:
    query = 'query($more: Boolean!) { customer(id: "1") { id } customersCount @include(if: $more) }'
    costs = []
    for more in (True, False, True):
        response = await gateway.post(
            "/graphql", json={"query": query, "variables": {"more": more}}
        )
        costs.append(response.json()["extensions"]["cost"]["requestedQueryCost"])

    assert costs == [2, 1, 2]
