"""`/metrics` and the quota economy: the budget left, and the answers given without a call."""

from __future__ import annotations

import httpx

from gateway.harness import COUNT, FIND, Emulator, GatewayFactory, codes
from gateway.telemetry import scrape
from helpers import ok

CALLS = "customer_gateway_upstream_calls_total"
CALL_DURATION = "customer_gateway_upstream_call_duration_seconds_count"
REMAINING = "customer_gateway_quota_remaining"


def lookup(customer_id: int) -> str:
    return f'{{ customer(id: "{customer_id}") {{ id }} }}'


async def test_the_budget_left_and_the_calls_it_refused(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(quota_calls=2, quota_window=60)
    assert "errors" not in await gateway.query(lookup(1))
    assert (await scrape(gateway)).value(REMAINING, service="open2b") == 1

    assert "errors" not in await gateway.query(lookup(2))
    assert codes(await gateway.query(lookup(3))) == ["RATE_LIMITED"]

    metrics = await scrape(gateway)
    assert metrics.value(REMAINING, service="open2b") == 0
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="ok") == 2
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="refused") == 1
    # Refused is not a call: not as an upstream failure, not in the call durations.
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="RATE_LIMITED") == 0
    assert metrics.value(CALL_DURATION, service="open2b", method=FIND) == 2
    assert await knobs.calls() == 2


async def test_an_upstream_429_leaves_no_budget(
    make_gateway: GatewayFactory, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    gateway = await make_gateway(quota_calls=100, quota_window=60)
    await knobs.configure(rateLimit={"calls": 2, "windowSeconds": 60})
    await ok(emulator, COUNT, {})  # another client spends half the upstream's window
    assert "errors" not in await gateway.query(lookup(1))
    assert (await scrape(gateway)).value(REMAINING, service="open2b") == 99

    assert codes(await gateway.query(lookup(2))) == ["RATE_LIMITED"]

    metrics = await scrape(gateway)
    assert metrics.value(REMAINING, service="open2b") == 0
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="RATE_LIMITED") == 1


async def test_cached_answers_are_counted_apart_from_calls(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(cache_ttl=60, quota_calls=0)
    first = await gateway.query(lookup(1))
    assert await gateway.query(lookup(1)) == first

    metrics = await scrape(gateway)
    assert REMAINING + "{" not in metrics.text  # no budget (quota_calls=0), no gauge
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="ok") == 1
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="cached") == 1
    assert metrics.value(CALL_DURATION, service="open2b", method=FIND) == 1
    assert await knobs.calls() == 1


async def test_coalesced_reads_are_counted_apart_from_calls(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway()
    result = await gateway.query("{ a: customersCount b: customersCount c: customersCount }")
    assert "errors" not in result

    metrics = await scrape(gateway)
    assert metrics.value(CALLS, service="open2b", method=COUNT, outcome="ok") == 1
    assert metrics.value(CALLS, service="open2b", method=COUNT, outcome="coalesced") == 2
    assert await knobs.calls(COUNT) == 1
