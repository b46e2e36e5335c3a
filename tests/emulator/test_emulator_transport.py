"""Transport errors (plain text, non-200) and the /__emulator knobs."""

from __future__ import annotations

import asyncio
import os
import socket
import time

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.emulator.knobs import ConnectionDropped
from helpers import ok

FIND = "/api/v10/commerce.customers.find"


@pytest.mark.parametrize(
    ("headers", "text"), [({}, "missing key"), ({"X-Key": "wrong"}, "malformed key")]
)
@pytest.mark.parametrize(
    "method",
    ["find", "get", "count", "create", "update", "delete", "authenticate"],
)
async def test_admin_methods_need_the_key(
    emulator_app: Starlette, method: str, headers: dict[str, str], text: str
) -> None:
    transport = httpx.ASGITransport(app=emulator_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://o.test") as client:
        response = await client.post(
            f"/api/v10/commerce.customers.{method}", json={}, headers=headers
        )
    assert (response.status_code, response.text) == (403, text)
    assert response.headers["content-type"].startswith("text/plain")


async def test_key_header_name_is_configurable() -> None:
    app = create_emulator_app(EmulatorConfig(key_header="X-Secret-Key", api_key="s3cret"))
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://o.test") as client:
            old = await client.post(FIND, json={}, headers={"X-Key": "s3cret"})
            new = await client.post(
                FIND, json={"fields": ["id"]}, headers={"X-Secret-Key": "s3cret"}
            )
    finally:
        app.state.store.close()
    assert (old.status_code, old.text) == (403, "missing key")
    assert new.json() == {"status": "ok", "customers": [{"id": 1}]}


async def test_temporary_database_is_removed_on_close() -> None:
    app = create_emulator_app(EmulatorConfig())
    path = app.state.store.path
    assert os.path.exists(path)
    app.state.store.close()
    app.state.store.close()  # idempotent
    assert not os.path.exists(path)


async def test_unknown_method_is_404(emulator: httpx.AsyncClient) -> None:
    response = await emulator.post("/api/v10/commerce.customers.explode", json={})
    assert (response.status_code, response.text) == (404, "unknown method")


async def test_get_is_405(emulator: httpx.AsyncClient) -> None:
    response = await emulator.get(FIND)
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b""])
async def test_body_that_is_not_a_json_object_is_400(
    emulator: httpx.AsyncClient, content: bytes
) -> None:
    response = await emulator.post(FIND, content=content)
    assert (response.status_code, response.text) == (400, "the request body is not a JSON object")


async def test_stats_count_calls_and_keep_last_bodies(emulator: httpx.AsyncClient) -> None:
    await ok(emulator, "commerce.customers.find", {"limit": 1})
    await ok(emulator, "commerce.customers.find", {"limit": 2})
    await emulator.post("/api/v10/commerce.customers.get", json={"id": 1}, headers={"X-Key": "bad"})
    await emulator.post("/api/v10/commerce.customers.nope", json={})
    stats = (await emulator.get("/__emulator/stats")).json()
    assert stats == {
        "calls": {"commerce.customers.find": 2, "commerce.customers.get": 1},
        "last": {"commerce.customers.find": {"limit": 2}, "commerce.customers.get": {"id": 1}},
    }
    assert (await emulator.post("/__emulator/reset")).status_code == 200
    assert (await emulator.get("/__emulator/stats")).json() == {"calls": {}, "last": {}}


async def test_config_returns_the_whole_config(emulator: httpx.AsyncClient) -> None:
    response = await emulator.post("/__emulator/config", json={"failureRate": 0.5})
    assert response.json() == {
        "latencyMs": 0,
        "failureRate": 0.5,
        "failureMode": "500",
        "failNext": 0,
        "rateLimit": None,
        "ecwidRateLimit": {"calls": 600, "windowSeconds": 60.0},
    }


@pytest.mark.parametrize(
    "body",
    [
        {"latencyMs": -1},
        {"failureRate": 1.5},
        {"failureMode": "404"},
        {"failNext": "2"},
        {"rateLimit": {"calls": 0, "windowSeconds": 1}},
        {"speed": 1},
    ],
)
async def test_bad_config_is_400_and_changes_nothing(
    emulator: httpx.AsyncClient, body: dict[str, object]
) -> None:
    response = await emulator.post("/__emulator/config", json={**body, "latencyMs": 5} | body)
    assert response.status_code == 400
    assert (await emulator.get("/__emulator/config")).json()["latencyMs"] == 0


async def test_latency(emulator: httpx.AsyncClient) -> None:
    await emulator.post("/__emulator/config", json={"latencyMs": 150})
    started = time.perf_counter()
    await ok(emulator, "commerce.customers.count", {})
    assert time.perf_counter() - started >= 0.15


async def test_fail_next_answers_500_then_recovers(emulator: httpx.AsyncClient) -> None:
    await emulator.post("/__emulator/config", json={"failNext": 2})
    first = await emulator.post("/api/v10/commerce.customers.count", json={})
    second = await emulator.post("/api/v10/commerce.customers.count", json={})
    third = await emulator.post("/api/v10/commerce.customers.count", json={})
    assert [r.status_code for r in (first, second, third)] == [500, 500, 200]
    assert first.headers["content-type"].startswith("text/plain")
    assert third.json() == {"status": "ok", "count": 50}
    stats = (await emulator.get("/__emulator/stats")).json()
    assert stats["calls"] == {"commerce.customers.count": 3}


async def test_failure_rate_is_deterministic_for_a_seed(emulator: httpx.AsyncClient) -> None:
    await emulator.post("/__emulator/config", json={"failureRate": 0.5})
    codes = [(await emulator.post(FIND, json={"limit": 1})).status_code for _ in range(40)]
    assert 5 < codes.count(500) < 35 and codes.count(200) == 40 - codes.count(500)
    await emulator.post("/__emulator/config", json={"failureRate": 1})
    assert (await emulator.post(FIND, json={})).status_code == 500


async def test_rate_limit_is_429_plain_text(emulator: httpx.AsyncClient) -> None:
    await emulator.post(
        "/__emulator/config", json={"rateLimit": {"calls": 2, "windowSeconds": 0.3}}
    )
    codes = [(await emulator.post(FIND, json={"limit": 1})).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    limited = await emulator.post(FIND, json={})
    assert (limited.status_code, limited.text) == (429, "rate limit exceeded")
    assert "retry-after" not in limited.headers
    assert limited.headers["content-type"].startswith("text/plain")
    await asyncio.sleep(0.3)
    assert (await emulator.post(FIND, json={"limit": 1})).status_code == 200
    await emulator.post("/__emulator/config", json={"rateLimit": None})
    assert all(
        [(await emulator.post(FIND, json={"limit": 1})).status_code == 200 for _ in range(3)]
    )


async def test_drop_in_process_raises_a_remote_protocol_error(emulator: httpx.AsyncClient) -> None:
    await emulator.post("/__emulator/config", json={"failNext": 1, "failureMode": "drop"})
    with pytest.raises(httpx.RemoteProtocolError) as caught:
        await emulator.post(FIND, json={})
    assert isinstance(caught.value, ConnectionDropped)
    assert (await emulator.post(FIND, json={"limit": 1})).status_code == 200


async def test_drop_over_tcp_closes_the_connection_mid_response(
    emulator_app: Starlette, caplog: pytest.LogCaptureFixture
) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(emulator_app, lifespan="off", log_config=None)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(5):
            while not server.started:
                await asyncio.sleep(0.01)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", headers={"X-Key": "emulator-key"}, timeout=5
        ) as client:
            await client.post("/__emulator/config", json={"failNext": 1, "failureMode": "drop"})
            with pytest.raises(httpx.RemoteProtocolError) as caught:
                await client.post(FIND, json={})
            assert not isinstance(caught.value, ConnectionDropped)  # httpx's own, from the socket
            after = await client.post(FIND, json={"limit": 1, "fields": ["id"]})
            assert after.json() == {"status": "ok", "customers": [{"id": 1}]}
    finally:
        server.should_exit = True
        await serving
        sock.close()
    # The drop is on purpose: uvicorn logs no "Exception in ASGI application" for it.
    assert not [r for r in caplog.records if r.name == "uvicorn.error" and r.exc_info]
