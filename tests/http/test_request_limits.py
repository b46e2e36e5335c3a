"""What `/graphql` refuses before any GraphQL runs: too big, wrong media type, not an operation.

Every refusal is a GraphQL JSON body, `{"errors": [{"message", "extensions": {"code"}}]}`,
with the status the GraphQL-over-HTTP spec gives.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from http_harness import in_process

from customer_gateway.app import create_app
from customer_gateway.settings import Settings

MAX_BODY_BYTES = 4096
JSON = "application/json"
MODERN = "application/graphql-response+json"
TYPENAME = b'{"query": "{ __typename }"}'


@pytest.fixture
async def gateway() -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(open2b_url="http://127.0.0.1:9", max_body_bytes=MAX_BODY_BYTES)
    async with in_process(create_app(settings)) as client:
        yield client


def _refusal(response: httpx.Response, status: int, code: str, media_type: str = JSON) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == f"{media_type}; charset=utf-8"
    body: dict[str, Any] = response.json()
    assert list(body) == ["errors"]
    (error,) = body["errors"]
    assert error["extensions"] == {"code": code}
    message: str = error["message"]
    return message


def _padded(size: int) -> bytes:
    """A valid request body of exactly `size` bytes (spaces before the closing brace)."""
    return TYPENAME[:-1] + b" " * (size - len(TYPENAME)) + b"}"


async def test_a_body_over_the_bound_is_413(gateway: httpx.AsyncClient) -> None:
    fits = await gateway.post(
        "/graphql", content=_padded(MAX_BODY_BYTES), headers={"Content-Type": JSON}
    )
    too_big = await gateway.post(
        "/graphql",
        content=_padded(MAX_BODY_BYTES + 1),
        headers={"Content-Type": JSON, "Accept": MODERN},
    )

    assert fits.json()["data"] == {"__typename": "Query"}
    message = _refusal(too_big, 413, "PAYLOAD_TOO_LARGE", MODERN)
    assert message == f"The request body is larger than {MAX_BODY_BYTES} bytes"


async def test_a_streamed_body_is_refused_before_it_is_read_whole(
    gateway: httpx.AsyncClient,
) -> None:
    sent = 0

    async def chunks() -> AsyncIterator[bytes]:
        # No Content-Length: the gateway learns the size only by reading.
        nonlocal sent
        yield TYPENAME[:-1]
        for _ in range(1000):
            sent += 1
            yield b" " * 1000

    response = await gateway.post("/graphql", content=chunks(), headers={"Content-Type": JSON})

    _refusal(response, 413, "PAYLOAD_TOO_LARGE")
    assert sent <= MAX_BODY_BYTES // 1000 + 1  # not one chunk more than the bound needs


async def test_a_query_string_over_the_bound_is_414(gateway: httpx.AsyncClient) -> None:
    query = "{ __typename }" + " " * MAX_BODY_BYTES
    response = await gateway.get("/graphql", params={"query": query})

    message = _refusal(response, 414, "PAYLOAD_TOO_LARGE")
    assert message.startswith(f"The query string is longer than {MAX_BODY_BYTES} bytes")


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", JSON, 400, "BAD_REQUEST"),
        (b'"a string"', JSON, 400, "BAD_REQUEST"),
        (b"42", JSON, 400, "BAD_REQUEST"),
        (b"{}", JSON, 400, "BAD_REQUEST"),
        (b'{"query": 42}', JSON, 400, "BAD_REQUEST"),
        (b'[{"query": "{ __typename }"}]', JSON, 400, "BAD_REQUEST"),
        (TYPENAME, "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (TYPENAME, "application/jsonx", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (TYPENAME, "application/graphql", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (TYPENAME, None, 415, "UNSUPPORTED_MEDIA_TYPE"),
    ],
    ids=[
        "not-json",
        "a-string",
        "a-number",
        "no-query",
        "query-not-a-string",
        "batch",
        "text-plain",
        "jsonx",
        "graphql",
        "no-content-type",
    ],
)
@pytest.mark.parametrize("accept", [JSON, MODERN])
async def test_refused_requests_are_graphql_json_errors(
    gateway: httpx.AsyncClient,
    content: bytes,
    content_type: str | None,
    status: int,
    code: str,
    accept: str,
) -> None:
    headers = {"Accept": accept} | ({"Content-Type": content_type} if content_type else {})
    response = await gateway.post("/graphql", content=content, headers=headers)

    _refusal(response, status, code, accept)


@pytest.mark.parametrize(
    "content_type",
    ["APPLICATION/JSON", "Application/Json; charset=UTF-8", "application/json ;charset=utf-8"],
)
async def test_the_media_type_is_matched_case_insensitively(
    gateway: httpx.AsyncClient, content_type: str
) -> None:
    response = await gateway.post(
        "/graphql", content=TYPENAME, headers={"Content-Type": content_type}
    )

    assert response.json()["data"] == {"__typename": "Query"}


async def test_other_methods_are_405_with_allow(gateway: httpx.AsyncClient) -> None:
    put = await gateway.put("/graphql", content=TYPENAME, headers={"Content-Type": JSON})
    mutation_by_get = await gateway.get(
        "/graphql", params={"query": "mutation { deleteCustomers(ids: []) { deletedIds } }"}
    )

    _refusal(put, 405, "METHOD_NOT_ALLOWED")
    assert put.headers["allow"] == "GET, POST"
    _refusal(mutation_by_get, 405, "METHOD_NOT_ALLOWED")
    assert mutation_by_get.headers["allow"] == "POST"
