"""JWT access tokens over HTTP: real keys made here, a JWKS served on loopback, real signatures.

Every refusal costs no upstream call; storefront operations keep using X-Customer-Key.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from http_harness import in_process, serve
from pydantic import SecretStr
from signing import AUDIENCE, ISSUER, SigningKey, jwks
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from customer_gateway.app import create_app
from customer_gateway.emulator.app import EmulatorConfig
from customer_gateway.settings import Settings

READ = "customers:read"
WRITE = "customers:write"
CUSTOMER = '{ customer(id: "1") { id } }'
DELETE = 'mutation { deleteCustomers(ids: ["999"]) { deletedIds } }'
Gateway = Callable[..., Any]


class Identity:
    """A JWKS endpoint on 127.0.0.1 whose keys the test changes; it counts its fetches."""

    def __init__(self, *keys: SigningKey) -> None:
        self.keys = list(keys)
        self.fetches = 0
        self.app = Starlette(routes=[Route("/jwks.json", self.jwks)])

    async def jwks(self, request: Request) -> JSONResponse:
        self.fetches += 1
        return JSONResponse(jwks(*self.keys))


@pytest.fixture
async def stack() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as stack:
        yield stack


@pytest.fixture
def gateway(
    stack: AsyncExitStack, emulator_app: Starlette, emulator_config: EmulatorConfig
) -> Gateway:
    async def make(**overrides: Any) -> httpx.AsyncClient:
        values: dict[str, Any] = {
            "open2b_url": "http://open2b.test",
            "open2b_api_key": SecretStr(emulator_config.api_key),
            "jwt_issuer": ISSUER,
            "jwt_audience": AUDIENCE,
            **overrides,
        }
        app = create_app(Settings(**values), upstream_transport=httpx.ASGITransport(emulator_app))
        return await stack.enter_async_context(in_process(app))

    return make


async def calls(emulator: httpx.AsyncClient) -> int:
    stats = (await emulator.get("/__emulator/stats")).json()
    return sum(stats["calls"].values())


def bearer(token: str, scheme: str = "Bearer") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


async def run(client: httpx.AsyncClient, query: str, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    result: dict[str, Any] = response.json()
    result.pop("extensions", None)  # extensions.cost: every answer has one
    return result


def code(result: dict[str, Any]) -> str | None:
    errors = result.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


KEY = SigningKey.rsa()
OTHER = SigningKey.rsa("rsa-1")  # same kid, another key: a forged signature


def _forged(algorithm: str) -> str:
    """A token with `algorithm`: `none` unsigned, HS256 keyed with the trusted public PEM (the
    classic confusion; PyJWT will not even make one, so it is made by hand here)."""

    def part(value: bytes) -> str:
        return base64.urlsafe_b64encode(value).rstrip(b"=").decode()

    header = part(json.dumps({"alg": algorithm, "typ": "JWT", "kid": KEY.kid}).encode())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "exp": 2_000_000_000, "scope": READ}
    signing_input = f"{header}.{part(json.dumps(claims).encode())}"
    if algorithm == "none":
        return f"{signing_input}."
    signature = hmac.new(KEY.public_pem(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{part(signature)}"


REFUSED = {
    "no token": (None, "needs an access token"),
    "not a bearer": ("Basic dXNlcjpwYXNz", "needs an access token"),
    "garbage": ("not-a-jwt", "not valid"),
    "bad signature": (OTHER.token(scope=READ), "bad signature"),
    "wrong issuer": (KEY.token(scope=READ, iss="https://other.example.com/"), "wrong issuer"),
    "wrong audience": (KEY.token(scope=READ, aud="another-api"), "wrong audience"),
    "expired": (KEY.token(scope=READ, exp=1_600_000_000), "expired"),
    "not yet valid": (KEY.token(scope=READ, nbf=4_000_000_000), "not valid yet"),
    "no exp": (KEY.token(scope=READ, exp=None), "claim is missing"),
    "alg none": (_forged("none"), "not valid"),
    "HS256 with the public key": (_forged("HS256"), "algorithm"),
}


@pytest.mark.parametrize("case", REFUSED)
async def test_tokens_that_do_not_authenticate(
    gateway: Gateway, emulator: httpx.AsyncClient, tmp_path: Path, case: str
) -> None:
    token, reason = REFUSED[case]
    client = await gateway(jwt_public_key=KEY.write_public_pem(tmp_path / "key.pem"))
    headers = (
        {} if token is None else {"Authorization": token if " " in token else f"Bearer {token}"}
    )
    for query in (CUSTOMER, DELETE):
        result = await run(client, query, headers)
        assert code(result) == "UNAUTHENTICATED", result
        assert reason in result["errors"][0]["message"]
    assert await calls(emulator) == 0


@pytest.mark.parametrize("make_key", [SigningKey.rsa, SigningKey.ec], ids=["RS256", "ES256"])
@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
async def test_a_read_scope_reads_and_may_not_write(
    gateway: Gateway,
    emulator: httpx.AsyncClient,
    tmp_path: Path,
    make_key: Callable[[], SigningKey],
    scheme: str,
) -> None:
    key = make_key()
    client = await gateway(jwt_public_key=key.write_public_pem(tmp_path / "key.pem"))
    headers = bearer(key.token(scope=f"openid {READ}"), scheme)
    assert await run(client, CUSTOMER, headers) == {"data": {"customer": {"id": "1"}}}
    before = await calls(emulator)
    result = await run(client, DELETE, headers)
    assert code(result) == "FORBIDDEN"
    assert result["errors"][0]["message"] == f"The access token does not grant the scope {WRITE}"
    assert await calls(emulator) == before


async def test_scp_lists_and_the_write_scope(
    gateway: Gateway, emulator: httpx.AsyncClient, tmp_path: Path
) -> None:
    client = await gateway(jwt_public_key=KEY.write_public_pem(tmp_path / "key.pem"))
    writer = bearer(KEY.token(scp=[WRITE]))
    assert await run(client, DELETE, writer) == {"data": {"deleteCustomers": {"deletedIds": []}}}
    result = await run(client, "{ customersCount }", writer)
    assert code(result) == "FORBIDDEN"
    assert READ in result["errors"][0]["message"]
    assert code(await run(client, "{ customersCount }", bearer(KEY.token()))) == "FORBIDDEN"


async def test_static_tokens_still_work_beside_jwts(gateway: Gateway, tmp_path: Path) -> None:
    client = await gateway(
        jwt_public_key=KEY.write_public_pem(tmp_path / "key.pem"), api_tokens="static-one"
    )
    assert await run(client, CUSTOMER, bearer("static-one", "bEaReR")) == {
        "data": {"customer": {"id": "1"}}
    }
    assert code(await run(client, CUSTOMER, bearer("static-two"))) == "UNAUTHENTICATED"
    assert code(await run(client, CUSTOMER, bearer(KEY.token(scope=READ)))) is None


async def test_storefront_operations_need_no_token(gateway: Gateway, tmp_path: Path) -> None:
    client = await gateway(jwt_public_key=KEY.write_public_pem(tmp_path / "key.pem"))
    result = await run(
        client,
        'mutation { logIn(email: "holmes@inv-london.com", password: "sherlock221") '
        "{ customerKey } }",
        {},
    )
    key = result["data"]["logIn"]["customerKey"]
    me = await run(client, "{ me { id } }", {"X-Customer-Key": key, **bearer("junk.junk.junk")})
    assert me == {"data": {"me": {"id": "1"}}}


async def test_jwks_is_fetched_once_and_again_for_a_new_kid(
    gateway: Gateway, emulator: httpx.AsyncClient
) -> None:
    first, second = SigningKey.rsa("k1"), SigningKey.ec("k2")
    identity = Identity(first)
    async with serve(identity.app) as url:
        client = await gateway(jwt_jwks_url=f"{url}/jwks.json", jwt_jwks_min_refresh=2.0)
        for _ in range(3):
            assert code(await run(client, CUSTOMER, bearer(first.token(scope=READ)))) is None
        assert identity.fetches == 1
        # The identity provider rotates in a new key: an unknown kid fetches the set again,
        # once the last fetch is CG_JWT_JWKS_MIN_REFRESH seconds old.
        identity.keys.append(second)
        assert code(await run(client, CUSTOMER, bearer(second.token(scope=READ)))) == (
            "UNAUTHENTICATED"
        )
        assert identity.fetches == 1
        await asyncio.sleep(2.1)
        assert code(await run(client, CUSTOMER, bearer(second.token(scope=READ)))) is None
        assert identity.fetches == 2
        # Unknown kids right after: refused from the cache, no fetch per forged token.
        for n in range(5):
            stranger = SigningKey.rsa(f"forged-{n}")
            result = await run(client, CUSTOMER, bearer(stranger.token(scope=READ)))
            assert result["errors"][0]["message"] == (
                "The access token is not valid: no known key signed it"
            )
        assert identity.fetches == 2


async def test_an_unreachable_jwks_refuses_without_hanging(gateway: Gateway) -> None:
    client = await gateway(jwt_jwks_url="http://127.0.0.1:9/jwks.json")
    result = await run(client, CUSTOMER, bearer(KEY.token(scope=READ)))
    assert code(result) == "UNAUTHENTICATED"


async def test_tokens_never_reach_the_logs(
    gateway: Gateway, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = await gateway(jwt_public_key=KEY.write_public_pem(tmp_path / "key.pem"))
    tokens = [KEY.token(scope=READ), KEY.token(), OTHER.token(scope=READ)]
    for token in tokens:
        await run(client, CUSTOMER, bearer(token))
        await run(client, DELETE, bearer(token))
    logged = caplog.text
    for token in tokens:
        assert token not in logged
        assert token.split(".")[2] not in logged


def test_jwt_settings_need_issuer_and_audience(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CG_JWT_ISSUER and CG_JWT_AUDIENCE"):
        Settings(jwt_jwks_url="http://127.0.0.1:9/jwks.json")
    with pytest.raises(ValueError, match="cannot read a PEM public key"):
        (tmp_path / "bad.pem").write_text("not a key")
        create_app(
            Settings(jwt_public_key=tmp_path / "bad.pem", jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
        )
