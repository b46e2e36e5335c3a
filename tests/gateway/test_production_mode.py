"""CG_ENV=production over HTTP: no introspection, no GraphiQL, no suggestions; CORS; /readyz."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError

from customer_gateway.settings import Settings
from gateway.harness import Emulator, GatewayFactory, codes

INTROSPECTION = ["{ __schema { queryType { name } } }", '{ __type(name: "Customer") { name } }']
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.mark.parametrize("query", INTROSPECTION)
async def test_production_refuses_introspection_with_a_code(
    make_gateway: GatewayFactory, knobs: Emulator, query: str
) -> None:
    gateway = await make_gateway(env="production")
    result = await gateway.query(query)
    assert codes(result) == ["INTROSPECTION_DISABLED"]
    assert "data" not in result or result["data"] is None
    assert "Introspection is disabled" in result["errors"][0]["message"]
    # __typename is not introspection: clients (Apollo's cache) send it everywhere.
    assert await gateway.query("{ __typename }") == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("overrides", "allowed"),
    [
        ({}, True),
        ({"env": "development"}, True),
        ({"env": "production"}, False),
        ({"env": "production", "introspection": True}, True),
        ({"env": "development", "introspection": False}, False),
    ],
)
async def test_introspection_follows_env_and_its_switch(
    make_gateway: GatewayFactory, overrides: dict[str, Any], allowed: bool
) -> None:
    gateway = await make_gateway(**overrides)
    result = await gateway.query(INTROSPECTION[0])
    if allowed:
        assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    else:
        assert codes(result) == ["INTROSPECTION_DISABLED"]


@pytest.mark.parametrize(
    ("overrides", "page"),
    [
        ({}, True),
        ({"env": "production"}, False),
        ({"env": "production", "graphiql": True}, True),
        ({"graphiql": False}, False),
    ],
)
async def test_graphiql_follows_env_and_its_switch(
    make_gateway: GatewayFactory, overrides: dict[str, Any], page: bool
) -> None:
    gateway = await make_gateway(**overrides)
    response = await gateway.client.get("/graphql", headers=HTML)
    asset = await gateway.client.get("/graphiql/static/boot.js")
    if page:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert asset.status_code == 200
    else:
        assert response.status_code == 404
        assert "<html" not in response.text.lower()
        assert asset.status_code == 404
    # Queries by GET still work either way.
    query = await gateway.client.get("/graphql", params={"query": "{ __typename }"})
    assert query.json()["data"] == {"__typename": "Query"}


SUGGESTING = [
    ("{ customerz { id } }", "Cannot query field 'customerz' on type 'Query'."),
    (
        '{ customer(id: "1") { fulName } }',
        "Cannot query field 'fulName' on type 'Customer'.",
    ),
    (
        "query($o: CustomerSortField!) { customers(orderBy: [{field: $o}]) { totalCount } }",
        None,  # variable coercion: the enum value's suggestion comes from execution
    ),
]


@pytest.mark.parametrize(("query", "bare"), SUGGESTING)
async def test_production_gives_no_suggestions(
    make_gateway: GatewayFactory, query: str, bare: str | None
) -> None:
    variables = {"o": "FULL_NAM"}
    development = await make_gateway()
    production = await make_gateway(env="production")
    shown = await development.query(query, variables)
    hidden = await production.query(query, variables)
    assert "Did you mean" in shown["errors"][0]["message"]
    assert [e["message"] for e in hidden["errors"]] == [
        e["message"].split(" Did you mean ")[0] for e in shown["errors"]
    ]
    assert codes(hidden) == ["BAD_USER_INPUT"]
    if bare is not None:
        assert hidden["errors"][0]["message"] == bare


@pytest.mark.parametrize(
    ("overrides", "warned"),
    [
        ({"env": "production"}, True),
        ({"env": "production", "api_tokens": "a-token"}, False),
        ({"env": "development"}, False),
    ],
)
async def test_production_without_credentials_warns_at_start_up(
    make_gateway: GatewayFactory,
    caplog: pytest.LogCaptureFixture,
    overrides: dict[str, Any],
    warned: bool,
) -> None:
    await make_gateway(**overrides)
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("anyone who reaches the gateway" in w for w in warnings) == warned


@pytest.mark.parametrize("env", ["development", "production"])
async def test_readyz_reports_the_mode(make_gateway: GatewayFactory, env: str) -> None:
    gateway = await make_gateway(env=env)
    response = await gateway.client.get("/readyz")
    assert response.json() == {"status": "ok", "backend": "open2b", "mode": env}


APP = "https://shop.example.com"
PREFLIGHT = {
    "Origin": APP,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type, authorization, x-customer-key",
}


async def test_preflight_from_an_allowed_origin(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(env="production", cors_origins=f"{APP}, https://admin.example.com")
    response = await gateway.client.options("/graphql", headers=PREFLIGHT)
    assert response.status_code == 204
    assert response.content == b""
    headers = response.headers
    assert headers["access-control-allow-origin"] == APP
    assert set(headers["access-control-allow-methods"].split(", ")) == {"GET", "POST"}
    allowed = {name.strip().lower() for name in headers["access-control-allow-headers"].split(",")}
    assert {"content-type", "authorization", "x-customer-key"} <= allowed
    assert {"apollo-require-preflight", "x-apollo-operation-name"} <= allowed
    assert int(headers["access-control-max-age"]) > 0


async def test_answers_to_an_allowed_origin_expose_the_headers_clients_read(
    make_gateway: GatewayFactory,
) -> None:
    gateway = await make_gateway(cors_origins=APP)
    response = await gateway.client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": APP}
    )
    assert response.json()["data"] == {"__typename": "Query"}
    assert response.headers["access-control-allow-origin"] == APP
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert exposed == {"x-customer-key", "x-request-id"}


@pytest.mark.parametrize("cors_origins", ["", APP])
async def test_other_origins_get_no_cors_headers(
    make_gateway: GatewayFactory, knobs: Emulator, cors_origins: str
) -> None:
    gateway = await make_gateway(cors_origins=cors_origins)
    evil = "https://evil.example.net"
    preflight = await gateway.client.options("/graphql", headers={**PREFLIGHT, "Origin": evil})
    simple = await gateway.client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": evil}
    )
    for response in (preflight, simple):
        assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    assert preflight.status_code >= 400
    assert await knobs.calls() == 0


async def test_any_origin_in_development(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(cors_origins="*")
    response = await gateway.client.options(
        "/graphql", headers={**PREFLIGHT, "Origin": "http://localhost:5173"}
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"


def test_any_origin_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="CG_CORS_ORIGINS='\\*' is refused"):
        Settings.model_validate({"env": "production", "cors_origins": "*"})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"CG_ENV": "production", "CG_CORS_ORIGINS": "*"},
            "CG_CORS_ORIGINS='*' is refused when CG_ENV=production",
        ),
        ({"CG_PERSISTED_OPERATIONS": "/nonexistent/manifest.json"}, "cannot read a JSON manifest"),
        ({"CG_JWT_JWKS_URL": "http://127.0.0.1:9/jwks.json"}, "CG_JWT_ISSUER and CG_JWT_AUDIENCE"),
    ],
)
def test_serve_refuses_to_start_with_a_clear_message(env: dict[str, str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "customer_gateway.cli", "serve", "--port", "0"],
        env={**env, "CG_OPEN2B_API_KEY": "upstream-secret"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert "upstream-secret" not in done.stderr + done.stdout
