"""`/readyz` costs no quota while the gateway is busy: it answers from recent upstream calls."""

from __future__ import annotations

import httpx

from gateway.harness import COUNT, FIND, Emulator, GatewayFactory, codes

HOLMES = '{ customer(id: "1") { id } }'
READY = (200, {"status": "ok", "backend": "open2b", "mode": "development"})


async def _probe(gateway_client: httpx.AsyncClient) -> tuple[int, object]:
    response = await gateway_client.get("/readyz")
    return response.status_code, response.json()


async def test_probes_after_traffic_make_no_call(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway()
    assert "errors" not in await gateway.query(HOLMES)
    for _ in range(3):
        assert await _probe(gateway.client) == READY
    assert await knobs.calls(COUNT) == 0 and await knobs.calls(FIND) == 1


async def test_an_idle_gateway_pings_once_per_interval(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway()
    for _ in range(3):
        assert await _probe(gateway.client) == READY
    assert await knobs.calls(COUNT) == 1  # the first probe pinged; the others used its answer


async def test_a_failing_upstream_is_not_ready_without_a_probe_call(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(read_retries=0)
    await knobs.configure(failNext=1)
    assert codes(await gateway.query(HOLMES)) == ["UPSTREAM_UNAVAILABLE"]
    unavailable = (
        503,
        {"status": "unavailable", "code": "UPSTREAM_UNAVAILABLE", "mode": "development"},
    )
    assert await _probe(gateway.client) == unavailable
    assert await knobs.calls() == 1  # the failed find, and no probe call
    assert "errors" not in await gateway.query(HOLMES)  # it answers again: ready again
    assert await _probe(gateway.client) == READY


async def test_interval_zero_pings_every_time(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(ready_probe_interval=0)
    assert await _probe(gateway.client) == READY
    assert await _probe(gateway.client) == READY
    assert await knobs.calls(COUNT) == 2
