"""Ecwid's shared limit on single-customer calls: fair between operations, and bounded by each
operation's deadline (CG_OPERATION_TIMEOUT). Latency comes from the emulator's knob."""

from __future__ import annotations

import asyncio

from gateway.harness import ECWID_GET, Emulator, GatewayFactory, aliases, codes


async def test_a_big_operation_does_not_starve_a_single_lookup(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    # 48 GETs are over the default cost limit (CG_MAX_OPERATION_CALLS): raised here.
    gateway = await make_gateway(backend="ecwid", ecwid_concurrency=4, max_operation_calls=60)
    await knobs.configure(latencyMs=100)
    # 48 lookups, 4 at a time: 12 rounds of 100 ms. A first-come queue put the single
    # lookup that arrives next behind all of them.
    big = asyncio.create_task(gateway.query(aliases(list(range(1, 49)))))
    while await knobs.calls(ECWID_GET) == 0:
        await asyncio.sleep(0.01)
    single = await gateway.query('{ customer(id: "49") { id } }')

    assert single == {"data": {"customer": {"id": "49"}}}
    assert not big.done(), "the single lookup was served only after the big operation"
    result = await big
    assert "errors" not in result and len(result["data"]) == 48


async def test_lookups_that_cannot_start_before_the_deadline_time_out_alone(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(backend="ecwid", ecwid_concurrency=1, operation_timeout=0.75)
    await knobs.configure(latencyMs=500)
    # One call at a time, 500 ms each: the first starts at once, the second at about 500 ms
    # (and is cut at the deadline, 750 ms), and no third can start before the deadline.
    result = await gateway.query(aliases([1, 2, 3, 4, 5]))

    assert result["data"]["c0"] == {"id": "1"}
    assert result["data"]["c4"] is None
    timed_out = [error["path"] for error in result["errors"]]
    assert ["c4"] in timed_out and ["c0"] not in timed_out
    assert set(codes(result)) == {"UPSTREAM_TIMEOUT"}
    assert all(
        error["extensions"]["upstream"]["method"] == "GET /customers/{id}"
        for error in result["errors"]
    )
    assert ["c1"] in timed_out  # sent, then cut at the deadline
    assert await knobs.calls(ECWID_GET) == 2  # c2, c3, c4 never sent
