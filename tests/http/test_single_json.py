"""The common request (one operation POSTed as a JSON object) has a shorter way through the
view than any other; both ways give the same answers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import orjson
import pytest
from http_harness import in_process

from customer_gateway.app import create_app
from customer_gateway.settings import Settings

QUERY = 'query Q($id: ID!) { __typename customer(id: $id) { id } other: customer(id: "x") { id } }'
VARIABLES = {"id": "1"}


@pytest.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(open2b_url="http://127.0.0.1:9", api_tokens=()))
    async with in_process(app) as client:
        yield client


async def test_every_way_of_sending_one_operation_gets_one_answer(
    gateway: httpx.AsyncClient,
) -> None:
    body = {"query": QUERY, "variables": VARIABLES, "operationName": "Q"}
    common = await gateway.post("/graphql", json=body)
    with_extensions = await gateway.post("/graphql", json={**body, "extensions": {}})
    with_charset = await gateway.post(
        "/graphql",
        content=orjson.dumps(body),
        headers={"Content-Type": "Application/JSON; charset=utf-8"},
    )
    by_get = await gateway.get(
        "/graphql", params={"query": QUERY, "variables": orjson.dumps(VARIABLES).decode()}
    )

    answers = [common, with_extensions, with_charset, by_get]
    assert {response.status_code for response in answers} == {200}
    assert {response.headers["content-type"] for response in answers} == {
        "application/json; charset=utf-8"
    }
    bodies = [response.json() for response in answers]
    for body_seen in bodies:  # the upstream budget left differs: each request spent calls
        del body_seen["extensions"]["cost"]["throttleStatus"]
    assert all(body_seen == bodies[0] for body_seen in bodies)
    assert bodies[0]["data"] == {"__typename": "Query", "customer": None, "other": None}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'{"query": "{ __typename }"', 400),  # not JSON
        (b'{"query": 1}', 400),
        (b'{"query": "{ __typename }", "variables": []}', 400),
        (b"[]", 400),  # a batch
        (b'"text"', 400),
        (b"{}", 400),  # no query
    ],
)
async def test_bodies_the_short_way_does_not_take_are_answered_as_before(
    gateway: httpx.AsyncClient, body: bytes, status: int
) -> None:
    response = await gateway.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == status
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_the_short_way_answers_the_modern_media_type_and_refusals(
    gateway: httpx.AsyncClient,
) -> None:
    modern = {"Accept": "application/graphql-response+json"}
    refused = await gateway.post("/graphql", json={"query": "{ zzz }"}, headers=modern)
    fine = await gateway.post("/graphql", json={"query": "{ __typename }"}, headers=modern)

    assert refused.status_code == 400 and "data" not in refused.json()
    assert fine.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    assert fine.json()["data"] == {"__typename": "Query"}
