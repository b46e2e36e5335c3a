"""Ecwid tokens, stores and scopes: 403 with an empty body or an ACCESS_DENIED body."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.emulator.ecwid.api import FULL_TOKEN, NO_SCOPE_TOKEN, READ_ONLY_TOKEN

# method, path, body, the scope it needs
OPERATIONS: list[tuple[str, str, Any, str]] = [
    ("GET", "customers", None, "read_customers"),
    ("GET", "customers/1", None, "read_customers"),
    ("POST", "customers", {"email": "lestrade@yard.example.com"}, "create_customers"),
    ("PUT", "customers/1", {"taxId": "GB1"}, "update_customers"),
    ("DELETE", "customers/1", None, "update_customers"),
]
IDS = [f"{method} {path}" for method, path, _, _ in OPERATIONS]


@pytest.fixture
async def anonymous(emulator_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=emulator_app), base_url="http://ecwid.test/api/v3/"
    ) as client:
        yield client


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        FULL_TOKEN,  # no scheme
        f"Token {FULL_TOKEN}",
        f"Basic {FULL_TOKEN}",
        f"Bearer {FULL_TOKEN} extra",
        "Bearer secret_unknown",
        f"Bearer {FULL_TOKEN.upper()}",
    ],
)
@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS, ids=IDS)
async def test_no_or_unknown_token_is_403_with_an_empty_body(
    anonymous: httpx.AsyncClient,
    authorization: str | None,
    method: str,
    path: str,
    body: Any,
    scope: str,
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = await anonymous.request(method, f"1003/{path}", json=body, headers=headers)
    assert (response.status_code, response.content) == (403, b"")


@pytest.mark.parametrize("store_id", ["1004", "0", "abc", "01003"])
@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS, ids=IDS)
async def test_another_store_is_403_access_denied(
    anonymous: httpx.AsyncClient, store_id: str, method: str, path: str, body: Any, scope: str
) -> None:
    headers = {"Authorization": f"Bearer {FULL_TOKEN}"}
    response = await anonymous.request(method, f"{store_id}/{path}", json=body, headers=headers)
    assert response.status_code == 403
    assert response.json() == {
        "errorMessage": f"The token does not grant access to store {store_id}",
        "errorCode": "ACCESS_DENIED",
    }


@pytest.mark.parametrize(
    ("token", "scopes"),
    [
        (FULL_TOKEN, {"read_customers", "update_customers", "create_customers"}),
        (READ_ONLY_TOKEN, {"read_customers"}),
        (NO_SCOPE_TOKEN, set()),
    ],
)
@pytest.mark.parametrize(("method", "path", "body", "scope"), OPERATIONS, ids=IDS)
async def test_scopes_per_method(
    anonymous: httpx.AsyncClient,
    token: str,
    scopes: set[str],
    method: str,
    path: str,
    body: Any,
    scope: str,
) -> None:
    headers = {"Authorization": f"bearer   {token}"}  # the scheme is case-insensitive
    response = await anonymous.request(method, f"1003/{path}", json=body, headers=headers)
    if scope in scopes:
        assert response.status_code == 200, response.text
    else:
        assert (response.status_code, response.json()) == (
            403,
            {
                "errorMessage": f"The token does not have the '{scope}' access scope",
                "errorCode": "ACCESS_DENIED",
            },
        )


async def test_auth_comes_before_parameters_and_bodies(anonymous: httpx.AsyncClient) -> None:
    readonly = {"Authorization": f"Bearer {READ_ONLY_TOKEN}"}
    bad_limit = await anonymous.get("1003/customers?limit=1000")
    assert (bad_limit.status_code, bad_limit.content) == (403, b"")
    bad_body = await anonymous.post("1003/customers", content=b"nope", headers=readonly)
    assert (bad_body.status_code, bad_body.json()["errorCode"]) == (403, "ACCESS_DENIED")


async def test_tokens_and_store_id_are_configurable() -> None:
    config = EmulatorConfig(
        ecwid_store_id="42",
        ecwid_tokens={"secret_creator": frozenset({"create_customers"})},
    )
    app = create_emulator_app(config)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://e.test") as client:
            headers = {"Authorization": "Bearer secret_creator"}
            created = await client.post(
                "/api/v3/42/customers", json={"email": "a@b.example"}, headers=headers
            )
            read = await client.get("/api/v3/42/customers", headers=headers)
            old = await client.get(
                "/api/v3/1003/customers", headers={"Authorization": f"Bearer {FULL_TOKEN}"}
            )
    finally:
        app.state.store.close()
    assert (created.status_code, created.json()) == (200, {"id": 2})
    assert (read.status_code, read.json()["errorCode"]) == (403, "ACCESS_DENIED")
    assert (old.status_code, old.content) == (403, b"")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "customers"),
        ("DELETE", "customers"),
        ("POST", "customers/1"),
        ("PATCH", "customers/1"),
    ],
)
async def test_other_methods_are_405(ecwid: httpx.AsyncClient, method: str, path: str) -> None:
    assert (await ecwid.request(method, path)).status_code == 405
