"""The production transport (upstream/transport.py) over real sockets: each failure as users see it.

The other gateway tests reach the emulator in-process; these run it under uvicorn, so drops,
timeouts and retries go through the same connection pool production uses.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from http_harness import in_process, serve

from customer_gateway.app import create_app
from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from gateway.harness import FIND, settings_for, without_cost

HOLMES = '{ customer(id: "1") { id email } }'
FOUND = {"data": {"customer": {"id": "1", "email": "holmes@inv-london.com"}}}


@pytest.fixture
async def emulator_url(tmp_path: Path) -> AsyncIterator[str]:
    app = create_emulator_app(EmulatorConfig(db_path=str(tmp_path / "open2b.sqlite3"), seed=5))
    try:
        async with serve(app) as url:
            yield url
    finally:
        app.state.store.close()


async def _query(emulator_url: str, knobs: dict[str, Any], **settings: Any) -> dict[str, Any]:
    config = EmulatorConfig(db_path="")
    async with httpx.AsyncClient(base_url=emulator_url) as emulator:
        (await emulator.post("/__emulator/config", json=knobs)).raise_for_status()
        app = create_app(settings_for(config, open2b_url=emulator_url, **settings))
        async with in_process(app) as gateway:
            response = await gateway.post("/graphql", json={"query": HOLMES})
        calls: dict[str, int] = (await emulator.get("/__emulator/stats")).json()["calls"]
    result: dict[str, Any] = response.json()
    result["calls"] = calls.get(FIND, 0)
    # Every call sent, retries included, is counted in the answer's cost.
    assert without_cost(result)["actualQueryCost"] == result["calls"]
    return result


async def test_an_answer(emulator_url: str) -> None:
    assert await _query(emulator_url, {}) == {**FOUND, "calls": 1}


async def test_a_dropped_connection_is_retried(emulator_url: str) -> None:
    assert await _query(emulator_url, {"failNext": 1, "failureMode": "drop"}) == {
        **FOUND,
        "calls": 2,
    }


@pytest.mark.parametrize(("mode", "status"), [("drop", {}), ("500", {"status": 500})])
async def test_failures_are_unavailable_after_retries(
    emulator_url: str, mode: str, status: dict[str, int]
) -> None:
    result = await _query(emulator_url, {"failureRate": 1.0, "failureMode": mode})
    assert result["data"] == {"customer": None}
    [error] = result["errors"]
    assert error["extensions"] == {
        "code": "UPSTREAM_UNAVAILABLE",
        "upstream": {"service": "open2b", "method": FIND, **status},
    }
    assert result["calls"] == 3


async def test_a_slow_answer_times_out_and_is_not_sent_again(emulator_url: str) -> None:
    result = await _query(emulator_url, {"latencyMs": 500}, upstream_timeout=0.1)
    assert [error["message"] for error in result["errors"]] == [
        "open2b did not answer commerce.customers.find within 0.1s"
    ]
    assert result["calls"] == 1
