"""GraphQL over HTTP: the media type a client asks for, and the status codes that go with it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from http_harness import in_process

from customer_gateway.app import create_app
from customer_gateway.http.graphql_over_http import (
    APPLICATION_JSON,
    GRAPHQL_RESPONSE_JSON,
    negotiate,
)
from customer_gateway.settings import Settings

MODERN = GRAPHQL_RESPONSE_JSON
LEGACY = APPLICATION_JSON


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, LEGACY),
        ("", LEGACY),
        ("*/*", LEGACY),
        ("application/*", LEGACY),
        ("application/json", LEGACY),
        ("application/graphql-response+json", MODERN),
        ("application/graphql-response+json, application/json;q=0.9", MODERN),
        ("application/json, application/graphql-response+json", MODERN),
        ("application/json, application/graphql-response+json;q=0.5", LEGACY),
        ("application/graphql-response+json;q=0", LEGACY),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON; charset=utf-8", MODERN),
        ("application/graphql-response+json;q=0.8, */*;q=0.1", MODERN),
        ("text/html", LEGACY),
        ("application/graphql-response+json;q=bogus, application/json", LEGACY),
    ],
)
def test_accept_negotiation(accept: str | None, expected: str) -> None:
    assert negotiate(accept) == expected


@pytest.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(open2b_url="http://127.0.0.1:9", api_tokens=()))
    async with in_process(app) as client:
        yield client


PARSE_ERROR = {"query": "{"}
VALIDATION_ERROR = {"query": "{ noSuchField }"}
COERCION_ERROR = {"query": "query($id: ID!) { customer(id: $id) { id } }", "variables": {}}
FINE = {"query": "{ __typename }"}


@pytest.mark.parametrize(
    ("body", "accept", "status", "content_type", "has_data"),
    [
        (PARSE_ERROR, MODERN, 400, MODERN, False),
        (VALIDATION_ERROR, MODERN, 400, MODERN, False),
        (COERCION_ERROR, MODERN, 400, MODERN, False),
        (FINE, MODERN, 200, MODERN, True),
        (PARSE_ERROR, LEGACY, 200, LEGACY, True),
        (VALIDATION_ERROR, LEGACY, 200, LEGACY, True),
        (COERCION_ERROR, LEGACY, 200, LEGACY, True),
        (FINE, LEGACY, 200, LEGACY, True),
        (FINE, "*/*", 200, LEGACY, True),
    ],
    ids=[
        "parse-modern",
        "validation-modern",
        "coercion-modern",
        "ok-modern",
        "parse-legacy",
        "validation-legacy",
        "coercion-legacy",
        "ok-legacy",
        "ok-any",
    ],
)
async def test_status_and_media_type_follow_the_spec(
    gateway: httpx.AsyncClient,
    body: dict[str, Any],
    accept: str,
    status: int,
    content_type: str,
    has_data: bool,
) -> None:
    response = await gateway.post("/graphql", json=body, headers={"Accept": accept})

    assert response.status_code == status
    assert response.headers["content-type"] == f"{content_type}; charset=utf-8"
    payload = response.json()
    assert ("data" in payload) is has_data
    if body is not FINE:
        assert payload["errors"]


async def test_an_execution_error_keeps_data_and_200(gateway: httpx.AsyncClient) -> None:
    # The upstream is unreachable: execution started, the field failed, data is there (null).
    response = await gateway.post(
        "/graphql", json={"query": '{ customer(id: "1") { id } }'}, headers={"Accept": MODERN}
    )

    assert response.status_code == 200
    payload = response.json()
    assert "data" in payload
    assert payload["errors"][0]["path"] == ["customer"]


async def test_a_mutation_over_get_is_405_with_allow_post(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get(
        "/graphql",
        params={"query": "mutation { deleteCustomers(ids: []) { deletedIds } }"},
        headers={"Accept": LEGACY},
    )

    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_a_body_that_is_not_json_is_400(gateway: httpx.AsyncClient) -> None:
    response = await gateway.post(
        "/graphql",
        content=b"{not json",
        headers={"Content-Type": "application/json", "Accept": MODERN},
    )

    assert response.status_code == 400
