"""gzip: large answers and GraphiQL's files are compressed for clients that accept it."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
from http_harness import in_process, require_vendor_dir
from pydantic import SecretStr
from starlette.applications import Starlette

from customer_gateway.app import create_app
from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.emulator.ecwid.api import FULL_TOKEN
from customer_gateway.settings import Settings

PAGE = "{ customers(first: 50) { totalCount nodes { id fullName email billingAddress { city } } } }"
SMALL = '{ customer(id: "1") { id } }'


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[Starlette]:
    app = create_emulator_app(EmulatorConfig(db_path=str(tmp_path / "e.sqlite3"), seed=60))
    yield app
    app.state.store.close()


def _gateway(emulator: Starlette, **overrides: object) -> Starlette:
    settings = Settings(
        open2b_url="http://open2b.test",
        open2b_api_key=SecretStr("emulator-key"),
        ecwid_token=SecretStr(FULL_TOKEN),
        api_tokens=(),
        **overrides,  # type: ignore[arg-type]
    )
    return create_app(settings, upstream_transport=httpx.ASGITransport(app=emulator))


async def _raw_post(
    client: httpx.AsyncClient, query: str, encoding: str
) -> tuple[httpx.Headers, bytes]:
    """POST; the answer's headers and its body as sent on the wire (httpx would decode it)."""
    request = client.build_request(
        "POST", "/graphql", json={"query": query}, headers={"Accept-Encoding": encoding}
    )
    response = await client.send(request, stream=True)
    body = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return response.headers, body


async def test_large_answers_are_gzipped_and_stay_the_same(emulator: Starlette) -> None:
    async with in_process(_gateway(emulator)) as client:
        zipped, zipped_body = await _raw_post(client, PAGE, "gzip")
        plain, plain_body = await _raw_post(client, PAGE, "identity")
        small, _ = await _raw_post(client, SMALL, "gzip")

    assert zipped["content-encoding"] == "gzip"
    assert "content-encoding" not in plain
    assert "accept-encoding" in zipped["vary"].lower()
    body = gzip.decompress(zipped_body)
    assert orjson.loads(body)["data"] == orjson.loads(plain_body)["data"]  # the cost varies
    assert len(zipped_body) < len(body) / 3
    assert orjson.loads(body)["data"]["customers"]["totalCount"] == 60
    assert "content-encoding" not in small  # under 1 KiB: not worth it


async def test_graphiql_assets_are_gzipped(emulator: Starlette) -> None:
    vendor = require_vendor_dir()
    bundle = "graphiql@3.8.3/graphiql.min.js"
    async with in_process(_gateway(emulator)) as client:
        response = await client.get(
            f"/graphiql/static/vendor/{bundle}", headers={"Accept-Encoding": "gzip"}
        )
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    # httpx decoded it: what the browser runs is the file itself.
    assert response.content == (vendor / bundle).read_bytes()


async def test_gzip_can_be_turned_off(emulator: Starlette) -> None:
    async with in_process(_gateway(emulator, gzip=False)) as client:
        headers, _ = await _raw_post(client, PAGE, "gzip")
    assert "content-encoding" not in headers
