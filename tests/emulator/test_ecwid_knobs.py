"""The /__emulator knobs on Ecwid calls: stats, per-token 429 with Retry-After, 500, drop."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from customer_gateway.emulator.ecwid.api import READ_ONLY_TOKEN
from customer_gateway.emulator.knobs import ConnectionDropped

ROOT = "http://ecwid.test"  # the `ecwid` client's paths are relative to the store


async def configure(ecwid: httpx.AsyncClient, **knobs: object) -> None:
    response = await ecwid.post(f"{ROOT}/__emulator/config", json=knobs)
    assert response.status_code == 200, response.text


async def test_stats_name_every_call_and_keep_what_it_sent(ecwid: httpx.AsyncClient) -> None:
    await ecwid.get("customers", params={"keyword": "holmes", "limit": 5})
    await ecwid.get("customers/1", params={"responseFields": "id"})
    created = await ecwid.post("customers", json={"email": "a@b.example", "password": "pw"})
    new = created.json()["id"]
    await ecwid.put(f"customers/{new}", json={"taxId": "X"})
    await ecwid.put(f"customers/{new}", content=b"{broken", headers={"Content-Type": "text/json"})
    await ecwid.delete(f"customers/{new}")
    await ecwid.delete(f"customers/{new}")  # 404, counted too
    await ecwid.get("customers", headers={"Authorization": ""})  # 403, counted too
    stats = (await ecwid.get(f"{ROOT}/__emulator/stats")).json()
    assert stats == {
        "calls": {
            "ecwid GET /customers": 2,
            "ecwid GET /customers/{id}": 1,
            "ecwid POST /customers": 1,
            "ecwid PUT /customers/{id}": 2,
            "ecwid DELETE /customers/{id}": 2,
        },
        "last": {
            "ecwid GET /customers": {},
            "ecwid GET /customers/{id}": {"responseFields": "id"},
            "ecwid POST /customers": {"email": "a@b.example", "password": "pw"},
            "ecwid PUT /customers/{id}": None,
            "ecwid DELETE /customers/{id}": {},
        },
    }


async def test_default_rate_limit_is_600_a_minute(ecwid: httpx.AsyncClient) -> None:
    config = (await ecwid.get(f"{ROOT}/__emulator/config")).json()
    assert config["ecwidRateLimit"] == {"calls": 600, "windowSeconds": 60.0}
    codes = [(await ecwid.get("customers/1")).status_code for _ in range(600)]
    assert codes == [200] * 600
    assert (await ecwid.get("customers/1")).status_code == 429


async def test_rate_limit_is_429_with_retry_after_per_token(ecwid: httpx.AsyncClient) -> None:
    await configure(ecwid, ecwidRateLimit={"calls": 2, "windowSeconds": 30})
    codes = [(await ecwid.get("customers/1")).status_code for _ in range(2)]
    limited = await ecwid.get("customers/1")
    assert codes == [200, 200]
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "30"
    assert limited.json() == {"errorMessage": "Too many requests", "errorCode": "TOO_MANY_REQUESTS"}
    other = {"Authorization": f"Bearer {READ_ONLY_TOKEN}"}
    assert (await ecwid.get("customers/1", headers=other)).status_code == 200
    # Open2b has its own limit: it is not spent by Ecwid calls, nor does it limit them
    open2b = await ecwid.post(
        f"{ROOT}/api/v10/commerce.customers.count", json={}, headers={"X-Key": "emulator-key"}
    )
    assert open2b.status_code == 200
    await configure(ecwid, ecwidRateLimit=None, rateLimit={"calls": 1, "windowSeconds": 30})
    assert [(await ecwid.get("customers/1")).status_code for _ in range(3)] == [200] * 3


async def test_retry_after_counts_down_to_when_the_window_frees(ecwid: httpx.AsyncClient) -> None:
    await configure(ecwid, ecwidRateLimit={"calls": 1, "windowSeconds": 0.4})
    started = time.monotonic()
    assert (await ecwid.get("customers/1")).status_code == 200
    limited = await ecwid.get("customers/1")
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "1")  # rounded up
    await asyncio.sleep(0.4 - (time.monotonic() - started) + 0.02)
    assert (await ecwid.get("customers/1")).status_code == 200


@pytest.mark.parametrize(
    "value", [{"calls": 0, "windowSeconds": 1}, {"calls": 1}, 600, {"calls": 1, "windowSeconds": 0}]
)
async def test_bad_ecwid_rate_limit_is_400(ecwid: httpx.AsyncClient, value: object) -> None:
    response = await ecwid.post(f"{ROOT}/__emulator/config", json={"ecwidRateLimit": value})
    assert response.status_code == 400
    assert "ecwidRateLimit" in response.json()["error"]


SERVER_ERROR = "The request failed because of an error on the server"


@pytest.mark.parametrize(
    ("method", "path", "body", "message"),
    [
        ("GET", "customers", None, SERVER_ERROR),
        ("GET", "customers/1", None, SERVER_ERROR),
        ("POST", "customers", {"email": "new@example.com"}, SERVER_ERROR),
        # The Update customer page's own wording of its 500 row.
        (
            "PUT",
            "customers/1",
            {"taxId": "X"},
            "The update request failed because of an error on the server",
        ),
        ("DELETE", "customers/1", None, SERVER_ERROR),
    ],
)
async def test_fail_next_is_500_then_recovers(
    ecwid: httpx.AsyncClient, method: str, path: str, body: object, message: str
) -> None:
    await configure(ecwid, failNext=1)
    failed = await ecwid.request(method, path, json=body)
    assert failed.status_code == 500
    assert failed.json() == {
        "errorMessage": message,
        "errorCode": "INTERNAL_SERVER_ERROR",
    }
    holmes = await ecwid.get("customers/1")
    assert (holmes.status_code, holmes.json()["taxId"]) == (200, "GB980780684")  # no change
    assert (await ecwid.get("customers?email=new@example.com")).json()["total"] == 0


async def test_failure_rate_applies_to_ecwid(ecwid: httpx.AsyncClient) -> None:
    await configure(ecwid, failureRate=1)
    assert (await ecwid.get("customers/1")).status_code == 500
    await configure(ecwid, failureRate=0.5)
    codes = [(await ecwid.get("customers/1")).status_code for _ in range(40)]
    assert 5 < codes.count(500) < 35 and codes.count(200) == 40 - codes.count(500)


async def test_drop_mode(ecwid: httpx.AsyncClient) -> None:
    await configure(ecwid, failNext=1, failureMode="drop")
    with pytest.raises(httpx.RemoteProtocolError) as caught:
        await ecwid.get("customers/1")
    assert isinstance(caught.value, ConnectionDropped)
    assert (await ecwid.get("customers/1")).status_code == 200


async def test_latency_applies_to_ecwid(ecwid: httpx.AsyncClient) -> None:
    await configure(ecwid, latencyMs=120)
    started = time.perf_counter()
    await ecwid.get("customers/1")
    assert time.perf_counter() - started >= 0.12
